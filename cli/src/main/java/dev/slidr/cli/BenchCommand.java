package dev.slidr.cli;

import dev.slidr.bench.run.BenchRun;
import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    private static final List<Integer> SCORER_BATCHES = List.of(1, 8, 64, 512);

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
            description = "What to measure, of throughput, peer, latency, scorer (default: all).")
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
        long n = clicks != null ? clicks : quick ? 60_000 : 300_000;
        List<Double> r = rates != null ? rates : quick ? List.of(1000d, 5000d) : defaultRates();
        int seconds = rateSeconds != null ? rateSeconds : quick ? 10 : 30;
        int warmup = warmupSeconds != null ? warmupSeconds : quick ? 5 : 10;
        int p = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        int forks = scorerForks != null ? scorerForks : quick ? 0 : 1;
        int iterations = scorerIterations != null ? scorerIterations : quick ? 2 : 3;
        int millis = scorerMillis != null ? scorerMillis : quick ? 300 : 1000;
        if (n < 1 || n > 50_000_000) {
            throw bad("--clicks must be in [1, 50000000], was " + n);
        }
        if (r.isEmpty()) {
            throw bad("--rates needs at least one rate");
        }
        for (double rate : r) {
            if (!(rate > 0) || rate > 1_000_000) {
                throw bad("--rates: each rate must be in (0, 1000000] clicks/s, was " + rate);
            }
        }
        if (seconds < 1 || seconds > 3600) {
            throw bad("--rate-seconds must be in [1, 3600], was " + seconds);
        }
        if (warmup < 0 || warmup > 3600) {
            throw bad("--warmup-seconds must be in [0, 3600], was " + warmup);
        }
        if (p < 1 || p > 64) {
            throw bad("--parallelism must be in [1, 64], was " + p);
        }
        String problem = model.problem();
        if (problem != null) {
            throw bad(problem);
        }
        if (forks < 0 || forks > 10) {
            throw bad("--scorer-forks must be in [0, 10], was " + forks);
        }
        if (iterations < 1 || iterations > 100) {
            throw bad("--scorer-iterations must be in [1, 100], was " + iterations);
        }
        if (millis < 10 || millis > 60_000) {
            throw bad("--scorer-millis must be in [10, 60000], was " + millis);
        }
        for (Map.Entry<String, String> e : jobSettings.entrySet()) {
            if (e.getKey().isBlank() || e.getValue() == null || e.getValue().isBlank()) {
                throw bad("--set needs KEY=VALUE, was '" + e.getKey() + "=" + e.getValue() + "'");
            }
        }
        Set<BenchRun.Part> selected = EnumSet.allOf(BenchRun.Part.class);
        if (parts != null) {
            selected = EnumSet.noneOf(BenchRun.Part.class);
            for (String part : parts) {
                try {
                    selected.add(BenchRun.Part.valueOf(part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw bad(
                            "--parts: unknown part '"
                                    + part
                                    + "' (throughput, peer, latency, scorer)");
                }
            }
        }
        checkParent("--summary", summaryFile);
        checkParent("--jfr", jfrFile);
        if (docsFile != null) {
            String why = BenchRun.unusablePage(docsFile);
            if (why != null) {
                throw bad("--write-docs " + why);
            }
        }
        TrainingConfig training;
        try {
            training = model.training(seed);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        BenchRun.Settings settings =
                new BenchRun.Settings(
                        command(),
                        n,
                        List.copyOf(r),
                        seconds,
                        warmup,
                        p,
                        model.registry,
                        seed,
                        model.historyDays,
                        training,
                        Map.copyOf(jobSettings),
                        BenchRun.scorerSettings(forks, 1, iterations, millis),
                        SCORER_BATCHES,
                        selected,
                        jfrFile,
                        summaryFile,
                        docsFile);
        return new BenchRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr())
                        .run()
                ? 0
                : SlidrCommand.EXIT_FAILURE;
    }

    private static List<Double> defaultRates() {
        return List.of(1000d, 5000d, 10000d);
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

    private void checkParent(String option, Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw bad(option + " " + file + ": directory " + parent + " does not exist");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
