package dev.slidr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options of a command that runs the job on a Flink cluster of processes on this machine against
 * three Kafka brokers ({@code soak}, {@code rehearse-upgrade}); a picocli mixin, so both spell and
 * check them alike.
 */
final class ClusterRunOptions {

    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,5}[mg]");

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the summary JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--bad-every",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "One malformed record after every N clicks; 0 for none (default:"
                            + " ${DEFAULT-VALUE}).")
    int badEvery;

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
            names = "--flink-config",
            paramLabel = "FILE",
            description = "Flink and job settings (default: deploy/flink/config.yaml).")
    Path flinkConfig;

    @Option(
            names = "--cluster-classpath",
            paramLabel = "FILE",
            description =
                    "The class path list of Flink's processes (default:"
                            + " cluster-lib/target/flink-cluster.classpath).")
    Path clusterClasspath;

    /** The files a run reads and the directory it writes, with the defaults filled in. */
    record RunFiles(Path flinkConfig, Path jobJar, Path clusterClasspath, Path work) {}

    /** Refuses {@code value} outside {@code [min, max]}, naming {@code option}. */
    static void inRange(OptionChecks checks, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw checks.bad(option + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    /** Refuses a click rate that is not in (0, 1000000]. */
    static void checkRate(OptionChecks checks, double rate) {
        if (!(rate > 0 && rate <= 1_000_000)) {
            throw checks.bad("--rate must be in (0, 1000000], was " + rate);
        }
    }

    void checkBadEvery(OptionChecks checks) {
        inRange(checks, "--bad-every", badEvery, 0, 1_000_000);
    }

    void checkTaskManagers(OptionChecks checks) {
        inRange(checks, "--task-managers", taskManagers, 1, 8);
    }

    /** Refuses a parallelism ({@code option}) above the task managers' slots. */
    void checkParallelism(OptionChecks checks, String option, int parallelism) {
        // two slots per task manager (deploy/flink/config.yaml)
        inRange(checks, option, parallelism, 1, 2L * taskManagers);
    }

    /**
     * Refuses a checkpoint interval outside [1, 600] s, {@code timeout} (named {@code timeoutName})
     * outside [10, 3600] s and a memory size that is not one.
     */
    void checkTimes(OptionChecks checks, String timeoutName, int timeout) {
        inRange(checks, "--checkpoint-seconds", checkpointSeconds, 1, 600);
        inRange(checks, timeoutName, timeout, 10, 3600);
        if (!MEMORY.matcher(taskManagerMemory).matches()) {
            throw checks.bad(
                    "--task-manager-memory must be a size like 1536m or 4g, was '"
                            + OptionChecks.shown(taskManagerMemory)
                            + "'");
        }
    }

    /**
     * The Flink configuration, the job jar ({@code jobJar} or the one flink-job's build made), the
     * cluster's class path and the run directory ({@code work} or a new one named {@code runPrefix}
     * and the time under the temp directory), refusing inputs that are missing or unreadable; the
     * run directory is checked by {@link #checkOutputs}.
     */
    RunFiles files(OptionChecks checks, Path jobJar, Path work, String runPrefix)
            throws IOException {
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
                                runPrefix
                                        + LocalDateTime.now()
                                                .format(
                                                        DateTimeFormatter.ofPattern(
                                                                "yyyyMMdd-HHmmss")));
        return new RunFiles(config, jar, classpath, run);
    }

    /** Refuses a run directory or a summary file that cannot be written. */
    void checkOutputs(OptionChecks checks, Path run) {
        checks.writableDirectory(run, "--work");
        if (summaryFile != null) {
            checks.writableFile(summaryFile, "--summary");
        }
    }

    /** How a summary writes itself to a file. */
    @FunctionalInterface
    interface SummaryWrite {
        void to(Path file) throws IOException;
    }

    /**
     * Prints the summary JSON to standard output, writes it to {@code --summary} when given, and
     * returns the exit code: 0 when the run passed, 1 otherwise.
     */
    int publish(CommandLine cli, String json, SummaryWrite write, boolean passed)
            throws IOException {
        cli.getOut().println(json);
        cli.getOut().flush();
        if (summaryFile != null) {
            write.to(summaryFile);
        }
        return passed ? 0 : SlidrCommand.EXIT_FAILURE;
    }

    /** The job jar flink-job's build made, or the pattern's path when there is none. */
    private static Path builtJobJar(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            try (var jars = Files.newDirectoryStream(target, "slidr-flink-job-*-job.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        return target.resolve("slidr-flink-job-VERSION-job.jar");
    }
}
