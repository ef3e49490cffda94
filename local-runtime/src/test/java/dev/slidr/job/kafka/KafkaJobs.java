package dev.slidr.job.kafka;

import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Shared pieces of the Kafka integration tests: job settings, topics, producing, reading back. */
public final class KafkaJobs {

    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);

    private KafkaJobs() {}

    /**
     * A broker that never deletes by time: the test clicks are stamped at {@code Clicks.T0}, months
     * in the past, and the default 7-day retention would delete their segments at the next
     * retention check, in the middle of a test.
     */
    static EmbeddedKafkaCluster startKafka() throws Exception {
        return EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"));
    }

    /** RocksDB, checkpoints every 200 ms, and a fixed-delay restart strategy. */
    /**
     * A MiniCluster of one task manager with {@code slots} slots, the jobs' configuration ({@link
     * #flinkConfiguration}) and the counting test reporter ({@link TestingCounterReporter}).
     */
    static MiniClusterExtension countingMiniCluster(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(TestingCounterReporter.register(flinkConfiguration()))
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    static Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return conf;
    }

    /**
     * Topic names and a transactional id prefix unique to one test, so that no test sees another's
     * records or fences another's producers.
     */
    static KafkaConfig.Builder configFor(
            EmbeddedKafkaCluster kafka, String test, DeliveryMode delivery) {
        String run = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        return KafkaConfig.builder()
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
                .delivery(delivery)
                .transactionalIdPrefix(run)
                .checkpointInterval(CHECKPOINT_INTERVAL);
    }

    static void createTopics(EmbeddedKafkaCluster kafka, KafkaConfig config, int clickPartitions)
            throws Exception {
        Topics.Names names = config.topicNames();
        kafka.createTopic(names.clicks(), clickPartitions);
        kafka.createTopic(names.decisions(), 2);
        kafka.createTopic(names.deadLetters(), 1);
    }

    /**
     * Cancels {@code job} and waits until it has stopped. {@code cancel()} completes when the
     * cancellation is accepted, while the tasks may still be closing their Kafka clients: a broker
     * shut down under them then makes those clients block for their full timeouts (a minute) before
     * the MiniCluster can stop.
     */
    public static void cancelAndAwait(JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!job.getJobStatus().get().isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "job " + job.getJobID() + " still " + job.getJobStatus().get());
            }
            Thread.sleep(50);
        }
    }

    /** Sends each record synchronously and returns where it landed. */
    static List<RecordMetadata> produce(
            EmbeddedKafkaCluster kafka, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
        List<RecordMetadata> landed = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                landed.add(producer.send(record).get());
            }
        }
        return landed;
    }

    /**
     * Every committed record of {@code topic}: a read_committed consumer reads each partition up to
     * its last stable offset, so no more and no fewer records than were committed come back.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            EmbeddedKafkaCluster kafka, String topic) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(PartitionInfo::partition)
                            .map(partition -> new TopicPartition(topic, partition))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
