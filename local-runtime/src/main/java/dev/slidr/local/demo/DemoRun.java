package dev.slidr.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slidr.job.JobConfig;
import dev.slidr.job.guard.GuardOptions;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.local.InProcessKafka;
import dev.slidr.local.LocalJobConfiguration;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.simulator.KafkaTrafficSink;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.training.pipeline.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;

/** One run of {@code slidr demo}, from starting the broker to the final summary. */
public final class DemoRun {

    /** The demo's settings, checked by {@link DemoRequest}. */
    public record Settings(
            Duration streaming,
            double rate,
            Path registry,
            long seed,
            int historyDays,
            int warmupHours,
            SimulatorConfig simulator,
            TrainingConfig training,
            int badEvery,
            int parallelism,
            Path summaryFile,
            Duration badModelAt) {}

    private static final String CLICKS = "clicks";
    private static final String CONVERSIONS = "conversions";
    private static final String DECISIONS = "decisions";
    private static final String DEAD_LETTERS = "dead-letters";
    private static final String CONTROL = "control";
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final long HOUR_MS = 3_600_000L;

    /** The guard's least decisions per slice (or all slices) and model in the demo. */
    private static final int DEMO_GUARD_MIN_CLICKS = 100;

    /** How long the live traffic waits for the warm-up's decisions. */
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(5);

    /** How long the end waits for the last checkpoint to make every decision visible. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;

    public DemoRun(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the demo; true when every valid click got exactly one decision and every malformed
     * record a dead letter.
     */
    public boolean run() throws Exception {
        long t0 = System.nanoTime();
        Path work = Files.createTempDirectory("slidr-demo");
        try {
            return run(work, t0);
        } finally {
            LocalJobConfiguration.deleteTree(work);
        }
    }

    private boolean run(Path work, long t0) throws Exception {
        LocalDate historyStart = TrafficSimulator.DEFAULT_START;
        ModelRegistry registry = ModelRegistry.open(settings.registry());
        DemoModel demo = new DemoModel(registry, err);
        DemoModel.Prepared model =
                demo.prepare(
                        settings.simulator(),
                        settings.seed(),
                        historyStart,
                        settings.historyDays(),
                        settings.training(),
                        work);
        BadModel bad = null;
        if (settings.badModelAt() != null && !model.stable()) {
            // the change would make the bad model the registry's first stable one, with nothing
            // to roll back to
            err.println(
                    "demo: --bad-model-at needs a stable model to come back to; this run's model"
                            + " is not stable, so no bad model is activated");
            err.flush();
        } else if (settings.badModelAt() != null) {
            ModelBundle flagAll = demo.registerFlagEverything(model.bundle());
            bad = new BadModel(demo.registry(), flagAll.version(), settings.badModelAt());
            err.printf(
                    "demo: the deliberately bad model %s (every threshold 0) is registered; it"
                            + " is activated %.0f s into the live traffic%n",
                    flagAll.version(), settings.badModelAt().toMillis() / 1000.0);
            err.flush();
        }
        err.println("demo: starting Kafka (in-process KRaft node)");
        err.flush();
        try (InProcessKafka kafka = InProcessKafka.start()) {
            kafka.createTopics(
                    List.of(
                            new NewTopic(CLICKS, 3, (short) 1),
                            // a partition per source subtask: a subtask without one holds the
                            // monitor's watermark back for the idleness timeout (a wall minute)
                            new NewTopic(CONVERSIONS, settings.parallelism(), (short) 1),
                            new NewTopic(DECISIONS, 2, (short) 1),
                            new NewTopic(DEAD_LETTERS, 1, (short) 1),
                            new NewTopic(CONTROL, 1, (short) 1)));
            Configuration conf = jobConfiguration(kafka, work);
            StreamExecutionEnvironment env = model.plan(conf);
            KafkaConfig kafkaConfig =
                    KafkaConfig.fromConfiguration(JobConfig.fromConfiguration(conf).applyTo(conf));
            JobClient job = env.executeAsync("slidr demo");
            err.printf(
                    "demo: job %s running model %s (%s); streaming %d s at %.0f clicks/s%n",
                    job.getJobID(),
                    model.version(),
                    model.note(),
                    settings.streaming().toSeconds(),
                    settings.rate());
            err.flush();
            return stream(kafka, kafkaConfig, job, model, bad, t0);
        }
    }

