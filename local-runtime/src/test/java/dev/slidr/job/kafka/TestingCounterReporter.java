package dev.slidr.job.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for MiniCluster tests: keeps every counter the job registers, so a test can
 * read a counter's total over all subtasks (and restarts) after the job has finished.
 */
public final class TestingCounterReporter implements MetricReporter {

    private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();

    /** Adds this reporter to a MiniCluster configuration. */
    static Configuration register(Configuration conf) {
        conf.setString(
                "metrics.reporter.testing." + MetricOptions.REPORTER_FACTORY_CLASS.key(),
                Factory.class.getName());
        return conf;
    }

    /** The sum of every counter registered as {@code group.name} (group: the last group). */
    static long total(String group, String name) {
        return COUNTERS.getOrDefault(group + "." + name, List.of()).stream()
                .mapToLong(Counter::getCount)
                .sum();
    }

    /** Every counter key seen, for failure messages. */
    static String names() {
        return new java.util.TreeSet<>(COUNTERS.keySet()).toString();
    }

    static void clear() {
        COUNTERS.clear();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter) {
            String identifier = group.getMetricIdentifier(name);
            String[] parts = identifier.split("\\.");
            String key = parts.length < 2 ? identifier : parts[parts.length - 2] + "." + name;
            COUNTERS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept on purpose: the test reads the counts after the job (and its tasks) finished
    }

    /** Creates the reporter; named in the MiniCluster configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new TestingCounterReporter();
        }
    }
}
