package dev.slidr.cli;

import dev.slidr.simulator.FileTrafficSink;
import dev.slidr.simulator.InvalidConfigException;
import dev.slidr.simulator.KafkaTrafficSink;
import dev.slidr.simulator.OutputFiles;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulationSummary;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.SimulatorProfiles;
import dev.slidr.simulator.TrafficKind;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.simulator.TrafficSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slidr simulate}: synthetic click traffic with ground truth, to files or to Kafka.
 *
 * <pre>
 * bin/slidr simulate --days 7 --seed 11 --out /tmp/sim7
 * bin/slidr simulate --profile mobile-app --days 2 --seed 7 --out /tmp/mob
 * bin/slidr simulate --days 1 --out /tmp/live --bootstrap localhost:9092 --rate 2000
 * </pre>
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Generates synthetic click traffic (humans and five kinds of robots) with ground"
                    + " truth.",
            "Writes clicks.jsonl, conversions.jsonl, truth.csv, rfm.csv and summary.json to"
                    + " --out; with --bootstrap the clicks and conversions go to Kafka instead.",
            "Files are written under temporary names and put in place at the end: a run that"
                    + " stops early leaves none behind, and one that would fill the disk stops"
                    + " early. The days must lie between 2000-01-01 and 2099-12-01, the range"
                    + " train accepts."
        })
