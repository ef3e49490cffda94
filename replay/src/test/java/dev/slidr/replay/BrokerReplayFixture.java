package dev.slidr.replay;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Device;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.LocalJobConfiguration;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** An in-process broker and the clicks, settings and requests of the topic replay tests. */
abstract class BrokerReplayFixture {

    static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofHours(1));
    static final Device[] DEVICES = {Device.DESKTOP, Device.MOBILE, Device.APP};

    static EmbeddedKafkaCluster kafka;

    @TempDir Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        // the test clicks are months old: nothing may be deleted by time
        kafka = EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    Configuration settings(String run, int partitions, int parallelism) throws Exception {
        LocalJobConfiguration.Topics topics = LocalJobConfiguration.Topics.named(run + ".");
        Configuration conf =
                LocalJobConfiguration.create(
                        kafka.bootstrapServers(), topics, run, parallelism, tmp.resolve("work"));
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(200));
        conf.set(KafkaOptions.CORRECTIONS_TOPIC, run + ".corrections");
        kafka.createTopic(topics.clicks(), partitions);
        kafka.createTopic(topics.decisions(), 2);
        kafka.createTopic(topics.deadLetters(), 1);
        kafka.createTopic(run + ".corrections", 2);
        return conf;
    }

    static String run(String test) {
        return test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Clicks that share users, IPs and ads, so that every feature counts something. */
    static List<Click> traffic(Instant start, int count, String prefix) {
        List<Click> clicks = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Clicks.Builder b =
                    Clicks.builder(
                                    "u-" + (n % 13),
                                    "198.51.100." + (1 + n % 7),
                                    start.plus(Duration.ofSeconds(20L * n)))
                            .clickId(prefix + n)
                            .device(DEVICES[(n % 13) % DEVICES.length])
                            .advertiser("adv-" + (n % 3))
                            .ad("ad-" + (n % 5));
            if ((n % 13) % 4 == 3) {
                b.anonymous();
            }
            clicks.add(b.build());
        }
        return clicks;
    }

    static ProducerRecord<byte[], byte[]> record(Configuration conf, Click click) {
        Topics topics = Topics.of(ReplayRun.kafkaConfig(conf).topicNames());
        return new ProducerRecord<>(
                topics.clicks().name(),
                null,
                click.ts(),
                topics.clicks().keyOf(click),
                topics.clicks().valueOf(click));
    }

    static KafkaProducer<byte[], byte[]> transactionalProducer() {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "clicks-" + UUID.randomUUID());
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    ModelRegistry registry() throws Exception {
        ModelRegistry registry = TestingRegistry.open(tmp.resolve("registry"));
        // one slice flagged wholesale, so that both verdicts occur
        TestingRegistry.register(registry, "p1", Map.of("desktop/logged_in", 0.0), 0.5);
        registry.promote("p1");
        return registry;
    }

    ReplayRequest.Builder request(Configuration conf, ModelRegistry registry, Path out) {
        return ReplayRequest.builder()
                .from(FROM)
                .to(TO)
                .warmUp(Duration.ofHours(1))
                .source(new ReplaySource.Topic(conf))
                .registry(registry)
                .modelVersion("p1")
                .kafka(conf)
                .out(out);
    }

    static List<Decision> readDecisions(Path file) throws Exception {
        List<Decision> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(ContractJson.readDecision(line.getBytes(StandardCharsets.UTF_8)).value());
        }
        return out;
    }

    /** A decision without what only says when and by which run it was made. */
    static Decision verdict(Decision d) {
        return new Decision(
                d.clickId(),
                d.eventTs(),
                0,
                d.invalid(),
                d.stage(),
                d.reasons(),
                d.score(),
                d.threshold(),
                d.slice(),
                d.modelVersion(),
                d.calibrationVersion(),
                d.featureVersion(),
                d.features(),
                0,
                null);
    }
}
