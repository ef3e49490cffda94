package dev.slidr.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.feature.flink.FeatureStateOptions;
import dev.slidr.feature.flink.Keying;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.JobConfig;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.RawRecord;
import dev.slidr.local.LocalJobConfiguration;
import dev.slidr.replay.report.DecisionPair;
import dev.slidr.replay.report.DiffReport;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtOptions;
import dev.slidr.rules.givt.RobotUserAgents;
import dev.slidr.rules.privacy.PrivacyConfig;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a replay: the live job's own topology ({@link ClickDecisionJob#tappedPipeline}) over a
 * bounded source on a local MiniCluster with RocksDB, the window's decisions paired with the
 * baseline's, corrections for the changed ones, dead letters, and the diff report.
 *
 * <pre>{@code
 * ReplayResult result = new ReplayRun(ReplayListener.SILENT).run(request);
 * }</pre>
 */
public final class ReplayRun {

    /** How far around the window the clicks topic is read: producers stamp records out of order. */
    static final Duration TOPIC_MARGIN = Duration.ofHours(1);

    /** Each click's advertiser with its decision. */
    private static final TypeInformation<Tuple2<String, Decision>> PAIRED =
            Types.TUPLE(Types.STRING, DecisionSerializer.TYPE_INFO);

    /**
     * The collected outputs: a decision of the window with its advertiser, or a record: a count of
     * the decisions left out ({@link WindowedDecisions}) or a dead letter's contract JSON.
     */
    static final TypeInformation<Either<Tuple2<String, Decision>, byte[]>> OUTPUT =
            new EitherTypeInfo<>(PAIRED, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** Collected records cross to the client in batches of about this many bytes. */
    static final int COLLECT_BATCH_BYTES = 256 * 1024;

    private final ReplayListener listener;
    private RuntimeExecutionMode mode = RuntimeExecutionMode.STREAMING;

    public ReplayRun(ReplayListener listener) {
        this.listener = listener == null ? ReplayListener.SILENT : listener;
    }

    /** Runs the job in {@code runtimeMode} (streaming by default). */
    public ReplayRun runtimeMode(RuntimeExecutionMode runtimeMode) {
        this.mode = runtimeMode;
        return this;
    }

    /** One decision of the window out of the job, with the click's advertiser. */
    private interface DecisionConsumer {
        void accept(String advertiserId, Decision decision) throws IOException;
    }

    /**
     * Clicks the job read and did not decide in the window: decisions of the warm-up (or before it)
     * and after the window, and repeated click ids, which are never decided twice.
     */
    private interface CountConsumer {
        void accept(long warmed, long after, long repeated);
    }

    /** One dead letter out of the job. */
    private interface DeadLetterConsumer {
        void accept(DeadLetter letter) throws IOException;
    }

    /**
     * Runs {@code request} and writes its files under {@code request.out()}.
     *
     * @throws ReplayException a refused model or an unreadable source, with a one-line message
     */
    public ReplayResult run(ReplayRequest request) throws IOException {
        ReplayWindow window = request.window();
        String replayId = request.replayId();
        Path out = request.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ReplayException(
                    "cannot create the output directory " + out + ": " + rootCause(e), e);
        }
        Path work = Files.createTempDirectory(out, ".replay-work-");
        List<Path> files = new ArrayList<>();
        try (AtomicLines deadLetters = new AtomicLines(out.resolve("dead-letters.jsonl"));
                AtomicLines corrections = new AtomicLines(out.resolve("corrections.jsonl"))) {
            listener.phase("model");
            DeployedModel model =
                    ReplayModel.load(
                            request.registry(), request.modelVersion(), request.allowCandidate());
            DeployedModel baselineModel =
                    request.baseline() instanceof Baseline.Version v
                            ? ReplayModel.load(request.registry(), v.version(), true)
                            : null;
            Configuration settings = settingsOf(request);
            DeadLetterConsumer dead = letter -> deadLetters.write(ContractJson.write(letter));

            listener.phase("reading");
            Input input = input(request, window, settings, work, dead);

            listener.phase("baseline");
            BaselineDecisions baseline = new BaselineDecisions(window);
            if (request.baseline() instanceof Baseline.DecisionsFile f) {
                baseline =
                        BaselineDecisions.fromFile(f.file(), window, letter -> write(dead, letter));
            } else if (request.baseline() instanceof Baseline.DecisionsTopic t) {
                baseline =
                        BaselineDecisions.fromTopic(
                                kafkaConfig(t.jobConfiguration()),
                                window,
                                letter -> write(dead, letter),
                                listener);
            } else if (baselineModel != null) {
                BaselineDecisions byVersion = baseline;
                execute(
                        baselineModel,
                        settings,
                        input,
                        (advertiser, d) -> byVersion.offer(d),
                        (warmed, after, repeated) -> {},
                        letter -> {},
                        work.resolve("baseline"));
            }

            listener.phase("replaying");
            String beforeLabel = label(request.baseline());
            DiffReport.Builder report =
                    DiffReport.builder(replayId, beforeLabel, request.modelVersion());
            if (request.truth() != null) {
                report.truth(TruthFile.read(request.truth()));
            }
            long[] counts = new long[4]; // warmed, decided, outputs, repeated click ids
            BaselineDecisions before = baseline;
            execute(
                    model,
                    settings,
                    input,
                    (advertiser, after) -> {
                        counts[1]++;
                        progress(counts, 1, input.total());
                        Decision previous = before.get(after.clickId());
                        report.add(new DecisionPair(advertiser, previous, after));
                        if (request.emitAll() || Corrections.changed(previous, after)) {
                            corrections.write(Corrections.of(previous, after, replayId, window));
                        }
                    },
                    (warmed, after, repeated) -> {
                        counts[0] += warmed;
                        counts[3] += repeated;
                        progress(counts, warmed + after + repeated, input.total());
                    },
                    dead,
                    work.resolve("replay"));
            listener.progress(counts[2], counts[2]);

            listener.phase("writing");
            long deadCount = deadLetters.lines();
            long correctionCount = corrections.lines();
            Path correctionsFile = corrections.commit();
            files.add(correctionsFile);
            files.add(deadLetters.commit());
            if (request.publish()) {
                listener.phase("publishing");
                CorrectionPublisher.publish(request.kafka(), replayId, correctionsFile);
            }
            DiffReport diff = report.build();
            Path html = out.resolve("report.html");
            diff.writeHtml(html);
            files.add(html);
            long read = input.prepared() != null ? input.rows() : counts[2] + deadCount;
            long outside = input.prepared() != null ? input.prepared().outside() : 0;
            ReplayResult result =
                    new ReplayResult(
                            replayId,
                            read,
                            counts[0],
                            counts[1],
                            counts[3],
                            outside,
                            deadCount,
                            correctionCount,
                            diff,
                            files);
            Path summary = out.resolve("summary.json");
            AtomicLines.writeString(summary, summary(request, result).toPrettyString());
            files.add(summary);
            return result.withFiles(files);
        } finally {
            LocalJobConfiguration.deleteTree(work);
        }
    }

