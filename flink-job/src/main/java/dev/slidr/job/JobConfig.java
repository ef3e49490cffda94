package dev.slidr.job;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;

/**
 * The validated {@link JobOptions}; {@link #applyTo(Configuration)} turns them into the Flink
 * settings of the job: RocksDB with incremental checkpoints, the checkpoint interval, the restart
 * strategy and the parallelism; with Flink's changelog state backend switched on, where its log
 * goes unless configured.
 */
public final class JobConfig {

    /** Network buffer timeout unless {@code execution.buffer-timeout.interval} is set. */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(1);

    /**
     * Flink's key for where the changelog state backend's file-system storage ({@code
     * flink-dstl-dfs}) writes the state changes; declared here because that module is on the
     * cluster's class path, not the job's.
     */
    public static final ConfigOption<String> CHANGELOG_BASE_PATH =
            ConfigOptions.key("state.changelog.dstl.dfs.base-path").stringType().noDefaultValue();

    /** The changelog storage that keeps the log in files (the other, "memory", is for tests). */
    public static final String CHANGELOG_FILE_STORAGE = "filesystem";

    /** The changelog's folder under {@code slidr.job.checkpoint.dir} when no base path is set. */
    public static final String CHANGELOG_SUBDIRECTORY = "changelog";

    private final String jobName;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final Duration checkpointMinPause;
    private final Duration checkpointTimeout;
    private final String checkpointDir;
    private final int restartAttempts;
    private final Duration restartDelay;
    private final String modelDir;
    private final boolean changelog;
    private final String changelogBasePath;

    private JobConfig(ReadableConfig config) {
        jobName = config.get(JobOptions.JOB_NAME);
        parallelism = config.get(JobOptions.PARALLELISM);
        checkpointInterval = config.get(JobOptions.CHECKPOINT_INTERVAL);
        checkpointMinPause = config.get(JobOptions.CHECKPOINT_MIN_PAUSE);
        checkpointTimeout = config.get(JobOptions.CHECKPOINT_TIMEOUT);
        checkpointDir = config.getOptional(JobOptions.CHECKPOINT_DIR).orElse(null);
        restartAttempts = config.get(JobOptions.RESTART_ATTEMPTS);
        restartDelay = config.get(JobOptions.RESTART_DELAY);
        modelDir = config.getOptional(JobOptions.MODEL_DIR).orElse(null);
        changelog = config.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG);
        changelogBasePath = changelog ? changelogBasePath(config, checkpointDir) : null;
        if (jobName == null || jobName.isBlank()) {
            throw invalid(JobOptions.JOB_NAME.key(), "must not be blank");
        }
        if (parallelism < 1) {
            throw invalid(JobOptions.PARALLELISM.key(), "must be at least 1, was " + parallelism);
        }
        if (checkpointInterval.toMillis() < 10) {
            throw invalid(
                    JobOptions.CHECKPOINT_INTERVAL.key(),
                    "must be at least 10 ms (exactly-once needs checkpoints), was "
                            + checkpointInterval);
        }
        if (checkpointMinPause.isNegative()) {
            throw invalid(JobOptions.CHECKPOINT_MIN_PAUSE.key(), "must not be negative");
        }
        if (checkpointTimeout.toMillis() < 1) {
            throw invalid(JobOptions.CHECKPOINT_TIMEOUT.key(), "must be positive");
        }
        if (restartAttempts < 0) {
            throw invalid(JobOptions.RESTART_ATTEMPTS.key(), "must not be negative");
        }
        if (restartDelay.isNegative()) {
            throw invalid(JobOptions.RESTART_DELAY.key(), "must not be negative");
        }
    }

    private static String changelogBasePath(ReadableConfig config, String checkpointDir) {
        String storage = config.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE);
        if (!CHANGELOG_FILE_STORAGE.equalsIgnoreCase(storage)) {
            // the in-memory log is lost with the task manager: exactly once needs the log to
            // survive the failure it recovers from
            throw invalid(
                    StateChangelogOptions.STATE_CHANGE_LOG_STORAGE.key(),
                    "must be "
                            + CHANGELOG_FILE_STORAGE
                            + " when "
                            + StateChangelogOptions.ENABLE_STATE_CHANGE_LOG.key()
                            + " is true, was "
                            + storage);
        }
        Optional<String> configured =
                config.getOptional(CHANGELOG_BASE_PATH).filter(path -> !path.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        if (checkpointDir == null || checkpointDir.isBlank()) {
            throw invalid(
                    CHANGELOG_BASE_PATH.key(),
                    "must be set when "
                            + StateChangelogOptions.ENABLE_STATE_CHANGE_LOG.key()
                            + " is true and "
                            + JobOptions.CHECKPOINT_DIR.key()
                            + " is not");
        }
        String parent =
                checkpointDir.endsWith("/")
                        ? checkpointDir.substring(0, checkpointDir.length() - 1)
                        : checkpointDir;
        return parent + "/" + CHANGELOG_SUBDIRECTORY;
    }

    /**
     * Reads and checks {@link JobOptions}.
     *
     * @throws InvalidJobConfigException naming the first bad key
     */
    public static JobConfig fromConfiguration(ReadableConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            return new JobConfig(config);
        } catch (IllegalArgumentException e) {
            // Flink's own parse error of a value (a duration that is not one, ...)
            throw new InvalidJobConfigException(e.getMessage(), e);
        }
    }

    /**
     * A copy of {@code base} with the job's Flink settings. Checkpointing must be set here, on the
     * configuration the environment is created from: set later on the environment of a job that was
     * already configured, it is not picked up by every executor.
     */
    public Configuration applyTo(Configuration base) {
        Configuration conf = new Configuration(base);
        if (!base.contains(ExecutionOptions.BUFFER_TIMEOUT)) {
            // Flink flushes a partly filled network buffer after 100 ms by default; a click
            // crosses four network edges (dedupe, user, IP, sink), so at moderate rates that
            // default alone puts hundreds of milliseconds on the processing latency the p99.9
            // target governs (docs/benchmarks.md). A configured value wins.
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, DEFAULT_BUFFER_TIMEOUT);
        }
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, checkpointMinPause);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, checkpointTimeout);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        }
        if (changelog) {
            // the log lives beside the checkpoints unless a base path is configured: both must be
            // on storage every task manager reaches and that outlives them
            conf.set(CHANGELOG_BASE_PATH, changelogBasePath);
        } else if (!conf.contains(CHANGELOG_BASE_PATH)) {
            // A task manager opens the configured log storage for every job, used or not, and the
            // file storage cannot start without a base path: with the changelog switched off
            // (--set state.changelog.enabled=false on the local configuration, which names the
            // file storage), the default storage is what a job started from here must get.
            conf.removeConfig(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE);
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restartDelay);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(PipelineOptions.NAME, jobName);
        return conf;
    }

    public String jobName() {
        return jobName;
    }

    public int parallelism() {
        return parallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** Where the changelog state backend writes, when it is switched on. */
    public Optional<String> changelogBasePath() {
        return Optional.ofNullable(changelogBasePath);
    }

    /** The configured model directory, if any. */
    public Optional<String> modelDir() {
        return Optional.ofNullable(modelDir);
    }

    private static InvalidJobConfigException invalid(String key, String why) {
        return new InvalidJobConfigException(key + ": " + why);
    }

    @Override
    public String toString() {
        return "JobConfig[name="
                + jobName
                + ", parallelism="
                + parallelism
                + ", checkpoint="
                + checkpointInterval
                + ", restarts="
                + restartAttempts
                + "]";
    }
}
