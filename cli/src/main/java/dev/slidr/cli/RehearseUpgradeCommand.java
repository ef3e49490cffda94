package dev.slidr.cli;

import dev.slidr.local.cluster.JobJarVersion;
import dev.slidr.local.cluster.UpgradeRehearsal;
import dev.slidr.local.cluster.UpgradeRequest;
import dev.slidr.local.cluster.UpgradeSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slidr rehearse-upgrade}: the job jar on a Flink cluster of processes on this machine
 * against three Kafka brokers, stopped part-way with a savepoint and replaced by a changed job jar
 * (a new version) at another parallelism while clicks keep coming; billing's {@code read_committed}
 * check that nothing was lost or repeated and that the counters continued.
 *
 * <pre>
 * bin/slidr rehearse-upgrade --clicks 60000 --summary /tmp/upgrade.json
 * </pre>
 */
@Command(
        name = "rehearse-upgrade",
        mixinStandardHelpOptions = true,
        description = {
            "Rehearses a release upgrade on a Flink cluster of separate processes on this machine"
                    + " (a job manager and --task-managers task managers, RocksDB, checkpoints on"
                    + " local disk, deploy/flink/config.yaml) against three in-process Kafka"
                    + " brokers (replication 3, min.insync.replicas 2): runs the job jar at"
                    + " --parallelism-before while --clicks clicks (with malformed records mixed"
                    + " in) stream, stops it with a savepoint at --upgrade-at of them, and starts"
                    + " a copy of the job jar declaring --to-version from the savepoint at"
                    + " --parallelism-after while the clicks keep coming.",
            "Checks with a read_committed consumer that every click has exactly one decision and"
                    + " every malformed record one dead letter across the upgrade, that the job"
                    + " reports the new version, and that every scored decision's user-key"
                    + " features equal those the same feature stage computes over the same clicks"
                    + " without an upgrade (the counters continued).",
            "Exit code 0 when all of that holds, 1 otherwise. Progress goes to stderr, the summary"
                    + " JSON to stdout and --summary."
        })
public final class RehearseUpgradeCommand implements Callable<Integer> {

    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelSourceOptions model;

    @Mixin ClusterRunOptions cluster;

    @Option(
            names = "--clicks",
            paramLabel = "N",
            defaultValue = "60000",
            description = "Valid clicks to stream (default: ${DEFAULT-VALUE}).")
    long clicks;

    @Option(
            names = "--upgrade-at",
            paramLabel = "SHARE",
            defaultValue = "0.5",
            description =
                    "Share of the clicks sent when the job is stopped with a savepoint, in (0, 1)"
                            + " (default: ${DEFAULT-VALUE}).")
    double upgradeAt;

    @Option(
            names = "--parallelism-before",
            paramLabel = "N",
            defaultValue = "2",
            description = "The job's parallelism before the upgrade (default: ${DEFAULT-VALUE}).")
    int parallelismBefore;

    @Option(
            names = "--parallelism-after",
            paramLabel = "N",
            defaultValue = "3",
            description = "The job's parallelism after the upgrade (default: ${DEFAULT-VALUE}).")
    int parallelismAfter;

    @Option(
            names = "--to-version",
            paramLabel = "VERSION",
            description =
                    "The version the changed job jar declares (default: the job jar's own with its"
                            + " last number raised by one, e.g. 0.1.0-SNAPSHOT -> 0.1.1-SNAPSHOT).")
    String toVersion;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1000",
            description =
                    "Clicks per second offered to the clicks topic (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "7",
            description =
                    "Seed of the model trained when the registry has none (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--timeout",
            paramLabel = "S",
            defaultValue = "180",
            description =
                    "Seconds the stop, the restore, and the wait for the last decisions may each"
                            + " take (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description =
                    "Run directory: configuration, logs of every process, checkpoints, the"
                        + " savepoint and both job jars; kept (default: a new directory under the"
                        + " system's temp directory).")
    Path work;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "The job jar before the upgrade (default:"
                            + " flink-job/target/slidr-flink-job-<version>-job.jar).")
    Path jobJar;

    @Override
    public Integer call() throws Exception {
        OptionChecks checks = new OptionChecks(spec.commandLine());
        inRange("--clicks", clicks, 1, 50_000_000);
        if (!(upgradeAt > 0 && upgradeAt < 1)) {
            throw checks.bad("--upgrade-at must be in (0, 1), was " + upgradeAt);
        }
        ClusterRunOptions.checkRate(checks, rate);
        cluster.checkBadEvery(checks);
        cluster.checkTaskManagers(checks);
        cluster.checkParallelism(checks, "--parallelism-before", parallelismBefore);
        cluster.checkParallelism(checks, "--parallelism-after", parallelismAfter);
        cluster.checkTimes(checks, "--timeout", timeout);
        if (toVersion != null && !VERSION.matcher(toVersion).matches()) {
            throw checks.bad(
                    "--to-version must be 1 to 64 letters, digits, '.', '_', '+' or '-', was '"
                            + OptionChecks.shown(toVersion)
                            + "'");
        }
        String problem = model.problem();
        if (problem != null) {
            throw checks.bad(problem);
        }
        ClusterRunOptions.RunFiles files = cluster.files(checks, jobJar, work, "slidr-upgrade-");
        Path config = files.flinkConfig();
        Path jar = files.jobJar();
        Path classpath = files.clusterClasspath();
        Path run = files.work();
        String jarVersion;
        try {
            jarVersion = JobJarVersion.of(jar);
        } catch (java.io.IOException e) {
            throw checks.bad(
                    "--job-jar "
                            + OptionChecks.shown(jar)
                            + " is not a job jar that declares a version");
        }
        if (jarVersion.equals(toVersion)) {
            throw checks.bad(
                    "--to-version must differ from the job jar's own version, "
                            + OptionChecks.shown(jarVersion));
        }
        cluster.checkOutputs(checks, run);
        UpgradeRequest request;
        try {
            request =
                    new UpgradeRequest(
                            clicks,
                            rate,
                            cluster.badEvery,
                            upgradeAt,
                            parallelismBefore,
                            parallelismAfter,
                            toVersion,
                            run,
                            config,
                            classpath,
                            jar,
                            null,
                            model.registry,
                            model.historyDays,
                            model.training(seed),
                            seed,
                            cluster.taskManagers,
                            cluster.taskManagerMemory,
                            Duration.ofSeconds(cluster.checkpointSeconds),
                            Duration.ofSeconds(timeout));
        } catch (IllegalArgumentException e) {
            throw checks.bad(e.getMessage());
        }
        UpgradeSummary summary = new UpgradeRehearsal(spec.commandLine().getErr()).run(request);
        return cluster.publish(
                spec.commandLine(), summary.toJson(), summary::write, summary.passed());
    }

    private void inRange(String option, long value, long min, long max) {
        ClusterRunOptions.inRange(new OptionChecks(spec.commandLine()), option, value, min, max);
    }
}
