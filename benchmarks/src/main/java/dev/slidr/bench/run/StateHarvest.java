package dev.slidr.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The state and checkpoint sizes of a job the benchmark runs in this process: a Flink metric
 * reporter, configured into the MiniCluster with {@link #configure}, that keeps the job's
 * checkpoint gauges ({@code lastCheckpointSize}, {@code lastCheckpointFullSize}, ...) and the
 * RocksDB native gauges of every stateful subtask and column family (estimated keys, live data, SST
 * files). {@link #sample()} follows the checkpoints while the job runs (each completed one once);
 * {@link #figures()} reads what the capacity plan needs.
 */
final class StateHarvest implements AutoCloseable {

    static final String REPORTER = "slidrstate";
    private static final String ID_KEY = "harvest-id";
    private static final List<String> NATIVE =
            List.of("estimate-num-keys", "estimate-live-data-size", "total-sst-files-size");

    // the reporter is created by Flink from its factory class name, so it finds its harvest here
    private static final Map<String, StateHarvest> OPEN = new ConcurrentHashMap<>();

    private final String id;
    private final Map<String, Gauge<?>> checkpoint = new ConcurrentHashMap<>();
    private final List<NativeGauge> natives = new CopyOnWriteArrayList<>();
    private final List<long[]> completed = new ArrayList<>();
    private long lastId = -1;

    private record NativeGauge(
            String task, String subtask, String family, String name, Gauge<?> gauge) {}

    private StateHarvest(String id) {
        this.id = id;
    }

    /** A new harvest, open until {@link #close()}. */
    static StateHarvest create() {
        StateHarvest harvest = new StateHarvest(UUID.randomUUID().toString());
        OPEN.put(harvest.id, harvest);
        return harvest;
    }

    /**
     * Registers the reporter in a job (MiniCluster) configuration and switches on the three RocksDB
     * size properties (read by Flink every few seconds, not per record).
     */
    void configure(Configuration conf) {
        String prefix = "metrics.reporter." + REPORTER + ".";
        conf.setString(prefix + "factory.class", Factory.class.getName());
        conf.setString(prefix + ID_KEY, id);
        for (String property : NATIVE) {
            conf.setString("state.backend.rocksdb.metrics." + property, "true");
        }
    }

    /** Notes the latest completed checkpoint's sizes if it is one not seen before. */
    synchronized void sample() {
        long latest = number("lastCompletedCheckpointId");
        if (latest > lastId && latest >= 0) {
            lastId = latest;
            completed.add(
                    new long[] {
                        latest,
                        number("lastCheckpointSize"),
                        number("lastCheckpointFullSize"),
                        number("lastCheckpointDuration")
                    });
        }
    }

    /**
     * The checkpoints seen by {@link #sample()} (count, incremental and full sizes, durations) and
     * the RocksDB estimates now, per stateful task and column family (summed over subtasks).
     */
    synchronized Map<String, Object> figures() {
        sample();
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put("completed", completed.size());
        long maxFull = 0;
        long maxIncremental = 0;
        long sumIncremental = 0;
        long maxDuration = 0;
        for (long[] c : completed) {
            maxIncremental = Math.max(maxIncremental, c[1]);
            sumIncremental += c[1];
            maxFull = Math.max(maxFull, c[2]);
            maxDuration = Math.max(maxDuration, c[3]);
        }
        long[] last = completed.isEmpty() ? null : completed.get(completed.size() - 1);
        cp.put("last_full_bytes", last == null ? null : last[2]);
        cp.put("last_incremental_bytes", last == null ? null : last[1]);
        cp.put("max_full_bytes", maxFull);
        cp.put("max_incremental_bytes", maxIncremental);
        cp.put(
                "mean_incremental_bytes",
                completed.isEmpty() ? null : sumIncremental / completed.size());
        cp.put("max_duration_ms", maxDuration);
        result.put("checkpoints", cp);
        // task -> family -> property -> sum over subtasks
        Map<String, Map<String, Map<String, Long>>> state = new TreeMap<>();
        Map<String, Set<String>> subtasks = new TreeMap<>();
        for (NativeGauge n : natives) {
            Object v = n.gauge().getValue();
            if (!(v instanceof Number number)) {
                continue;
            }
            state.computeIfAbsent(n.task(), t -> new TreeMap<>())
                    .computeIfAbsent(n.family(), f -> new TreeMap<>())
                    .merge(n.name(), number.longValue(), Long::sum);
            subtasks.computeIfAbsent(n.task(), t -> new TreeSet<>()).add(n.subtask());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        state.forEach(
                (task, families) ->
                        families.forEach(
                                (family, props) -> {
                                    Map<String, Object> row = new LinkedHashMap<>();
                                    row.put("task", task);
                                    row.put("subtasks", subtasks.get(task).size());
                                    row.put("state", family);
                                    row.put("keys", props.get("estimate-num-keys"));
                                    row.put("live_bytes", props.get("estimate-live-data-size"));
                                    row.put("sst_bytes", props.get("total-sst-files-size"));
                                    rows.add(row);
                                }));
        result.put("rocksdb", rows);
        return result;
    }

    private long number(String name) {
        Gauge<?> g = checkpoint.get(name);
        Object v = g == null ? null : g.getValue();
        return v instanceof Number n ? n.longValue() : -1;
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

        private static final List<String> CHECKPOINT =
                List.of(
                        "lastCompletedCheckpointId",
                        "lastCheckpointSize",
                        "lastCheckpointFullSize",
                        "lastCheckpointDuration");

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
            StateHarvest harvest = id == null ? null : OPEN.get(id);
            if (harvest == null || !(metric instanceof Gauge<?> gauge)) {
                return;
            }
            if (CHECKPOINT.contains(name)) {
                harvest.checkpoint.put(name, gauge);
                return;
            }
            for (String property : NATIVE) {
                if (name.endsWith(property)) {
                    Map<String, String> vars = group.getAllVariables();
                    String[] scope = group.getScopeComponents();
                    harvest.natives.add(
                            new NativeGauge(
                                    vars.getOrDefault("<task_name>", "?"),
                                    vars.getOrDefault("<subtask_index>", "?"),
                                    scope.length == 0 ? "?" : scope[scope.length - 1],
                                    property,
                                    gauge));
                }
            }
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            // keep the gauges' last values readable until the round's figures are taken
        }
    }
}
