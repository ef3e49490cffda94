package dev.slidr.bench.run;

import dev.slidr.inference.flink.LatencyHistogram;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Hands the job's processing-latency histograms ({@link LatencyHistogram}, one per deciding
 * subtask) to the benchmark that runs the job in this process: a Flink metric reporter, configured
 * into the MiniCluster with {@link #configure}, that keeps every such histogram registered under
 * the harvest's id; {@link #merged()} adds up their snapshots.
 *
 * <pre>{@code
 * LatencyHarvest harvest = LatencyHarvest.create();
 * harvest.configure(conf);        // before the job's environment is built
 * ... run the job ...
 * Histogram all = harvest.merged(); // microseconds, every subtask
 * }</pre>
 */
public final class LatencyHarvest implements AutoCloseable {

    static final String REPORTER = "slidrbench";
    private static final String ID_KEY = "harvest-id";

    // the reporter is created by Flink from its factory class name, so it finds its harvest here
    private static final Map<String, LatencyHarvest> OPEN = new ConcurrentHashMap<>();

    private final String id;
    private final List<LatencyHistogram> histograms = new CopyOnWriteArrayList<>();

    private LatencyHarvest(String id) {
        this.id = id;
    }

    /** A new harvest, open until {@link #close()}. */
    public static LatencyHarvest create() {
        LatencyHarvest harvest = new LatencyHarvest(UUID.randomUUID().toString());
        OPEN.put(harvest.id, harvest);
        return harvest;
    }

    /** Registers the reporter in a job (MiniCluster) configuration. */
    public void configure(Configuration conf) {
        String prefix = "metrics.reporter." + REPORTER + ".";
        conf.setString(prefix + "factory.class", Factory.class.getName());
        conf.setString(prefix + ID_KEY, id);
    }

    /** How many subtask histograms have been registered. */
    public int histogramCount() {
        return histograms.size();
    }

    /** Every latency recorded so far by every subtask, in microseconds. */
    public Histogram merged() {
        Histogram all = new Histogram(3);
        all.setAutoResize(true);
        for (LatencyHistogram h : histograms) {
            all.add(h.snapshot());
        }
        return all;
    }

    @Override
    public void close() {
        OPEN.remove(id);
    }

    /** The reporter Flink instantiates; it only collects, it never reports anywhere. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new Reporter(properties.getProperty(ID_KEY));
        }
    }

    private static final class Reporter implements MetricReporter {

        private final String id;

        Reporter(String id) {
            this.id = id;
        }

        @Override
        public void open(MetricConfig config) {}

        @Override
        public void close() {}

        @Override
        public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
            LatencyHarvest harvest = id == null ? null : OPEN.get(id);
            if (harvest != null
                    && LatencyHistogram.METRIC_NAME.equals(name)
                    && metric instanceof LatencyHistogram latency) {
                harvest.histograms.add(latency);
            }
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            // keep the histogram: the bench reads it after the job ends
        }
    }
}