public final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Days of traffic to generate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Random seed; the same seed and config give identical output.")
    long seed;

    @Option(
            names = "--start",
            paramLabel = "DATE",
            defaultValue = "2025-06-02",
            description =
                    "First day, as yyyy-mm-dd, midnight in the config's zone (default:"
                            + " ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Output directory (created if missing; its parent must exist).")
    Path out;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "JSON file of simulator options (see docs/simulator.md).")
    Path configFile;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description =
                    "A shipped simulator config instead of the defaults: mobile-app (app"
                            + " clicks on one device class, no logins, app-install attributions"
                            + " on about 0.2%% of clicks, carrier NAT with hundreds of humans per"
                            + " IP, IP-rotating bots, anonymous click farms; see"
                            + " simulator/README.md). Not with --config.")
    String profile;

    @Option(names = "--gzip", description = "Gzip clicks, conversions and truth files.")
    boolean gzip;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers: send clicks and conversions there.")
    String bootstrap;

    @Option(
            names = "--clicks-topic",
            paramLabel = "TOPIC",
            defaultValue = "clicks",
            description = "Kafka topic for clicks (default: ${DEFAULT-VALUE}).")
    String clicksTopic;

    @Option(
            names = "--conversions-topic",
            paramLabel = "TOPIC",
            defaultValue = "conversions",
            description = "Kafka topic for conversions (default: ${DEFAULT-VALUE}).")
    String conversionsTopic;

    @Option(
            names = "--producer-property",
            paramLabel = "KEY=VALUE",
            description = "Extra Kafka producer setting (TLS, SASL, ...); repeatable.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Kafka output pace in clicks per second; 0 = as fast as possible.")
    double rate;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Generator threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the summary (with timings) as JSON to FILE.")
    Path summaryFile;

    @Override
    public Integer call() throws IOException {
        if (days < 1 || days > TrafficSimulator.MAX_DAYS) {
            throw bad("--days must be in [1, " + TrafficSimulator.MAX_DAYS + "], was " + days);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw bad("--rate must be a number >= 0, was " + rate);
        }
        if (threads != null && threads < 1) {
            throw bad("--threads must be at least 1, was " + threads);
        }
        if (rate > 0 && bootstrap == null) {
            throw bad("--rate paces Kafka output; it needs --bootstrap");
        }
        if (bootstrap != null && !bootstrap.matches("[^\\s:,]+:\\d{1,5}(,[^\\s:,]+:\\d{1,5})*")) {
            throw bad("--bootstrap must be HOST:PORT[,HOST:PORT...], was '" + bootstrap + "'");
        }
        SimulatorConfig config = loadConfig();
        Path dir = prepareOutputDirectory(out);
        if (summaryFile != null) {
            Path parent = summaryFile.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw bad("--summary " + summaryFile + ": directory " + parent + " does not exist");
            }
        }

        TrafficSimulator simulator;
        try {
            simulator = new TrafficSimulator(config, seed, start, days);
        } catch (IllegalArgumentException e) {
            throw bad("--start " + start + " --days " + days + ": " + e.getMessage());
        }
        if (threads != null) {
            simulator.threads(threads);
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressLine progress =
                new ProgressLine(err, !quiet && System.console() != null, simulator.startMs());
        long t0 = System.nanoTime();
        SimulationSummary summary;
        try (TrafficSink sink = openSink(dir, simulator)) {
            summary = simulator.run(sink, progress);
        }
        simulator.writeSideFiles(dir, summary);
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.finish();

        Map<String, Object> report = new LinkedHashMap<>(summary.toMap());
        report.put("out", dir.toString());
        report.put("kafka", bootstrap == null ? null : bootstrap);
        report.put("wall_seconds", Math.round(seconds * 1000) / 1000.0);
        report.put("clicks_per_second", Math.round(summary.clicks() / Math.max(seconds, 1e-9)));
        if (summaryFile != null) {
            OutputFiles.writeJson(summaryFile, report);
        }
        print(summary, seconds, dir);
        return 0;
    }

    private TrafficSink openSink(Path dir, TrafficSimulator simulator) throws IOException {
        if (bootstrap == null) {
            return new FileTrafficSink(dir, gzip, true)
                    .checkingRoom(simulator.startMs(), simulator.endMs());
        }
        FileTrafficSink truth =
                new FileTrafficSink(dir, gzip, false)
                        .checkingRoom(simulator.startMs(), simulator.endMs());
        try {
            return TrafficSink.tee(
                    new KafkaTrafficSink(
                            KafkaTrafficSink.producerProperties(bootstrap, producerProperties),
                            clicksTopic,
                            conversionsTopic,
                            rate),
                    truth);
        } catch (RuntimeException e) {
            truth.close();
            throw e;
        }
    }

    private SimulatorConfig loadConfig() {
        if (profile != null) {
            if (configFile != null) {
                throw bad(
                        "--profile and --config both set the simulator config; use one (copy"
                                + " the profile's JSON from simulator/README.md to change it)");
            }
            try {
                return SimulatorProfiles.load(profile);
            } catch (InvalidConfigException e) {
                throw bad("--profile " + e.getMessage());
            }
        }
        if (configFile == null) {
            return SimulatorConfig.defaults();
        }
        try {
            return SimulatorConfig.fromFile(configFile);
        } catch (InvalidConfigException e) {
            throw bad("--config " + e.getMessage());
        }
    }

    private Path prepareOutputDirectory(Path path) {
        Path dir = path.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw bad("--out " + path + " exists and is not a directory");
            }
        } else {
            Path parent = dir.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw bad("--out " + path + ": parent directory " + parent + " does not exist");
            }
            try {
                Files.createDirectory(dir);
            } catch (IOException e) {
                throw bad("--out " + path + ": cannot create the directory (" + e + ")");
            }
        }
        // a probe file, since Files.isWritable can be wrong about ACLs and read-only mounts
        try {
            Path probe = Files.createTempFile(dir, ".slidr-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw bad("--out " + path + " is not writable (" + e.getMessage() + ")");
        }
        return dir;
    }

    private void print(SimulationSummary summary, double seconds, Path dir) {
        PrintWriter o = spec.commandLine().getOut();
        o.printf(
                Locale.ROOT,
                "simulated %d days from %s (seed %d) into %s%n",
                days,
                start,
                seed,
                bootstrap == null ? dir : bootstrap + " (truth and RFM in " + dir + ")");
        o.printf(
                Locale.ROOT,
                "clicks %,d   conversions %,d   robot share %.1f%%   customers %,d%n",
                summary.clicks(),
                summary.conversions(),
                100.0 * summary.robotClicks() / Math.max(1, summary.clicks()),
                summary.customers());
        for (TrafficKind kind : TrafficKind.values()) {
            o.printf(
                    Locale.ROOT,
                    "  %-15s %-6s clicks %,10d   conversions %,7d%n",
                    kind.wireName(),
                    kind.isRobot() ? "robot" : "human",
                    summary.clicksOf(kind),
                    summary.conversionsOf(kind));
        }
        o.printf(
                Locale.ROOT,
                "wall %.2f s   %,.0f clicks/s%n",
                seconds,
                summary.clicks() / Math.max(seconds, 1e-9));
        o.flush();
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A single progress line on stderr, redrawn at most five times a second. */
    private static final class ProgressLine implements ProgressListener {
        private final PrintWriter err;
        private final boolean enabled;
        private final long startNanos = System.nanoTime();
        private long lastDraw;
        private boolean drawn;

        ProgressLine(PrintWriter err, boolean enabled, long startMs) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void onProgress(double fraction, long untilMs, long clicks, long conversions) {
            if (!enabled) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && fraction < 1.0) {
                return;
            }
            lastDraw = now;
            double seconds = (now - startNanos) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "\rsimulate %3.0f%%  %s  %,d clicks  %,d conversions  %,.0f clicks/s   ",
                    fraction * 100,
                    Instant.ofEpochMilli(untilMs),
                    clicks,
                    conversions,
                    clicks / Math.max(seconds, 1e-9));
            err.flush();
            drawn = true;
        }

        void finish() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }
}
