package dev.slidr.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.JobConfig;
import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.ControlIngress;
import dev.slidr.job.kafka.ControlTopicWriter;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.local.InProcessKafka;
import dev.slidr.local.LocalJobConfiguration;
import dev.slidr.local.demo.DemoModel;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.simulator.KafkaTrafficSink;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.TrafficSimulator;
import dev.slidr.simulator.hostile.HostileCorpus;
import dev.slidr.simulator.hostile.HostileRecord;
import dev.slidr.training.pipeline.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One run of {@code slidr bench}: the model, an in-process broker, then in turn the live job's
 * sustained throughput on preloaded clicks (with a flight recording), the velocity peer on the same
 * clicks, processing latency at fixed rates, and the scorer alone under JMH; a summary at the end.
 */
public final class BenchRun {

    /** The bench's settings, checked by {@link BenchRequest}. */
    public record Settings(
            String command,
            long clicks,
            List<Double> rates,
            int rateSeconds,
            int warmupSeconds,
            int throughputRounds,
            int parallelism,
            Path registry,
            long seed,
            int historyDays,
            TrainingConfig training,
            Map<String, String> jobSettings,
            ScorerRuns.Settings scorer,
            List<Integer> scorerBatches,
            Set<Part> parts,
            Path jfrFile,
            Path summaryFile,
            Path docsFile) {}

    /** The parts of a run, in the order they run. */
    public enum Part {
        THROUGHPUT,
        PEER,
        /**
         * The live job's keyed shape with none of its work ({@link TopologyFloorJob}), as many
         * rounds as the live job, beside the peer.
         */
        FLOOR,
        LATENCY,
        /**
         * The floor ({@link TopologyFloorJob}) at the latency part's rates, with the same clicks:
         * the processing-latency tail of the live job's shape before any of its work. Named {@code
         * floor-latency}.
         */
        FLOOR_LATENCY,
        SCORER,
        /** Live model control: command → first decision of the new model, shadow scoring's cost. */
        CONTROL,
        /**
         * Valid-click throughput on the same clicks alone and with the hostile corpus mixed in,
         * alternating, over the throughput rounds.
         */
        HOSTILE
    }

    /** The parts a bench runs when none are named: every part but {@link Part#CONTROL}. */
    public static final Set<Part> DEFAULT_PARTS =
            java.util.EnumSet.of(Part.THROUGHPUT, Part.PEER, Part.LATENCY, Part.SCORER);

    /** How many control commands the switch measurement writes, alternating two models. */
    static final int SWITCHES = 6;

    /** Wall time between two switches, and before the first one (the job warms up). */
    static final Duration SWITCH_EVERY = Duration.ofSeconds(5);

    /** The click rate while models are switched. */
    static final double SWITCH_RATE = 1_000;

    /**
     * How many times the shadow measurement runs the clicks without and with a shadow; odd rounds
     * run without first, even rounds with first, so a drift of the machine's load does not favour
     * one side.
     */
    static final int SHADOW_ROUNDS = 3;

    /** Hostile corpus records mixed into the clicks by the hostile part. */
    static final int HOSTILE_RECORDS = 10_000;

    private static final Duration MIN_DRAIN = Duration.ofMinutes(2);
    private static final Duration PHASE_DRAIN = Duration.ofSeconds(60);

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long t0 = System.nanoTime();
    private final Set<String> topicsCreated = new HashSet<>();
    private Set<String> throughputIds = Set.of();

