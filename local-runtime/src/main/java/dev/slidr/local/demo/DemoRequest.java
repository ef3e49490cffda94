package dev.slidr.local.demo;

import dev.slidr.simulator.InvalidConfigException;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.training.pipeline.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a caller asked of a demo run: checked value by value, in the order given, into the {@link
 * DemoRun.Settings} of a run that can start, or one line saying what is wrong.
 *
 * <pre>{@code
 * DemoRun.Settings settings = new DemoRequest(60, 300, null, Path.of("registry"), 7, 3, 6,
 *         null, () -> TrainingConfig.builder().seed(7).build(), 500, 2, null).settings();
 * }</pre>
 *
 * @param liveSeconds seconds of live traffic
 * @param rate clicks per second sent to Kafka
 * @param modelProblem what is wrong with the model options, or null
 * @param simulatorConfig the simulator's options file, or null for the defaults
 * @param training asked last, after every other check
 * @param badModelAtMinute the minute of the live traffic at which the deliberately bad model is
 *     activated, or null for none
 */
public record DemoRequest(
        double liveSeconds,
        double rate,
        String modelProblem,
        Path registry,
        long seed,
        int historyDays,
        int warmupHours,
        Path simulatorConfig,
        Supplier<TrainingConfig> training,
        int badEvery,
        int parallelism,
        Path summaryFile,
        Double badModelAtMinute) {

    /** A request without a bad model (the demo as it ran before {@code --bad-model-at}). */
    public DemoRequest(
            double liveSeconds,
            double rate,
            String modelProblem,
            Path registry,
            long seed,
            int historyDays,
            int warmupHours,
            Path simulatorConfig,
            Supplier<TrainingConfig> training,
            int badEvery,
            int parallelism,
            Path summaryFile) {
        this(
                liveSeconds,
                rate,
                modelProblem,
                registry,
                seed,
                historyDays,
                warmupHours,
                simulatorConfig,
                training,
                badEvery,
                parallelism,
                summaryFile,
                null);
    }

    /**
     * The checked settings.
     *
     * @throws IllegalArgumentException the first value that cannot be run, with what is allowed
     */
    public DemoRun.Settings settings() {
        check(
                liveSeconds > 0 && liveSeconds <= 24 * 3600,
                "the streaming time must be in (0 s, 24 h], was " + liveSeconds + " s");
        check(
                rate > 0 && rate <= 1_000_000,
                "--rate must be in (0, 1000000] clicks/s, was " + rate);
        check(modelProblem == null, modelProblem);
        check(
                warmupHours >= 0 && warmupHours <= 24 * historyDays,
                "--warmup-hours must be in [0, 24 x --history-days = "
                        + 24 * historyDays
                        + "], was "
                        + warmupHours);
        check(badEvery >= 0, "--bad-every must be >= 0, was " + badEvery);
        if (badModelAtMinute != null) {
            check(
                    Double.isFinite(badModelAtMinute)
                            && badModelAtMinute >= 0
                            && badModelAtMinute * 60 < liveSeconds,
                    String.format(
                            java.util.Locale.ROOT,
                            "--bad-model-at must be a minute of the live traffic, in [0, %s), was"
                                    + " %s",
                            minutes(liveSeconds / 60),
                            minutes(badModelAtMinute)));
        }
        check(
                parallelism >= 1 && parallelism <= 64,
                "--parallelism must be in [1, 64], was " + parallelism);
        if (summaryFile != null) {
            Path parent = summaryFile.toAbsolutePath().getParent();
            check(
                    parent != null && Files.isDirectory(parent),
                    "--summary " + summaryFile + ": directory " + parent + " does not exist");
        }
        SimulatorConfig simulator;
        try {
            simulator =
                    simulatorConfig == null
                            ? SimulatorConfig.defaults()
                            : SimulatorConfig.fromFile(simulatorConfig);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException("--simulator-config " + e.getMessage(), e);
        }
        return new DemoRun.Settings(
                Duration.ofMillis(Math.round(liveSeconds * 1000)),
                rate,
                registry,
                seed,
                historyDays,
                warmupHours,
                simulator,
                training.get(),
                badEvery,
                parallelism,
                summaryFile,
                badModelAtMinute == null
                        ? null
                        : Duration.ofMillis(Math.round(badModelAtMinute * 60_000)));
    }

    private static String minutes(double m) {
        return Double.isFinite(m)
                ? java.math.BigDecimal.valueOf(m).stripTrailingZeros().toPlainString()
                : Double.toString(m);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
