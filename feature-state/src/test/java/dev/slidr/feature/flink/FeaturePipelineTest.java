package dev.slidr.feature.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** How {@link FeaturePipeline} wires the stages: uids, names, types and option checks. */
class FeaturePipelineTest {

    private static DataStream<Click> clicks(StreamExecutionEnvironment env) {
        return env.fromData(List.of(Clicks.click("alice", "10.0.0.1", Clicks.T0)));
    }

    @Test
    void wiresBothStagesWithStableUidsAndKryoFreeTypes() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<FeaturedClick> featured =
                FeaturePipeline.features(clicks(env), new Configuration());
        featured.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());

        assertThat(featured.getType()).isNotInstanceOf(GenericTypeInfo.class);
        List<String> uids =
                env.getStreamGraph().getStreamNodes().stream()
                        .map(StreamNode::getTransformationUID)
                        .filter(uid -> uid != null)
                        .collect(Collectors.toList());
        assertThat(uids)
                .contains(
                        FeaturePipeline.USER_STAGE_UID,
                        FeaturePipeline.AD_STAGE_UID,
                        FeaturePipeline.IP_STAGE_UID);
    }

    @Test
    void refusesATtlNoLongerThanTheWindow() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration config = new Configuration();
        config.set(FeatureStateOptions.STATE_TTL, Duration.ofHours(24));
        assertThatThrownBy(() -> FeaturePipeline.features(clicks(env), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(FeatureStateOptions.STATE_TTL.key())
                .hasMessageContaining("must exceed the 24 h feature window");
    }

    @Test
    void refusesAnUnknownTimeZone() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration config = new Configuration();
        config.set(FeatureStateOptions.TIME_ZONE, "Mars/Olympus");
        assertThatThrownBy(() -> FeaturePipeline.features(clicks(env), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.features.time-zone")
                .hasMessageContaining("Mars/Olympus");
    }

    private static int tasks(StreamExecutionEnvironment env) {
        return env.getStreamGraph().getJobGraph().getNumberOfVertices();
    }

    private static DataStream<FeaturedClick> keyedStages(
            StreamExecutionEnvironment env, Keying keying) {
        DataStream<IngestedClick> ingested =
                clicks(env).map(IngestedClick::unstamped, IngestedClick.TYPE_INFO);
        DataStream<FeaturedClick> featured =
                FeaturePipeline.featuresOfUserKeyed(
                        keying.key(ingested, UserFeatureFunction::keyOf),
                        new Configuration(),
                        keying);
        featured.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        return featured;
    }

    @Test
    void keyingInPlaceChainsEveryStageIntoOneTaskWhereShufflesSplitThem() {
        StreamExecutionEnvironment shuffled = StreamExecutionEnvironment.getExecutionEnvironment();
        shuffled.setParallelism(1);
        keyedStages(shuffled, Keying.SHUFFLE);
        StreamExecutionEnvironment inPlace = StreamExecutionEnvironment.getExecutionEnvironment();
        inPlace.setParallelism(1);
        keyedStages(inPlace, Keying.IN_PLACE);

        // source + wrapper | user | ad | IP + sink: three shuffles make four tasks
        assertThat(tasks(shuffled)).isEqualTo(4);
        assertThat(tasks(inPlace)).isEqualTo(1);
    }

    @Test
    void keyingInPlaceRefusesAJobOfMoreThanOneSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        assertThatThrownBy(() -> keyedStages(env, Keying.IN_PLACE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one subtask per operator")
                .hasMessageContaining("the job 2");
    }
}