    private boolean stream(
            InProcessKafka kafka,
            KafkaConfig kafkaConfig,
            JobClient job,
            DemoModel.Prepared model,
            BadModel badModel,
            long t0)
            throws Exception {
        Instant demoStart = Instant.now();
        Properties producer =
                KafkaTrafficSink.producerProperties(kafka.bootstrapServers(), Map.of());
        producer.putAll(kafka.clientProperties());
        LiveTraffic traffic =
                new LiveTraffic(
                        producer,
                        CLICKS,
                        CONVERSIONS,
                        settings.rate(),
                        settings.streaming(),
                        settings.badEvery(),
                        settings.training().velocityK());
        LocalDate liveStart = TrafficSimulator.DEFAULT_START.plusDays(settings.historyDays());
        long liveStartMs = liveStart.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        WarmupTraffic warmup =
                new WarmupTraffic(
                        producer,
                        CLICKS,
                        CONVERSIONS,
                        liveStartMs - settings.warmupHours() * HOUR_MS,
                        liveStartMs);
        BillingConsumer billing =
                new BillingConsumer(
                        kafka.clientProperties(),
                        DECISIONS,
                        DEAD_LETTERS,
                        traffic,
                        warmup.clickIds());
        Thread billingThread = new Thread(billing, "demo-billing");
        billingThread.setDaemon(true);
        billingThread.start();
        boolean warmupComplete = warmUp(warmup, billing);
        Thread reporter =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    Thread.sleep(REPORT_EVERY.toMillis());
                                    out.printf(
                                            "--- %.0f s ---%n%s",
                                            (System.nanoTime() - t0) / 1e9, billing.table());
                                    out.flush();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-reporter");
        reporter.setDaemon(true);
        reporter.start();

        long clicksPerDay = 250_000L;
        double wanted = settings.rate() * settings.streaming().toSeconds();
        int days = (int) Math.min(TrafficSimulator.MAX_DAYS, 1 + Math.ceil(wanted / clicksPerDay));
        TrafficSimulator live =
                new TrafficSimulator(settings.simulator(), settings.seed() + 1, liveStart, days);
        Thread activation = null;
        if (badModel != null) {
            activation = badModel.activateDuring(traffic, kafkaConfig, settings.rate(), err);
        }
        try {
            live.run(traffic, ProgressListener.NONE);
        } catch (IOException e) {
            if (!isEnough(e)) {
                throw e;
            }
        } finally {
            traffic.close();
        }
        long sent = traffic.clicks();
        long bad = traffic.badRecords();
        err.printf(
                "demo: sent %,d clicks and %,d malformed records; waiting for the last"
                        + " decisions%n",
                sent, bad);
        err.flush();
        long drainEnd = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while ((billing.distinctDecided() < sent || billing.deadLetters() < bad)
                && System.nanoTime() < drainEnd) {
            Thread.sleep(200);
        }
        reporter.interrupt();
        if (activation != null) {
            activation.interrupt();
            activation.join(20_000);
        }
        job.cancel().get();
        billing.stop();
        billingThread.join(10_000);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.putAll(billing.summary(sent, bad));
        summary.put("warmup_hours", settings.warmupHours());
        summary.put("model_version", model.version());
        summary.put("model_promoted", model.stable());
        summary.put("model_note", model.note());
        if (badModel != null) {
            summary.putAll(badModel.summary(kafka.clientProperties(), CONTROL, billing, demoStart));
        }
        summary.put("scored_by_version", billing.scoredByVersion());
        summary.put("seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
        out.println("=== slidr demo: final figures ===");
        out.print(billing.table());
        out.print(billing.kindsTable());
        String json =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(summary);
        out.println(json);
        out.flush();
        if (settings.summaryFile() != null) {
            Files.writeString(settings.summaryFile(), json + "\n");
        }
        boolean complete =
                billing.distinctDecided() == sent
                        && ((Number) summary.get("duplicates")).longValue() == 0
                        && billing.deadLetters() == bad
                        && warmupComplete
                        && billing.warmupDecisions() == warmup.clickIds().size();
        if (!complete) {
            err.println(
                    "demo: NOT every click was decided exactly once (see undecided, duplicates,"
                            + " dead_letters, warmup_clicks, warmup_decisions in the summary)");
            err.flush();
        }
        return complete;
    }

    /**
     * Produces the last {@code --warmup-hours} of the history (regenerated: same simulator, seed
     * and days as the model's history) and waits until each warm-up click has a decision, so the
     * live traffic meets warmed-up counters; false when some never got one.
     */
    private boolean warmUp(WarmupTraffic warmup, BillingConsumer billing) throws Exception {
        if (settings.warmupHours() == 0) {
            warmup.close();
            return true;
        }
        err.printf(
                "demo: warm-up: producing the last %d h of the simulated history%n",
                settings.warmupHours());
        err.flush();
        try (warmup) {
            new TrafficSimulator(
                            settings.simulator(),
                            settings.seed(),
                            TrafficSimulator.DEFAULT_START,
                            settings.historyDays())
                    .run(warmup, ProgressListener.NONE);
        }
        long sent = warmup.clickIds().size();
        err.printf(
                "demo: warm-up: sent %,d clicks and %,d conversions; waiting for their"
                        + " decisions%n",
                sent, warmup.conversions());
        err.flush();
        long end = System.nanoTime() + WARMUP_TIMEOUT.toNanos();
        while (billing.warmupDistinctDecided() < sent && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        long decided = billing.warmupDistinctDecided();
        err.printf("demo: warm-up: %,d of %,d clicks decided%n", decided, sent);
        err.flush();
        return decided == sent;
    }

    private static boolean isEnough(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LiveTraffic.EnoughTraffic) {
                return true;
            }
        }
        return false;
    }

    private Configuration jobConfiguration(InProcessKafka kafka, Path work) {
        Configuration conf =
                LocalJobConfiguration.create(
                        kafka.bootstrapServers(),
                        new LocalJobConfiguration.Topics(
                                CLICKS, CONVERSIONS, DECISIONS, DEAD_LETTERS, CONTROL),
                        "slidr-demo",
                        settings.parallelism(),
                        work);
        // the whole system: the live monitor and the rollback guard behind it, which judges only
        // a model activated while the job runs (the demo's bad model, or models promote --live)
        conf.set(GuardOptions.ENABLED, true);
        // the simulated clock runs about 100 times faster than the wall clock, so the demo's
        // traffic is a few clicks per event-time second, some 60 scored a minute: the defaults'
        // least evidence (for a few hundred a second) would keep a bad model judged far longer
        // than the five event minutes the demo shows
        conf.set(GuardOptions.MIN_CLICKS, DEMO_GUARD_MIN_CLICKS);
        return conf;
    }
}
