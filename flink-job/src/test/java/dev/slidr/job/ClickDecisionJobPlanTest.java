package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.FeaturePipeline;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.job.ingress.IngressStages;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.metrics.DecisionMetrics;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.PrivacyConfig;
import dev.slidr.rules.privacy.PrivacyOptions;
import dev.slidr.rules.privacy.TestingKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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

    @Test
    void aTappedPipelinesPairsChainToTheOperatorsThatDecideAndSkipTheMetrics() throws Exception {
        Configuration conf = JobConfig.fromConfiguration(production()).applyTo(production());
        DeployedModel deployed =
                ModelDirectory.load(TestingModels.writeModelDirectory(dir.resolve("model")));
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        ClickDecisionJob job =
                new ClickDecisionJob(
                        ClickIngress.sourceBuilder(kafka).build(),
                        ClickIngress.watermarks(kafka),
                        new DiscardingSink<>(),
                        new DiscardingSink<>(),
                        GivtConfig.fromConfiguration(conf),
                        PrivacyConfig.fromConfiguration(conf, Map.of()),
                        ModelSource.fixed(deployed),
                        deployed.thresholds().slicing(),
                        conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        ClickDecisionJob.Tapped tapped = job.tappedPipeline(env);
        List<DataStream<Tuple2<String, Decision>>> parts = tapped.advertised();
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).map(pair -> pair).returns(parts.get(i).getType()).name("pairs " + i);
        }
        List<String> tasks = new ArrayList<>();
        for (JobVertex vertex : env.getStreamGraph().getJobGraph().getVertices()) {
            tasks.add(vertex.getName());
        }

        // one stream per deciding operator, each consumed in that operator's own task: a pair
        // never crosses to another task to be counted, filtered or packed
        assertThat(parts).hasSize(2);
        assertThat(tasks).anyMatch(t -> t.contains("GIVT decisions") && t.contains("pairs 0"));
        assertThat(tasks).anyMatch(t -> t.contains("-> score") && t.contains("pairs 1"));
        assertThat(tasks).noneMatch(t -> t.contains("decision metrics"));
    }

    private static Configuration production() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_A);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "k1");
        return conf;
    }
}
