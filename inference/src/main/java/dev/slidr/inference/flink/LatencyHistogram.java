package dev.slidr.inference.flink;

import dev.slidr.feature.flink.IngestedClick;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.MetricGroup;

/**
 * The job's processing-latency metric: a Flink {@link org.apache.flink.metrics.Histogram} backed by
 * HdrHistogram, recording, in microseconds, how long each click took from the moment the job read
 * it to the moment its decision was produced. Registered as {@link #METRIC_NAME} by every operator
 * that produces decisions.
 *
 * <p>Why not Flink's {@code DescriptiveStatisticsHistogram}: it keeps a sliding window of the last
 * N raw values (N is typically a few hundred to a few thousand), so at 10,000 clicks/s its p99.9 is
 * the maximum of the last second or less, and sorting the window on every report is costly.
 * HdrHistogram keeps every value since the subtask started in fixed memory, at three significant
 * digits, so a p99.9 over millions of clicks is exact to 0.1%, and histograms of several subtasks
 * can be merged without losing the tail ({@link #snapshot()}).
 *
 * <p>The task thread records through a {@link Recorder} (wait-free); readers (metric reporters on
 * their own threads) fold its intervals into a cumulative histogram under this object's lock.
 */
public final class LatencyHistogram implements org.apache.flink.metrics.Histogram {

    /** Name of the metric in each deciding operator's group. */
    public static final String METRIC_NAME = "slidrProcessingLatencyMicros";

    /** Largest latency tracked exactly: one hour; longer ones are recorded as one hour. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram cumulative = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    /** Registers a new histogram as {@link #METRIC_NAME} in {@code group}. */
    public static LatencyHistogram register(MetricGroup group) {
        return group.histogram(METRIC_NAME, new LatencyHistogram());
    }

    /**
     * Records the latency of a click read at {@code readMicros} and decided at {@code nowMicros};
     * clicks with no read time ({@link IngestedClick#NO_READ_TIME}) are skipped. A negative
     * difference (wall clocks of two task managers out of step) counts as zero.
     */
    public void recordDecision(long readMicros, long nowMicros) {
        if (readMicros == IngestedClick.NO_READ_TIME) {
            return;
        }
        update(nowMicros - readMicros);
    }

    @Override
    public void update(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 0L), HIGHEST_MICROS));
    }

    @Override
    public synchronized long getCount() {
        fold();
        return cumulative.getTotalCount();
    }

    @Override
    public HistogramStatistics getStatistics() {
        return new Statistics(snapshot());
    }

    /**
     * A copy of every latency recorded so far, in microseconds; copies of several subtasks merge
     * with {@link Histogram#add}.
     */
    public synchronized Histogram snapshot() {
        fold();
        return cumulative.copy();
    }

    private void fold() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
    }

    /** Flink's view of one snapshot. */
    private static final class Statistics extends HistogramStatistics {

        private final Histogram histogram;

        Statistics(Histogram histogram) {
            this.histogram = histogram;
        }

        @Override
        public double getQuantile(double quantile) {
            return histogram.getValueAtPercentile(quantile * 100.0);
        }

        @Override
        public long[] getValues() {
            // Flink asks for raw values only to print them; HdrHistogram keeps counts per bucket,
            // so each recorded value is returned as its bucket's representative value.
            long total = histogram.getTotalCount();
            long[] values = new long[(int) Math.min(total, 1_000_000L)];
            int i = 0;
            for (var bucket : histogram.recordedValues()) {
                for (long n = 0; n < bucket.getCountAtValueIteratedTo() && i < values.length; n++) {
                    values[i++] = bucket.getValueIteratedTo();
                }
            }
            return values;
        }

        @Override
        public int size() {
            return (int) Math.min(histogram.getTotalCount(), Integer.MAX_VALUE);
        }

        @Override
        public double getMean() {
            return histogram.getMean();
        }

        @Override
        public double getStdDev() {
            return histogram.getStdDeviation();
        }

        @Override
        public long getMax() {
            return histogram.getMaxValue();
        }

        @Override
        public long getMin() {
            return histogram.getMinValue();
        }
    }
}
