package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.job.guard.GuardOptions;
import dev.slidr.job.guard.RollbackGuard;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.job.monitor.LiveMonitor;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.privacy.PrivacyOptions;
import dev.slidr.rules.privacy.TestingKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record the live job passes between operators has an explicit serializer: with generic types
 * disabled the graph still builds (no Kryo), and no edge uses Flink's reflective POJO serializer.
 */
class ClickDecisionJobTypesTest {

    @TempDir Path dir;

    @Test
    void buildsWithGenericTypesDisabledAndNoPojoSerializerOnAnyEdge() throws Exception {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_A);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "k1");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        Path models = TestingModels.writeModelDirectory(dir.resolve("model"));

        StreamExecutionEnvironment env = ClickDecisionJob.plan(conf, models);
        assertThat(reflectiveSerializers(env)).isEmpty();
    }

    @Test
    void withTheMonitorAndTheRollbackGuardNoEdgeOrKeyIsReflectiveEither() throws Exception {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(PrivacyOptions.HMAC_SECRET, TestingKeys.SECRET_A);
        conf.set(PrivacyOptions.HMAC_KEY_ID, "k1");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(GuardOptions.ENABLED, true);
        Path root = dir.resolve("registry");
        ModelRegistry registry = TestingBundles.registry(root);
        registry.register(TestingBundles.bundle("m1", slice -> 0.5));
        registry.promote("m1");

        StreamExecutionEnvironment env =
                ClickDecisionJob.planFromRegistry(
                        conf, root.toString(), null, TestingBundles.trust());

        assertThat(env.getStreamGraph(false).getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains(LiveMonitor.JOIN_UID, LiveMonitor.WINDOW_UID, RollbackGuard.UID);
        assertThat(reflectiveSerializers(env)).isEmpty();
    }

    private static List<String> reflectiveSerializers(StreamExecutionEnvironment env) {
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        // creating the serializers of a generic type throws when generic types are disabled
        StreamGraph graph = env.getStreamGraph(false);

        List<String> reflective = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            List<TypeSerializer<?>> serializers = new ArrayList<>();
            serializers.add(node.getTypeSerializerOut());
            serializers.addAll(Arrays.asList(node.getTypeSerializersIn()));
            serializers.add(node.getStateKeySerializer());
            for (TypeSerializer<?> serializer : serializers) {
                if (serializer instanceof PojoSerializer<?>
                        || serializer instanceof KryoSerializer<?>) {
                    reflective.add(node.getOperatorName() + ": " + serializer.getClass().getName());
                }
            }
            for (var edge : node.getOutEdges()) {
                if (edge.getOutputTag() != null) {
                    TypeSerializer<?> side =
                            edge.getOutputTag()
                                    .getTypeInfo()
                                    .createSerializer(env.getConfig().getSerializerConfig());
                    if (side instanceof PojoSerializer<?> || side instanceof KryoSerializer<?>) {
                        reflective.add(
                                node.getOperatorName()
                                        + " side output "
                                        + edge.getOutputTag().getId()
                                        + ": "
                                        + side.getClass().getName());
                    }
                }
            }
        }
        return reflective;
    }
}
