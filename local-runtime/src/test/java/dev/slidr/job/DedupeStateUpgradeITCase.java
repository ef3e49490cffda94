package dev.slidr.job;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Decision;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.flink.FeaturePipeline;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.job.decide.GivtDecisionFunction;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.job.ingress.IngressScreeningFunction;
import dev.slidr.job.ingress.IngressStages;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.ClickParseFunction;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaJobs;
import dev.slidr.job.kafka.Topics;
import dev.slidr.job.metrics.DecisionMetrics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade path of docs/operations.md ("Upgrading to the per-user dedupe state") on a
 * MiniCluster (RocksDB, parallelism 2) against an in-process broker: the 0.1.0 job graph (dedupe
 * keyed by click id under {@code givt-dedupe-click-id}) stops with a savepoint; the current job
 * refuses it without {@code allowNonRestoredState} and starts from it with the flag. The user, ad
 * and IP counters carry over, the dedupe state starts empty, and every click after the upgrade is
 * decided.
 */
class DedupeStateUpgradeITCase {

    private static final int PARALLELISM = 2;
    private static final String OLD_DEDUPE_UID = "givt-dedupe-click-id";
    private static final String GOOGLEBOT =
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(
                                    LiveJobs.jobConfig(PARALLELISM).applyTo(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
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
    void countersCarryOverAndDedupeStartsEmptyAfterTheUpgradeFromClickIdDedupe(
            @TempDir Path savepoints) throws Exception {
        KafkaConfig config = LiveJobs.kafkaConfig(kafka, "dedupe-upgrade");
        Topics topics = Topics.of(config.topicNames());
        int before = 30;
        int after = 20;
        List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            first.add(LiveJobs.record(topics, steady("before-", i, i)));
        }
        // repeats the 0.1.0 job dedupes: no decision of their own
        first.add(LiveJobs.record(topics, steady("before-", 3, 3)));
        first.add(LiveJobs.record(topics, steady("before-", 5, 5)));
        LiveJobs.produce(kafka, first);

        StreamExecutionEnvironment release = environment(new Configuration());
        releaseZeroOneJob(release, config);
        JobClient old = release.executeAsync("0.1.0 job");
        LiveJobs.awaitCommitted(
                kafka, config.topicNames().decisions(), before, Duration.ofSeconds(60));
        String savepoint =
                old.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
        assertThat(decisions(config)).hasSize(before);

        List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
        for (int i = 0; i < after; i++) {
            second.add(LiveJobs.record(topics, steady("after-", i, before + i)));
        }
        // a repeat after the upgrade of a click decided after it: deduped by the new state
        second.add(LiveJobs.record(topics, steady("after-", 2, before + 2)));
        // a repeat after the upgrade of a click decided before it: the new state never saw it
        second.add(LiveJobs.record(topics, steady("before-", 10, 10)));
        Click bot =
                Clicks.builder("crawler", "198.51.100.250", T0.plus(Duration.ofMinutes(before)))
                        .clickId("bot-after")
                        .userAgent(GOOGLEBOT)
                        .build();
        second.add(LiveJobs.record(topics, bot));
        second.add(LiveJobs.record(topics, bot));
        LiveJobs.produce(kafka, second);

        // without the flag the savepoint's click-id state has nowhere to go
        Configuration strict = new Configuration();
        strict.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment refused = environment(strict);
        currentJob(config).build(refused);
        assertThatThrownBy(() -> refused.execute("current job, no allowNonRestoredState"))
                .hasStackTraceContaining("allowNonRestoredState");

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        restore.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        StreamExecutionEnvironment upgraded = environment(restore);
        currentJob(config).build(upgraded);
        // 30 before, 20 after, the pre-upgrade click decided again, the robot
        int total = before + after + 2;
        JobClient resumed = upgraded.executeAsync("current job, upgraded");
        try {
            LiveJobs.awaitCommitted(
                    kafka, config.topicNames().decisions(), total, Duration.ofSeconds(60));
        } finally {
            KafkaJobs.cancelAndAwait(resumed);
        }

        List<Decision> decisions = decisions(config);
        assertThat(decisions).hasSize(total);
        Map<String, List<Decision>> byId =
                decisions.stream().collect(Collectors.groupingBy(Decision::clickId));
        assertThat(byId.get("before-10")).as("decided before and again after").hasSize(2);
        assertThat(byId.get("after-2")).as("deduped after the upgrade").hasSize(1);
        assertThat(byId.get("bot-after")).hasSize(1);
        assertThat(byId.get("bot-after").get(0).reasons())
                .containsExactly(GivtReason.DECLARED_ROBOT.code());
        for (int i = 0; i < before; i++) {
            assertThat(byId).containsKey("before-" + i);
        }
        // the steady user's clicks arrive in order on one partition and stay in order through
        // the per-user dedupe and the user, ad and IP stages: each count after the upgrade is
        // exact, the 30 clicks before it included
        for (int i = 0; i < after; i++) {
            Decision d = byId.get("after-" + i).get(0);
            float expected = before + i + 1f;
            assertThat(d.feature(FeatureSchema.USER_CLICKS_24H))
                    .as(d.clickId())
                    .isEqualTo(expected);
            assertThat(d.feature(FeatureSchema.AD_CLICKS_24H)).as(d.clickId()).isEqualTo(expected);
            assertThat(d.feature(FeatureSchema.IP_CLICKS_24H)).as(d.clickId()).isEqualTo(expected);
        }
    }

    /** One user's click on one IP and ad, {@code minute} minutes after T0. */
    private static Click steady(String prefix, int n, int minute) {
        return Clicks.builder("steady", "198.51.100.77", T0.plus(Duration.ofMinutes(minute)))
                .clickId(prefix + n)
                .build();
    }

    private static StreamExecutionEnvironment environment(Configuration extra) {
        Configuration conf = LiveJobs.jobConfig(PARALLELISM).applyTo(extra);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static GivtConfig givt() {
        return GivtConfig.builder().build();
    }

    private static ClickDecisionJob currentJob(KafkaConfig config) {
        return new ClickDecisionJob(
                ClickIngress.sourceBuilder(config).build(),
                ClickIngress.watermarks(config),
                DecisionSink.create(config),
                DeadLetterSink.create(config),
                givt(),
                TestingKeys.privacyA(),
                ModelSource.fixed(TestingModels.model()),
                Slicing.DEVICE_AND_LOGIN,
                new Configuration());
    }

    /**
     * The job graph of release 0.1.0: as {@link ClickDecisionJob#build} today, with the dedupe
     * keyed by click id under its old uid and the user stage behind its own keyed exchange.
     */
    private static void releaseZeroOneJob(StreamExecutionEnvironment env, KafkaConfig config) {
        TypeInformation<GivtVerdict> verdictType = TypeInformation.of(GivtVerdict.class);
        SingleOutputStreamOperator<Click> clicks =
                env.fromSource(
                                ClickIngress.sourceBuilder(config).build(),
                                ClickIngress.watermarks(config),
                                "clicks")
                        .uid(ClickIngress.SOURCE_UID)
                        .process(new ClickParseFunction(ContractReader::defaults))
                        .returns(TypeInformation.of(Click.class))
                        .uid(ClickIngress.PARSE_UID);
        DataStream<GivtVerdict> deduped =
                clicks.process(new IngressScreeningFunction(givt(), TestingKeys.privacyA()))
                        .returns(verdictType)
                        .uid(IngressStages.SCREEN_UID)
                        .keyBy(verdict -> verdict.click().clickId(), Types.STRING)
                        .process(new ClickIdDuplicateFunction(givt()))
                        .returns(verdictType)
                        .uid(OLD_DEDUPE_UID);
        SingleOutputStreamOperator<Decision> givtDecisions =
                deduped.process(new GivtDecisionFunction(Slicing.DEVICE_AND_LOGIN))
                        .returns(DecisionSerializer.TYPE_INFO)
                        .uid(ClickDecisionJob.GIVT_DECISIONS_UID);
        SingleOutputStreamOperator<FeaturedClick> featured =
                FeaturePipeline.featuresOfIngested(
                        givtDecisions.getSideOutput(GivtDecisionFunction.TO_SCORE),
                        new Configuration());
        DataStream<Decision> scored =
                ScoringOperator.score(
                        featured, ModelSource.fixed(TestingModels.model()), new Configuration());
        DecisionMetrics.apply(givtDecisions.union(scored), Slicing.DEVICE_AND_LOGIN)
                .sinkTo(DecisionSink.create(config))
                .uid(DecisionSink.UID);
        clicks.getSideOutput(ClickParseFunction.DEAD_LETTERS)
                .sinkTo(DeadLetterSink.create(config))
                .uid(DeadLetterSink.UID);
    }

    /** Every committed decision. */
    private static List<Decision> decisions(KafkaConfig config) {
        List<Decision> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                LiveJobs.readCommitted(kafka, config.topicNames().decisions())) {
            Decision decision = ContractJson.readDecision(record.value()).value();
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(decision.clickId());
            out.add(decision);
        }
        return out;
    }
}
