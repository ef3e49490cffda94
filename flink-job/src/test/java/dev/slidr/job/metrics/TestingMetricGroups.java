package dev.slidr.job.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;

/**
 * A task metric group whose registry keeps every metric registered under it, with its name and its
 * group's variables (key/value groups included), so that a harness test can read an operator's
 * metrics the way a reporter sees them.
 */
public final class TestingMetricGroups {

    /** One registered metric. */
    public record Registered(Metric metric, String name, Map<String, String> variables) {}

    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final TaskMetricGroup task;

    public TestingMetricGroups() {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) ->
                                        registered.add(
                                                new Registered(
                                                        metric,
                                                        name,
                                                        new java.util.HashMap<>(
                                                                group.getAllVariables()))))
                        .build();
        task =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "job")
                        .addTask(ExecutionAttemptID.randomId(), "task");
    }

    /** The group to hand to the harness's environment. */
    public TaskMetricGroup taskGroup() {
        return task;
    }

    /**
     * The metric {@code name} whose group carries every one of {@code labels} (keys without Flink's
     * angle brackets, e.g. {@code slice}).
     */
    public <M extends Metric> Optional<M> find(
            String name, Map<String, String> labels, Class<M> type) {
        List<Registered> matches =
                registered.stream()
                        .filter(r -> r.name().equals(name) && carries(r, labels))
                        .collect(Collectors.toList());
        if (matches.size() > 1) {
            throw new IllegalStateException(
                    matches.size() + " metrics match " + name + " " + labels + ": " + matches);
        }
        return matches.stream().findFirst().map(r -> type.cast(r.metric()));
    }

    private static boolean carries(Registered r, Map<String, String> labels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(r.variables().get("<" + label.getKey() + ">"))) {
                return false;
            }
        }
        return true;
    }

    /** The metric, which must exist. */
    public <M extends Metric> M get(String name, Map<String, String> labels, Class<M> type) {
        return find(name, labels, type)
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no metric "
                                                + name
                                                + " with "
                                                + labels
                                                + "; registered: "
                                                + names()));
    }

    /** Every registered metric with its user-defined labels, for failure messages. */
    public String names() {
        return registered.stream()
                .map(r -> r.name() + userLabels(r))
                .collect(Collectors.joining(", "));
    }

    private static Map<String, String> userLabels(Registered r) {
        return r.variables().entrySet().stream()
                .filter(e -> !SYSTEM_VARIABLES.contains(e.getKey()))
                .collect(
                        java.util.TreeMap::new,
                        (m, e) -> m.put(e.getKey(), e.getValue()),
                        Map::putAll);
    }

    private static final java.util.Set<String> SYSTEM_VARIABLES =
            java.util.Set.of(
                    "<host>",
                    "<tm_id>",
                    "<job_id>",
                    "<job_name>",
                    "<task_id>",
                    "<task_name>",
                    "<task_attempt_id>",
                    "<task_attempt_num>",
                    "<subtask_index>",
                    "<operator_id>",
                    "<operator_name>");
}
