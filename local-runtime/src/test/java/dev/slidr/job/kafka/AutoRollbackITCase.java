package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.guard.GuardConfig;
import dev.slidr.job.guard.RegistryRollback;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryCatalog;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.job.monitor.MonitorConfig;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.RegistryState.Action;
import dev.slidr.registry.RegistryState.HistoryEntry;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
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
 * The rollback guard in the wired job on a MiniCluster (RocksDB, parallelism 2) against an
 * in-process broker: a model that flags every click, activated mid-stream, is rolled back by the
 * guard within 5 event-minutes of its effective time, through the registry (recorded as by {@code
 * auto-rollback}, with the reason) and the control topic; a good model is left alone.
 *
 * <p>Clicks are 0.5 s apart in event time, every third one converting 5 s later; the monitor's
 * attribution window and its windows are one minute. The clicks are written in two parts, the
 * second after the guard has had the first: the broker hands the test's traffic to the job far
 * faster than event time passes, and a live job reads clicks as they happen.
 */
class AutoRollbackITCase {

    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final long MINUTE = 60_000;
    private static final long EFFECTIVE = T0.toEpochMilli() + 6 * MINUTE;
    // clicks 0.5 s apart: 120 a minute
    private static final int FIRST_PART = 1200;
    private static final int ALL = 1800;
    private static final GuardConfig GUARD = new GuardConfig(true, 3, 2.0, 0.1, 40, 0.02, 5.0, 10);

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
    void registryWithAStableAFlagEverythingAndAGoodModel() throws Exception {
        TestingCounterReporter.clear();
        registry = tmp.resolve("registry");
        ModelRegistry models = TestingBundles.registry(registry);
        models.register(TestingBundles.bundle("m1", slice -> 0.5));
        models.promote("m1");
        // the same network with every threshold at 0: every click is invalid
        models.register(TestingBundles.bundle("flag-all", slice -> 0.0));
        models.register(TestingBundles.bundle("m2", slice -> 0.5));
    }

    @AfterEach
    void clearCounters() {
        TestingCounterReporter.clear();
    }

    @Test
    void aFlagEverythingModelIsRolledBackWithinFiveEventMinutesOfItsActivation() throws Exception {
        KafkaConfig config = topics("bad");
        produceControl(config, new ControlCommand.Activate("flag-all", EFFECTIVE));

        StreamExecutionEnvironment env = environment();
        job(config).build(env);
        JobClient running = env.executeAsync("automatic rollback");
        try {
            awaitCounter("slidrModelChanges", PARALLELISM);
            produce(config, 0, FIRST_PART);
            awaitControlRecords(config, 2);
            produce(config, FIRST_PART, ALL);
            awaitCommitted(config.topicNames().decisions(), ALL);
        } finally {
            KafkaJobs.cancelAndAwait(running);
        }

        List<ConsumerRecord<byte[], byte[]>> control =
                KafkaJobs.readCommitted(kafka, config.topicNames().control());
        ConsumerRecord<byte[], byte[]> rollback = control.get(1);
        assertThat(ControlCodec.decode(rollback.value()))
                .extracting(Parsed::value)
                .isEqualTo(new ControlCommand.Rollback("m1"));
        long rolledBackAt = rollback.timestamp();
        assertThat(rolledBackAt).isBetween(EFFECTIVE, EFFECTIVE + 5 * MINUTE);
        // the first window of its labels closes an attribution window (1 min) and a window (1 min)
        // after the activation, and holds evidence enough: the guard fires at that window's end
        assertThat(rolledBackAt).isEqualTo(EFFECTIVE + 2 * MINUTE);

        List<Decision> decisions = decisions(config);
        assertThat(decisions.stream().map(Decision::clickId)).hasSize(ALL).doesNotHaveDuplicates();
        for (Decision d : decisions) {
            String expected;
            if (d.eventTs() < EFFECTIVE) {
                expected = "m1";
            } else if (d.eventTs() < rolledBackAt) {
                expected = "flag-all";
            } else if (d.eventTs() >= EFFECTIVE + 5 * MINUTE) {
                expected = "m1";
            } else {
                // clicks from the rollback's effective time that were scored before the command
                // reached the job keep the model that scored them
                continue;
            }
            assertThat(d.modelVersion())
                    .as(
                            "%s at %d (activation %d, rollback %d)",
                            d.clickId(), d.eventTs(), EFFECTIVE, rolledBackAt)
                    .isEqualTo(expected);
        }
        assertThat(decisions)
                .filteredOn(d -> d.modelVersion().equals("flag-all"))
                .allSatisfy(d -> assertThat(d.invalid()).isTrue())
                .isNotEmpty();

        ModelRegistry models = TestingBundles.registry(registry);
        assertThat(models.stableVersion()).contains("m1");
        HistoryEntry last = models.history().get(models.history().size() - 1);
        assertThat(last.action()).isEqualTo(Action.ROLLBACK);
        assertThat(last.version()).isEqualTo("m1");
        assertThat(last.detail())
                .startsWith("from flag-all; by auto-rollback: slice ")
                .contains("of model flag-all");
        assertThat(TestingCounterReporter.total("guard", "fired")).isEqualTo(1);
    }

