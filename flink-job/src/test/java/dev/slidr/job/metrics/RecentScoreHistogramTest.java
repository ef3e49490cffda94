package dev.slidr.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.apache.flink.metrics.HistogramStatistics;
import org.junit.jupiter.api.Test;

/** The windowed fixed-bin score histogram against exact statistics of the same scores. */
class RecentScoreHistogramTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration SLOT = Duration.ofSeconds(10);

    @Property(tries = 200)
    void quantilesAreWithinOneBinOfTheExactOnesAndMomentsAreExact(
            @ForAll @Size(min = 1, max = 400) List<@DoubleRange(min = 0, max = 1) Double> scores) {
        AtomicLong now = new AtomicLong(1_000_000L);
        RecentScoreHistogram histogram = new RecentScoreHistogram(WINDOW, SLOT, now::get);
        long[] values = new long[scores.size()];
        for (int i = 0; i < values.length; i++) {
            histogram.recordScore(scores.get(i));
            values[i] = Math.round(scores.get(i) * 1000);
            now.addAndGet(500);
        }
        Arrays.sort(values);
        HistogramStatistics stats = histogram.getStatistics();

        assertThat(histogram.getCount()).isEqualTo(values.length);
        assertThat(stats.size()).isEqualTo(values.length);
        assertThat(stats.getMin()).isEqualTo(values[0]);
        assertThat(stats.getMax()).isEqualTo(values[values.length - 1]);
        double mean = Arrays.stream(values).average().orElseThrow();
        assertThat(stats.getMean()).isCloseTo(mean, within(1e-6));
        double variance =
                Arrays.stream(values).mapToDouble(v -> (v - mean) * (v - mean)).sum()
                        / values.length;
        assertThat(stats.getStdDev()).isCloseTo(Math.sqrt(variance), within(1e-3));
        for (double q : new double[] {0.01, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999}) {
            long exact =
                    values[(int) Math.min(values.length - 1, Math.ceil(q * values.length) - 1)];
            assertThat(stats.getQuantile(q))
                    .as("quantile %s", q)
                    .isCloseTo(exact, within((double) RecentScoreHistogram.BIN_WIDTH));
        }
        assertThat(stats.getValues()).hasSize(Math.min(values.length, 1000)).isSorted();
    }

    @Test
    void forgetsScoresOlderThanTheWindow() {
        AtomicLong now = new AtomicLong(0);
        RecentScoreHistogram histogram = new RecentScoreHistogram(WINDOW, SLOT, now::get);
        histogram.recordScore(0.9);
        histogram.recordScore(0.8);
        now.set(Duration.ofMinutes(4).toMillis());
        histogram.recordScore(0.1);

        assertThat(histogram.getCount()).isEqualTo(3);
        assertThat(histogram.getStatistics().getMax()).isEqualTo(900);

        now.set(Duration.ofMinutes(5).plusSeconds(1).toMillis());
        assertThat(histogram.getCount()).isEqualTo(1);
        assertThat(histogram.getStatistics().getMax()).isEqualTo(100);

        now.set(Duration.ofMinutes(30).toMillis());
        assertThat(histogram.getCount()).isZero();
        assertThat(histogram.getStatistics().getQuantile(0.5)).isNaN();
        assertThat(histogram.getStatistics().getValues()).isEmpty();
    }

    @Test
    void reusesASlotForALaterIntervalWithoutItsOldCounts() {
        AtomicLong now = new AtomicLong(0);
        RecentScoreHistogram histogram = new RecentScoreHistogram(WINDOW, SLOT, now::get);
        histogram.recordScore(0.5);
        // the same ring slot, one window later
        now.set(WINDOW.toMillis());
        histogram.recordScore(0.7);

        assertThat(histogram.getCount()).isEqualTo(1);
        assertThat(histogram.getStatistics().getMin()).isEqualTo(700);
    }

    @Test
    void skipsUnscoredClicksAndClampsOutOfRangeValues() {
        RecentScoreHistogram histogram = new RecentScoreHistogram(WINDOW, SLOT, () -> 0L);
        histogram.recordScore(Double.NaN);
        histogram.update(-5);
        histogram.update(5000);

        assertThat(histogram.getCount()).isEqualTo(2);
        assertThat(histogram.getStatistics().getMin()).isZero();
        assertThat(histogram.getStatistics().getMax()).isEqualTo(1000);
    }

    @Test
    void refusesAWindowThatIsNotAMultipleOfItsSlot() {
        assertThatThrownBy(
                        () ->
                                new RecentScoreHistogram(
                                        Duration.ofSeconds(25), Duration.ofSeconds(10), () -> 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple");
    }
}
