package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.feature.flink.FeaturePipeline;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.job.ingress.IngressStages;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.metrics.DecisionMetrics;
import dev.slidr.rules.privacy.PrivacyOptions;
import dev.slidr.rules.privacy.TestingKeys;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring from a configuration, checked without running it. */
class ClickDecisionJobPlanTest {

    @TempDir Path dir;

    @Test
    void plansEveryStageWithItsStableUid() throws Exception {
        Path models = TestingModels.writeModelDirectory(dir.resolve("model"));

        StreamExecutionEnvironment env = ClickDecisionJob.plan(production(), models);

        Set<String> uids = new HashSet<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            uids.add(node.getTransformationUID());
        }
        assertThat(uids)
                .contains(
                        ClickIngress.SOURCE_UID,
                        ClickIngress.PARSE_UID,
                        IngressStages.SCREEN_UID,
                        IngressStages.DEDUPE_UID,
                        ClickDecisionJob.GIVT_DECISIONS_UID,
                        FeaturePipeline.USER_STAGE_UID,
                        FeaturePipeline.AD_STAGE_UID,
                        FeaturePipeline.IP_STAGE_UID,
                        ScoringOperator.UID,
                        DecisionMetrics.UID);
        assertThat(uids.stream().filter(u -> u != null && u.startsWith(DecisionSink.UID)))
                .isNotEmpty();
        assertThat(uids.stream().filter(u -> u != null && u.startsWith(DeadLetterSink.UID)))
                .isNotEmpty();
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000L);
    }

    @Test
    void takesTheModelDirectoryFromTheConfiguration() throws Exception {
        Configuration conf = production();
        conf.set(
                JobOptions.MODEL_DIR,
                TestingModels.writeModelDirectory(dir.resolve("m")).toString());

        assertThat(ClickDecisionJob.plan(conf, null).getStreamGraph(false).getStreamNodes())
                .isNotEmpty();
    }

    @Test
    void refusesToPlanWithoutAModel() {
        assertThatThrownBy(() -> ClickDecisionJob.plan(production(), null))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("--model-dir");
    }

    @Test
    void refusesABadKafkaSettingNamingIt() throws Exception {
        Path models = TestingModels.writeModelDirectory(dir.resolve("model"));
        Configuration conf = production();
        conf.removeConfig(KafkaOptions.BOOTSTRAP_SERVERS);

        assertThatThrownBy(() -> ClickDecisionJob.plan(conf, models))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining(KafkaOptions.BOOTSTRAP_SERVERS.key());
    }

    @Test
    void aTappedPipelineRefusesAControlInputItsPairsWouldMiss() throws Exception {
        Path models = TestingModels.writeModelDirectory(dir.resolve("model"));
        Configuration conf = JobConfig.fromConfiguration(production()).applyTo(production());
        DeployedModel deployed = ModelDirectory.load(models);
        ClickDecisionJob live =
                ClickDecisionJob.fromConfiguration(
                        conf,
                        ModelSource.fixed(deployed),
                        ModelCatalog.none("fixed"),
                        deployed.thresholds().slicing());

        assertThatThrownBy(
                        () ->
                                live.tappedPipeline(
                                        StreamExecutionEnvironment.getExecutionEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("control input");
    }

    private static Configuration production() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_A);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "k1");
        return conf;
    }
}