    public BenchRun(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** Runs the bench; true when every click of every run was decided exactly once. */
    public boolean run() throws Exception {
        Path work = Files.createTempDirectory("slidr-bench");
        try {
            return run(work);
        } finally {
            LocalJobConfiguration.deleteTree(work);
        }
    }

    private boolean run(Path work) throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", settings.command());
        summary.put("started", Instant.now().toString());
        summary.put("machine", machine());
        DemoModel demo = new DemoModel(ModelRegistry.open(settings.registry()), err);
        DemoModel.Prepared model =
                demo.prepare(
                        SimulatorConfig.defaults(),
                        settings.seed(),
                        TrafficSimulator.DEFAULT_START,
                        settings.historyDays(),
                        settings.training(),
                        work);
        summary.put("model_version", model.version());
        summary.put("parallelism", settings.parallelism());
        summary.put("job_settings", settings.jobSettings());
        Set<Part> parts = settings.parts();
        List<Boolean> checks = new ArrayList<>();
        if (parts.contains(Part.THROUGHPUT)) {
            FlightProfile.initializeRecorder();
        }
        progress("starting Kafka (in-process KRaft node)");
        try (InProcessKafka kafka = InProcessKafka.start()) {
            if (parts.contains(Part.THROUGHPUT)
                    || parts.contains(Part.PEER)
                    || parts.contains(Part.FLOOR)) {
                preload(kafka);
            }
            Map<String, Object> throughput = null;
            List<Map<String, Object>> rounds = new ArrayList<>();
            if (parts.contains(Part.THROUGHPUT)) {
                throughput = throughput(kafka, model, work, 1);
                summary.put("throughput", throughput);
                checks.add(Boolean.TRUE.equals(throughput.get("exactly_once")));
                rounds.add(throughput);
                // later rounds read the same preloaded clicks again in this JVM, with fresh
                // state, topics and consumer group: the difference to round 1 is a warm JIT
                for (int round = 2; round <= settings.throughputRounds(); round++) {
                    Map<String, Object> again = throughput(kafka, model, work, round);
                    checks.add(Boolean.TRUE.equals(again.get("exactly_once")));
                    rounds.add(again);
                }
                if (rounds.size() > 1) {
                    summary.put("throughput_rounds", roundFigures(rounds));
                }
            }
            Map<String, Object> lastPeerRound = null;
            if (parts.contains(Part.PEER)) {
                Map<String, Object> peer = peer(kafka, work, 1, Comparison.PEER);
                checks.add(Boolean.TRUE.equals(peer.get("exactly_once")));
                // as many peer rounds as live ones: the peer decides the clicks in a few seconds,
                // so its first round is mostly its own warm-up; the last rounds of both pair
                // warm against warm
                List<Map<String, Object>> peerRounds = new ArrayList<>(List.of(peer));
                for (int round = 2; round <= settings.throughputRounds(); round++) {
                    Map<String, Object> again = peer(kafka, work, round, Comparison.PEER);
                    checks.add(Boolean.TRUE.equals(again.get("exactly_once")));
                    peerRounds.add(again);
                }
                if (throughput != null) {
                    peer.put("ratio", ratio(throughput, peer));
                    if (rounds.size() > 1) {
                        peer.put(
                                "ratio_last_round",
                                ratio(
                                        rounds.get(rounds.size() - 1),
                                        peerRounds.get(peerRounds.size() - 1)));
                    }
                }
                summary.put("peer", peer);
                if (peerRounds.size() > 1) {
                    summary.put("peer_rounds", roundFigures(peerRounds));
                }
                lastPeerRound = peerRounds.get(peerRounds.size() - 1);
            }
            if (parts.contains(Part.FLOOR)) {
                List<Map<String, Object>> floorRounds = new ArrayList<>();
                for (int round = 1; round <= settings.throughputRounds(); round++) {
                    Map<String, Object> floor = peer(kafka, work, round, Comparison.FLOOR);
                    checks.add(Boolean.TRUE.equals(floor.get("exactly_once")));
                    floorRounds.add(floor);
                }
                Map<String, Object> floor = floorRounds.get(0);
                Map<String, Object> lastFloor = floorRounds.get(floorRounds.size() - 1);
                if (lastPeerRound != null) {
                    floor.put("ratio_to_peer_last_round", ratio(lastFloor, lastPeerRound));
                }
                if (!rounds.isEmpty()) {
                    floor.put(
                            "live_ratio_last_round",
                            ratio(rounds.get(rounds.size() - 1), lastFloor));
                }
                summary.put("floor", floor);
                if (floorRounds.size() > 1) {
                    summary.put("floor_rounds", roundFigures(floorRounds));
                }
            }
            if (parts.contains(Part.LATENCY)) {
                List<Map<String, Object>> latency = latency(kafka, model, work, null);
                summary.put("latency", latency);
                latency.forEach(p -> checks.add(Boolean.TRUE.equals(p.get("exactly_once"))));
            }
            if (parts.contains(Part.FLOOR_LATENCY)) {
                List<Map<String, Object>> latency = latency(kafka, model, work, Comparison.FLOOR);
                summary.put("floor_latency", latency);
                latency.forEach(p -> checks.add(Boolean.TRUE.equals(p.get("exactly_once"))));
            }
            if (parts.contains(Part.CONTROL)) {
                // a second, signed, registered model to switch to and to shadow
                ModelBundle other = demo.registerFlagEverything(model.bundle());
                Map<String, Object> control = new LinkedHashMap<>();
                control.put("other_model", other.version());
                control.put("load_average_before", loadAverage());
                control.put("switch", switches(kafka, model, other.version(), work));
                control.put("load_average_between", loadAverage());
                Map<String, Object> shadow = shadowCost(kafka, model, other.version(), work);
                control.put("shadow", shadow);
                control.put("load_average_after", loadAverage());
                summary.put("control", control);
                checks.add(Boolean.TRUE.equals(shadow.get("exactly_once")));
            }
            if (parts.contains(Part.HOSTILE)) {
                Map<String, Object> hostile = hostile(kafka, model, work);
                summary.put("hostile", hostile);
                checks.add(Boolean.TRUE.equals(hostile.get("exactly_once")));
            }
        }
        if (parts.contains(Part.SCORER)) {
            summary.put("scorer", scorer(Path.of(model.bundle().location().toUri().getPath())));
        }
        boolean exact = !checks.contains(false);
        summary.put("load_average_end", loadAverage());
        summary.put("exactly_once", exact);
        summary.put("seconds", round((System.nanoTime() - t0) / 1e9, 1));
        report(summary);
        if (!exact) {
            err.println(
                    "bench: NOT every click was decided exactly once (see exactly_once in the"
                            + " summary)");
            err.flush();
        }
        return exact;
    }

    // --- sustained throughput ---

    /**
     * One throughput round over the preloaded clicks. Round 1 is the reported figure and carries
     * the flight recording; round {@code n > 1} writes to its own decisions topic with its own
     * consumer group and state.
     */
    private Map<String, Object> throughput(
            InProcessKafka kafka, DemoModel.Prepared model, Path work, int round) throws Exception {
        LocalJobConfiguration.Topics tput = LocalJobConfiguration.Topics.named("tput-");
        String suffix = round == 1 ? "" : "-r" + round;
        LocalJobConfiguration.Topics topics =
                new LocalJobConfiguration.Topics(
                        tput.clicks(),
                        tput.conversions(),
                        tput.decisions() + suffix,
                        tput.deadLetters() + suffix,
                        tput.control());
        if (round > 1) {
            createTopics(kafka, topics, settings.parallelism());
        }
        Set<String> ids = throughputIds;
        Configuration conf = jobConfiguration(kafka, topics, "slidr-bench-tput" + suffix, work);
        StateHarvest state = StateHarvest.create();
        state.configure(conf);
        StreamExecutionEnvironment env = model.plan(conf);
        DecisionTally tally = new DecisionTally(kafka.clientProperties(), topics.decisions(), 0);
        Path jfr = settings.jfrFile() != null ? settings.jfrFile() : work.resolve("bench.jfr");
        String name = "throughput" + (round == 1 ? "" : " round " + round);
        try (state) {
            return measure(
                    name,
                    () -> env.executeAsync("slidr bench: " + name),
                    tally,
                    ids,
                    round == 1 ? jfr : null,
                    state);
        }
    }

