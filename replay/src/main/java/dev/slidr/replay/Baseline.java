package dev.slidr.replay;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/** What a replay's decisions are compared with, and what their corrections supersede. */
public sealed interface Baseline {

    /** A second replay of the same window with this registered version. */
    record Version(String version) implements Baseline {
        public Version {
            Objects.requireNonNull(version, "version");
        }
    }

    /** Decisions as contract JSON lines (gzip ok); the highest revision per click wins. */
    record DecisionsFile(Path file) implements Baseline {
        public DecisionsFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** The decisions topic of the job's settings, read committed; highest revision wins. */
    record DecisionsTopic(Configuration jobConfiguration) implements Baseline {
        public DecisionsTopic {
            Objects.requireNonNull(jobConfiguration, "jobConfiguration");
        }
    }

    /** No comparison: every replayed decision counts as new. */
    record None() implements Baseline {}
}
