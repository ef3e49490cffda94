package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.job.kafka.ControlIngress;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.privacy.PrivacyOptions;
import dev.slidr.rules.privacy.TestingKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production job reads the control topic and, from a registry, its bundles directly. */
class LiveModelPlanTest {

    @TempDir Path dir;

    @Test
    void theControlTopicIsReadByOneSourceAndBroadcastToEveryScoringSubtask() throws Exception {
        Configuration conf = production();
        conf.set(JobOptions.PARALLELISM, 2);

        StreamExecutionEnvironment env =
                ClickDecisionJob.plan(conf, TestingModels.writeModelDirectory(dir.resolve("m")));

        Map<String, StreamNode> byUid = new HashMap<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            byUid.put(node.getTransformationUID(), node);
        }
        assertThat(byUid.get(ControlIngress.SOURCE_UID).getParallelism()).isEqualTo(1);
        assertThat(byUid.get(ControlIngress.PARSE_UID).getParallelism()).isEqualTo(1);
        StreamNode scoring = byUid.get(ScoringOperator.UID);
        assertThat(scoring.getInEdges()).hasSize(2);
        assertThat(scoring.getInEdges())
                .anySatisfy(
                        edge ->
                                assertThat(edge.getPartitioner().toString())
                                        .isEqualTo("BROADCAST"));
    }

    @Test
    void runsFromTheRegistrysStableBundleWithoutAModelDirectory() throws Exception {
        Path root = dir.resolve("registry");
        ModelRegistry registry = TestingBundles.registry(root);
        registry.register(TestingBundles.bundle("m1", slice -> 0.5));
        registry.promote("m1");

        StreamExecutionEnvironment env =
                ClickDecisionJob.planFromRegistry(
                        production(), root.toString(), null, TestingBundles.trust());

        assertThat(env.getStreamGraph(false).getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains(ScoringOperator.UID, ControlIngress.SOURCE_UID);
    }

    @Test
    void refusesATamperedStableBundleBeforeAnythingStarts() throws Exception {
        Path root = dir.resolve("registry");
        ModelRegistry registry = TestingBundles.registry(root);
        registry.register(TestingBundles.bundle("m1", slice -> 0.5));
        registry.promote("m1");
        TestingBundles.tamper(root, "m1");

        assertThatThrownBy(
                        () ->
                                ClickDecisionJob.planFromRegistry(
                                        production(),
                                        root.toString(),
                                        null,
                                        TestingBundles.trust()))
                .isInstanceOf(RegistryModel.UnusableModelException.class)
                .hasMessageContaining("does not verify");
    }

    private static Configuration production() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_A);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "k1");
        return conf;
    }
}
