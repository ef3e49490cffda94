package dev.slidr.cli;

import dev.slidr.local.cluster.FaultKind;
import dev.slidr.local.cluster.SoakRequest;
import dev.slidr.local.cluster.SoakRun;
import dev.slidr.local.cluster.SoakSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
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

    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,5}[mg]");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelSourceOptions model;

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
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the summary JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1500",
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
            names = "--task-managers",
            paramLabel = "N",
            defaultValue = "2",
            description = "Task manager processes, two slots each (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "The job's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

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
            names = "--flink-config",
            paramLabel = "FILE",
            description = "Flink and job settings (default: deploy/flink/config.yaml).")
    Path flinkConfig;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "The job jar (default: flink-job/target/slidr-flink-job-<version>-job.jar).")
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
        Set<FaultKind> kinds;
        try {
            kinds = FaultKind.parse(faults);
        } catch (IllegalArgumentException e) {
            throw checks.bad("--faults: " + e.getMessage());
        }
        inRange("--clicks", clicks, 1, 50_000_000);
        if (!(rate > 0 && rate <= 1_000_000)) {
            throw checks.bad("--rate must be in (0, 1000000], was " + rate);
        }
        inRange("--bad-every", badEvery, 0, 1_000_000);
        inRange("--hostile", hostile, 0, 10_000_000);
        inRange("--task-managers", taskManagers, 1, 8);
        // two slots per task manager (deploy/flink/config.yaml)
        inRange("--parallelism", parallelism, 1, 2L * taskManagers);
        inRange("--checkpoint-seconds", checkpointSeconds, 1, 600);
        inRange("--recovery-timeout", recoveryTimeout, 10, 3600);
        if (!MEMORY.matcher(taskManagerMemory).matches()) {
            throw checks.bad(
                    "--task-manager-memory must be a size like 1536m or 4g, was '"
                            + OptionChecks.shown(taskManagerMemory)
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
        if (jobJar == null && !java.nio.file.Files.isRegularFile(jar)) {
            throw checks.bad(
                    "no job jar in "
                            + OptionChecks.shown(jar.getParent())
                            + "; build it (mvn -pl flink-job -am package) or pass --job-jar");
        }
        if (clusterClasspath == null && !java.nio.file.Files.isRegularFile(classpath)) {
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
                                "slidr-soak-"
                                        + LocalDateTime.now()
                                                .format(
                                                        DateTimeFormatter.ofPattern(
                                                                "yyyyMMdd-HHmmss")));
        checks.writableDirectory(run, "--work");
        if (summaryFile != null) {
            checks.writableFile(summaryFile, "--summary");
        }
        SoakRequest request;
        try {
            request =
                    new SoakRequest(
                            clicks,
                            kinds,
                            seed,
                            rate,
                            badEvery,
                            run,
                            config,
                            classpath,
                            jar,
                            null,
                            model.registry,
                            model.historyDays,
                            model.training(seed),
                            parallelism,
                            taskManagers,
                            taskManagerMemory,
                            Duration.ofSeconds(checkpointSeconds),
                            Duration.ofSeconds(recoveryTimeout),
                            hostile);
        } catch (IllegalArgumentException e) {
            throw checks.bad(e.getMessage());
        }
        SoakSummary summary = new SoakRun(spec.commandLine().getErr()).run(request);
        spec.commandLine().getOut().println(summary.toJson());
        spec.commandLine().getOut().flush();
        if (summaryFile != null) {
            summary.write(summaryFile);
        }
        return summary.passed() ? 0 : SlidrCommand.EXIT_FAILURE;
    }

    /** The job jar flink-job's build made, or the pattern's path when there is none. */
    private static Path builtJobJar(Path target) throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(target)) {
            try (var jars =
                    java.nio.file.Files.newDirectoryStream(target, "slidr-flink-job-*-job.jar")) {
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
