package dev.slidr.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;

/** The bench's state harvest: each checkpoint counted once, RocksDB estimates summed by task. */
class StateHarvestTest {

    @Test
    void configuringSwitchesOnTheReporterAndTheRocksDbSizeProperties() {
        try (StateHarvest harvest = StateHarvest.create()) {
            Configuration conf = new Configuration();
            harvest.configure(conf);

            assertThat(conf.toMap())
                    .containsEntry(
                            "metrics.reporter.slidrstate.factory.class",
                            StateHarvest.Factory.class.getName())
                    .containsEntry("state.backend.rocksdb.metrics.estimate-num-keys", "true")
                    .containsEntry("state.backend.rocksdb.metrics.estimate-live-data-size", "true")
                    .containsEntry("state.backend.rocksdb.metrics.total-sst-files-size", "true");
        }
    }

    @Test
    void flinkFindsTheReporterFactoryAsAService() {
        assertThat(ServiceLoader.load(MetricReporterFactory.class).stream())
                .anyMatch(p -> p.type() == StateHarvest.Factory.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachCompletedCheckpointIsCountedOnceWithItsSizes() {
        try (StateHarvest harvest = StateHarvest.create()) {
            MetricReporter reporter = reporterOf(harvest);
            AtomicLong id = new AtomicLong(-1);
            AtomicLong incremental = new AtomicLong();
            AtomicLong full = new AtomicLong();
            UnregisteredMetricsGroup job = new UnregisteredMetricsGroup();
            reporter.notifyOfAddedMetric((Gauge<Long>) id::get, "lastCompletedCheckpointId", job);
            reporter.notifyOfAddedMetric((Gauge<Long>) incremental::get, "lastCheckpointSize", job);
            reporter.notifyOfAddedMetric((Gauge<Long>) full::get, "lastCheckpointFullSize", job);

            harvest.sample(); // none completed yet
            id.set(1);
            incremental.set(5_000);
            full.set(5_000);
            harvest.sample();
            harvest.sample(); // the same checkpoint again
            id.set(2);
            incremental.set(1_000);
            full.set(5_600);
            Map<String, Object> cp = (Map<String, Object>) harvest.figures().get("checkpoints");

            assertThat(cp)
                    .containsEntry("completed", 2)
                    .containsEntry("last_full_bytes", 5_600L)
                    .containsEntry("last_incremental_bytes", 1_000L)
                    .containsEntry("max_incremental_bytes", 5_000L)
                    .containsEntry("mean_incremental_bytes", 3_000L);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void rocksDbEstimatesAreSummedOverTheSubtasksOfATask() {
        try (StateHarvest harvest = StateHarvest.create()) {
            MetricReporter reporter = reporterOf(harvest);
            reporter.notifyOfAddedMetric(
                    (Gauge<Long>) () -> 100L,
                    "rocksdb.estimate-num-keys",
                    new TestingColumnFamilyGroup("IP features", "0", "ip-state"));
            reporter.notifyOfAddedMetric(
                    (Gauge<Long>) () -> 150L,
                    "rocksdb.estimate-num-keys",
                    new TestingColumnFamilyGroup("IP features", "1", "ip-state"));
            reporter.notifyOfAddedMetric(
                    (Gauge<Long>) () -> 9_000L,
                    "rocksdb.estimate-live-data-size",
                    new TestingColumnFamilyGroup("IP features", "1", "ip-state"));
            reporter.notifyOfAddedMetric(
                    (Gauge<Long>) () -> 7L, "numRecordsIn", new UnregisteredMetricsGroup());

            List<Map<String, Object>> rows =
                    (List<Map<String, Object>>) harvest.figures().get("rocksdb");

            assertThat(rows).hasSize(1);
            assertThat(rows.get(0))
                    .containsEntry("task", "IP features")
                    .containsEntry("subtasks", 2)
                    .containsEntry("state", "ip-state")
                    .containsEntry("keys", 250L)
                    .containsEntry("live_bytes", 9_000L);
        }
    }

    @Test
    void theReportTabulatesTheStateOfTheRound() {
        StringBuilder md = new StringBuilder();
        BenchReport.state(
                md,
                Map.of(
                        "checkpoints",
                        Map.of(
                                "completed", 3,
                                "last_full_bytes", 1_234_567L,
                                "last_incremental_bytes", 45_678L,
                                "max_incremental_bytes", 99_999L,
                                "max_duration_ms", 210L),
                        "rocksdb",
                        List.of(
                                Map.of(
                                        "task",
                                        "ad features",
                                        "subtasks",
                                        2,
                                        "state",
                                        "ad-velocity",
                                        "keys",
                                        4_000L,
                                        "live_bytes",
                                        320_000L,
                                        "sst_bytes",
                                        300_000L))));

        assertThat(md.toString())
                .contains("3 checkpoints completed")
                .contains("1,234,567 bytes in full")
                .contains("| `ad features` | 2 | `ad-velocity` | 4,000 | 320,000 | 300,000 |");
    }

    private static MetricReporter reporterOf(StateHarvest harvest) {
        Configuration conf = new Configuration();
        harvest.configure(conf);
        Properties props = new Properties();
        props.setProperty("harvest-id", conf.toMap().get("metrics.reporter.slidrstate.harvest-id"));
        return new StateHarvest.Factory().createMetricReporter(props);
    }

    /** A subtask's column-family metric group, as the RocksDB backend registers its gauges in. */
    private static final class TestingColumnFamilyGroup extends UnregisteredMetricsGroup {
        private final String task;
        private final String subtask;
        private final String family;

        TestingColumnFamilyGroup(String task, String subtask, String family) {
            this.task = task;
            this.subtask = subtask;
            this.family = family;
        }

        @Override
        public Map<String, String> getAllVariables() {
            return Map.of("<task_name>", task, "<subtask_index>", subtask);
        }

        @Override
        public String[] getScopeComponents() {
            return new String[] {"taskmanager", task, subtask, family};
        }
    }
}
