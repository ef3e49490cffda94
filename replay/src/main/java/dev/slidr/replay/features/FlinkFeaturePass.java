package dev.slidr.replay.features;

import dev.slidr.contract.Click;
import dev.slidr.feature.flink.AdFeatureFunction;
import dev.slidr.feature.flink.AdFeaturedClick;
import dev.slidr.feature.flink.FeaturePipeline;
import dev.slidr.feature.flink.FeatureStateOptions;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.feature.flink.IpFeatureFunction;
import dev.slidr.feature.flink.UserFeatureFunction;
import dev.slidr.feature.flink.UserFeaturedClick;
import dev.slidr.job.JobConfig;
import dev.slidr.job.ingress.DuplicateClickFunction;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.job.ingress.IngressStages;
import dev.slidr.local.LocalJobConfiguration;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.training.pipeline.FeaturePass;
import dev.slidr.training.pipeline.FeaturePassStrategy;
import dev.slidr.training.pipeline.FeatureStageEngine;
import dev.slidr.training.pipeline.LabelSpec;
import dev.slidr.training.pipeline.TrainingRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The training feature pass as a Flink job: the click log, merged into event-time order by the
 * client exactly as on one machine ({@link FeaturePass#run(TrainingRequest, Path,
 * FeatureStageEngine)}), goes through the live job's stages — the GIVT checks on raw clicks, the
 * per-user dedupe ({@link DuplicateClickFunction}, uid {@value IngressStages#DEDUPE_UID}) and the
 * three keyed feature stages ({@link FeaturePipeline}'s functions) on RocksDB, the ad and IP stages
 * each behind a {@link LogOrder} that restores the log order their inputs lose when they come from
 * several subtasks — and each featured click is joined with its labels and written by the subtask
 * that computed it ({@link RowPartWriter}). The client orders the parts into the row file the
 * trainer reads.
 *
 * <p>The source runs with parallelism 1, so every key sees its clicks in log order whatever the
 * parallelism of the keyed stages, as it does on one machine. STREAMING execution: BATCH sorts a
 * keyed stage's input by key and time, and reorders clicks of equal time (docs/benchmarks.md,
 * "Replay").
 *
 * <pre>{@code
 * new TrainingRun(registry, listener, new FlinkFeaturePass(2)).run(request);
 * }</pre>
 */
public final class FlinkFeaturePass implements FeaturePassStrategy {

    /** How often a pass on a cluster reports its job's progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private static final String JOB_NAME = "slidr training feature pass";

    private final int parallelism;
    private final FlinkSessionCluster cluster;
    private final PrintWriter progress;

    /**
     * The pass on an in-process MiniCluster.
     *
     * @param parallelism subtasks of the keyed stages and the row writer
     * @throws IllegalArgumentException when it is not positive
     */
    public FlinkFeaturePass(int parallelism) {
        this(parallelism, null, null);
    }

    private FlinkFeaturePass(int parallelism, FlinkSessionCluster cluster, PrintWriter progress) {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "feature pass parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.cluster = cluster;
        this.progress = progress;
    }

    /**
     * The pass as a job on a running session cluster, submitted through Flink's REST client with
     * the live job's jar and the pass's own ({@link FeaturePassJobJar}); the clicks, the label
     * files and the row parts go through a run directory under the cluster's shared directory,
     * deleted afterwards. The job's state and the bytes of row parts written so far go to {@code
     * progress} as it runs.
     */
    public static FlinkFeaturePass onCluster(
            FlinkSessionCluster cluster, int parallelism, PrintWriter progress) {
        return new FlinkFeaturePass(parallelism, cluster, progress);
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public FeaturePass.Result run(TrainingRequest request, Path rowFile) throws IOException {
        Path work =
                cluster == null
                        ? Files.createTempDirectory(
                                rowFile.toAbsolutePath().getParent(), ".flink-feature-pass-")
                        : sharedRunDirectory(cluster.sharedDir());
        try (Engine engine = new Engine(request, work)) {
            return FeaturePass.run(request, rowFile, engine);
        } finally {
            LocalJobConfiguration.deleteTree(work);
        }
    }

    /**
     * A new directory under the shared one with the shared one's permissions: the task managers may
     * run as another user than this client, and must write their row parts there.
     */
    private static Path sharedRunDirectory(Path shared) throws IOException {
        Path dir = shared.resolve("slidr-feature-pass-" + UUID.randomUUID());
        Files.createDirectory(dir);
        try {
            Files.setPosixFilePermissions(dir, Files.getPosixFilePermissions(shared));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults apply
        }
        return dir;
    }

    /** The first line of the innermost cause: what went wrong, without the layers around it. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.toString();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /**
     * A watermark after every click, the bounded out-of-orderness one (newest time less 5 s less 1
     * ms): the user stage then drops a silent user's counters at a fixed place in the log, the one
     * the single-machine pass drops them at, and not wherever a periodic watermark happens to fall.
     */
    private static final class PerClickWatermarks implements WatermarkGenerator<IngestedClick> {
        private final long bound = FeaturePass.DEFAULT_OUT_OF_ORDERNESS.toMillis();
        private long newest = Long.MIN_VALUE + bound + 1;

        @Override
        public void onEvent(IngestedClick event, long timestamp, WatermarkOutput output) {
            if (timestamp > newest) {
                newest = timestamp;
                output.emitWatermark(new Watermark(newest - bound - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    /** The click and log number of a user-featured click. */
    private static final class UserStamps implements LogOrder.Stamps<UserFeaturedClick> {
        private static final long serialVersionUID = 1L;

        @Override
        public Click click(UserFeaturedClick record) {
            return record.click();
        }

        @Override
        public long number(UserFeaturedClick record) {
            return record.readMicros();
        }
    }

    /** The click and log number of an ad-featured click. */
    private static final class AdStamps implements LogOrder.Stamps<AdFeaturedClick> {
        private static final long serialVersionUID = 1L;

        @Override
        public Click click(AdFeaturedClick record) {
            return record.click();
        }

        @Override
        public long number(AdFeaturedClick record) {
            return record.readMicros();
        }
    }

    /** The job over the clicks the client hands it. */
    private final class Engine implements FeatureStageEngine {
        private final TrainingRequest request;
        private final Path work;
        private final Path clicks;
        private final PreparedClickReader.Writer out;

        Engine(TrainingRequest request, Path work) throws IOException {
            this.request = request;
            this.work = work;
            this.clicks = work.resolve("clicks.bin");
            this.out = new PreparedClickReader.Writer(clicks);
        }

        @Override
        public void add(Click click) throws IOException {
            out.write(click);
        }

        @Override
        public Outcome finish(LabelSpec labels) throws IOException {
            out.close();
            Path parts = Files.createDirectories(work.resolve("parts"));
            if (out.count() == 0) {
                return new Outcome(List.of(), Map.of());
            }
            Configuration conf = configuration();
            JobExecutionResult result;
            if (cluster == null) {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(conf);
                build(env, conf, request.givt(), labels, parts);
                try {
                    result = env.execute(JOB_NAME);
                } catch (Exception e) {
                    throw new IOException("the Flink feature pass failed: " + rootCause(e), e);
                }
            } else {
                result = onCluster(conf, shared(labels), parts);
            }
            Map<String, Long> leftOut = new TreeMap<>();
            for (Map.Entry<String, Object> e : result.getAllAccumulatorResults().entrySet()) {
                if (e.getKey().startsWith(LeftOutCounter.PREFIX)) {
                    leftOut.put(
                            e.getKey().substring(LeftOutCounter.PREFIX.length()),
                            ((Number) e.getValue()).longValue());
                }
            }
            List<Path> written = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                Path part = RowPartWriter.part(parts, i);
                if (!Files.isRegularFile(part)) {
                    throw new IOException("the Flink feature pass left no row part " + part);
                }
                written.add(part);
            }
            return new Outcome(written, leftOut);
        }

        /** The label files copied into the run directory, where every task manager reads them. */
        private LabelSpec shared(LabelSpec labels) throws IOException {
            Path dir = Files.createDirectories(work.resolve("labels"));
            return new LabelSpec(
                    copy(labels.conversions(), dir.resolve("conversions")),
                    copy(labels.rfm(), dir.resolve("rfm")),
                    labels.truth() == null ? null : copy(labels.truth(), dir.resolve("truth")),
                    labels.attributionMillis(),
                    labels.rfmCut(),
                    labels.zone(),
                    labels.velocityK(),
                    labels.verdicts());
        }

        /** Copies {@code from} to {@code dir/NAME}, keeping its file name (and so its format). */
        private static String copy(String from, Path dir) throws IOException {
            Path source = Path.of(from);
            Files.createDirectories(dir);
            Path to = dir.resolve(source.getFileName());
            Files.copy(source, to);
            return to.toString();
        }

        /**
         * Submits the job to the session cluster and waits for it, its state and the rows written
         * so far on {@code progress}; a job that does not finish ends in one line with its id and
         * cause, and its row parts are not used.
         */
        private JobExecutionResult onCluster(Configuration conf, LabelSpec labels, Path parts)
                throws IOException {
            Path jar = FeaturePassJobJar.write(work.resolve("feature-pass.jar"));
            // a job manager gone away ends the run, not a minute of retries
            conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
            StreamExecutionEnvironment env =
                    new RemoteStreamEnvironment(
                            cluster.host(),
                            cluster.port(),
                            conf,
                            cluster.liveJobJar().toAbsolutePath().toString(),
                            jar.toString());
            build(env, conf, request.givt(), labels, parts);
            JobClient job;
            try {
                job = env.executeAsync(JOB_NAME);
            } catch (Exception e) {
                throw new IOException(
                        "the Flink feature pass could not be submitted to "
                                + cluster.rest()
                                + ": "
                                + rootCause(e),
                        e);
            }
            String id = job.getJobID().toString();
            say("feature pass: job " + id + " submitted to " + cluster.rest());
            boolean ended = false;
            try {
                long started = System.nanoTime();
                long reported = started;
                JobStatus status = job.getJobStatus().get();
                while (!status.isGloballyTerminalState()) {
                    Thread.sleep(500);
                    status = job.getJobStatus().get();
                    long now = System.nanoTime();
                    if (now - reported >= PROGRESS_EVERY.toNanos()) {
                        reported = now;
                        say(
                                String.format(
                                        Locale.ROOT,
                                        "feature pass: job %s %s, %.1f MB of row parts written, %d"
                                                + " s",
                                        id,
                                        status,
                                        partBytes(parts) / 1e6,
                                        Duration.ofNanos(now - started).toSeconds()));
                    }
                }
                ended = true;
                JobExecutionResult result;
                try {
                    result = job.getJobExecutionResult().get();
                } catch (ExecutionException e) {
                    throw new IOException(
                            "the Flink feature pass job "
                                    + id
                                    + (status == JobStatus.CANCELED
                                            ? " was cancelled: "
                                            : " failed: ")
                                    + rootCause(e),
                            e);
                }
                if (status != JobStatus.FINISHED) {
                    throw new IOException("the Flink feature pass job " + id + " ended " + status);
                }
                say("feature pass: job " + id + " finished");
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("the Flink feature pass was interrupted; job " + id, e);
            } catch (ExecutionException e) {
                throw new IOException(
                        "lost the Flink feature pass job " + id + ": " + rootCause(e), e);
            } finally {
                if (!ended) {
                    // this client stops waiting: the job must not go on writing
                    job.cancel();
                }
            }
        }

        /** The bytes in the run's row parts so far, finished or not. */
        private static long partBytes(Path parts) {
            long bytes = 0;
            try (Stream<Path> files = Files.list(parts)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    bytes += Files.size(f);
                }
            } catch (IOException e) {
                // a part renamed while listed: the next report counts it
            }
            return bytes;
        }

        private void say(String line) {
            if (progress != null) {
                progress.println(line);
                progress.flush();
            }
        }

        /** The job's settings: RocksDB and the features' zone, one bounded run with no retries. */
        private Configuration configuration() {
            Configuration base = new Configuration();
            base.set(FeatureStateOptions.TIME_ZONE, request.config().zone().getId());
            Configuration conf = JobConfig.fromConfiguration(base).applyTo(base);
            conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(100));
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
            return conf;
        }

        /** The graph: source, screen, dedupe, left-out count, feature stages, row writer. */
        private void build(
                StreamExecutionEnvironment env,
                Configuration conf,
                GivtConfig givt,
                LabelSpec labels,
                Path parts) {
            GivtConfig rules =
                    givt != null ? givt : GivtConfig.fromConfiguration(new Configuration());
            SingleOutputStreamOperator<GivtVerdict> screened =
                    env.fromSource(
                                    PreparedClickReader.source(clicks, out.count()),
                                    WatermarkStrategy.<IngestedClick>forGenerator(
                                                    context -> new PerClickWatermarks())
                                            .withTimestampAssigner((c, ts) -> c.click().ts()),
                                    "training clicks")
                            .setParallelism(1)
                            .uid("training-clicks-source")
                            .process(new TrainingScreenFunction(givt))
                            .returns(GivtVerdict.TYPE_INFO)
                            .setParallelism(1)
                            .uid("training-givt-screen")
                            .name("GIVT screen (raw identifiers)");
            SingleOutputStreamOperator<GivtVerdict> deduped =
                    screened.keyBy(v -> v.click().userKey(), Types.STRING)
                            .process(
                                    new DuplicateClickFunction(
                                            rules, IngressStages.DEDUPE_TIMER_GRID))
                            .returns(GivtVerdict.TYPE_INFO)
                            .uid(IngressStages.DEDUPE_UID)
                            .name("GIVT dedupe click ids per user");
            deduped.getSideOutput(DuplicateClickFunction.DUPLICATES)
                    .process(new LeftOutCounter())
                    .returns(IngestedClick.TYPE_INFO)
                    .uid("training-duplicates-counted")
                    .name("count duplicates")
                    .sinkTo(new DiscardingSink<>())
                    .uid("training-duplicates-discarded");
            DataStream<IngestedClick> toFeatures =
                    deduped.process(new LeftOutCounter())
                            .returns(IngestedClick.TYPE_INFO)
                            .uid("training-givt-left-out")
                            .name("leave out GIVT");
            features(IngressStages.userKeyed(toFeatures), conf)
                    .transform("training rows", Types.VOID, new RowPartWriter(parts, labels))
                    .uid("training-row-parts")
                    .sinkTo(new DiscardingSink<>())
                    .uid("training-rows-discarded");
        }

        /**
         * The live job's three feature stages ({@link FeaturePipeline}'s functions, uids and keys),
         * with the ad and IP stages' inputs put back into log order ({@link LogOrder}).
         */
        private SingleOutputStreamOperator<FeaturedClick> features(
                KeyedStream<IngestedClick, String> clicks, Configuration conf) {
            Duration ttl = conf.get(FeatureStateOptions.STATE_TTL);
            long query = conf.get(FeatureStateOptions.TTL_COMPACTION_QUERY_INTERVAL);
            ZoneId zone = request.config().zone();
            SingleOutputStreamOperator<UserFeaturedClick> users =
                    clicks.process(new UserFeatureFunction(ttl, query), UserFeaturedClick.TYPE_INFO)
                            .uid(FeaturePipeline.USER_STAGE_UID)
                            .name("user features");
            SingleOutputStreamOperator<UserFeaturedClick> usersInOrder =
                    users.keyBy(AdFeatureFunction::keyOf, Types.STRING)
                            .process(
                                    new LogOrder<>(UserFeaturedClick.TYPE_INFO, new UserStamps()),
                                    UserFeaturedClick.TYPE_INFO)
                            .uid("training-ad-input-order")
                            .name("ad stage input in log order");
            SingleOutputStreamOperator<AdFeaturedClick> ads =
                    DataStreamUtils.reinterpretAsKeyedStream(
                                    usersInOrder, AdFeatureFunction::keyOf, Types.STRING)
                            .process(new AdFeatureFunction(ttl, query), AdFeaturedClick.TYPE_INFO)
                            .uid(FeaturePipeline.AD_STAGE_UID)
                            .name("ad features");
            SingleOutputStreamOperator<AdFeaturedClick> adsInOrder =
                    ads.keyBy(IpFeatureFunction::keyOf, Types.STRING)
                            .process(
                                    new LogOrder<>(AdFeaturedClick.TYPE_INFO, new AdStamps()),
                                    AdFeaturedClick.TYPE_INFO)
                            .uid("training-ip-input-order")
                            .name("IP stage input in log order");
            return DataStreamUtils.reinterpretAsKeyedStream(
                            adsInOrder, IpFeatureFunction::keyOf, Types.STRING)
                    .process(new IpFeatureFunction(ttl, query, zone), FeaturedClick.TYPE_INFO)
                    .uid(FeaturePipeline.IP_STAGE_UID)
                    .name("IP features");
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
