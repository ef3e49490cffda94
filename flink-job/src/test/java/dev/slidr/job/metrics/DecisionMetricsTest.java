package dev.slidr.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.contract.Decision;
import dev.slidr.contract.Decision.Stage;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-slice decision metrics, read from the operator's metric group as a reporter sees it. */
class DecisionMetricsTest {

    /** Processing time of the function under test; static so the serializable clock can read it. */
    private static final AtomicLong NOW = new AtomicLong();

    private static final long T0 = 1_780_000_000_000L;

    private TestingMetricGroups metrics;
    private MockEnvironment environment;
    private OneInputStreamOperatorTestHarness<Decision, Decision> harness;

    @BeforeEach
    void open() throws Exception {
        NOW.set(T0);
        metrics = new TestingMetricGroups();
        environment = new MockEnvironmentBuilder().setMetricGroup(metrics.taskGroup()).build();
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(
                                new DecisionMetrics(Slicing.DEVICE_AND_LOGIN, () -> NOW.get())),
                        DecisionSerializer.TYPE_INFO.createSerializer(new SerializerConfigImpl()),
                        environment);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        environment.close();
    }

    @Test
    void registersEverySliceAndReasonUpFrontSoQuietSlicesReportZero() {
        List<Slice> slices = Slicing.DEVICE_AND_LOGIN.slices();
        assertThat(slices).hasSize(8);
        for (Slice slice : slices) {
            Map<String, String> labels = Map.of("slice", slice.name());
            assertThat(clicks(slice.name())).as(slice.name()).isZero();
            assertThat(invalid(slice.name(), "givt")).isZero();
            assertThat(invalid(slice.name(), "sivt")).isZero();
            assertThat(ivr(slice.name())).isNaN();
            assertThat(metrics.get(DecisionMetrics.SCORES, labels, Histogram.class).getCount())
                    .isZero();
        }
    }

    @Test
    void countsClicksAndInvalidClicksByStagePerSliceAndPassesDecisionsThrough() throws Exception {
        List<Decision> in = new ArrayList<>();
        in.add(scored("d1", "desktop/logged_in", Stage.NONE, 0.10));
        in.add(scored("d2", "desktop/logged_in", Stage.NONE, 0.20));
        in.add(scored("d3", "desktop/logged_in", Stage.NONE, 0.30));
        in.add(scored("d4", "desktop/logged_in", Stage.SIVT, 0.95));
        in.add(givt("m1", "mobile/anonymous"));
        in.add(givt("m2", "mobile/anonymous"));
        in.add(scored("m3", "mobile/anonymous", Stage.SIVT, 0.99));
        in.add(scored("m4", "mobile/anonymous", Stage.NONE, 0.40));
        for (Decision d : in) {
            harness.processElement(d, d.eventTs());
        }

        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(in);
        assertThat(clicks("desktop/logged_in")).isEqualTo(4);
        assertThat(invalid("desktop/logged_in", "givt")).isZero();
        assertThat(invalid("desktop/logged_in", "sivt")).isEqualTo(1);
        assertThat(ivr("desktop/logged_in")).isEqualTo(0.25);
        assertThat(clicks("mobile/anonymous")).isEqualTo(4);
        assertThat(invalid("mobile/anonymous", "givt")).isEqualTo(2);
        assertThat(invalid("mobile/anonymous", "sivt")).isEqualTo(1);
        assertThat(ivr("mobile/anonymous")).isEqualTo(0.75);
        assertThat(clicks("app/logged_in")).isZero();
    }

    @Test
    void ivrCoversTheLastFiveMinutesOfProcessingTime() throws Exception {
        harness.processElement(scored("a", "app/anonymous", Stage.NONE, 0.1), 1L);
        harness.processElement(scored("b", "app/anonymous", Stage.SIVT, 0.9), 1L);
        NOW.set(T0 + Duration.ofMinutes(3).toMillis());
        harness.processElement(scored("c", "app/anonymous", Stage.SIVT, 0.9), 2L);
        harness.processElement(givt("d", "app/anonymous"), 2L);

        assertThat(ivr("app/anonymous")).isEqualTo(0.75);

        NOW.set(T0 + Duration.ofMinutes(5).plusSeconds(10).toMillis());
        assertThat(ivr("app/anonymous")).as("the first two clicks left the window").isEqualTo(1.0);

        NOW.set(T0 + Duration.ofMinutes(9).toMillis());
        assertThat(ivr("app/anonymous")).as("nothing in the window").isNaN();
        assertThat(clicks("app/anonymous")).as("the counter is cumulative").isEqualTo(4);
    }

    @Test
    void scoreHistogramHoldsTheScoredClicksOfItsSliceInPerMille() throws Exception {
        double[] scores = {0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95};
        int i = 0;
        for (double score : scores) {
            Stage stage = score >= 0.9 ? Stage.SIVT : Stage.NONE;
            harness.processElement(scored("s" + i++, "other/logged_in", stage, score), 1L);
        }
        harness.processElement(givt("g", "other/logged_in"), 1L);

        Histogram h =
                metrics.get(
                        DecisionMetrics.SCORES,
                        Map.of("slice", "other/logged_in"),
                        Histogram.class);
        assertThat(h.getCount()).as("the GIVT click has no score").isEqualTo(10);
        assertThat(h.getStatistics().getMin()).isEqualTo(50);
        assertThat(h.getStatistics().getMax()).isEqualTo(950);
        assertThat(h.getStatistics().getMean()).isCloseTo(500, within(1e-9));
        // nearest rank: the 5th of 10 values, 450, within one 10-per-mille bin
        assertThat(h.getStatistics().getQuantile(0.5)).isCloseTo(450, within(10.0));
        assertThat(clicks("other/logged_in")).isEqualTo(11);
    }

    @Test
    void givesADecisionOfAnUnknownSliceItsOwnMetrics() throws Exception {
        harness.processElement(scored("x", "all", Stage.SIVT, 0.99), 1L);

        assertThat(clicks("all")).isEqualTo(1);
        assertThat(invalid("all", "sivt")).isEqualTo(1);
    }

    private long clicks(String slice) {
        return metrics.get(DecisionMetrics.CLICKS, Map.of("slice", slice), Counter.class)
                .getCount();
    }

    private long invalid(String slice, String stage) {
        return metrics.get(
                        DecisionMetrics.INVALID,
                        Map.of("slice", slice, "stage", stage),
                        Counter.class)
                .getCount();
    }

    @SuppressWarnings("unchecked")
    private double ivr(String slice) {
        return ((Gauge<Double>)
                        metrics.get(DecisionMetrics.IVR, Map.of("slice", slice), Gauge.class))
                .getValue();
    }

    private static Decision scored(String id, String slice, Stage stage, double score) {
        return new Decision(
                id,
                T0,
                T0 + 5,
                stage != Stage.NONE,
                stage,
                stage == Stage.SIVT ? List.of("user_clicks_1m") : List.of(),
                score,
                0.9,
                slice,
                "m1",
                "c1",
                "v2",
                new float[] {1f, 2f},
                0,
                null);
    }

    private static Decision givt(String id, String slice) {
        return Decision.givt(id, T0, T0 + 1, List.of("declared_robot"), slice);
    }
}
