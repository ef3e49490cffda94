package dev.slidr.cli;

import dev.slidr.bench.run.BenchRequest;
import dev.slidr.bench.run.BenchRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slidr bench}: measures, on this machine, the live job's sustained throughput against a
 * velocity-heuristic peer, its processing latency at fixed rates, and the scorer alone; prints a
 * summary, and writes it as JSON and into the benchmarks page on request.
 *
 * <pre>
 * bin/slidr bench --summary /tmp/bench.json --write-docs docs/benchmarks.md
 * bin/slidr bench --quick
 * </pre>
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the live job on this machine, all in this process (a Kafka broker and Flink"
                    + " MiniClusters with RocksDB, exactly once): sustained throughput on"
                    + " --clicks preloaded clicks, with a flight recording of where the time goes;"
                    + " the same clicks through a peer job doing only the velocity heuristic;"
                    + " processing latency at each of --rates; the scorer alone under JMH.",
            "Trains and promotes a model first when the registry has no stable one."
        })
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelSourceOptions model;

    @Option(
            names = "--quick",
            description =
                    "A short run (about 1–2 minutes): 60,000 clicks, rates 1000,5000 for 10 s"
                            + " each, a short JMH run in this JVM. Explicit options still win.")
    boolean quick;

    @Option(
            names = "--clicks",
            paramLabel = "N",
            description =
                    "Clicks preloaded for the throughput runs (default: 300000; quick 60000).")
    Long clicks;

    @Option(
            names = "--rates",
            paramLabel = "R[,R...]",
            split = ",",
            description =
                    "Clicks per second of the latency runs (default: 1000,5000,10000; quick"
                            + " 1000,5000).")
    List<Double> rates;

    @Option(
            names = "--rate-seconds",
            paramLabel = "S",
            description = "Seconds of traffic at each rate (default: 30; quick 10).")
    Integer rateSeconds;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "S",
            description =
                    "Seconds at the first rate before the latency runs, not reported (default:"
                            + " 10; quick 5).")
    Integer warmupSeconds;

    @Option(
            names = "--throughput-rounds",
            paramLabel = "N",
            description =
                    "Run the throughput part N times over the same clicks in this JVM, each with"
                            + " fresh state, and the peer as many times; the first is the"
                            + " reported figure, later rounds show it on a warm JIT, and the"
                            + " last rounds of both give ratio_last_round (default: 1).")
    Integer throughputRounds;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the jobs (default: the number of cores).")
    Integer parallelism;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A Flink or slidr setting for the measured jobs, e.g."
                            + " execution.buffer-timeout.interval=5ms (repeatable).")
    Map<String, String> jobSettings = new LinkedHashMap<>();

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "7",
            description = "Seed of the simulated traffic and of training (default: 7).")
    long seed;

    @Option(
            names = "--scorer-forks",
            paramLabel = "N",
            description = "JMH forks of the scorer runs; 0 runs in this JVM (default: 1; quick 0).")
    Integer scorerForks;

    @Option(
            names = "--scorer-iterations",
            paramLabel = "N",
            description = "JMH measurement iterations per batch size (default: 3; quick 2).")
    Integer scorerIterations;

    @Option(
            names = "--scorer-millis",
            paramLabel = "MS",
            description = "Length of each JMH iteration (default: 1000; quick 300).")
    Integer scorerMillis;

    @Option(
            names = "--parts",
            paramLabel = "P[,P...]",
            split = ",",
            description =
                    "What to measure, of throughput, peer, floor (the live job's keyed stages"
                            + " with none of their work, as many rounds as the live job),"
                            + " latency, floor-latency (the floor at the latency part's rates),"
                            + " scorer, control (live model"
                            + " changes: command to first decision of the new model, shadow"
                            + " scoring's cost), hostile (valid-click throughput with 10,000"
                            + " records of the hostile corpus mixed into the clicks beside the"
                            + " clicks alone, over --throughput-rounds; default: throughput,"
                            + " peer, latency and scorer).")
    List<String> parts;

    @Option(
            names = "--jfr",
            paramLabel = "FILE",
            description = "Keep the throughput run's flight recording in FILE.")
    Path jfrFile;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the summary as JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--write-docs",
            paramLabel = "FILE",
            description =
                    "Replace the section between '<!-- bench:begin -->' and '<!-- bench:end -->'"
                            + " of FILE (e.g. docs/benchmarks.md) with this run's tables.")
    Path docsFile;

    @Override
    public Integer call() throws Exception {
        BenchRun.Settings settings;
        try {
            settings =
                    new BenchRequest()
                            .quick(quick)
                            .clicks(clicks)
                            .rates(rates)
                            .rateSeconds(rateSeconds)
                            .warmupSeconds(warmupSeconds)
                            .throughputRounds(throughputRounds)
                            .parallelism(parallelism)
                            .modelProblem(model.problem())
                            .scorer(scorerForks, scorerIterations, scorerMillis)
                            .jobSettings(jobSettings)
                            .parts(parts)
                            .settings(
                                    command(),
                                    model.registry,
                                    seed,
                                    model.historyDays,
                                    () -> model.training(seed),
                                    jfrFile,
                                    summaryFile,
                                    docsFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new BenchRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr())
                        .run()
                ? 0
                : spec.exitCodeOnExecutionException();
    }

    private String command() {
        List<String> words = new ArrayList<>();
        words.add("bin/slidr bench");
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // the parse result of a subcommand starts with the subcommand's own name
        int from = !args.isEmpty() && args.get(0).equals(spec.name()) ? 1 : 0;
        words.addAll(args.subList(from, args.size()));
        return String.join(" ", words);
    }
}
