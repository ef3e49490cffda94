package dev.slidr.cli;

import dev.slidr.local.cluster.JobJarVersion;
import dev.slidr.local.cluster.UpgradeRehearsal;
import dev.slidr.local.cluster.UpgradeRequest;
import dev.slidr.local.cluster.UpgradeSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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

    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,5}[mg]");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelSourceOptions model;

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
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the summary JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1000",
            description =
                    "Clicks per second offered to the clicks topic (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--bad-every",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "One malformed record after every N clicks; 0 for none (default:"
                            + " ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "7",
            description =
                    "Seed of the model trained when the registry has none (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--task-managers",
            paramLabel = "N",
            defaultValue = "2",
            description = "Task manager processes, two slots each (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
            names = "--task-manager-memory",
            paramLabel = "SIZE",
            defaultValue = "2g",
            description =
                    "taskmanager.memory.process.size of each task manager, e.g. 1536m or 4g"
                            + " (default: ${DEFAULT-VALUE}).")
    String taskManagerMemory;

    @Option(
            names = "--checkpoint-seconds",
            paramLabel = "S",
            defaultValue = "2",
            description = "The job's checkpoint interval (default: ${DEFAULT-VALUE}).")
    int checkpointSeconds;

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
            names = "--flink-config",
            paramLabel = "FILE",
            description = "Flink and job settings (default: deploy/flink/config.yaml).")
    Path flinkConfig;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "The job jar before the upgrade (default:"
                            + " flink-job/target/slidr-flink-job-<version>-job.jar).")
    Path jobJar;

    @Option(
            names = "--cluster-classpath",
            paramLabel = "FILE",
            description =
                    "The class path list of Flink's processes (default:"
                            + " cluster-lib/target/flink-cluster.classpath).")
    Path clusterClasspath;

    @Override
    public Integer call() throws Exception {
        OptionChecks checks = new OptionChecks(spec.commandLine());
        inRange("--clicks", clicks, 1, 50_000_000);
        if (!(upgradeAt > 0 && upgradeAt < 1)) {
            throw checks.bad("--upgrade-at must be in (0, 1), was " + upgradeAt);
        }
        if (!(rate > 0 && rate <= 1_000_000)) {
            throw checks.bad("--rate must be in (0, 1000000], was " + rate);
        }
        inRange("--bad-every", badEvery, 0, 1_000_000);
        inRange("--task-managers", taskManagers, 1, 8);
        // two slots per task manager (deploy/flink/config.yaml)
        inRange("--parallelism-before", parallelismBefore, 1, 2L * taskManagers);
        inRange("--parallelism-after", parallelismAfter, 1, 2L * taskManagers);
        inRange("--checkpoint-seconds", checkpointSeconds, 1, 600);
        inRange("--timeout", timeout, 10, 3600);
        if (!MEMORY.matcher(taskManagerMemory).matches()) {
            throw checks.bad(
                    "--task-manager-memory must be a size like 1536m or 4g, was '"
                            + OptionChecks.shown(taskManagerMemory)
                            + "'");
        }
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
        Path home = Path.of(System.getProperty("slidr.home", "."));
        Path config = flinkConfig != null ? flinkConfig : home.resolve("deploy/flink/config.yaml");
        Path jar = jobJar != null ? jobJar : builtJobJar(home.resolve("flink-job/target"));
        Path classpath =
                clusterClasspath != null
                        ? clusterClasspath
                        : home.resolve("cluster-lib/target/flink-cluster.classpath");
        checks.readableFile(config, "--flink-config");
        if (jobJar == null && !Files.isRegularFile(jar)) {
            throw checks.bad(
                    "no job jar in "
                            + OptionChecks.shown(jar.getParent())
                            + "; build it (mvn -pl flink-job -am package) or pass --job-jar");
        }
        if (clusterClasspath == null && !Files.isRegularFile(classpath)) {
            throw checks.bad(
                    "no "
                            + OptionChecks.shown(classpath)
                            + "; build it (mvn -pl cluster-lib package) or pass"
                            + " --cluster-classpath");
        }
        checks.readableFile(jar, "--job-jar");
        checks.readableFile(classpath, "--cluster-classpath");
        Path run =
                work != null
                        ? work
                        : Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "slidr-upgrade-"
                                        + LocalDateTime.now()
                                                .format(
                                                        DateTimeFormatter.ofPattern(
                                                                "yyyyMMdd-HHmmss")));
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
        checks.writableDirectory(run, "--work");
        if (summaryFile != null) {
            checks.writableFile(summaryFile, "--summary");
        }
        UpgradeRequest request;
        try {
            request =
                    new UpgradeRequest(
                            clicks,
                            rate,
                            badEvery,
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
                            taskManagers,
                            taskManagerMemory,
                            Duration.ofSeconds(checkpointSeconds),
                            Duration.ofSeconds(timeout));
        } catch (IllegalArgumentException e) {
            throw checks.bad(e.getMessage());
        }
        UpgradeSummary summary = new UpgradeRehearsal(spec.commandLine().getErr()).run(request);
        spec.commandLine().getOut().println(summary.toJson());
        spec.commandLine().getOut().flush();
        if (summaryFile != null) {
            summary.write(summaryFile);
        }
        return summary.passed() ? 0 : SlidrCommand.EXIT_FAILURE;
    }

    /** The job jar flink-job's build made, or the pattern's path when there is none. */
    private static Path builtJobJar(Path target) throws java.io.IOException {
        if (Files.isDirectory(target)) {
            try (var jars = Files.newDirectoryStream(target, "slidr-flink-job-*-job.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        return target.resolve("slidr-flink-job-VERSION-job.jar");
    }

    private void inRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new OptionChecks(spec.commandLine())
                    .bad(option + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
