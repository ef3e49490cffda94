package dev.slidr.local.cluster;

import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What an upgrade rehearsal runs: how many clicks at what rate, when to upgrade, the parallelism
 * before and after, the new release's version, and where the cluster's pieces are.
 *
 * @param clicks valid clicks to stream
 * @param rate clicks per second offered to the clicks topic
 * @param badEvery one malformed record after every {@code badEvery} clicks (0: none)
 * @param upgradeAt the share of the clicks sent when the job is stopped with a savepoint, in (0, 1)
 * @param parallelismBefore the job's parallelism before the upgrade
 * @param parallelismAfter the job's parallelism after it
 * @param toVersion the version the changed job jar declares, or null for the job jar's own version
 *     with its last number raised by one
 * @param work run directory (configuration, logs, checkpoints, savepoints, the jars); kept
 * @param flinkConfig {@code deploy/flink/config.yaml}
 * @param clusterClasspath the class path list {@code cluster-lib} writes
 * @param jobJar the job jar that runs before the upgrade
 * @param modelDir a model directory, or null for the registry's stable model (trained when none)
 * @param registry the registry directory when {@code modelDir} is null
 * @param historyDays days of simulated history to train on when the registry has no model
 * @param training the training settings then
 * @param seed seeds the model training when there is no model
 * @param taskManagers task manager processes (two slots each)
 * @param taskManagerMemory {@code taskmanager.memory.process.size} of each
 * @param checkpointInterval the job's checkpoint interval
 * @param timeout the longest wait for a stop, a restore, or the last decisions
 */
public record UpgradeRequest(
        long clicks,
        double rate,
        int badEvery,
        double upgradeAt,
        int parallelismBefore,
        int parallelismAfter,
        String toVersion,
        Path work,
        Path flinkConfig,
        Path clusterClasspath,
        Path jobJar,
        Path modelDir,
        Path registry,
        int historyDays,
        TrainingConfig training,
        long seed,
        int taskManagers,
        String taskManagerMemory,
        Duration checkpointInterval,
        Duration timeout) {

    public UpgradeRequest {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(flinkConfig, "flinkConfig");
        Objects.requireNonNull(clusterClasspath, "clusterClasspath");
        Objects.requireNonNull(jobJar, "jobJar");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(timeout, "timeout");
        if (clicks < 1 || clicks > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "clicks must be in [1, " + (Integer.MAX_VALUE - 8) + "], was " + clicks);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number, was " + rate);
        }
        if (badEvery < 0) {
            throw new IllegalArgumentException("badEvery must be 0 or more, was " + badEvery);
        }
        if (!(upgradeAt > 0 && upgradeAt < 1)) {
            throw new IllegalArgumentException("upgradeAt must be in (0, 1), was " + upgradeAt);
        }
        if (parallelismBefore < 1 || parallelismAfter < 1 || taskManagers < 1) {
            throw new IllegalArgumentException("parallelism and task managers must be at least 1");
        }
        if (Math.max(parallelismBefore, parallelismAfter) > 2 * taskManagers) {
            throw new IllegalArgumentException(
                    "parallelism "
                            + Math.max(parallelismBefore, parallelismAfter)
                            + " needs more than the "
                            + 2 * taskManagers
                            + " slots of "
                            + taskManagers
                            + " task managers");
        }
        if (modelDir == null && registry == null) {
            throw new IllegalArgumentException("a model directory or a registry is needed");
        }
    }
}
