package dev.slidr.inference.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.feature.flink.IngestedClick;
import org.apache.flink.metrics.HistogramStatistics;
import org.junit.jupiter.api.Test;

/** {@link LatencyHistogram}: what it records, skips and clamps, and its Flink statistics. */
class LatencyHistogramTest {

    @Test
    void keepsTheTailOfManyValuesToThreeDigits() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 100_000; i++) {
            histogram.update(i);
        }
        HistogramStatistics stats = histogram.getStatistics();
        assertThat(histogram.getCount()).isEqualTo(100_000);
        assertThat(stats.size()).isEqualTo(100_000);
        assertThat(stats.getQuantile(0.5)).isBetween(49_950.0, 50_050.0);
        assertThat(stats.getQuantile(0.999)).isBetween(99_800.0, 100_000.0);
        assertThat(stats.getMax()).isBetween(99_950L, 100_100L);
        assertThat(stats.getMin()).isEqualTo(1);
        assertThat(stats.getMean()).isBetween(49_950.0, 50_050.0);
    }

    @Test
    void skipsClicksWithoutReadTimeAndClampsClockSkew() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordDecision(IngestedClick.NO_READ_TIME, 5_000_000);
        histogram.recordDecision(2_000_000, 1_999_000);
        histogram.recordDecision(1_000_000, 1_000_250);
        histogram.update(Long.MAX_VALUE);
        assertThat(histogram.getCount()).isEqualTo(3);
        assertThat(histogram.snapshot().getMinValue()).isZero();
        assertThat(histogram.getStatistics().getMax())
                .isGreaterThanOrEqualTo(LatencyHistogram.HIGHEST_MICROS);
        assertThat(histogram.getStatistics().getValues()).hasSize(3).contains(0L);
    }

    @Test
    void snapshotsOfSubtasksMerge() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.update(100);
        b.update(10_000);
        org.HdrHistogram.Histogram merged = a.snapshot();
        merged.add(b.snapshot());
        assertThat(merged.getTotalCount()).isEqualTo(2);
        assertThat(merged.getMaxValue()).isBetween(9_990L, 10_010L);
        // a snapshot is a copy: later updates do not change it
        a.update(1);
        assertThat(merged.getTotalCount()).isEqualTo(2);
        assertThat(a.getCount()).isEqualTo(2);
    }
}
