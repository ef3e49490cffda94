package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryCatalog;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model control on a MiniCluster (RocksDB, parallelism 2) against an in-process broker,
 * exactly once: an activation switches every scoring subtask at its effective time with no click
 * lost or repeated, a restored job keeps the model it switched to, and a tampered bundle or a
 * malformed command changes nothing and becomes a dead letter.
 */
class LiveModelControlITCase {

    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension FLINK = KafkaJobs.countingMiniCluster(PARALLELISM);

    private static EmbeddedKafkaCluster kafka;

    @TempDir Path tmp;

    private Path registry;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void registryWithThreeBundles() throws Exception {
        TestingCounterReporter.clear();
        registry = tmp.resolve("registry");
        ModelRegistry models = TestingBundles.registry(registry);
        models.register(TestingBundles.bundle("m1", slice -> 0.5));
        models.promote("m1");
        models.register(TestingBundles.bundle("m2", slice -> 0.9));
        models.register(TestingBundles.bundle("m3", slice -> 0.1));
        TestingBundles.tamper(registry, "m3");
    }

    @AfterEach
    void clearCounters() {
        // the reporter is shared by every ITCase of the JVM: leave no counts to the next class
        TestingCounterReporter.clear();
    }

    @Test
    void anActivationSwitchesEverySubtaskAtItsEffectiveTimeAndBadCommandsChangeNothing()
            throws Exception {
        KafkaConfig config = topics("swap");
        long effective = humanClick(600).ts();
        produceControl(
                config,
                "{\"command\":\"activate\",\"version\":\"m2\"}".getBytes(StandardCharsets.UTF_8),
                ControlCodec.encode(new ControlCommand.Activate("m3", T0.toEpochMilli())),
                ControlCodec.encode(new ControlCommand.Activate("m2", effective)));

        StreamExecutionEnvironment env = environment(new Configuration());
        job(config).build(env);
        JobClient running = env.executeAsync("live model control");
        try {
            // both subtasks accepted m2 and refused m3 before any click is written
            awaitCounter("slidrModelChanges", PARALLELISM);
            awaitCounter("slidrModelRefusals", PARALLELISM);
            produceClicks(config, 0, 1200);
            awaitCommitted(config.topicNames().decisions(), 1200, WAIT);
            awaitCommitted(config.topicNames().deadLetters(), 2, WAIT);
        } finally {
            KafkaJobs.cancelAndAwait(running);
        }

        List<Decision> decisions = decisions(config);
        assertThat(decisions).hasSize(1200);
        Map<String, Decision> byId =
                decisions.stream()
                        .collect(Collectors.toMap(Decision::clickId, Function.identity()));
        assertThat(byId).as("no click lost or repeated").hasSize(1200);
        for (Decision d : decisions) {
            assertThat(d.modelVersion())
                    .as("%s at %d, effective_ts %d", d.clickId(), d.eventTs(), effective)
                    .isEqualTo(d.eventTs() < effective ? "m1" : "m2");
        }
        List<DeadLetter> letters = deadLetters(config);
        assertThat(letters)
                .extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder(ReasonCode.MISSING_FIELD, ReasonCode.MODEL_REFUSED);
        assertThat(letters)
                .filteredOn(l -> l.reason() == ReasonCode.MODEL_REFUSED)
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.message()).contains("m3").contains("does not verify");
                            assertThat(l.sourceTopic()).isEqualTo(config.topicNames().control());
                        });
    }

    @Test
    void aJobRestoredAfterASwapKeepsTheNewModel(@TempDir Path savepoints) throws Exception {
        KafkaConfig config = topics("restore");
        long effective = humanClick(300).ts();
        produceControl(config, ControlCodec.encode(new ControlCommand.Activate("m2", effective)));

        StreamExecutionEnvironment first = environment(new Configuration());
        job(config).build(first);
        JobClient running = first.executeAsync("live model control, first run");
        awaitCounter("slidrModelChanges", PARALLELISM);
        produceClicks(config, 0, 400);
        awaitCommitted(config.topicNames().decisions(), 400, WAIT);
        String savepoint =
                running.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();

        // restarted with the start model m1 again: the checkpointed schedule decides
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second = environment(restore);
        job(config).build(second);
        JobClient resumed = second.executeAsync("live model control, restored");
        try {
            produceClicks(config, 400, 600);
            awaitCommitted(config.topicNames().decisions(), 600, WAIT);
        } finally {
            KafkaJobs.cancelAndAwait(resumed);
        }

        List<Decision> decisions = decisions(config);
        assertThat(decisions.stream().map(Decision::clickId)).hasSize(600).doesNotHaveDuplicates();
        for (Decision d : decisions) {
            assertThat(d.modelVersion())
                    .as(d.clickId())
                    .isEqualTo(d.eventTs() < effective ? "m1" : "m2");
        }
    }

    @Test
    void aShadowScoresEveryClickAndChangesNoEmittedDecision() throws Exception {
        KafkaConfig config = topics("shadow");
        // the shadow scores clicks from its record's timestamp on: the first click's time here
        KafkaJobs.produce(
                kafka,
                List.of(
                        new ProducerRecord<>(
                                config.topicNames().control(),
                                null,
                                T0.toEpochMilli(),
                                null,
                                ControlCodec.encode(new ControlCommand.Shadow("m3"))),
                        new ProducerRecord<>(
                                config.topicNames().control(),
                                null,
                                T0.toEpochMilli(),
                                null,
                                ControlCodec.encode(new ControlCommand.Shadow("m2")))));

        StreamExecutionEnvironment env = environment(new Configuration());
        job(config).build(env);
        JobClient running = env.executeAsync("live model control, shadow");
        try {
            // the tampered m3 is refused on both subtasks, m2 accepted on both
            awaitCounter("slidrShadowChanges", PARALLELISM);
            awaitCounter("slidrModelRefusals", PARALLELISM);
            produceClicks(config, 0, 400);
            awaitCommitted(config.topicNames().decisions(), 400, WAIT);
            awaitCounter("slidrShadowScored", 400);
        } finally {
            KafkaJobs.cancelAndAwait(running);
        }

        List<Decision> decisions = decisions(config);
        assertThat(decisions.stream().map(Decision::clickId)).hasSize(400).doesNotHaveDuplicates();
        assertThat(decisions).extracting(Decision::modelVersion).containsOnly("m1");
        assertThat(deadLetters(config))
                .singleElement()
                .satisfies(l -> assertThat(l.message()).startsWith("shadow: ").contains("m3"));
    }

    private KafkaConfig topics(String test) throws Exception {
        KafkaConfig config = KafkaJobs.configFor(kafka, test, DeliveryMode.EXACTLY_ONCE).build();
        KafkaJobs.createTopics(kafka, config, 3);
        kafka.createTopic(config.topicNames().control(), 1);
        return config;
    }

    private ClickDecisionJob job(KafkaConfig config) throws Exception {
        ModelRegistry models = TestingBundles.registry(registry);
        return new ClickDecisionJob(
                        ClickIngress.sourceBuilder(config).build(),
                        ClickIngress.watermarks(config),
                        DecisionSink.create(config),
                        DeadLetterSink.create(config),
                        GivtConfig.builder().build(),
                        TestingKeys.privacyA(),
                        ModelSource.fixed(
                                BundleModels.deployed(RegistryModel.resolve(models, "m1"))),
                        Slicing.DEVICE_AND_LOGIN,
                        new Configuration())
                .withControl(
                        ControlIngress.source(config, OffsetsInitializer.earliest()),
                        RegistryCatalog.of(registry.toString(), TestingBundles.trust()));
    }

    private static StreamExecutionEnvironment environment(Configuration extra) {
        Configuration conf = KafkaJobs.flinkConfiguration();
        conf.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        return env;
    }

    /** Waits until the scoring subtasks' counter {@code name} adds up to {@code count}. */
    private static void awaitCounter(String name, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (total(name) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        name
                                + " is "
                                + total(name)
                                + ", expected "
                                + count
                                + ": "
                                + TestingCounterReporter.names());
            }
            Thread.sleep(100);
        }
        assertThat(total(name)).isEqualTo(count);
    }

    /** Reads {@code topic} until it holds at least {@code count} committed records. */
    private static void awaitCommitted(String topic, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (KafkaJobs.readCommitted(kafka, topic).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        topic
                                + " holds "
                                + KafkaJobs.readCommitted(kafka, topic).size()
                                + " committed records, expected "
                                + count);
            }
            Thread.sleep(200);
        }
    }

    private static long total(String name) {
        long sum = 0;
        for (int subtask = 0; subtask < PARALLELISM; subtask++) {
            sum += TestingCounterReporter.total(Integer.toString(subtask), name);
        }
        return sum;
    }

    private static void produceControl(KafkaConfig config, byte[]... commands) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (byte[] command : commands) {
            records.add(new ProducerRecord<>(config.topicNames().control(), command));
        }
        KafkaJobs.produce(kafka, records);
    }

    private static void produceClicks(KafkaConfig config, int from, int to) throws Exception {
        Topics topics = Topics.of(config.topicNames());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Click click = humanClick(i);
            records.add(
                    new ProducerRecord<>(
                            topics.clicks().name(),
                            null,
                            click.ts(),
                            topics.clicks().keyOf(click),
                            topics.clicks().valueOf(click)));
        }
        KafkaJobs.produce(kafka, records);
    }

    private static Click humanClick(int i) {
        return Clicks.builder(
                        "user-" + (i % 53), "198.51.100." + (i % 200), T0.plusMillis(500L * i))
                .clickId("click-" + i)
                .build();
    }

    private static List<Decision> decisions(KafkaConfig config) {
        List<Decision> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaJobs.readCommitted(kafka, config.topicNames().decisions())) {
            out.add(ContractJson.readDecision(record.value()).value());
        }
        return out;
    }

    private static List<DeadLetter> deadLetters(KafkaConfig config) {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaJobs.readCommitted(kafka, config.topicNames().deadLetters())) {
            out.add(ContractJson.readDeadLetter(record.value()).value());
        }
        return out;
    }
}
