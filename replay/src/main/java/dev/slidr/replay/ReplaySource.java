package dev.slidr.replay;

import dev.slidr.contract.input.CsvMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/** Where a replay reads its clicks: archived files, or a window of the clicks topic. */
public sealed interface ReplaySource {

    /**
     * Archived clicks: files, or directories whose regular files are read in name order.
     *
     * @param paths files or directories
     * @param mapping the CSV column mapping, or null for contract JSON lines (gzip ok)
     */
    record Files(List<Path> paths, CsvMapping mapping) implements ReplaySource {
        public Files {
            paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
        }
    }

    /**
     * The clicks topic named by the job's own settings ({@code KafkaOptions}), read committed,
     * between the replay's event times.
     */
    record Topic(Configuration jobConfiguration) implements ReplaySource {
        public Topic {
            Objects.requireNonNull(jobConfiguration, "jobConfiguration");
        }
    }
}
