package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.job.monitor.LiveMonitor;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live monitor on a MiniCluster (RocksDB, parallelism 2) against an in-process broker: the
 * decisions of the job joined to the conversions topic, counted per slice and model version over
 * event-time windows.
 */
class LiveMonitorITCase {

    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration ATTRIBUTION = Duration.ofSeconds(20);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @RegisterExtension
    static final MiniClusterExtension FLINK = KafkaJobs.countingMiniCluster(PARALLELISM);

    private static EmbeddedKafkaCluster kafka;

    @TempDir Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @AfterEach
    void clearCounters() {
        TestingCounterReporter.clear();
    }

    @Test
    void labelsEveryDecisionOfAClosedWindowAndCountsItsConvertingClicks() throws Exception {
        TestingCounterReporter.clear();
        KafkaConfig config =
                KafkaJobs.configFor(kafka, "monitor", DeliveryMode.EXACTLY_ONCE).build();
        KafkaJobs.createTopics(kafka, config, 3);
        kafka.createTopic(config.topicNames().conversions(), 3);
        ModelRegistry models = TestingBundles.registry(tmp.resolve("registry"));
        models.register(TestingBundles.bundle("m1", slice -> 0.5));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(KafkaJobs.flinkConfiguration());
        env.setParallelism(PARALLELISM);
        ClickDecisionJob.Streams streams =
                new ClickDecisionJob(
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
                        .build(env);
        ConversionIngress.Streams conversions =
                ConversionIngress.apply(env, ConversionIngress.source(config), config);
        LiveMonitor.apply(streams.decisions(), conversions.conversions(), ATTRIBUTION, WINDOW);
        JobClient running = env.executeAsync("live monitor");
        try {
            produce(config, 600);
            // clicks every 0.5 s for 300 s, so the watermark ends near 295 s. A label carries its
            // click's time plus the attribution window (20 s): the windows that close, up to
            // 240 s, hold the labels of the clicks before 220 s, 440 of them
            awaitCounter(LiveMonitor.LABELLED, 440);
        } finally {
            KafkaJobs.cancelAndAwait(running);
        }
        assertThat(total(LiveMonitor.LABELLED)).isEqualTo(440);
        // every third click converts, 5 s after it: within the attribution window
        long converting = total(LiveMonitor.CONVERTING);
        assertThat(converting).isEqualTo(147);
        assertThat(total(LiveMonitor.CONVERTING_INVALID)).isBetween(0L, converting);
    }

    private static void produce(KafkaConfig config, int clicks) throws Exception {
        Topics topics = Topics.of(config.topicNames());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < clicks; i++) {
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

    /** The sum over slices of the monitor counter {@code name} of model m1. */
    private static long total(String name) {
        return TestingCounterReporter.total("m1", name);
    }

    private static void awaitCounter(String name, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (total(name) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        name
                                + " is "
                                + total(name)
                                + ", expected "
                                + atLeast
                                + ": "
                                + TestingCounterReporter.names());
            }
            Thread.sleep(200);
        }
    }
}