    /** Each throughput round's figures, in order, for the summary. */
    private static List<Map<String, Object>> roundFigures(List<Map<String, Object>> rounds) {
        List<Map<String, Object>> figures = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Map<String, Object> round = rounds.get(i);
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("round", i + 1);
            figure.put("clicks_per_second", round.get("clicks_per_second"));
            figure.put("decided_span_ms", round.get("decided_span_ms"));
            figure.put("wall_seconds", round.get("wall_seconds"));
            figure.put("process_cpu_seconds", round.get("process_cpu_seconds"));
            figure.put("clicks_per_cpu_second", round.get("clicks_per_cpu_second"));
            figure.put("exactly_once", round.get("exactly_once"));
            figures.add(figure);
        }
        return figures;
    }

    /** The clicks of the throughput run and the peer, produced before either job starts. */
    private void preload(InProcessKafka kafka) throws Exception {
        LocalJobConfiguration.Topics topics = LocalJobConfiguration.Topics.named("tput-");
        createTopics(kafka, topics, settings.parallelism());
        progress("throughput: producing %,d simulated clicks", settings.clicks());
        throughputIds =
                BenchTraffic.produce(
                        producer(kafka),
                        topics.clicks(),
                        topics.conversions(),
                        List.of(new BenchTraffic.Phase(0, settings.clicks())),
                        SimulatorConfig.defaults(),
                        settings.seed() + 1,
                        silent());
    }

    /** A job compared with the live one on the same preloaded clicks. */
    private enum Comparison {
        PEER("peer"),
        FLOOR("floor");

        private final String name;

        Comparison(String name) {
            this.name = name;
        }
    }

    /** {@code a}'s clicks per second over {@code b}'s, to three places; null when b's is 0. */
    private static Double ratio(Map<String, Object> a, Map<String, Object> b) {
        double theirs = ((Number) b.get("clicks_per_second")).doubleValue();
        return theirs > 0
                ? round(((Number) a.get("clicks_per_second")).doubleValue() / theirs, 3)
                : null;
    }

    private Map<String, Object> peer(
            InProcessKafka kafka, Path work, int round, Comparison comparison) throws Exception {
        LocalJobConfiguration.Topics tput = LocalJobConfiguration.Topics.named("tput-");
        String suffix = round == 1 ? "" : "-r" + round;
        String id = comparison.name;
        LocalJobConfiguration.Topics topics =
                new LocalJobConfiguration.Topics(
                        tput.clicks(),
                        tput.conversions(),
                        id + "-decisions" + suffix,
                        id + "-dead-letters" + suffix,
                        tput.control());
        createTopics(kafka, topics, settings.parallelism());
        Configuration conf = jobConfiguration(kafka, topics, "slidr-bench-" + id + suffix, work);
        conf.set(KafkaOptions.GROUP_ID, "slidr-bench-" + id + suffix);
        StreamExecutionEnvironment env = comparisonJob(conf, comparison);
        DecisionTally tally = new DecisionTally(kafka.clientProperties(), topics.decisions(), 0);
        // each reads the clicks the throughput run read: every distinct click id once
        String name = id + (round == 1 ? "" : " round " + round);
        return measure(
                name,
                () -> env.executeAsync("slidr bench: " + name),
                tally,
                throughputIds,
                null,
                null);
    }

    /** An environment on the job configuration {@code conf} holding the peer or the floor. */
    private StreamExecutionEnvironment comparisonJob(Configuration conf, Comparison comparison) {
        Configuration flinkConf = JobConfig.fromConfiguration(conf).applyTo(conf);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        KafkaConfig kafkaConfig = KafkaConfig.fromConfiguration(flinkConf);
        if (comparison == Comparison.PEER) {
            VelocityPeerJob.build(env, kafkaConfig, settings.training().velocityK());
        } else {
            TopologyFloorJob.build(env, kafkaConfig);
        }
        return env;
    }

    private interface Submit {
        JobClient submit() throws Exception;
    }

    private Map<String, Object> measure(
            String name,
            Submit submit,
            DecisionTally tally,
            Set<String> ids,
            Path jfr,
            StateHarvest state)
            throws Exception {
        Thread consumer = new Thread(tally, "bench-" + name + "-decisions");
        consumer.setDaemon(true);
        consumer.start();
        long submitted = System.nanoTime();
        JobClient job = submit.submit();
        progress("%s: job %s running on %,d clicks", name, job.getJobID(), ids.size());
        FlightProfile profile = null;
        FlightProfile.Summary profiled = null;
        Duration drain = Duration.ofSeconds(Math.max(MIN_DRAIN.toSeconds(), ids.size() / 500));
        boolean complete;
        Map<String, Object> stateFigures = null;
        CpuTimeline cpu = CpuTimeline.start(Duration.ofMillis(50));
        try {
            boolean started = tally.awaitDistinct(1, drain);
            if (started && jfr != null) {
                profile = FlightProfile.start(jfr);
            }
            Thread reporter = progressReporter(name, tally, ids.size());
            Thread sampler = state == null ? null : checkpointSampler(name, state);
            complete = tally.awaitDistinct(ids.size(), drain);
            reporter.interrupt();
            if (sampler != null) {
                sampler.interrupt();
                // the state as the job holds it at the end, before the cancel closes RocksDB
                stateFigures = state.figures();
            }
            if (profile != null) {
                profiled = profile.stop();
            }
        } finally {
            // the sampler has run past the last decision made: the consumer sees it later
            cpu.close();
            job.cancel().get();
        }
        // decisions of the last checkpoint may still be committing
        Thread.sleep(1_500);
        tally.stop();
        consumer.join(10_000);
        double wall = (System.nanoTime() - submitted) / 1e9;
        long spanMs = tally.decidedSpanMillis();
        long undecided = ids.stream().filter(id -> !tally.decided(id)).count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clicks", ids.size());
        result.put("decisions", tally.decisions());
        result.put("distinct_decided", tally.distinct());
        result.put("duplicates", tally.duplicates());
        result.put("undecided", undecided);
        result.put("unreadable", tally.unreadable());
        result.put("invalid", tally.invalid());
        result.put("decided_span_ms", spanMs);
        result.put(
                "clicks_per_second",
                spanMs > 0 ? Math.round(tally.distinct() * 1000.0 / spanMs) : 0);
        result.put("wall_seconds", round(wall, 1));
        // CPU of the whole process (job, broker, the bench's consumer) from the first decision
        // made to the last (decided_ts, this JVM's clock), not from when the consumer saw them:
        // it sees them only as checkpoints commit. On a shared machine, clicks per CPU second is
        // the per-core figure
        double cpuSeconds =
                tally.distinct() < 2
                        ? 0
                        : cpu.secondsBetween(tally.firstDecidedMillis(), tally.lastDecidedMillis());
        if (Double.isNaN(cpuSeconds) || cpuSeconds < 0) {
            cpuSeconds = 0;
        }
        result.put("process_cpu_seconds", round(cpuSeconds, 1));
        result.put(
                "clicks_per_cpu_second",
                cpuSeconds > 0 ? Math.round(tally.distinct() / cpuSeconds) : null);
        result.put(
                "exactly_once",
                complete
                        && undecided == 0
                        && tally.duplicates() == 0
                        && tally.unreadable() == 0
                        && tally.distinct() == ids.size());
        progress(
                "%s: %,d clicks decided in %.1f s of decided_ts: %,d clicks/s; %,d duplicates,"
                        + " %,d undecided",
                name,
                tally.distinct(),
                spanMs / 1000.0,
                result.get("clicks_per_second"),
                tally.duplicates(),
                undecided);
        if (stateFigures != null) {
            result.put("state", stateFigures);
        }
        if (profiled != null) {
            result.put("profile", FlightProfile.toJson(profiled));
        }
        return result;
    }

    /** Follows the job's completed checkpoints (one every few seconds) while a round runs. */
    private static Thread checkpointSampler(String name, StateHarvest state) {
        Thread sampler =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    state.sample();
                                    Thread.sleep(250);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "bench-" + name + "-checkpoints");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private Thread progressReporter(String name, DecisionTally tally, long total) {
        Thread reporter =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    Thread.sleep(5_000);
                                    progress(
                                            "%s: %,d of %,d clicks decided",
                                            name, tally.distinct(), total);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "bench-progress");
        reporter.setDaemon(true);
        reporter.start();
        return reporter;
    }

    // --- hostile input beside a clean run ---

    /**
     * The same simulated clicks twice, preloaded: alone, and with {@link #HOSTILE_RECORDS} records
     * of the hostile corpus spread over them (same partitions, same order, each hostile record
     * stamped with the time of the click before it); then the live job over each, alternating which
     * goes first round by round, each run with fresh state, topics and group. The figure is the
     * rate of valid decisions (distinct click ids over the span of their {@code decided_ts}); the
     * ratio is with the corpus over without, per round and of the medians.
     */
    private Map<String, Object> hostile(InProcessKafka kafka, DemoModel.Prepared model, Path work)
            throws Exception {
        LocalJobConfiguration.Topics clean = LocalJobConfiguration.Topics.named("hclean-");
        LocalJobConfiguration.Topics mixed = LocalJobConfiguration.Topics.named("hmixed-");
        createTopics(kafka, clean, settings.parallelism());
        createTopics(kafka, mixed, settings.parallelism());
        HostileCorpus corpus =
                new HostileCorpus(settings.seed(), HostileCorpus.DEFAULT_LARGEST_BYTES);
        int maxBytes = corpus.largestBytes() + 1024 * 1024;
        allowLargeRecords(kafka, mixed.clicks(), maxBytes);
        progress("hostile: producing %,d simulated clicks", settings.clicks());
        Set<String> cleanIds =
                BenchTraffic.produce(
                        producer(kafka),
                        clean.clicks(),
                        // the part compares clean with mixed clicks, which are copied without
                        // conversions: neither gets any
                        null,
                        List.of(new BenchTraffic.Phase(0, settings.clicks())),
                        SimulatorConfig.defaults(),
                        settings.seed() + 1,
                        silent());
        progress("hostile: copying them with %,d hostile records mixed in", HOSTILE_RECORDS);
        Set<String> mixedIds = new HashSet<>(cleanIds);
        Map<String, Long> kinds = new java.util.TreeMap<>();
        long hostileBytes =
                copyWithCorpus(
                        kafka, clean.clicks(), mixed.clicks(), corpus, maxBytes, mixedIds, kinds);
        List<Double> cleanRates = new ArrayList<>();
        List<Double> mixedRates = new ArrayList<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        boolean exact = true;
        for (int round = 1; round <= settings.throughputRounds(); round++) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("round", round);
            for (boolean withCorpus :
                    round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                Map<String, Object> run =
                        hostileRun(
                                kafka,
                                model,
                                work,
                                withCorpus ? mixed : clean,
                                (withCorpus ? "mixed" : "clean") + "-r" + round,
                                withCorpus ? mixedIds : cleanIds);
                double rate = ((Number) run.get("clicks_per_second")).doubleValue();
                (withCorpus ? mixedRates : cleanRates).add(rate);
                figures.put(withCorpus ? "with_corpus" : "clean", rate);
                exact &= Boolean.TRUE.equals(run.get("exactly_once"));
            }
            double c = ((Number) figures.get("clean")).doubleValue();
            double m = ((Number) figures.get("with_corpus")).doubleValue();
            figures.put("ratio", c > 0 ? round(m / c, 3) : null);
            rounds.add(figures);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clicks", cleanIds.size());
        result.put("hostile_records", HOSTILE_RECORDS);
        result.put("hostile_clicks", mixedIds.size() - cleanIds.size());
        result.put("hostile_bytes", hostileBytes);
        result.put("largest_record_bytes", corpus.largestBytes());
        result.put("kinds", kinds);
        result.put("rounds", rounds);
        result.put("clean", spread(cleanRates));
        result.put("with_corpus", spread(mixedRates));
        double cleanMedian = median(cleanRates);
        result.put(
                "ratio_of_medians",
                cleanMedian > 0 ? round(median(mixedRates) / cleanMedian, 3) : null);
        result.put("exactly_once", exact);
        return result;
    }

    private Map<String, Object> hostileRun(
            InProcessKafka kafka,
            DemoModel.Prepared model,
            Path work,
            LocalJobConfiguration.Topics input,
            String name,
            Set<String> ids)
            throws Exception {
        LocalJobConfiguration.Topics topics =
                new LocalJobConfiguration.Topics(
                        input.clicks(),
                        input.conversions(),
                        input.decisions() + "-" + name,
                        input.deadLetters() + "-" + name,
                        input.control());
        createTopics(kafka, topics, settings.parallelism());
        Configuration conf = jobConfiguration(kafka, topics, "slidr-bench-hostile-" + name, work);
        StreamExecutionEnvironment env = model.plan(conf);
        DecisionTally tally = new DecisionTally(kafka.clientProperties(), topics.decisions(), 0);
        return measure(
                "hostile " + name,
                () -> env.executeAsync("slidr bench: hostile " + name),
                tally,
                ids,
                null,
                null);
    }

    /**
     * Copies every record of {@code from} to the same partition of {@code to}, with the corpus's
     * records spread evenly among them; adds the corpus's valid clicks to {@code ids}, counts the
     * records per kind into {@code kinds} and returns the corpus's bytes.
     */
    private long copyWithCorpus(
            InProcessKafka kafka,
            String from,
            String to,
            HostileCorpus corpus,
            int maxBytes,
            Set<String> ids,
            Map<String, Long> kinds)
            throws Exception {
        Properties consumerProps = kafka.clientProperties();
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties producerProps = producer(kafka);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxBytes));
        producerProps.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(4L * maxBytes));
        long total = settings.clicks();
        long copied = 0;
        long sent = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                consumerProps,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                producerProps,
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(from).stream()
                            .map(info -> new TopicPartition(from, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    producer.send(
                            new ProducerRecord<>(
                                    to, r.partition(), r.timestamp(), r.key(), r.value()));
                    copied++;
                    long due =
                            Math.min(
                                    HOSTILE_RECORDS,
                                    (long) Math.floor((double) copied / total * HOSTILE_RECORDS));
                    while (sent < due) {
                        HostileRecord h = corpus.record(sent++, r.timestamp());
                        bytes += Math.max(0, h.valueLength());
                        kinds.merge(h.kind().wireName(), 1L, Long::sum);
                        if (h.accepted()) {
                            ids.add(h.clickId());
                        }
                        producer.send(
                                new ProducerRecord<>(
                                        to, r.partition(), h.timestamp(), h.key(), h.value()));
                    }
                }
            }
            producer.flush();
        }
        return bytes;
    }

    /**
     * Raises {@code topic}'s {@code max.message.bytes} so that the corpus's largest records reach
     * the job, whose own size limit must answer them.
     */
    private static void allowLargeRecords(InProcessKafka kafka, String topic, int bytes)
            throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "max.message.bytes",
                                                            Integer.toString(bytes)),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
    }

    /** Min, median and max of {@code values}. */
    private static Map<String, Object> spread(List<Double> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", values.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        m.put("median", median(values));
        m.put("max", values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        return m;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // --- latency at fixed rates ---

    /**
     * The live job ({@code comparison} null) or the floor at the settings' rates, the same clicks
     * (seed) for both.
     */
    private List<Map<String, Object>> latency(
            InProcessKafka kafka, DemoModel.Prepared model, Path work, Comparison comparison)
            throws Exception {
        String id = comparison == null ? "latency" : comparison.name + "-latency";
        LocalJobConfiguration.Topics topics =
                LocalJobConfiguration.Topics.named(comparison == null ? "lat-" : "flat-");
        createTopics(kafka, topics, settings.parallelism());
        List<BenchTraffic.Phase> phases = new ArrayList<>();
        double first = settings.rates().get(0);
        // phase 0 warms the job up (start, JIT, first checkpoints) and is not reported
        phases.add(
                new BenchTraffic.Phase(
                        first, Math.max(1, Math.round(first * settings.warmupSeconds()))));
        for (double rate : settings.rates()) {
            phases.add(
                    new BenchTraffic.Phase(
                            rate, Math.max(1, Math.round(rate * settings.rateSeconds()))));
        }
        DecisionTally tally =
                new DecisionTally(kafka.clientProperties(), topics.decisions(), phases.size());
        Thread consumer = new Thread(tally, "bench-" + id + "-decisions");
        consumer.setDaemon(true);
        consumer.start();
        List<Map<String, Object>> results = new ArrayList<>();
        try (LatencyHarvest harvest = LatencyHarvest.create()) {
            Configuration conf = jobConfiguration(kafka, topics, "slidr-bench-" + id, work);
            harvest.configure(conf);
            StreamExecutionEnvironment env =
                    comparison == null ? model.plan(conf) : comparisonJob(conf, comparison);
            JobClient job = env.executeAsync("slidr bench: " + id);
            progress(
                    "%s: job %s running; %d s warm-up at %,.0f clicks/s, then %s clicks/s"
                            + " for %d s each",
                    id,
                    job.getJobID(),
                    settings.warmupSeconds(),
                    first,
                    settings.rates(),
                    settings.rateSeconds());
            long[] sentSoFar = {0};
            Histogram[] before = {new Histogram(3)};
            GcPauses[] pausesBefore = {GcPauses.now()};
            try {
                BenchTraffic.produce(
                        producer(kafka),
                        topics.clicks(),
                        topics.conversions(),
                        phases,
                        SimulatorConfig.defaults(),
                        settings.seed() + 2,
                        new BenchTraffic.PhaseListener() {
                            @Override
                            public void sent(int phase, String clickId, long producedMs) {
                                tally.sent(clickId, phase, producedMs);
                            }

                            @Override
                            public void ended(int phase, long clicks, double seconds)
                                    throws IOException {
                                sentSoFar[0] += clicks;
                                boolean all;
                                try {
                                    // a rate above what the job sustains leaves a backlog:
                                    // wait for it (at 1,000 clicks/s at least) so every
                                    // click of the rate is counted in its own phase
                                    Duration drain =
                                            Duration.ofSeconds(
                                                    Math.max(
                                                            PHASE_DRAIN.toSeconds(),
                                                            clicks / 1_000));
                                    all = tally.awaitDistinct(sentSoFar[0], drain);
                                } catch (Exception e) {
                                    throw new IOException(e.getMessage(), e);
                                }
                                Histogram now = harvest.merged();
                                Histogram phaseHistogram = now.copy();
                                phaseHistogram.subtract(before[0]);
                                before[0] = now;
                                GcPauses pausesNow = GcPauses.now();
                                GcPauses phasePauses = pausesNow.since(pausesBefore[0]);
                                pausesBefore[0] = pausesNow;
                                if (phase == 0) {
                                    progress(
                                            "%s: warm-up done (%,d clicks, %d subtask"
                                                    + " histograms)",
                                            id, clicks, harvest.histogramCount());
                                    return;
                                }
                                Map<String, Object> r =
                                        phaseResult(
                                                phases.get(phase),
                                                clicks,
                                                seconds,
                                                phaseHistogram,
                                                tally.producedToDecided(phase),
                                                all,
                                                tally.distinct() == sentSoFar[0]);
                                Map<String, Object> gc = new LinkedHashMap<>();
                                gc.put("count", phasePauses.count());
                                gc.put("total_ms", phasePauses.millis());
                                gc.put("measured_as", "this JVM's collector pause beans");
                                r.put("gc_pauses", gc);
                                results.add(r);
                                progress(
                                        "%s: %,.0f clicks/s: processing p50 %s, p99 %s,"
                                                + " p99.9 %s, max %s ms; produced → decided"
                                                + " p99.9 %s ms",
                                        id,
                                        phases.get(phase).rate(),
                                        ms(r, "processing_ms", "p50"),
                                        ms(r, "processing_ms", "p99"),
                                        ms(r, "processing_ms", "p999"),
                                        ms(r, "processing_ms", "max"),
                                        ms(r, "produced_to_decided_ms", "p999"));
                            }
                        });
            } finally {
                job.cancel().get();
                Thread.sleep(1_000);
                tally.stop();
                consumer.join(10_000);
            }
            if (tally.duplicates() > 0) {
                results.forEach(r -> r.put("exactly_once", false));
            }
        }
        return results;
    }

    private static Object ms(Map<String, Object> r, String group, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r.get(group);
        return m.get(key);
    }

    private Map<String, Object> phaseResult(
            BenchTraffic.Phase phase,
            long clicks,
            double seconds,
            Histogram processingMicros,
            Histogram producedMs,
            boolean allDecided,
            boolean noneMissing) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", phase.rate());
        r.put("clicks", clicks);
        r.put("achieved_rate", Math.round(clicks / Math.max(seconds, 1e-9)));
        Map<String, Object> processing = new LinkedHashMap<>();
        processing.put("count", processingMicros.getTotalCount());
        processing.put("p50", micros(processingMicros.getValueAtPercentile(50)));
        processing.put("p99", micros(processingMicros.getValueAtPercentile(99)));
        processing.put("p999", micros(processingMicros.getValueAtPercentile(99.9)));
        processing.put("max", micros(processingMicros.getMaxValue()));
        processing.put("measured_as", "job metric slidrProcessingLatencyMicros, read → decided");
        r.put("processing_ms", processing);
        Map<String, Object> produced = new LinkedHashMap<>();
        produced.put("count", producedMs.getTotalCount());
        produced.put("p50", producedMs.getValueAtPercentile(50));
        produced.put("p99", producedMs.getValueAtPercentile(99));
        produced.put("p999", producedMs.getValueAtPercentile(99.9));
        produced.put("max", producedMs.getMaxValue());
        produced.put("measured_as", "decided_ts − time handed to the producer");
        r.put("produced_to_decided_ms", produced);
        r.put(
                "exactly_once",
                allDecided && noneMissing && processingMicros.getTotalCount() == clicks);
        return r;
    }

    private static double micros(long value) {
        return round(value / 1000.0, 3);
    }

    // --- live model control ---

    /**
     * Writes {@link #SWITCHES} {@code activate} commands, alternating {@code other} and the model
     * the job started with, each effective from the event time of the last click sent when it is
     * written (so it takes effect as soon as it arrives), into a job scoring {@link #SWITCH_RATE}
     * clicks/s; measures, for each, the wall time from the command's produce to the first decision
     * of the new version ({@code decided_ts}), and the event time from {@code effective_ts} to that
     * decision's click.
     */
    private Map<String, Object> switches(
            InProcessKafka kafka, DemoModel.Prepared model, String other, Path work)
            throws Exception {
        LocalJobConfiguration.Topics topics = LocalJobConfiguration.Topics.named("switch-");
        createTopics(kafka, topics, settings.parallelism());
        Configuration conf = jobConfiguration(kafka, topics, "slidr-bench-switch", work);
        KafkaConfig kafkaConfig =
                KafkaConfig.fromConfiguration(JobConfig.fromConfiguration(conf).applyTo(conf));
        ModelSwitchWatch watch = new ModelSwitchWatch(kafka.clientProperties(), topics.decisions());
        Thread consumer = new Thread(watch, "bench-switch-decisions");
        consumer.setDaemon(true);
        consumer.start();
        AtomicLong lastEventTs = new AtomicLong(Long.MIN_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> trafficFailure = new AtomicReference<>();
        Thread traffic =
                new Thread(
                        () -> {
                            try {
                                BenchTraffic.produce(
                                        producer(kafka),
                                        topics.clicks(),
                                        topics.conversions(),
                                        List.of(new BenchTraffic.Phase(SWITCH_RATE, 10_000_000L)),
                                        SimulatorConfig.defaults(),
                                        settings.seed() + 3,
                                        new BenchTraffic.PhaseListener() {
                                            @Override
                                            public void sent(
                                                    int phase, String clickId, long producedMs) {}

                                            @Override
                                            public void ended(
                                                    int phase, long clicks, double seconds) {}

                                            @Override
                                            public void sentEventTime(long eventTs) {
                                                lastEventTs.accumulateAndGet(eventTs, Math::max);
                                            }

                                            @Override
                                            public boolean stopNow() {
                                                return stop.get();
                                            }
                                        });
                            } catch (Exception e) {
                                trafficFailure.set(e);
                            }
                        },
                        "bench-switch-traffic");
        traffic.setDaemon(true);
        List<long[]> commands = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        JobClient job = model.plan(conf).executeAsync("slidr bench: model switches");
        try {
            traffic.start();
            long deadline = System.nanoTime() + MIN_DRAIN.toNanos();
            while (watch.count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (watch.count() == 0) {
                throw new IOException("the switch job decided nothing within " + MIN_DRAIN);
            }
            progress(
                    "control: job %s scoring %,.0f clicks/s; %d switches, %d s apart",
                    job.getJobID(), SWITCH_RATE, SWITCHES, SWITCH_EVERY.toSeconds());
            for (int i = 1; i <= SWITCHES; i++) {
                Thread.sleep(SWITCH_EVERY.toMillis());
                String target = i % 2 == 1 ? other : model.version();
                long effective = lastEventTs.get();
                long produced = System.currentTimeMillis();
                ControlTopicWriter.write(
                        kafkaConfig,
                        new ControlCommand.Activate(target, effective),
                        produced,
                        Duration.ofSeconds(15));
                commands.add(new long[] {produced, effective});
                targets.add(target);
            }
            // the last command's first decision becomes visible with a later checkpoint: keep
            // the traffic (and so the checkpoints' decisions) going until it is read
            long[] last = commands.get(commands.size() - 1);
            long waitUntil = System.nanoTime() + MIN_DRAIN.toNanos();
            while (ModelSwitchWatch.first(
                                    watch.seen(),
                                    targets.get(targets.size() - 1),
                                    last[0],
                                    last[1],
                                    Long.MAX_VALUE)
                            == null
                    && System.nanoTime() < waitUntil) {
                Thread.sleep(500);
            }
        } finally {
            stop.set(true);
            traffic.join(30_000);
            job.cancel().get();
            // decisions of the last checkpoint may still be committing
            Thread.sleep(1_500);
            watch.stop();
            consumer.join(10_000);
        }
        if (trafficFailure.get() != null) {
            throw trafficFailure.get();
        }
        List<ModelSwitchWatch.Seen> seen = watch.seen();
        List<Map<String, Object>> each = new ArrayList<>();
        List<Long> wallMs = new ArrayList<>();
        List<Long> eventMs = new ArrayList<>();
        long missed = 0;
        for (int i = 0; i < commands.size(); i++) {
            long produced = commands.get(i)[0];
            long effective = commands.get(i)[1];
            long until = i + 1 < commands.size() ? commands.get(i + 1)[0] : Long.MAX_VALUE;
            ModelSwitchWatch.Seen first =
                    ModelSwitchWatch.first(seen, targets.get(i), produced, effective, until);
            long late = ModelSwitchWatch.missed(seen, targets.get(i), produced, effective, until);
            missed += late;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("to", targets.get(i));
            m.put(
                    "command_to_first_decision_ms",
                    first == null ? null : first.decidedTs() - produced);
            m.put(
                    "effective_to_first_click_event_ms",
                    first == null ? null : first.eventTs() - effective);
            m.put("clicks_after_effective_scored_by_the_old_model", late);
            each.add(m);
            if (first != null) {
                wallMs.add(first.decidedTs() - produced);
                eventMs.add(first.eventTs() - effective);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", SWITCH_RATE);
        result.put("commands", commands.size());
        result.put("switched", wallMs.size());
        result.put("command_to_first_decision_ms", minMedianMax(wallMs));
        result.put("effective_to_first_click_event_ms", minMedianMax(eventMs));
        result.put("clicks_after_effective_scored_by_the_old_model", missed);
        result.put(
                "measured_as",
                "decided_ts of the first decision of the new version − wall time the command"
                        + " was produced; its click's event_ts − effective_ts (effective_ts ="
                        + " event time of the last click sent when the command was produced)");
        result.put("each", each);
        progress(
                "control: command → first decision of the new model %s ms (min/median/max) over"
                        + " %d of %d switches",
                result.get("command_to_first_decision_ms"), wallMs.size(), commands.size());
        return result;
    }

    /**
     * The same preloaded clicks through the job {@link #SHADOW_ROUNDS} times without and with
     * {@code other} as a shadow (accepted from event time 0 on, so it scores every click), each run
     * with fresh state, topics and consumer group; the ratio of the decided rates per round.
     */
    private Map<String, Object> shadowCost(
            InProcessKafka kafka, DemoModel.Prepared model, String other, Path work)
            throws Exception {
        LocalJobConfiguration.Topics base = LocalJobConfiguration.Topics.named("shadow-");
        createTopics(kafka, base, settings.parallelism());
        // the subtasks load the shadow through the same catalog: a refusal would measure nothing
        model.catalog().load(other);
        progress("control: producing %,d simulated clicks for the shadow runs", settings.clicks());
        Set<String> ids =
                BenchTraffic.produce(
                        producer(kafka),
                        base.clicks(),
                        base.conversions(),
                        List.of(new BenchTraffic.Phase(0, settings.clicks())),
                        SimulatorConfig.defaults(),
                        settings.seed() + 4,
                        silent());
        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        boolean exact = true;
        for (int round = 1; round <= SHADOW_ROUNDS; round++) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("round", round);
            double[] rate = new double[2];
            for (int side = 0; side < 2; side++) {
                int shadowed = round % 2 == 1 ? side : 1 - side;
                String suffix = "-r" + round + (shadowed == 1 ? "-shadow" : "-plain");
                LocalJobConfiguration.Topics topics =
                        new LocalJobConfiguration.Topics(
                                base.clicks(),
                                base.conversions(),
                                base.decisions() + suffix,
                                base.deadLetters() + suffix,
                                base.control() + suffix);
                createTopics(kafka, topics, settings.parallelism());
                Configuration conf =
                        jobConfiguration(kafka, topics, "slidr-bench-shadow" + suffix, work);
                Configuration flinkConf = JobConfig.fromConfiguration(conf).applyTo(conf);
                KafkaConfig kafkaConfig = KafkaConfig.fromConfiguration(flinkConf);
                if (shadowed == 1) {
                    ControlTopicWriter.write(
                            kafkaConfig,
                            new ControlCommand.Shadow(other),
                            0L,
                            Duration.ofSeconds(15));
                }
                // the production job, except that its control source reads from the start, so
                // the shadow command written before it is in force from the first click
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
                ClickDecisionJob.fromConfiguration(
                                flinkConf,
                                ModelSource.fixed(model.deployed()),
                                model.catalog(),
                                model.deployed().thresholds().slicing())
                        .withControl(
                                ControlIngress.source(kafkaConfig, OffsetsInitializer.earliest()),
                                model.catalog())
                        .build(env);
                DecisionTally tally =
                        new DecisionTally(kafka.clientProperties(), topics.decisions(), 0);
                String name = "shadow round " + round + (shadowed == 1 ? " with" : " without");
                Map<String, Object> run =
                        measure(
                                name,
                                () -> env.executeAsync("slidr bench: " + name),
                                tally,
                                ids,
                                null,
                                null);
                exact &= Boolean.TRUE.equals(run.get("exactly_once"));
                rate[shadowed] = ((Number) run.get("clicks_per_second")).doubleValue();
                figures.put(
                        shadowed == 1 ? "with_shadow" : "without_shadow",
                        Map.of(
                                "clicks_per_second", run.get("clicks_per_second"),
                                "decided_span_ms", run.get("decided_span_ms"),
                                "exactly_once", run.get("exactly_once")));
            }
            double ratio = rate[0] > 0 ? round(rate[1] / rate[0], 3) : Double.NaN;
            figures.put("ratio", ratio);
            ratios.add(ratio);
            rounds.add(figures);
            progress("control: shadow round %d: with/without = %s", round, ratio);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clicks", ids.size());
        result.put("rounds", rounds);
        result.put("ratios", ratios);
        result.put("exactly_once", exact);
        result.put(
                "measured_as",
                "clicks/s with a shadow ÷ clicks/s without, first to last decided_ts, same"
                        + " preloaded clicks, fresh state each run");
        return result;
    }

    private static Map<String, Object> minMedianMax(List<Long> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (values.isEmpty()) {
            m.put("min", null);
            m.put("median", null);
            m.put("max", null);
            return m;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        m.put("min", sorted.get(0));
        m.put(
                "median",
                n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
        m.put("max", sorted.get(n - 1));
        return m;
    }

    // --- the scorer alone ---

    private Map<String, Object> scorer(Path bundleDir) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        String cuda = ScorerRuns.cudaUnavailable(bundleDir);
        List<String> providers = cuda == null ? List.of("CPU", "CUDA") : List.of("CPU");
        result.put("cuda", cuda == null ? "measured" : cuda);
        progress("scorer: JMH, batches %s on %s", settings.scorerBatches(), providers);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScorerRuns.Row row :
                ScorerRuns.run(bundleDir, settings.scorerBatches(), providers, settings.scorer())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", row.provider());
            m.put("batch", row.batch());
            m.put("us_per_call", round(row.microsPerCall(), 2));
            m.put("error", Double.isNaN(row.error()) ? null : round(row.error(), 2));
            m.put("us_per_row", round(row.microsPerCall() / row.batch(), 3));
            m.put("rows_per_second", Math.round(row.rowsPerSecond()));
            rows.add(m);
        }
        result.put("rows", rows);
        return result;
    }

    // --- pieces ---

    private Configuration jobConfiguration(
            InProcessKafka kafka, LocalJobConfiguration.Topics topics, String name, Path work) {
        Configuration conf =
                LocalJobConfiguration.create(
                        kafka.bootstrapServers(),
                        topics,
                        name,
                        settings.parallelism(),
                        work.resolve(name));
        conf.set(KafkaOptions.GROUP_ID, name);
        // the production checkpoint interval, not the demo's 1 s: each checkpoint stalls the
        // stages for a moment (RocksDB flushes, barrier alignment), which is the latency tail
        conf.set(JobOptions.CHECKPOINT_INTERVAL, JobOptions.CHECKPOINT_INTERVAL.defaultValue());
        settings.jobSettings().forEach(conf::setString);
        return conf;
    }

    private void createTopics(
            InProcessKafka kafka, LocalJobConfiguration.Topics topics, int partitions)
            throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (String name :
                List.of(
                        topics.clicks(),
                        topics.conversions(),
                        topics.decisions(),
                        topics.deadLetters(),
                        topics.control())) {
            if (topicsCreated.add(name)) {
                wanted.add(new NewTopic(name, partitions, (short) 1));
            }
        }
        kafka.createTopics(wanted);
    }

    private static Properties producer(InProcessKafka kafka) {
        Properties p = KafkaTrafficSink.producerProperties(kafka.bootstrapServers(), Map.of());
        p.putAll(kafka.clientProperties());
        return p;
    }

    private static BenchTraffic.PhaseListener silent() {
        return new BenchTraffic.PhaseListener() {
            @Override
            public void sent(int phase, String clickId, long producedMs) {}

            @Override
            public void ended(int phase, long clicks, double seconds) {}
        };
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("collector", GcPauses.collector());
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("load_average_start", loadAverage());
        return m;
    }

    /** CPU time this process has used, in nanoseconds; -1 where the JVM cannot tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static double loadAverage() {
        return round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private void progress(String format, Object... args) {
        err.printf(
                Locale.ROOT,
                "[%5.0f s] bench: " + format + "%n",
                prepend((System.nanoTime() - t0) / 1e9, args));
        err.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private void report(Map<String, Object> summary) throws IOException {
        out.println("=== slidr bench ===");
        out.print(BenchReport.text(summary));
        String json =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(summary);
        out.flush();
        if (settings.summaryFile() != null) {
            Files.writeString(settings.summaryFile(), json + "\n");
        }
        if (settings.docsFile() != null) {
            BenchReport.writeDocs(settings.docsFile(), summary);
            progress("wrote the results into %s", settings.docsFile());
        }
    }

    /** JMH settings from the command's options. */
    static ScorerRuns.Settings scorerSettings(int forks, int warmups, int iterations, int millis) {
        return new ScorerRuns.Settings(forks, warmups, iterations, TimeValue.milliseconds(millis));
    }
}
