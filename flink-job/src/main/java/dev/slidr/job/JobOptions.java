package dev.slidr.job;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the wired click-decision job: checkpoints, parallelism and where the model is. */
public final class JobOptions {

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("slidr.job.name")
                    .stringType()
                    .defaultValue("slidr click decisions")
                    .withDescription("Name of the Flink job.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("slidr.job.parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of every operator of the job (at least 1).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("slidr.job.checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Interval of the (incremental, RocksDB) checkpoints; with exactly-once"
                                    + " delivery it bounds how late decisions become visible.");

    public static final ConfigOption<Duration> CHECKPOINT_MIN_PAUSE =
            ConfigOptions.key("slidr.job.checkpoint.min-pause")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription("Least pause between the end of a checkpoint and the next.");

    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            ConfigOptions.key("slidr.job.checkpoint.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription("A checkpoint that takes longer is aborted.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("slidr.job.checkpoint.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where checkpoints are written (a file system URI); unset keeps"
                                    + " Flink's own setting. With the changelog state backend"
                                    + " (state.changelog.enabled), its log goes to changelog/"
                                    + " under it unless state.changelog.dstl.dfs.base-path is"
                                    + " set.");

    public static final ConfigOption<Integer> RESTART_ATTEMPTS =
            ConfigOptions.key("slidr.job.restart.attempts")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Restarts (fixed delay) from the last checkpoint before the job"
                                    + " fails.");

    public static final ConfigOption<Duration> RESTART_DELAY =
            ConfigOptions.key("slidr.job.restart.delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Delay before each restart.");

    public static final ConfigOption<String> MODEL_DIR =
            ConfigOptions.key("slidr.job.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory holding model.onnx and thresholds.json (see the README);"
                                    + " --model-dir overrides it.");

    private JobOptions() {}
}
