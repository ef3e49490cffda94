package dev.slidr.job;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.ClickSerializer;
import dev.slidr.feature.flink.FeaturePipeline;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.feature.flink.Keying;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.inference.flink.SwitchingScoringOperator;
import dev.slidr.job.decide.GivtDecisionFunction;
import dev.slidr.job.guard.GuardConfig;
import dev.slidr.job.guard.GuardOptions;
import dev.slidr.job.guard.RegistryRollback;
import dev.slidr.job.guard.RollbackAction;
import dev.slidr.job.guard.RollbackGuard;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.job.ingress.IngressStages;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.ClickParseFunction;
import dev.slidr.job.kafka.ControlIngress;
import dev.slidr.job.kafka.ConversionIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.RawRecord;
import dev.slidr.job.metrics.DecisionMetrics;
import dev.slidr.job.metrics.ShadowMetrics;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryCatalog;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.job.monitor.LiveMonitor;
import dev.slidr.job.monitor.MonitorConfig;
import dev.slidr.job.monitor.MonitorOptions;
import dev.slidr.job.monitor.MonitorWindow;
import dev.slidr.registry.BundleTrust;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.PrivacyConfig;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live job, wired end to end: raw click records → parse (dead letters out) → GIVT screening and
 * pseudonymization → dedupe of click ids per user key → GIVT decisions for the clicks a check
 * matched, features and scoring for the rest → one decision per distinct click id.
 *
 * <p>Sources and sinks come in through the constructor: {@link #fromConfiguration} plugs in the
 * Kafka source and the transactional sinks; tests and replays plug in a bounded source and
 * collecting sinks into the same topology. Duplicate click ids are counted by the dedupe operator
 * ({@code duplicate_click}) and never decided twice.
 *
 * <p>With a control input ({@link #withControl}), the commands of the control topic are broadcast
 * to the scoring subtasks ({@link SwitchingScoringOperator}), which change models without a
 * restart; commands that are not valid, or name a bundle that fails verification, become dead
 * letters. {@link #fromConfiguration} always reads the control topic.
 *
 * <p>With {@link #withMonitor}, the live monitor joins the conversions topic to the decisions
 * (weak-label FPR, IVR, coverage per slice and model version, as metrics); with {@link #withGuard},
 * the rollback guard after it rolls a newly activated model back when its figures cross the
 * configured limits. {@link #fromConfiguration} adds them as {@link MonitorOptions} and {@link
 * GuardOptions} say.
 *
 * <pre>{@code
 * Configuration conf = JobConfigFile.load(Path.of("slidr.yaml"));
 * ClickDecisionJob job = ClickDecisionJob.fromConfiguration(conf, ModelSource.fixed(model));
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
 *         JobConfig.fromConfiguration(conf).applyTo(conf));
 * job.build(env);
 * env.execute();
 * }</pre>
 */
public final class ClickDecisionJob {

    /** Uid of the operator that turns GIVT verdicts into decisions (no state). */
    public static final String GIVT_DECISIONS_UID = "givt-decisions";

    /** The job's outputs before the sinks. */
    public record Streams(DataStream<Decision> decisions, DataStream<DeadLetter> deadLetters) {}

    /**
     * The job's outputs with every decision also paired with its click's advertiser id ({@code
     * f0}), written by the operators that decide (replay reports by advertiser).
     *
     * @param streams the job's outputs; a tapped pipeline counts no decision metrics, so its
     *     decisions are the deciding operators' own outputs
     * @param advertised the pairs, one stream per operator that decides (the GIVT decisions, then
     *     scoring), each a side output of its operator: whatever consumes one of them alone chains
     *     to that operator, where a consumer of their union would be a task of its own that every
     *     pair reaches serialized
     * @param duplicates the repeated click ids the dedupe stage held back (reason {@code
     *     DUPLICATE_CLICK}, never decided), a side output of that stage: a replay counts them
     */
    public record Tapped(
            Streams streams,
            List<DataStream<Tuple2<String, Decision>>> advertised,
            DataStream<GivtVerdict> duplicates) {

        public Tapped {
            advertised = List.copyOf(advertised);
        }
    }

    private final Source<RawRecord, ?, ?> source;
    private final WatermarkStrategy<RawRecord> watermarks;
    private final Sink<Decision> decisionSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final GivtConfig givt;
    private final PrivacyConfig privacy;
    private final ModelSource model;
    private final Slicing slicing;
    private final ReadableConfig stageOptions;
    private final Source<RawRecord, ?, ?> controlSource;
    private final ModelCatalog catalog;
    private final Source<RawRecord, ?, ?> conversionSource;
    private final WatermarkStrategy<RawRecord> conversionWatermarks;
    private final MonitorConfig monitor;
    private final GuardConfig guard;
    private final RollbackAction rollback;
    private final Keying keying;

    /**
     * @param source raw click records (the Kafka source, or any bounded source)
     * @param watermarks event time of the raw records
     * @param decisionSink where decisions go
     * @param deadLetterSink where rejected records go
     * @param givt the GIVT checks
     * @param privacy the pseudonymization key
     * @param model where each scoring subtask gets its model
     * @param slicing the slice named in GIVT decisions (the model's slicing)
     * @param stageOptions feature and scoring options ({@code FeatureStateOptions}, {@code
     *     ScoringOptions})
     */
    public ClickDecisionJob(
            Source<RawRecord, ?, ?> source,
            WatermarkStrategy<RawRecord> watermarks,
            Sink<Decision> decisionSink,
            Sink<DeadLetter> deadLetterSink,
            GivtConfig givt,
            PrivacyConfig privacy,
            ModelSource model,
            Slicing slicing,
            ReadableConfig stageOptions) {
        this.source = Objects.requireNonNull(source, "source");
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.decisionSink = Objects.requireNonNull(decisionSink, "decisionSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
        this.givt = Objects.requireNonNull(givt, "givt");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.model = Objects.requireNonNull(model, "model");
        this.slicing = Objects.requireNonNull(slicing, "slicing");
        this.stageOptions = Objects.requireNonNull(stageOptions, "stageOptions");
        this.controlSource = null;
        this.catalog = null;
        this.conversionSource = null;
        this.conversionWatermarks = null;
        this.monitor = null;
        this.guard = null;
        this.rollback = null;
        this.keying = Keying.SHUFFLE;
    }

    private ClickDecisionJob(
            ClickDecisionJob job,
            Source<RawRecord, ?, ?> controlSource,
            ModelCatalog catalog,
            Source<RawRecord, ?, ?> conversionSource,
            WatermarkStrategy<RawRecord> conversionWatermarks,
            MonitorConfig monitor,
            GuardConfig guard,
            RollbackAction rollback,
            Keying keying) {
        this.source = job.source;
        this.watermarks = job.watermarks;
        this.decisionSink = job.decisionSink;
        this.deadLetterSink = job.deadLetterSink;
        this.givt = job.givt;
        this.privacy = job.privacy;
        this.model = job.model;
        this.slicing = job.slicing;
        this.stageOptions = job.stageOptions;
        this.controlSource = controlSource;
        this.catalog = catalog;
        this.conversionSource = conversionSource;
        this.conversionWatermarks = conversionWatermarks;
        this.monitor = monitor;
        this.guard = guard;
        this.rollback = rollback;
        this.keying = keying;
    }

    /**
     * This job, reading control commands from {@code controlSource} and loading the models they
     * name from {@code catalog}.
     */
    public ClickDecisionJob withControl(
            Source<RawRecord, ?, ?> controlSource, ModelCatalog catalog) {
        return new ClickDecisionJob(
                this,
                Objects.requireNonNull(controlSource, "controlSource"),
                Objects.requireNonNull(catalog, "catalog"),
                conversionSource,
                conversionWatermarks,
                monitor,
                guard,
                rollback,
                keying);
    }

    /**
     * This job with the live monitor ({@link LiveMonitor}) on its decisions: conversions from
     * {@code conversions} (bad ones become dead letters), joined within {@code
     * config.attribution()} and counted over windows of {@code config.window()}. A branch beside
     * the decisions' way to their sink: no decision waits for it.
     */
    public ClickDecisionJob withMonitor(
            Source<RawRecord, ?, ?> conversions,
            WatermarkStrategy<RawRecord> conversionWatermarks,
            MonitorConfig config) {
        return new ClickDecisionJob(
                this,
                controlSource,
                catalog,
                Objects.requireNonNull(conversions, "conversions"),
                Objects.requireNonNull(conversionWatermarks, "conversionWatermarks"),
                Objects.requireNonNull(config, "config"),
                guard,
                rollback,
                keying);
    }

    /**
     * This job with the rollback guard ({@link RollbackGuard}) after the monitor's windows, rolling
     * back through {@code action}.
     *
     * @throws IllegalStateException without a monitor ({@link #withMonitor}) or control input
     */
    public ClickDecisionJob withGuard(GuardConfig config, RollbackAction action) {
        if (monitor == null || controlSource == null) {
            throw new IllegalStateException(
                    "the rollback guard needs the live monitor and the control input");
        }
        return new ClickDecisionJob(
                this,
                controlSource,
                catalog,
                conversionSource,
                conversionWatermarks,
                monitor,
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(action, "action"),
                keying);
    }

    /**
     * This job with its keyed stages keyed by {@code keying}: {@link Keying#IN_PLACE} chains them
     * into one task, for a job run with one subtask per operator (a replay).
     */
    public ClickDecisionJob withKeying(Keying keying) {
        return new ClickDecisionJob(
                this,
                controlSource,
                catalog,
                conversionSource,
                conversionWatermarks,
                monitor,
                guard,
                rollback,
                Objects.requireNonNull(keying, "keying"));
    }

    /**
     * The production pieces from one configuration: the unbounded Kafka source, the Kafka sinks,
     * the GIVT and privacy settings (the HMAC secret may come from the environment).
     *
     * @throws IllegalArgumentException (or a typed subclass) naming a bad setting
     */
    public static ClickDecisionJob fromConfiguration(
            Configuration conf, ModelSource model, ModelCatalog catalog, Slicing slicing) {
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        MonitorConfig monitor = MonitorConfig.fromConfiguration(conf);
        GuardConfig guard = GuardConfig.fromConfiguration(conf);
        ClickDecisionJob job =
                new ClickDecisionJob(
                                ClickIngress.sourceBuilder(kafka).build(),
                                ClickIngress.watermarks(kafka),
                                DecisionSink.create(kafka),
                                DeadLetterSink.create(kafka),
                                GivtConfig.fromConfiguration(conf),
                                PrivacyConfig.fromConfiguration(conf, System.getenv()),
                                model,
                                slicing,
                                conf)
                        .withControl(ControlIngress.source(kafka), catalog);
        if (monitor.enabled()) {
            job =
                    job.withMonitor(
                            ConversionIngress.source(kafka),
                            ClickIngress.watermarks(kafka),
                            monitor);
        }
        if (guard.enabled()) {
            if (!monitor.enabled()) {
                throw new IllegalArgumentException(
                        GuardOptions.ENABLED.key()
                                + ": the rollback guard reads the live monitor; set "
                                + MonitorOptions.ENABLED.key()
                                + " to true or turn the guard off");
            }
            if (!(catalog instanceof RegistryCatalog registry)) {
                throw new IllegalArgumentException(
                        GuardOptions.ENABLED.key()
                                + ": the rollback guard rolls back to registry bundles; run the"
                                + " job from the registry (--registry) or turn the guard off");
            }
            job = job.withGuard(guard, new RegistryRollback(registry, kafka));
        }
        return job;
    }

    /** Adds the whole job, sinks included, to {@code env}. */
    public Streams build(StreamExecutionEnvironment env) {
        Streams streams = pipeline(env);
        streams.decisions().sinkTo(decisionSink).uid(DecisionSink.UID).name("decisions");
        streams.deadLetters().sinkTo(deadLetterSink).uid(DeadLetterSink.UID).name("dead letters");
        return streams;
    }

    /**
     * The topology without its sinks: what {@link #build} writes. Tests use it to put an operator
     * in front of the sinks.
     */
    public Streams pipeline(StreamExecutionEnvironment env) {
        return assemble(env, false).streams();
    }

    /**
     * {@link #pipeline}, with each decision also paired with its click's advertiser id as a second
     * output: the GIVT decisions and the scoring operator write it beside their decisions, so the
     * pairs cost nothing in a job that does not ask for them. Same operators and uids.
     *
     * @throws IllegalStateException with a control input ({@link #withControl}): the switching
     *     scorer does not write the pairs
     */
    public Tapped tappedPipeline(StreamExecutionEnvironment env) {
        if (controlSource != null) {
            throw new IllegalStateException(
                    "a tapped pipeline scores with one model: it takes no control input");
        }
        return assemble(env, true);
    }

    private Tapped assemble(StreamExecutionEnvironment env, boolean advertised) {
        SingleOutputStreamOperator<Click> clicks =
                env.fromSource(source, watermarks, "clicks")
                        .uid(ClickIngress.SOURCE_UID)
                        .process(new ClickParseFunction(ContractReader::defaults))
                        .returns(ClickSerializer.TYPE_INFO)
                        .uid(ClickIngress.PARSE_UID)
                        .name("parse clicks");
        IngressStages.Streams ingress = IngressStages.apply(clicks, givt, privacy, keying);
        DataStream<GivtVerdict> verdicts = ingress.verdicts();
        SingleOutputStreamOperator<Decision> givtDecisions =
                verdicts.process(new GivtDecisionFunction(slicing, advertised))
                        .returns(DecisionSerializer.TYPE_INFO)
                        .uid(GIVT_DECISIONS_UID)
                        .name("GIVT decisions");
        SingleOutputStreamOperator<FeaturedClick> featured =
                // GIVT decisions run chained to the dedupe stage, so the clicks to score are still
                // partitioned by user key: the user stage chains on without a shuffle
                FeaturePipeline.featuresOfUserKeyed(
                        IngressStages.userKeyed(
                                givtDecisions.getSideOutput(GivtDecisionFunction.TO_SCORE)),
                        stageOptions,
                        keying);
        DataStream<DeadLetter> deadLetters = clicks.getSideOutput(ClickParseFunction.DEAD_LETTERS);
        DataStream<Decision> scored;
        List<DataStream<Tuple2<String, Decision>>> advertisedDecisions = List.of();
        if (controlSource == null) {
            SingleOutputStreamOperator<Decision> scoring =
                    ScoringOperator.score(featured, model, stageOptions, advertised);
            scored = scoring;
            if (advertised) {
                advertisedDecisions =
                        List.of(
                                givtDecisions.getSideOutput(ScoringOperator.ADVERTISED),
                                scoring.getSideOutput(ScoringOperator.ADVERTISED));
            }
        } else {
            ControlIngress.Streams control = ControlIngress.apply(env, controlSource);
            SingleOutputStreamOperator<Decision> switching =
                    SwitchingScoringOperator.score(
                            featured, control.commands(), model, catalog, stageOptions);
            scored = switching;
            deadLetters =
                    deadLetters.union(
                            control.deadLetters(),
                            switching.getSideOutput(SwitchingScoringOperator.REFUSED));
            ShadowMetrics.apply(switching.getSideOutput(SwitchingScoringOperator.SHADOW), slicing);
        }
        DataStream<Decision> decided = givtDecisions.union(scored);
        // the live job's metrics: a tapped pipeline (a replay) reads its decisions from the pairs,
        // and a metrics task fed by this union would get every decision serialized for nothing
        DataStream<Decision> decisions =
                advertised ? decided : DecisionMetrics.apply(decided, slicing);
        if (monitor != null) {
            ConversionIngress.Streams conversions =
                    ConversionIngress.apply(env, conversionSource, conversionWatermarks);
            deadLetters = deadLetters.union(conversions.deadLetters());
            DataStream<MonitorWindow> windows =
                    LiveMonitor.apply(
                            decisions,
                            conversions.conversions(),
                            monitor.attribution(),
                            monitor.conversionLag(),
                            monitor.window());
            if (guard != null) {
                RollbackGuard.apply(windows, guard, monitor.window(), rollback);
            }
        }
        return new Tapped(
                new Streams(decisions, deadLetters), advertisedDecisions, ingress.duplicates());
    }

    /**
     * Checks every setting and the model directory ({@code modelDir}, or {@link
     * JobOptions#MODEL_DIR} when null) and adds the production job to a fresh environment: the
     * context's (a local MiniCluster from the command line, the cluster under {@code flink run}).
     * Nothing runs yet.
     *
     * @throws InvalidJobConfigException when a setting or the model directory is unusable
     */
    public static StreamExecutionEnvironment plan(Configuration conf, Path modelDir) {
        JobConfig jobConfig = JobConfig.fromConfiguration(conf);
        Path dir =
                modelDir != null
                        ? modelDir
                        : jobConfig
                                .modelDir()
                                .map(Path::of)
                                .orElseThrow(
                                        () ->
                                                new InvalidJobConfigException(
                                                        "no model: pass --model-dir DIR or set "
                                                                + JobOptions.MODEL_DIR.key()));
        DeployedModel deployed = ModelDirectory.load(dir);
        return plan(
                conf,
                deployed,
                ModelCatalog.none(
                        "the job runs from the model directory "
                                + dir
                                + "; run it from the registry (--registry) to change models"
                                + " while it runs"));
    }

    /**
     * Checks every setting and adds the production job to a fresh environment: it scores with
     * {@code deployed} until a control command names another model, which it loads from {@code
     * catalog}. Nothing runs yet.
     *
     * @throws InvalidJobConfigException when a setting is unusable
     */
    public static StreamExecutionEnvironment plan(
            Configuration conf, DeployedModel deployed, ModelCatalog catalog) {
        JobConfig jobConfig = JobConfig.fromConfiguration(conf);
        // the Kafka settings check the checkpoint interval the job runs with
        Configuration flinkConf = jobConfig.applyTo(conf);
        try {
            ClickDecisionJob job =
                    fromConfiguration(
                            flinkConf,
                            ModelSource.fixed(deployed),
                            catalog,
                            deployed.thresholds().slicing());
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
            job.build(env);
            return env;
        } catch (IllegalArgumentException e) {
            // KafkaConfig, GivtConfig, PrivacyConfig and the stage options name the bad key
            throw new InvalidJobConfigException(e.getMessage(), e);
        }
    }

    /**
     * {@link #plan(Configuration, DeployedModel, ModelCatalog)} with the registry's stable bundle
     * (or {@code version}), verified under {@code trust}; control commands load from the same
     * registry.
     *
     * @throws RegistryModel.UnusableModelException when the registry gives no usable model
     * @throws IOException when there is no registry at {@code registry}
     */
    public static StreamExecutionEnvironment planFromRegistry(
            Configuration conf, String registry, String version, BundleTrust trust)
            throws RegistryModel.UnusableModelException, IOException {
        DeployedModel deployed;
        try {
            deployed =
                    BundleModels.deployed(
                            RegistryModel.resolve(
                                    RegistryModel.openExisting(registry).withTrust(trust),
                                    version));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobConfigException("registry " + registry + ": " + e.getMessage(), e);
        }
        return plan(conf, deployed, RegistryCatalog.of(registry, trust));
    }

    /**
     * {@link #plan} and run; blocks until the job ends.
     *
     * @throws InvalidJobConfigException when a setting or the model directory is unusable
     */
    public static JobExecutionResult run(Configuration conf, Path modelDir) throws Exception {
        StreamExecutionEnvironment env = plan(conf, modelDir);
        return env.execute(JobConfig.fromConfiguration(conf).jobName());
    }

    /**
     * Entry point of the job jar on a Flink cluster: {@code --config FILE [--model-dir DIR |
     * --registry LOCATION]}; the registry's bundles are verified under {@code $SLIDR_TRUSTED_KEYS}.
     */
    public static void main(String[] args) throws Exception {
        String usage = "usage: --config FILE [--model-dir DIR | --registry LOCATION]";
        Path config = null;
        Path modelDir = null;
        String registry = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--config") || arg.equals("--model-dir") || arg.equals("--registry"))
                    && i + 1 < args.length) {
                String value = args[++i];
                switch (arg) {
                    case "--config" -> config = Path.of(value);
                    case "--model-dir" -> modelDir = Path.of(value);
                    default -> registry = value;
                }
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; " + usage);
            }
        }
        if (config == null || (modelDir != null && registry != null)) {
            throw new IllegalArgumentException(usage);
        }
        Configuration conf = JobConfigFile.load(config);
        if (registry != null) {
            planFromRegistry(conf, registry, null, BundleTrust.fromEnvironment())
                    .execute(JobConfig.fromConfiguration(conf).jobName());
        } else {
            run(conf, modelDir);
        }
    }
}
