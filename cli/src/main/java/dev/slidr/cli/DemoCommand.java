package dev.slidr.cli;

import dev.slidr.local.demo.DemoRequest;
import dev.slidr.local.demo.DemoRun;
import java.nio.file.Path;
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

    @Option(
            names = "--bad-model-at",
            paramLabel = "MINUTE",
            description =
                    "At this minute of the live traffic (decimals allowed, before its end),"
                            + " activate a deliberately bad model (the demo's network with every"
                            + " threshold 0, signed and registered) through the control topic, as"
                            + " models promote --live does; the summary records the model"
                            + " changes.")
    Double badModelAt;

    @Override
    public Integer call() throws Exception {
        DemoRun.Settings settings;
        try {
            settings =
                    new DemoRequest(
                                    seconds != null ? seconds : minutes * 60,
                                    rate,
                                    model.problem(),
                                    model.registry,
                                    seed,
                                    model.historyDays,
                                    warmupHours,
                                    simulatorConfig,
                                    () -> model.training(seed),
                                    badEvery,
                                    parallelism,
                                    summaryFile,
                                    badModelAt)
                            .settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new DemoRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run()
                ? 0
                : spec.exitCodeOnExecutionException();
    }
}
