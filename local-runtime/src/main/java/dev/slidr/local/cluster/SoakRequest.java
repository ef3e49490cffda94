package dev.slidr.local.cluster;

import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a soak runs: how many clicks at what rate, which faults, the cluster's shape and where its
 * pieces are (Flink settings file, the cluster's class path list, the job jar, the model).
 *
 * @param clicks valid clicks to stream
 * @param faults the faults to inject, each once, at seeded random points
 * @param seed seeds the fault points and targets
 * @param rate clicks per second offered to the clicks topic
 * @param badEvery one malformed record after every {@code badEvery} clicks (0: none)
 * @param work run directory (configuration, logs, checkpoints); kept after the run
 * @param flinkConfig {@code deploy/flink/config.yaml}
 * @param clusterClasspath the class path list {@code cluster-lib} writes
 * @param jobJar {@code flink-job/target/slidr-flink-job-*-job.jar}
 * @param modelDir a model directory, or null for the registry's stable model (trained when none)
 * @param registry the registry directory when {@code modelDir} is null
 * @param historyDays days of simulated history to train on when the registry has no model
 * @param training the training settings then
 * @param parallelism the job's parallelism
 * @param taskManagers task manager processes
 * @param taskManagerMemory {@code taskmanager.memory.process.size} of each
 * @param checkpointInterval the job's checkpoint interval
 * @param recoveryTimeout how long a fault may take to recover before the soak gives up on it
 * @param hostile records of the hostile corpus ({@code HostileCorpus}, seeded with {@code seed})
 *     spread evenly over the clicks; 0 for none
 */
public record SoakRequest(
        long clicks,
        Set<FaultKind> faults,
        long seed,
        double rate,
        int badEvery,
        Path work,
        Path flinkConfig,
        Path clusterClasspath,
        Path jobJar,
        Path modelDir,
        Path registry,
        int historyDays,
        TrainingConfig training,
        int parallelism,
        int taskManagers,
        String taskManagerMemory,
        Duration checkpointInterval,
        Duration recoveryTimeout,
        long hostile) {

    public SoakRequest {
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(flinkConfig, "flinkConfig");
        Objects.requireNonNull(clusterClasspath, "clusterClasspath");
        Objects.requireNonNull(jobJar, "jobJar");
        if (clicks < 1) {
            throw new IllegalArgumentException("clicks must be at least 1, was " + clicks);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number, was " + rate);
        }
        if (badEvery < 0) {
            throw new IllegalArgumentException("badEvery must be 0 or more, was " + badEvery);
        }
        if (hostile < 0) {
            throw new IllegalArgumentException("hostile must be 0 or more, was " + hostile);
        }
        if (modelDir == null && registry == null) {
            throw new IllegalArgumentException("a model directory or a registry is needed");
        }
        if (taskManagers < 1 || parallelism < 1) {
            throw new IllegalArgumentException("task managers and parallelism must be at least 1");
        }
    }

    /** A soak without the hostile corpus. */
    public SoakRequest(
            long clicks,
            Set<FaultKind> faults,
            long seed,
            double rate,
            int badEvery,
            Path work,
            Path flinkConfig,
            Path clusterClasspath,
            Path jobJar,
            Path modelDir,
            Path registry,
            int historyDays,
            TrainingConfig training,
            int parallelism,
            int taskManagers,
            String taskManagerMemory,
            Duration checkpointInterval,
            Duration recoveryTimeout) {
        this(
                clicks,
                faults,
                seed,
                rate,
                badEvery,
                work,
                flinkConfig,
                clusterClasspath,
                jobJar,
                modelDir,
                registry,
                historyDays,
                training,
                parallelism,
                taskManagers,
                taskManagerMemory,
                checkpointInterval,
                recoveryTimeout,
                0);
    }
}
