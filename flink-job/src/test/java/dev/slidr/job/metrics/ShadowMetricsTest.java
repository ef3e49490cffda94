package dev.slidr.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.inference.flink.ShadowScore;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.time.Duration;
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

/** The shadow model's per-slice metrics, read from the operator's metric group. */
class ShadowMetricsTest {

    private static final AtomicLong NOW = new AtomicLong();
    private static final long T0 = 1_780_000_000_000L;

    private TestingMetricGroups metrics;
    private MockEnvironment environment;
    private OneInputStreamOperatorTestHarness<ShadowScore, ShadowScore> harness;

    @BeforeEach
    void open() throws Exception {
        NOW.set(T0);
        metrics = new TestingMetricGroups();
        environment = new MockEnvironmentBuilder().setMetricGroup(metrics.taskGroup()).build();
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(
                                new ShadowMetrics(Slicing.DEVICE_AND_LOGIN, () -> NOW.get())),
                        ShadowScore.TYPE_INFO.createSerializer(new SerializerConfigImpl()),
                        environment);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        environment.close();
    }

    @Test
    void registersEverySliceUpFrontSoQuietSlicesReportZero() {
        for (Slice slice : Slicing.DEVICE_AND_LOGIN.slices()) {
            assertThat(counter(ShadowMetrics.CLICKS, slice.name())).isZero();
            assertThat(counter(ShadowMetrics.DISAGREEMENTS, slice.name())).isZero();
            assertThat(gauge(ShadowMetrics.IVR, slice.name())).isNaN();
            assertThat(gauge(ShadowMetrics.DISAGREEMENT, slice.name())).isNaN();
        }
    }

    @Test
    void countsTheShadowsIvrAndItsDisagreementsWithTheEmittedDecisionsPerSlice() throws Exception {
        List<ShadowScore> in =
                List.of(
                        score("desktop/logged_in", false, true, 0.95),
                        score("desktop/logged_in", false, false, 0.10),
                        score("desktop/logged_in", true, true, 0.99),
                        score("desktop/logged_in", true, false, 0.40),
                        score("mobile/anonymous", false, false, 0.20));
        for (ShadowScore s : in) {
            harness.processElement(s, s.eventTs());
        }

        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(in);
        assertThat(counter(ShadowMetrics.CLICKS, "desktop/logged_in")).isEqualTo(4);
        assertThat(counter(ShadowMetrics.INVALID, "desktop/logged_in")).isEqualTo(2);
        assertThat(counter(ShadowMetrics.DISAGREEMENTS, "desktop/logged_in")).isEqualTo(2);
        assertThat(gauge(ShadowMetrics.IVR, "desktop/logged_in")).isEqualTo(0.5);
        assertThat(gauge(ShadowMetrics.DISAGREEMENT, "desktop/logged_in")).isEqualTo(0.5);
        assertThat(gauge(ShadowMetrics.IVR, "mobile/anonymous")).isEqualTo(0.0);
        assertThat(gauge(ShadowMetrics.DISAGREEMENT, "mobile/anonymous")).isEqualTo(0.0);
        Histogram h =
                metrics.get(
                        ShadowMetrics.SCORES,
                        Map.of("slice", "desktop/logged_in"),
                        Histogram.class);
        assertThat(h.getCount()).isEqualTo(4);
        assertThat(h.getStatistics().getMin()).isEqualTo(100);
        assertThat(h.getStatistics().getMax()).isEqualTo(990);
    }

    @Test
    void theRecentSharesForgetClicksOlderThanFiveMinutes() throws Exception {
        harness.processElement(score("app/anonymous", false, true, 0.9), 1L);
        NOW.set(T0 + Duration.ofMinutes(4).toMillis());
        harness.processElement(score("app/anonymous", false, false, 0.1), 2L);
        assertThat(gauge(ShadowMetrics.DISAGREEMENT, "app/anonymous")).isEqualTo(0.5);

        NOW.set(T0 + Duration.ofMinutes(5).plusSeconds(10).toMillis());
        assertThat(gauge(ShadowMetrics.DISAGREEMENT, "app/anonymous")).isEqualTo(0.0);
        assertThat(counter(ShadowMetrics.DISAGREEMENTS, "app/anonymous")).isEqualTo(1);
    }

    private long counter(String name, String slice) {
        return metrics.get(name, Map.of("slice", slice), Counter.class).getCount();
    }

    @SuppressWarnings("unchecked")
    private double gauge(String name, String slice) {
        return ((Gauge<Double>) metrics.get(name, Map.of("slice", slice), Gauge.class)).getValue();
    }

    private static ShadowScore score(
            String slice, boolean activeInvalid, boolean shadowInvalid, double score) {
        return new ShadowScore(slice, "m2", "m1", activeInvalid, shadowInvalid, score, T0);
    }
}
