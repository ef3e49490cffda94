package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.job.guard.GuardOptions;
import dev.slidr.job.guard.RollbackGuard;
import dev.slidr.job.kafka.ConversionIngress;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.job.monitor.LiveMonitor;
import dev.slidr.job.monitor.MonitorOptions;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.privacy.PrivacyOptions;
import dev.slidr.rules.privacy.TestingKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production job reads conversions into the live monitor unless it is turned off, and adds the
 * rollback guard, at parallelism 1, when it is turned on for a job run from the registry.
 */
class MonitorPlanTest {

    @TempDir Path dir;

    @Test
    void theMonitorReadsConversionsByDefaultAndTheGuardIsOff() throws Exception {
        Configuration conf = production();
        conf.set(JobOptions.PARALLELISM, 2);

        Map<String, StreamNode> byUid =
                byUid(
                        ClickDecisionJob.plan(
                                conf, TestingModels.writeModelDirectory(dir.resolve("m"))));

        assertThat(byUid)
                .containsKeys(
                        ConversionIngress.SOURCE_UID,
                        ConversionIngress.PARSE_UID,
                        LiveMonitor.TRIM_UID,
                        LiveMonitor.JOIN_UID,
                        LiveMonitor.WINDOW_UID,
                        LiveMonitor.METRICS_UID)
                .doesNotContainKey(RollbackGuard.UID);
    }

    @Test
    void turnedOffTheJobReadsNoConversions() throws Exception {
        Configuration conf = production();
        conf.set(MonitorOptions.ENABLED, false);

        Map<String, StreamNode> byUid =
                byUid(
                        ClickDecisionJob.plan(
                                conf, TestingModels.writeModelDirectory(dir.resolve("m"))));

        assertThat(byUid)
                .doesNotContainKeys(
                        ConversionIngress.SOURCE_UID, LiveMonitor.JOIN_UID, RollbackGuard.UID);
    }

    @Test
    void theGuardRunsAtParallelismOneAfterTheMonitorWindows() throws Exception {
        Configuration conf = production();
        conf.set(JobOptions.PARALLELISM, 2);
        conf.set(GuardOptions.ENABLED, true);

        Map<String, StreamNode> byUid = byUid(fromRegistry(conf));

        StreamNode guard = byUid.get(RollbackGuard.UID);
        assertThat(guard.getParallelism()).isEqualTo(1);
        assertThat(guard.getInEdges())
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.getSourceId())
                                        .isEqualTo(byUid.get(LiveMonitor.METRICS_UID).getId()));
    }

    @Test
    void theGuardNeedsTheMonitorAndTheRegistry() throws Exception {
        Configuration noMonitor = production();
        noMonitor.set(GuardOptions.ENABLED, true);
        noMonitor.set(MonitorOptions.ENABLED, false);
        assertThatThrownBy(() -> fromRegistry(noMonitor))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessage(
                        "slidr.guard.enabled: the rollback guard reads the live monitor; set"
                                + " slidr.monitor.enabled to true or turn the guard off");

        Configuration modelDir = production();
        modelDir.set(GuardOptions.ENABLED, true);
        Path models = TestingModels.writeModelDirectory(dir.resolve("m"));
        assertThatThrownBy(() -> ClickDecisionJob.plan(modelDir, models))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageStartingWith("slidr.guard.enabled: the rollback guard rolls back to")
                .hasMessageContaining("--registry");
    }

    @Test
    void badMonitorAndGuardSettingsNameTheirKey() throws Exception {
        Path models = TestingModels.writeModelDirectory(dir.resolve("m"));
        Configuration window = production();
        window.set(MonitorOptions.WINDOW, Duration.ZERO);
        assertThatThrownBy(() -> ClickDecisionJob.plan(window, models))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessage("slidr.monitor.window: must be from 1 s to 24h, was 0s");

        Configuration ratio = production();
        ratio.set(GuardOptions.IVR_RATIO, 0.5);
        assertThatThrownBy(() -> ClickDecisionJob.plan(ratio, models))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessage("slidr.guard.ivr-ratio: must be a number above 1, was 0.5");

        Configuration text = production();
        text.setString(GuardOptions.MIN_CLICKS.key(), "many");
        assertThatThrownBy(() -> ClickDecisionJob.plan(text, models))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("slidr.guard.min-clicks");
    }

    private StreamExecutionEnvironment fromRegistry(Configuration conf) throws Exception {
        Path root = dir.resolve("registry");
        ModelRegistry registry = TestingBundles.registry(root);
        if (!registry.exists()) {
            registry.register(TestingBundles.bundle("m1", slice -> 0.5));
            registry.promote("m1");
        }
        return ClickDecisionJob.planFromRegistry(
                conf, root.toString(), null, TestingBundles.trust());
    }

    private static Map<String, StreamNode> byUid(StreamExecutionEnvironment env) {
        Map<String, StreamNode> byUid = new HashMap<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            byUid.put(node.getTransformationUID(), node);
        }
        return byUid;
    }

    static Configuration production() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_A);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "k1");
        return conf;
    }
}
