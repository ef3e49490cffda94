package dev.slidr.bench.run;

import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a caller asked of a bench run, each setting optional: fills in the defaults (the full run's,
 * or the quick run's with {@link #quick}) and checks every value, so that {@link #settings} gives a
 * run that can start or says in one line what is wrong.
 *
 * <pre>{@code
 * BenchRun.Settings settings = new BenchRequest().quick(true).parallelism(4)
 *         .settings("bin/slidr bench --quick", registry, 7, 28, () -> training, null, null, null);
 * }</pre>
 */
public final class BenchRequest {

    private static final List<Integer> SCORER_BATCHES = List.of(1, 8, 64, 512);

    private boolean quick;
    private Long clicks;
    private List<Double> rates;
    private Integer rateSeconds;
    private Integer warmupSeconds;
    private Integer throughputRounds;
    private Integer parallelism;
    private Integer scorerForks;
    private Integer scorerIterations;
    private Integer scorerMillis;
    private List<String> parts;
    private Map<String, String> jobSettings = Map.of();
    private String modelProblem;

    /** A short run: fewer clicks, two rates for less time, a short JMH run in this JVM. */
    public BenchRequest quick(boolean quick) {
        this.quick = quick;
        return this;
    }

    public BenchRequest clicks(Long clicks) {
        this.clicks = clicks;
        return this;
    }

    public BenchRequest rates(List<Double> rates) {
        this.rates = rates;
        return this;
    }

    public BenchRequest rateSeconds(Integer rateSeconds) {
        this.rateSeconds = rateSeconds;
        return this;
    }

    public BenchRequest warmupSeconds(Integer warmupSeconds) {
        this.warmupSeconds = warmupSeconds;
        return this;
    }

    /** How many times the throughput part runs over the same clicks in this JVM; null for 1. */
    public BenchRequest throughputRounds(Integer throughputRounds) {
        this.throughputRounds = throughputRounds;
        return this;
    }

    public BenchRequest parallelism(Integer parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    public BenchRequest scorer(Integer forks, Integer iterations, Integer millis) {
        this.scorerForks = forks;
        this.scorerIterations = iterations;
        this.scorerMillis = millis;
        return this;
    }

    /**
     * The parts to run by name (throughput, peer, floor, latency, floor-latency, scorer, control,
     * hostile); null for throughput, peer, latency and scorer.
     */
    public BenchRequest parts(List<String> parts) {
        this.parts = parts;
        return this;
    }

    /** Flink or slidr settings for the measured jobs. */
    public BenchRequest jobSettings(Map<String, String> jobSettings) {
        this.jobSettings = new LinkedHashMap<>(jobSettings);
        return this;
    }

    /**
     * What is wrong with the model options, reported in its place among the other checks (after the
     * job's settings, before the scorer's), or null.
     */
    public BenchRequest modelProblem(String modelProblem) {
        this.modelProblem = modelProblem;
        return this;
    }

    /**
     * The checked settings of the run; {@code training} is asked last, after every other check.
     *
     * @throws IllegalArgumentException the first value that cannot be run, with what is allowed
     */
    public BenchRun.Settings settings(
            String command,
            Path registry,
            long seed,
            int historyDays,
            Supplier<TrainingConfig> training,
            Path jfrFile,
            Path summaryFile,
            Path docsFile) {
        long n = clicks != null ? clicks : quick ? 60_000 : 300_000;
        List<Double> r =
                rates != null
                        ? rates
                        : quick ? List.of(1000d, 5000d) : List.of(1000d, 5000d, 10000d);
        int seconds = rateSeconds != null ? rateSeconds : quick ? 10 : 30;
        int warmup = warmupSeconds != null ? warmupSeconds : quick ? 5 : 10;
        int tputRounds = throughputRounds != null ? throughputRounds : 1;
        int p = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        int forks = scorerForks != null ? scorerForks : quick ? 0 : 1;
        int iterations = scorerIterations != null ? scorerIterations : quick ? 2 : 3;
        int millis = scorerMillis != null ? scorerMillis : quick ? 300 : 1000;
        check(n >= 1 && n <= 50_000_000, "--clicks must be in [1, 50000000], was " + n);
        check(!r.isEmpty(), "--rates needs at least one rate");
        for (double rate : r) {
            check(
                    rate > 0 && rate <= 1_000_000,
                    "--rates: each rate must be in (0, 1000000] clicks/s, was " + rate);
        }
        check(
                seconds >= 1 && seconds <= 3600,
                "--rate-seconds must be in [1, 3600], was " + seconds);
        check(
                warmup >= 0 && warmup <= 3600,
                "--warmup-seconds must be in [0, 3600], was " + warmup);
        check(
                tputRounds >= 1 && tputRounds <= 10,
                "--throughput-rounds must be in [1, 10], was " + tputRounds);
        check(p >= 1 && p <= 64, "--parallelism must be in [1, 64], was " + p);
        check(modelProblem == null, modelProblem);
        check(forks >= 0 && forks <= 10, "--scorer-forks must be in [0, 10], was " + forks);
        check(
                iterations >= 1 && iterations <= 100,
                "--scorer-iterations must be in [1, 100], was " + iterations);
        check(
                millis >= 10 && millis <= 60_000,
                "--scorer-millis must be in [10, 60000], was " + millis);
        for (Map.Entry<String, String> e : jobSettings.entrySet()) {
            check(
                    !e.getKey().isBlank() && e.getValue() != null && !e.getValue().isBlank(),
                    "--set needs KEY=VALUE, was '" + e.getKey() + "=" + e.getValue() + "'");
        }
        Set<BenchRun.Part> selected = selectedParts();
        checkParent("--summary", summaryFile);
        checkParent("--jfr", jfrFile);
        if (docsFile != null) {
            String why = BenchReport.unusablePage(docsFile);
            check(why == null, "--write-docs " + why);
        }
        return new BenchRun.Settings(
                command,
                n,
                List.copyOf(r),
                seconds,
                warmup,
                tputRounds,
                p,
                registry,
                seed,
                historyDays,
                training.get(),
                Map.copyOf(jobSettings),
                BenchRun.scorerSettings(forks, 1, iterations, millis),
                SCORER_BATCHES,
                selected,
                jfrFile,
                summaryFile,
                docsFile);
    }

    private Set<BenchRun.Part> selectedParts() {
        if (parts == null) {
            return EnumSet.copyOf(BenchRun.DEFAULT_PARTS);
        }
        Set<BenchRun.Part> selected = EnumSet.noneOf(BenchRun.Part.class);
        for (String part : parts) {
            try {
                selected.add(
                        BenchRun.Part.valueOf(
                                part.strip().replace('-', '_').toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--parts: unknown part '"
                                + part
                                + "' ("
                                + Arrays.stream(BenchRun.Part.values())
                                        .map(
                                                p ->
                                                        p.name()
                                                                .toLowerCase(Locale.ROOT)
                                                                .replace('_', '-'))
                                        .collect(Collectors.joining(", "))
                                + ")");
            }
        }
        return selected;
    }

    private static void checkParent(String option, Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        check(
                parent != null && Files.isDirectory(parent),
                option + " " + file + ": directory " + parent + " does not exist");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
