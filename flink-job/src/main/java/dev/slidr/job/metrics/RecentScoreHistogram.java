package dev.slidr.job.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * The distribution of model scores over a recent sliding window of processing time, as a Flink
 * {@link Histogram} of scores in per-mille ({@code 0..1000}: a score of 0.873 is recorded as 873).
 *
 * <p>Hand-written on purpose: Flink's {@code DescriptiveStatisticsHistogram} keeps the last N
 * values (a window of clicks, not of time, that spans seconds on a busy slice and hours on a quiet
 * one) and sorts them on every report; HdrHistogram has no time window of its own. Scores live in a
 * closed range, so fixed bins are exact enough and cost O(1) per update and fixed memory: {@value
 * #BINS} bins of 10 per-mille per slot, 30 slots per window by default (about 24 KiB per slice).
 * Quantiles are interpolated inside a bin (error at most 10 per-mille, i.e. 0.01 of score) and
 * clamped to the exact minimum and maximum; count, mean and standard deviation are exact.
 *
 * <p>The task thread updates and the reporter thread reads, so both synchronize on the histogram.
 */
public final class RecentScoreHistogram implements Histogram {

    /** The largest value: a score of 1.0. */
    public static final int MAX_VALUE = 1000;

    static final int BIN_WIDTH = 10;
    static final int BINS = MAX_VALUE / BIN_WIDTH + 1;

    /** At most this many values come out of {@link HistogramStatistics#getValues()}. */
    static final int MAX_SAMPLE = 1000;

    private final SlidingSlots slots;
    private final LongSupplier clock;
    private final long[][] bins;
    private final long[] counts;
    private final double[] sums;
    private final double[] squares;
    private final long[] mins;
    private final long[] maxes;

    /**
     * @param window the span of the window
     * @param slotWidth its granularity ({@code window} a multiple of it)
     * @param clock milliseconds of processing time
     */
    public RecentScoreHistogram(Duration window, Duration slotWidth, LongSupplier clock) {
        this.slots = new SlidingSlots(window, slotWidth);
        this.clock = clock;
        int n = slots.size();
        bins = new long[n][BINS];
        counts = new long[n];
        sums = new double[n];
        squares = new double[n];
        mins = new long[n];
        maxes = new long[n];
    }

    /**
     * Records a score in {@code [0, 1]}; {@code NaN} (a click that was never scored) is skipped.
     */
    public void recordScore(double score) {
        if (!Double.isNaN(score)) {
            update(Math.round(score * MAX_VALUE));
        }
    }

    /** Records a value in per-mille; values outside {@code 0..1000} are clamped into it. */
    @Override
    public synchronized void update(long value) {
        long v = Math.max(0, Math.min(MAX_VALUE, value));
        int slot = slots.advance(clock.getAsLong(), this::clear);
        bins[slot][(int) (v / BIN_WIDTH)]++;
        if (counts[slot] == 0 || v < mins[slot]) {
            mins[slot] = v;
        }
        if (counts[slot] == 0 || v > maxes[slot]) {
            maxes[slot] = v;
        }
        counts[slot]++;
        sums[slot] += v;
        squares[slot] += (double) v * v;
    }

    private void clear(int slot) {
        Arrays.fill(bins[slot], 0);
        counts[slot] = 0;
        sums[slot] = 0;
        squares[slot] = 0;
    }

    /** The number of values in the window. */
    @Override
    public synchronized long getCount() {
        long now = clock.getAsLong();
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (slots.live(i, now)) {
                total += counts[i];
            }
        }
        return total;
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
        long now = clock.getAsLong();
        long[] merged = new long[BINS];
        long count = 0;
        double sum = 0;
        double square = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < counts.length; i++) {
            if (slots.live(i, now) && counts[i] > 0) {
                for (int b = 0; b < BINS; b++) {
                    merged[b] += bins[i][b];
                }
                count += counts[i];
                sum += sums[i];
                square += squares[i];
                min = Math.min(min, mins[i]);
                max = Math.max(max, maxes[i]);
            }
        }
        return new Statistics(merged, count, sum, square, min, max);
    }

    /** An immutable snapshot of the window's bins. */
    private static final class Statistics extends HistogramStatistics {

        private final long[] bins;
        private final long count;
        private final double sum;
        private final double square;
        private final long min;
        private final long max;

        Statistics(long[] bins, long count, double sum, double square, long min, long max) {
            this.bins = bins;
            this.count = count;
            this.sum = sum;
            this.square = square;
            this.min = count == 0 ? 0 : min;
            this.max = count == 0 ? 0 : max;
        }

        @Override
        public double getQuantile(double quantile) {
            if (count == 0) {
                return Double.NaN;
            }
            double q = Math.max(0, Math.min(1, quantile));
            double rank = q * count;
            long before = 0;
            for (int b = 0; b < BINS; b++) {
                long inBin = bins[b];
                if (inBin > 0 && before + inBin >= rank) {
                    double lower = (double) b * BIN_WIDTH;
                    double upper = Math.min(lower + BIN_WIDTH, MAX_VALUE);
                    double value = lower + (rank - before) / inBin * (upper - lower);
                    return Math.max(min, Math.min(max, value));
                }
                before += inBin;
            }
            return max;
        }

        /**
         * A sample that stands for the window: the values at {@code min(count, 1000)} evenly spaced
         * quantiles, so that a report never allocates one entry per click.
         */
        @Override
        public long[] getValues() {
            int n = (int) Math.min(count, MAX_SAMPLE);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = Math.round(getQuantile((i + 0.5) / n));
            }
            return values;
        }

        /** The number of values the statistics describe (saturated at {@code int}). */
        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, count);
        }

        @Override
        public double getMean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        @Override
        public double getStdDev() {
            if (count == 0) {
                return Double.NaN;
            }
            double mean = sum / count;
            return Math.sqrt(Math.max(0, square / count - mean * mean));
        }

        @Override
        public long getMax() {
            return max;
        }

        @Override
        public long getMin() {
            return min;
        }
    }
}
