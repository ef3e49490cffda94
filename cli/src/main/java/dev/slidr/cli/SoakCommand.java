package dev.slidr.cli;

import dev.slidr.local.cluster.FaultKind;
import dev.slidr.local.cluster.SoakRequest;
import dev.slidr.local.cluster.SoakRun;
import dev.slidr.local.cluster.SoakSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slidr soak}: the job jar on a Flink cluster of processes on this machine (a job manager,
 * task managers) against three Kafka brokers, clicks with malformed records mixed in, faults
 * injected at seeded random points, and billing's {@code read_committed} check that every click has
 * exactly one decision and every malformed record one dead letter.
 *
 * <pre>
 * bin/slidr soak --clicks 1000000 --faults all --summary /tmp/soak.json
 * </pre>
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the job jar on a Flink cluster of separate processes on this machine (a job"
                    + " manager and --task-managers task managers, RocksDB, checkpoints on local"
                    + " disk, deploy/flink/config.yaml) against three in-process Kafka brokers"
                    + " (replication 3, min.insync.replicas 2), streams --clicks clicks with"
                    + " malformed records mixed in, injects each of --faults once at a seeded"
                    + " random point, and checks with a read_committed consumer that every click"
                    + " has exactly one decision and every malformed record one dead letter.",
            "Faults: tm-kill (kill -9 of a task manager, then a new one), jm-restart (kill -9 of"
                + " the job manager, a new one, the job resubmitted from its last checkpoint),"
                + " broker-restart, operator-exception, checkpoint-storage (the job's checkpoint"
                + " directory unwritable for 30 s).",
            "--hostile N mixes N records of the hostile corpus into the clicks; the summary's"
                    + " hostile section gives, per kind, the dead-letter reasons expected and"
                    + " got, and the job's restarts (0 when no fault is injected).",
            "Exit code 0 when nothing was lost or repeated and every fault recovered, 1"
                    + " otherwise. Progress goes to stderr, the summary JSON to stdout and"
                    + " --summary."
        })
public final class SoakCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelSourceOptions model;

    @Mixin ClusterRunOptions cluster;

    @Option(
            names = "--clicks",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Valid clicks to stream (default: ${DEFAULT-VALUE}).")
    long clicks;

    @Option(
            names = "--faults",
            paramLabel = "LIST",
            defaultValue = "all",
            description =
                    "all, none, or a comma-separated list of tm-kill, jm-restart, broker-restart,"
                        + " operator-exception, checkpoint-storage (default: ${DEFAULT-VALUE}).")
    String faults;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1500",
            description =
                    "Clicks per second offered to the clicks topic (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--hostile",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Records of the hostile corpus (deep nesting, 10 MiB records, invalid UTF-8,"
                        + " NUL bytes, duplicate keys, NaN, bad timestamps, IPv6 forms, overlong"
                        + " strings, wrong types, empty keys and values, tombstones) spread over"
                        + " the clicks, each checked for its dead-letter reason or its decision; 0"
                        + " for none (default: ${DEFAULT-VALUE}).")
    long hostile;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "7",
            description = "Seed of the fault points and targets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "The job's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--recovery-timeout",
            paramLabel = "S",
            defaultValue = "180",
            description =
                    "Seconds a fault may take to recover, and the longest wait for the last"
                            + " decisions (default: ${DEFAULT-VALUE}).")
    int recoveryTimeout;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description =
                    "Run directory: configuration, logs of every process, checkpoints; kept"
                            + " (default: a new directory under the system's temp directory).")
    Path work;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "The job jar (default: flink-job/target/slidr-flink-job-<version>-job.jar).")
    Path jobJar;

    @Override
    public Integer call() throws Exception {
        OptionChecks checks = new OptionChecks(spec.commandLine());
        Set<FaultKind> kinds;
        try {
            kinds = FaultKind.parse(faults);
        } catch (IllegalArgumentException e) {
            throw checks.bad("--faults: " + e.getMessage());
        }
        inRange("--clicks", clicks, 1, 50_000_000);
        ClusterRunOptions.checkRate(checks, rate);
        cluster.checkBadEvery(checks);
        inRange("--hostile", hostile, 0, 10_000_000);
        cluster.checkTaskManagers(checks);
        cluster.checkParallelism(checks, "--parallelism", parallelism);
        cluster.checkTimes(checks, "--recovery-timeout", recoveryTimeout);
        String problem = model.problem();
        if (problem != null) {
            throw checks.bad(problem);
        }
        ClusterRunOptions.RunFiles files = cluster.files(checks, jobJar, work, "slidr-soak-");
        Path config = files.flinkConfig();
        Path jar = files.jobJar();
        Path classpath = files.clusterClasspath();
        Path run = files.work();
        cluster.checkOutputs(checks, run);
        SoakRequest request;
        try {
            request =
                    new SoakRequest(
                            clicks,
                            kinds,
                            seed,
                            rate,
                            cluster.badEvery,
                            run,
                            config,
                            classpath,
                            jar,
                            null,
                            model.registry,
                            model.historyDays,
                            model.training(seed),
                            parallelism,
                            cluster.taskManagers,
                            cluster.taskManagerMemory,
                            Duration.ofSeconds(cluster.checkpointSeconds),
                            Duration.ofSeconds(recoveryTimeout),
                            hostile);
        } catch (IllegalArgumentException e) {
            throw checks.bad(e.getMessage());
        }
        SoakSummary summary = new SoakRun(spec.commandLine().getErr()).run(request);
        return cluster.publish(
                spec.commandLine(), summary.toJson(), summary::write, summary.passed());
    }

    private void inRange(String option, long value, long min, long max) {
        ClusterRunOptions.inRange(new OptionChecks(spec.commandLine()), option, value, min, max);
    }
}
