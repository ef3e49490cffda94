package dev.slidr.job.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.flink.Keying;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.TestingKeys;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** How {@link IngressStages} reaches its dedupe stage: by a shuffle, or in place at one subtask. */
class IngressStagesTest {

    private static JobGraph wired(Keying keying) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Click click = Clicks.builder("alice", "198.51.100.1", Clicks.T0).build();
        IngressStages.apply(
                        env.fromData(List.of(click)).returns(TypeInformation.of(Click.class)),
                        GivtConfig.builder().build(),
                        TestingKeys.privacyA(),
                        keying)
                .verdicts()
                .sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /** The ship strategy of every edge of the job graph, e.g. {@code HASH} or {@code FORWARD}. */
    private static List<String> edges(JobGraph graph) {
        return graph.getVerticesSortedTopologicallyFromSources().stream()
                .flatMap((JobVertex v) -> v.getInputs().stream())
                .map(JobEdge::getShipStrategyName)
                .toList();
    }

    @Test
    void aShuffleByUserKeySplitsScreeningFromDedupe() {
        JobGraph graph = wired(Keying.SHUFFLE);

        assertThat(graph.getNumberOfVertices()).isEqualTo(2);
        assertThat(edges(graph)).containsExactly("HASH");
    }

    @Test
    void inPlaceTheDedupeStageStillGetsItsOwnThreadButNoShuffle() {
        // the stateless ingress and the keyed stages on two threads, the clicks in source order
        JobGraph graph = wired(Keying.IN_PLACE);

        assertThat(graph.getNumberOfVertices()).isEqualTo(2);
        assertThat(edges(graph)).containsExactly("FORWARD");
    }
}
