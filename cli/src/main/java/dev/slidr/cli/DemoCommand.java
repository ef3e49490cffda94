package dev.slidr.cli;

import dev.slidr.local.demo.DemoRun;
import dev.slidr.simulator.InvalidConfigException;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slidr demo}: an in-process Kafka broker and Flink MiniCluster, a model from the registry
 * (trained on a simulated history when it has none), simulated live traffic with a few malformed
 * records, and a billing consumer that prints per-slice figures against the simulator's truth.
 *
 * <pre>
 * bin/slidr demo --minutes 2 --summary /tmp/demo.json
 * </pre>
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole system in this process: a Kafka broker, the live job on a Flink"
                    + " MiniCluster (RocksDB, exactly once), simulated traffic at --rate, and a"
                    + " read_committed billing consumer printing per-slice figures every 10 s.",
            "Trains and promotes a model first when the registry has no stable one."
        })
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelSourceOptions model;

    @Option(
            names = "--minutes",
            paramLabel = "N",
            defaultValue = "2",
            description = "Minutes of live traffic (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--seconds",
            paramLabel = "N",
            description = "Seconds of live traffic; overrides --minutes.")
    Double seconds;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "300",
            description = "Clicks per second sent to Kafka (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the final summary as JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "7",
            description = "Seed of the simulated traffic and of training.")
    long seed;

    @Option(
            names = "--warmup-hours",
            paramLabel = "H",
            defaultValue = "6",
            description =
                    "Hours at the end of the history produced (with their event times) before the"
                            + " live traffic, to warm the job's counters; their decisions are"
                            + " left out of the figures; 0 for none (default: ${DEFAULT-VALUE}).")
    int warmupHours;

    @Option(
            names = "--simulator-config",
            paramLabel = "FILE",
            description = "Simulator options (JSON, see docs/simulator.md).")
    Path simulatorConfig;

    @Option(
            names = "--bad-every",
            paramLabel = "N",
            defaultValue = "500",
            description =
                    "One malformed record after every N clicks; 0 for none (default:"
                            + " ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        double liveSeconds = seconds != null ? seconds : minutes * 60;
        if (!(liveSeconds > 0) || liveSeconds > 24 * 3600) {
            throw bad("the streaming time must be in (0 s, 24 h], was " + liveSeconds + " s");
        }
        if (!(rate > 0) || rate > 1_000_000) {
            throw bad("--rate must be in (0, 1000000] clicks/s, was " + rate);
        }
        String problem = model.problem();
        if (problem != null) {
            throw bad(problem);
        }
        if (warmupHours < 0 || warmupHours > 24 * model.historyDays) {
            throw bad(
                    "--warmup-hours must be in [0, 24 x --history-days = "
                            + 24 * model.historyDays
                            + "], was "
                            + warmupHours);
        }
        if (badEvery < 0) {
            throw bad("--bad-every must be >= 0, was " + badEvery);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw bad("--parallelism must be in [1, 64], was " + parallelism);
        }
        if (summaryFile != null) {
            Path parent = summaryFile.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw bad("--summary " + summaryFile + ": directory " + parent + " does not exist");
            }
        }
        SimulatorConfig sim;
        try {
            sim =
                    simulatorConfig == null
                            ? SimulatorConfig.defaults()
                            : SimulatorConfig.fromFile(simulatorConfig);
        } catch (InvalidConfigException e) {
            throw bad("--simulator-config " + e.getMessage());
        }
        TrainingConfig trainingConfig;
        try {
            trainingConfig = model.training(seed);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        DemoRun.Settings settings =
                new DemoRun.Settings(
                        Duration.ofMillis(Math.round(liveSeconds * 1000)),
                        rate,
                        model.registry,
                        seed,
                        model.historyDays,
                        warmupHours,
                        sim,
                        trainingConfig,
                        badEvery,
                        parallelism,
                        summaryFile);
        return new DemoRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run()
                ? 0
                : spec.exitCodeOnExecutionException();
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