    /** Adds {@code n} outputs to {@code counts[2]}, reporting progress every 10,000. */
    private void progress(long[] counts, long n, long total) {
        long was = counts[2];
        counts[2] += n;
        if (was / WindowedDecisions.COUNT_EVERY != counts[2] / WindowedDecisions.COUNT_EVERY) {
            listener.progress(counts[2], total);
        }
    }

    private static void write(DeadLetterConsumer dead, DeadLetter letter) {
        try {
            dead.accept(letter);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The replay's input, ready for one or more jobs. */
    private record Input(
            PreparedClicks prepared, long rows, KafkaConfig kafka, ReplayWindow window) {
        long total() {
            return prepared != null ? prepared.clicks() : -1;
        }
    }

    private Input input(
            ReplayRequest request,
            ReplayWindow window,
            Configuration settings,
            Path work,
            DeadLetterConsumer dead)
            throws IOException {
        if (request.source() instanceof ReplaySource.Files files) {
            buildUserAgentAnalyzerMeanwhile(settings);
            long[] rejected = new long[1];
            PreparedClicks prepared =
                    PreparedClicks.prepare(
                            files,
                            window,
                            work.resolve("clicks.work"),
                            letter -> {
                                rejected[0]++;
                                write(dead, letter);
                            },
                            listener);
            return new Input(
                    prepared, prepared.clicks() + prepared.outside() + rejected[0], null, window);
        }
        return new Input(null, -1, kafkaConfig(settings), window);
    }

    /**
     * Starts building the screening stage's user-agent analyzer on another thread. It takes seconds
     * and is shared by the JVM ({@link RobotUserAgents#shared}), so the job's screening stage finds
     * it built, while this thread reads the files, instead of building it after them. Bad GIVT
     * settings are left for the job to report, as without this.
     */
    private static void buildUserAgentAnalyzerMeanwhile(Configuration settings) {
        GivtConfig givt;
        try {
            givt = GivtConfig.fromConfiguration(settings);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (givt.robotsEnabled()) {
            CompletableFuture.runAsync(() -> RobotUserAgents.shared(givt.userAgentCacheSize()));
        }
    }

    /**
     * The Kafka settings of a job configuration, read as the job reads them: after the job's own
     * settings (its checkpoint interval) are applied, which the delivery guarantee is checked
     * against.
     *
     * @throws ReplayException naming the bad setting
     */
    static KafkaConfig kafkaConfig(Configuration jobConfiguration) {
        try {
            return KafkaConfig.fromConfiguration(
                    JobConfig.fromConfiguration(jobConfiguration).applyTo(jobConfiguration));
        } catch (IllegalArgumentException e) {
            throw new ReplayException(e.getMessage(), e);
        }
    }

    /** The job's settings: the topic source's, else the request's Kafka settings, else defaults. */
    private static Configuration settingsOf(ReplayRequest request) {
        Configuration base =
                request.source() instanceof ReplaySource.Topic t
                        ? t.jobConfiguration()
                        : request.kafka() != null ? request.kafka() : new Configuration();
        Configuration settings = new Configuration(base);
        if (!settings.contains(PrivacyOptions.HMAC_SECRET)
                && System.getenv(PrivacyOptions.HMAC_SECRET_ENV) == null) {
            // Pseudonyms never leave a replay, but the distinct-count sketches hash them: a secret
            // derived from the replay id makes a rerun decide identically. Parity with the live
            // decisions needs the live job's own secret (its settings or the environment).
            settings.set(PrivacyOptions.HMAC_SECRET, derivedSecret(request.replayId()));
        }
        return settings;
    }

    /** A 32-byte secret from the replay id, Base64, for replays given none. */
    static String derivedSecret(String replayId) {
        try {
            byte[] secret =
                    MessageDigest.getInstance("SHA-256")
                            .digest(("slidr replay " + replayId).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private void execute(
            DeployedModel model,
            Configuration settings,
            Input input,
            DecisionConsumer decisions,
            CountConsumer leftOut,
            DeadLetterConsumer deadLetters,
            Path work)
            throws IOException {
        if (input.prepared() != null && input.prepared().clicks() == 0) {
            // no click in the warm-up or the window: nothing to run
            return;
        }
        Configuration bounded = new Configuration(settings);
        // a bounded run: nothing to recover to, so no checkpoints, no changelog of state changes
        // to recover from, and no restarts
        bounded.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, false);
        // (JobConfig then gives the task managers a log storage they can open without a base path)
        Configuration conf = JobConfig.fromConfiguration(bounded).applyTo(bounded);
        conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        runAsBounded(conf, mode);
        // the stages' event-time timers drop state; a processing-time TTL would expire nothing in a
        // run of minutes whose event time runs ahead of the clock, and costs a wrapper per value
        conf.set(FeatureStateOptions.STATE_TTL_ENABLED, false);
        conf.set(GivtOptions.DEDUPE_STATE_TTL_ENABLED, false);
        if (input.prepared() != null) {
            // the archive's order is the order the job sees, as a partition's is live
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Source<RawRecord, ?, ?> source;
        WatermarkStrategy<RawRecord> watermarks;
        if (input.prepared() != null) {
            source = PreparedClickSource.of(input.prepared());
            watermarks =
                    WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(
                                    settings.get(
                                            dev.slidr.job.kafka.KafkaOptions
                                                    .WATERMARK_OUT_OF_ORDERNESS))
                            .withTimestampAssigner((raw, ts) -> raw.timestamp());
        } else {
            KafkaConfig kafka = input.kafka();
            ReplayWindow w = input.window();
            source =
                    ClickIngress.sourceBuilder(kafka)
                            .setProperty("commit.offsets.on.checkpoint", "false")
                            .setStartingOffsets(
                                    OffsetsInitializer.timestamp(
                                            w.readFromMillis() - TOPIC_MARGIN.toMillis()))
                            .setBounded(
                                    OffsetsInitializer.offsets(
                                            TopicStopOffsets.find(
                                                    kafka,
                                                    w.to().toEpochMilli()
                                                            + TOPIC_MARGIN.toMillis())))
                            .build();
            watermarks = ClickIngress.watermarks(kafka);
        }
        ClickDecisionJob job =
                new ClickDecisionJob(
                        source,
                        watermarks,
                        new DiscardingSink<>(),
                        new DiscardingSink<>(),
                        GivtConfig.fromConfiguration(conf),
                        PrivacyConfig.fromConfiguration(settings, System.getenv()),
                        ModelSource.fixed(model),
                        model.thresholds().slicing(),
                        conf);
        if (conf.get(CoreOptions.DEFAULT_PARALLELISM) == 1) {
            // one subtask holds every key: the keyed stages chain into one task, no shuffles
            job = job.withKeying(Keying.IN_PLACE);
        }
        ClickDecisionJob.Tapped tapped = job.tappedPipeline(env);
        // each operator that decides keeps its window's pairs and packs them into batches in its
        // own task (both chain to it), so a pair is serialized once, into a batch, and only the
        // batches cross to the collect sink's task
        List<DataStream<byte[]>> batches = new ArrayList<>();
        List<DataStream<Tuple2<String, Decision>>> deciders = tapped.advertised();
        for (int i = 0; i < deciders.size(); i++) {
            String part = i == 0 ? "" : "-" + i;
            batches.add(
                    packed(
                            deciders.get(i)
                                    .transform(
                                            "decisions of the window",
                                            OUTPUT,
                                            new WindowedDecisions(input.window()))
                                    .uid("replay-decisions-out" + part)
                                    .name("decisions of the window"),
                            "replay-collected-batches" + part));
        }
        batches.add(
                packed(
                        tapped.streams()
                                .deadLetters()
                                .map(
                                        d ->
                                                Either.<Tuple2<String, Decision>, byte[]>Right(
                                                        deadLetterRecord(d)))
                                .returns(OUTPUT)
                                .uid("replay-dead-letters")
                                .name("dead letters"),
                        "replay-collected-dead-letters"));
        batches.add(
                packed(
                        tapped.duplicates()
                                .transform("repeated click ids", OUTPUT, new DuplicateCount())
                                .uid("replay-repeated-click-ids")
                                .name("repeated click ids"),
                        "replay-collected-repeated-click-ids"));
        TypeSerializer<Either<Tuple2<String, Decision>, byte[]>> serializer =
                OUTPUT.createSerializer(env.getConfig().getSerializerConfig());
        @SuppressWarnings("unchecked")
        DataStream<byte[]> packed =
                batches.get(0).union(batches.subList(1, batches.size()).toArray(DataStream[]::new));
        try (CloseableIterator<byte[]> it = packed.executeAndCollect("slidr replay")) {
            DataInputDeserializer batch = new DataInputDeserializer();
            while (it.hasNext()) {
                batch.setBuffer(it.next());
                while (batch.available() > 0) {
                    collected(serializer.deserialize(batch), decisions, leftOut, deadLetters);
                }
            }
        } catch (IOException | ReplayException e) {
            throw e;
        } catch (Exception e) {
            throw new ReplayException("the replay job failed: " + rootCause(e), e);
        }
    }

    /**
     * The runtime settings of a replay's job (and of {@code ReplayFloor}, which measures its
     * shape): no restarts, network buffers flushed after 100 ms, {@code mode}, and the keyed state
     * on the heap: no checkpoint to take, so no reason for RocksDB, the same state descriptors on
     * the heap (replay/README.md, "State on the heap, stages in one task").
     */
    static void runAsBounded(Configuration conf, RuntimeExecutionMode mode) {
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(100));
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    }

    /** {@code records} packed into batches for the collect sink, in the task that makes them. */
    private static DataStream<byte[]> packed(
            DataStream<Either<Tuple2<String, Decision>, byte[]>> records, String uid) {
        return records.transform(
                        "collected batches",
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                        new SerializedBatches<>(OUTPUT, COLLECT_BATCH_BYTES))
                .uid(uid)
                .name("collected batches");
    }

    /** Passes one collected record to the consumer of its kind. */
    private static void collected(
            Either<Tuple2<String, Decision>, byte[]> next,
            DecisionConsumer decisions,
            CountConsumer leftOut,
            DeadLetterConsumer deadLetters)
            throws IOException {
        if (next.isRight()) {
            byte[] record = next.right();
            if (record[0] == WindowedDecisions.COUNT) {
                long[] left = WindowedDecisions.counts(record);
                leftOut.accept(left[0], left[1], 0);
            } else if (record[0] == DuplicateCount.REPEATED) {
                leftOut.accept(0, 0, DuplicateCount.count(record));
            } else {
                Parsed<DeadLetter> letter =
                        ContractJson.readDeadLetter(Arrays.copyOfRange(record, 1, record.length));
                deadLetters.accept(((Parsed.Ok<DeadLetter>) letter).value());
            }
        } else {
            decisions.accept(next.left().f0, next.left().f1);
        }
    }

    /** A dead letter as collected: {@link WindowedDecisions#DEAD_LETTER}, then its JSON. */
    private static byte[] deadLetterRecord(DeadLetter letter) {
        byte[] json = ContractJson.write(letter);
        byte[] record = new byte[json.length + 1];
        record[0] = WindowedDecisions.DEAD_LETTER;
        System.arraycopy(json, 0, record, 1, json.length);
        return record;
    }

    /** The first line of the innermost cause: what went wrong, without the layers around it. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.toString();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String label(Baseline baseline) {
        if (baseline instanceof Baseline.Version v) {
            return v.version();
        }
        if (baseline instanceof Baseline.DecisionsFile f) {
            return "decisions " + f.file().getFileName();
        }
        if (baseline instanceof Baseline.DecisionsTopic) {
            return "live decisions";
        }
        return "none";
    }

    /**
     * The summary of a finished replay: its window, model and baseline, the counts, the files
     * written and the diff report. It is {@code summary.json} in the output directory and what
     * {@code bin/slidr replay --summary} writes.
     */
    public static ObjectNode summary(ReplayRequest request, ReplayResult result) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("replay_id", result.replayId());
        root.put("from", request.from().toString());
        root.put("to", request.to().toString());
        root.put("warm_up", request.warmUp().toString());
        root.put("model_version", request.modelVersion());
        root.put("baseline", label(request.baseline()));
        root.put("read", result.read());
        root.put("warmed", result.warmed());
        root.put("decided", result.decided());
        root.put("repeated_click_ids", result.repeated());
        root.put("outside_window", result.outside());
        root.put("empty_window", result.decided() == 0);
        root.put("dead_letters", result.deadLetters());
        root.put("corrections", result.corrections());
        root.put("published", request.publish());
        var files = root.putArray("files");
        result.files().forEach(f -> files.add(f.toString()));
        root.set("report", result.report().toJson());
        return root;
    }
}
