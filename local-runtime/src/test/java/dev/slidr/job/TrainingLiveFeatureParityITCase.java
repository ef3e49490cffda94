package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtScreen;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.SimulatorOptions;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.simulator.testing.TestingTrafficSink;
import dev.slidr.training.pipeline.FeatureTable;
import dev.slidr.training.pipeline.InputReport;
import dev.slidr.training.pipeline.TrainingInputs;
import dev.slidr.training.pipeline.WeakLabels;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Training and the live job compute the same features. A day of simulated traffic (humans and every
 * kind of robot) go once through {@code train}'s path (the GIVT screen, then {@link FeatureTable})
 * and once through the wired job (Kafka, GIVT, pseudonymization, the three keyed feature stages on
 * RocksDB, scoring, the exactly-once decision sink); every scored decision's feature vector must
 * equal the training row of its click.
 *
 * <p>Parallelism 1 and one click partition, so that every key sees its clicks in the order training
 * sorts them (by event time). The job counts distinct pseudonyms where training counts distinct raw
 * identifiers: the same sets, so the distinct counts are equal while they are exact (up to {@code
 * SlidingDistinct}'s capacity); sampled estimates hash other strings and may differ, and are only
 * compared in range.
 */
class TrainingLiveFeatureParityITCase {

    private static final int DISTINCT_EXACT_UP_TO = 128;
    private static final int[] DISTINCT_COLUMNS = {
        FeatureSchema.USER_DISTINCT_ADS_1H,
        FeatureSchema.USER_DISTINCT_ADVERTISERS_1H,
        FeatureSchema.IP_DISTINCT_USERS_1H,
        FeatureSchema.IP_DISTINCT_USERS_24H,
        FeatureSchema.IP_DISTINCT_SESSIONS_1H,
        FeatureSchema.IP_DISTINCT_SESSIONS_24H
    };

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LiveJobs.jobConfig(1).applyTo(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LiveJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void everyScoredDecisionCarriesTheFeaturesTrainingComputesForItsClick() throws Exception {
        TestingTrafficSink day = simulate();
        List<Click> clicks = new ArrayList<>(day.clicks);
        List<Conversion> conversions = day.conversions;
        // the order both paths see: by event time, ties in generation order
        clicks.sort(Comparator.comparingLong(Click::ts));
        // the job's defaults: robots by user agent, the bundled sample of data-centre ranges
        GivtConfig givt = GivtConfig.fromConfiguration(new Configuration());

        // training's path
        InputReport report = new InputReport();
        TrainingInputs inputs =
                TrainingInputs.of(clicks, conversions, List.of(), null, report)
                        .screened(GivtScreen.of(givt));
        FeatureTable table =
                FeatureTable.build(
                        inputs.clicks(),
                        new WeakLabels(Duration.ofHours(24), 4.0, inputs.purchases(), Map.of()),
                        null,
                        TimeEncoding.in(ZoneOffset.UTC),
                        10,
                        Long.MIN_VALUE,
                        Long.MAX_VALUE);
        List<Click> screened = new ArrayList<>(inputs.clicks());
        screened.sort(Comparator.comparingLong(Click::ts));
        Map<String, float[]> trainingRows = new HashMap<>();
        for (int i = 0; i < table.rows(); i++) {
            trainingRows.put(screened.get(i).clickId(), table.x[i]);
        }
        assertThat(report.rejected(TrainingInputs.CLICKS))
                .containsKey("givt_declared_robot")
                .containsKey("givt_data_centre_ip");

        // the live job's path
        KafkaConfig config = LiveJobs.kafkaConfig(kafka, "parity", 1);
        Topics topics = Topics.of(config.topicNames());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Click click : clicks) {
            records.add(LiveJobs.record(topics, click));
        }
        LiveJobs.produce(kafka, records);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LiveJobs.jobConfig(1).applyTo(new Configuration()));
        new ClickDecisionJob(
                        ClickIngress.sourceBuilder(config)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        ClickIngress.watermarks(config),
                        DecisionSink.create(config),
                        DeadLetterSink.create(config),
                        givt,
                        TestingKeys.privacyA(),
                        ModelSource.fixed(TestingModels.model()),
                        Slicing.DEVICE_AND_LOGIN,
                        new Configuration())
                .build(env);
        env.execute("parity");

        Map<String, Decision> scored = new HashMap<>();
        int givtDecisions = 0;
        for (ConsumerRecord<byte[], byte[]> record :
                LiveJobs.readCommitted(kafka, config.topicNames().decisions())) {
            Decision d = ContractJson.readDecision(record.value()).value();
            if (d.stage() == Decision.Stage.GIVT) {
                givtDecisions++;
            } else {
                scored.put(d.clickId(), d);
            }
        }
        // the same clicks reach the features on both paths
        assertThat(scored.keySet()).isEqualTo(trainingRows.keySet());
        assertThat(givtDecisions).isEqualTo(clicks.size() - trainingRows.size());

        Set<Integer> distinct = IntStream.of(DISTINCT_COLUMNS).boxed().collect(Collectors.toSet());
        int sampled = 0;
        for (Map.Entry<String, Decision> e : scored.entrySet()) {
            float[] expected = trainingRows.get(e.getKey());
            Decision d = e.getValue();
            assertThat(d.featureCount()).isEqualTo(FeatureSchema.CURRENT.size());
            for (int j = 0; j < expected.length; j++) {
                String where = e.getKey() + " " + FeatureSchema.CURRENT.names().get(j);
                if (distinct.contains(j) && expected[j] > DISTINCT_EXACT_UP_TO) {
                    sampled++;
                    assertThat(d.feature(j)).as(where).isPositive();
                } else {
                    assertThat(d.feature(j)).as(where).isEqualTo(expected[j]);
                }
            }
        }
        // the traffic reaches the per-ad counters' interesting range, not only fresh keys
        assertThat(scored.values())
                .anySatisfy(
                        d ->
                                assertThat(d.feature(FeatureSchema.AD_ANONYMOUS_CLICKS_1H))
                                        .isGreaterThan(20f))
                .anySatisfy(
                        d -> assertThat(d.feature(FeatureSchema.USER_CLICKS_1M)).isGreaterThan(5f));
        // about 21,000 clicks, 14,000 of them scored: every value of every vector compared
        assertThat(scored).hasSizeGreaterThan(10_000);
        assertThat(sampled).as("distinct counts beyond the exact range").isLessThan(scored.size());
    }

    /** One day of a small population with every kind of robot. */
    private static TestingTrafficSink simulate() throws IOException {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .set(SimulatorOptions.HUMAN_USERS, 3000)
                        .set(SimulatorOptions.BOTNET_HOSTS, 120)
                        .set(SimulatorOptions.LOW_AND_SLOW_BOTS, 200)
                        .set(SimulatorOptions.STOLEN_ACCOUNTS, 20)
                        .set(SimulatorOptions.FARM_ACCOUNTS, 6)
                        .set(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, 2.0)
                        .build();
        TestingTrafficSink sink = new TestingTrafficSink();
        new TrafficSimulator(config, 7, TrafficSimulator.DEFAULT_START, 1)
                .run(sink, ProgressListener.NONE);
        return sink;
    }
}
