package dev.slidr.job;

import dev.slidr.contract.Click;
import dev.slidr.job.kafka.DeliveryMode;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaJobs;
import dev.slidr.job.kafka.StartingOffsets;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Shared pieces of the wired job's integration tests: broker, settings, producing, reading. */
final class LiveJobs {

    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);

    private LiveJobs() {}

    /**
     * A broker that never deletes by time: the test clicks are stamped months in the past, and the
     * default retention would delete their segments in the middle of a test.
     */
    static EmbeddedKafkaCluster startKafka() throws Exception {
        return EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"));
    }

    /** The job's own settings for tests: checkpoints every 200 ms, quick restarts. */
    static JobConfig jobConfig(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(JobOptions.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL);
        conf.set(JobOptions.PARALLELISM, parallelism);
        conf.set(JobOptions.RESTART_ATTEMPTS, 3);
        conf.set(JobOptions.RESTART_DELAY, Duration.ofMillis(100));
        return JobConfig.fromConfiguration(conf);
    }

    /** Topic names and a transactional id prefix unique to one test; three click partitions. */
    static KafkaConfig kafkaConfig(EmbeddedKafkaCluster kafka, String test) throws Exception {
        return kafkaConfig(kafka, test, 3);
    }

    /** As {@link #kafkaConfig(EmbeddedKafkaCluster, String)}, with this many click partitions. */
    static KafkaConfig kafkaConfig(EmbeddedKafkaCluster kafka, String test, int clickPartitions)
            throws Exception {
        String run = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaConfig config =
                KafkaConfig.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicNames(
                                new Topics.Names(
                                        run + ".clicks",
                                        run + ".conversions",
                                        run + ".decisions",
                                        run + ".dead-letters",
                                        run + ".control"))
                        .groupId(run)
                        .startingOffsets(StartingOffsets.EARLIEST)
                        .delivery(DeliveryMode.EXACTLY_ONCE)
                        .transactionalIdPrefix(run)
                        .checkpointInterval(CHECKPOINT_INTERVAL)
                        .build();
        kafka.createTopic(config.topicNames().clicks(), clickPartitions);
        kafka.createTopic(config.topicNames().decisions(), 2);
        kafka.createTopic(config.topicNames().deadLetters(), 1);
        return config;
    }

    /** A click record as producers write it: keyed by user, timestamped with the click time. */
    static ProducerRecord<byte[], byte[]> record(Topics topics, Click click) {
        return new ProducerRecord<>(
                topics.clicks().name(),
                null,
                click.ts(),
                topics.clicks().keyOf(click),
                topics.clicks().valueOf(click));
    }

    static void produce(EmbeddedKafkaCluster kafka, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** Every committed record of {@code topic} ({@link KafkaJobs#readCommitted}). */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            EmbeddedKafkaCluster kafka, String topic) {
        return KafkaJobs.readCommitted(kafka, topic);
    }

    /** Reads {@code topic} until it holds at least {@code count} committed records. */
    static List<ConsumerRecord<byte[], byte[]>> awaitCommitted(
            EmbeddedKafkaCluster kafka, String topic, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> records = readCommitted(kafka, topic);
            if (records.size() >= count) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        topic
                                + " holds "
                                + records.size()
                                + " committed records, expected "
                                + count);
            }
            Thread.sleep(200);
        }
    }
}