    @Test
    void aGoodModelUnderOrdinaryTrafficIsNotRolledBack() throws Exception {
        KafkaConfig config = topics("good");
        produceControl(config, new ControlCommand.Activate("m2", EFFECTIVE));

        StreamExecutionEnvironment env = environment();
        job(config).build(env);
        JobClient running = env.executeAsync("no automatic rollback");
        try {
            awaitCounter("slidrModelChanges", PARALLELISM);
            produce(config, 0, ALL);
            awaitCommitted(config.topicNames().decisions(), ALL);
            // m2 decides from minute 6, its labels close windows from minute 8: by minute 14
            // the guard has judged it at several windows
            awaitGuard("judged", 4);
        } finally {
            KafkaJobs.cancelAndAwait(running);
        }

        assertThat(TestingCounterReporter.total("guard", "fired")).isZero();
        assertThat(TestingCounterReporter.total("guard", "refused")).isZero();
        assertThat(KafkaJobs.readCommitted(kafka, config.topicNames().control())).hasSize(1);
        for (Decision d : decisions(config)) {
            assertThat(d.modelVersion())
                    .as(d.clickId())
                    .isEqualTo(d.eventTs() < EFFECTIVE ? "m1" : "m2");
        }
        ModelRegistry models = TestingBundles.registry(registry);
        assertThat(models.history())
                .extracting(HistoryEntry::action)
                .doesNotContain(Action.ROLLBACK);
    }

    private KafkaConfig topics(String test) throws Exception {
        KafkaConfig config = KafkaJobs.configFor(kafka, test, DeliveryMode.EXACTLY_ONCE).build();
        KafkaJobs.createTopics(kafka, config, 3);
        kafka.createTopic(config.topicNames().control(), 1);
        kafka.createTopic(config.topicNames().conversions(), 2);
        return config;
    }

    private ClickDecisionJob job(KafkaConfig config) throws Exception {
        ModelRegistry models = TestingBundles.registry(registry);
        RegistryCatalog catalog = RegistryCatalog.of(registry.toString(), TestingBundles.trust());
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
                .withControl(ControlIngress.source(config, OffsetsInitializer.earliest()), catalog)
                .withMonitor(
                        ConversionIngress.source(config),
                        ClickIngress.watermarks(config),
                        new MonitorConfig(true, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .withGuard(GUARD, new RegistryRollback(catalog, config));
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(KafkaJobs.flinkConfiguration());
        env.setParallelism(PARALLELISM);
        return env;
    }

    private static void produceControl(KafkaConfig config, ControlCommand command)
            throws Exception {
        KafkaJobs.produce(
                kafka,
                List.of(
                        new ProducerRecord<>(
                                config.topicNames().control(), ControlCodec.encode(command))));
    }

    /** Clicks {@code from} to {@code to}, each third one with a conversion 5 s after it. */
    private static void produce(KafkaConfig config, int from, int to) throws Exception {
        Topics topics = Topics.of(config.topicNames());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Click click =
                    Clicks.builder(
                                    "user-" + (i % 53),
                                    "198.51.100." + (i % 200),
                                    T0.plusMillis(500L * i))
                            .clickId("click-" + i)
                            .build();
            records.add(
                    new ProducerRecord<>(
                            topics.clicks().name(),
                            null,
                            click.ts(),
                            topics.clicks().keyOf(click),
                            topics.clicks().valueOf(click)));
            if (i % 3 == 0) {
                Conversion conversion =
                        new Conversion(
                                click.clickId(), click.ts() + 5_000, Conversion.Kind.PURCHASE);
                records.add(
                        new ProducerRecord<>(
                                topics.conversions().name(),
                                null,
                                conversion.ts(),
                                topics.conversions().keyOf(conversion),
                                topics.conversions().valueOf(conversion)));
            }
        }
        KafkaJobs.produce(kafka, records);
    }

    private static void awaitControlRecords(KafkaConfig config, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (KafkaJobs.readCommitted(kafka, config.topicNames().control()).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the control topic holds "
                                + KafkaJobs.readCommitted(kafka, config.topicNames().control())
                                        .size()
                                + " commands, expected "
                                + count
                                + "; guard counters: judged "
                                + TestingCounterReporter.total("guard", "judged")
                                + ", failures "
                                + TestingCounterReporter.total("guard", "failures")
                                + ", refused "
                                + TestingCounterReporter.total("guard", "refused"));
            }
            Thread.sleep(200);
        }
    }

    private static void awaitCommitted(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
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

    private static void awaitGuard(String counter, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (TestingCounterReporter.total("guard", counter) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "guard."
                                + counter
                                + " is "
                                + TestingCounterReporter.total("guard", counter)
                                + ", expected "
                                + atLeast
                                + ": "
                                + TestingCounterReporter.names());
            }
            Thread.sleep(200);
        }
    }

    /** Waits until the scoring subtasks' counter {@code name} adds up to {@code count}. */
    private static void awaitCounter(String name, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (total(name) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " is " + total(name) + ", expected " + count);
            }
            Thread.sleep(100);
        }
    }

    private static long total(String name) {
        long sum = 0;
        for (int subtask = 0; subtask < PARALLELISM; subtask++) {
            sum += TestingCounterReporter.total(Integer.toString(subtask), name);
        }
        return sum;
    }

    private static List<Decision> decisions(KafkaConfig config) {
        List<Decision> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaJobs.readCommitted(kafka, config.topicNames().decisions())) {
            out.add(ContractJson.readDecision(record.value()).value());
        }
        return out;
    }
}
