package dev.slidr.inference.flink;

import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.inference.decision.ClickFeatures;
import dev.slidr.inference.decision.ClickScorer;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.scoring.InvalidModelException;
import dev.slidr.inference.scoring.ScorerOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The live job's scoring operator: scores featured clicks in micro-batches like {@link
 * ScoringOperator}, and changes its model when a control command arrives on the broadcast input.
 *
 * <p>Every subtask receives every command (broadcast, from the single control partition, so in one
 * order). It loads the named bundle from the {@link ModelCatalog} and verifies it before it
 * switches; then clicks with {@code event_ts >= effective_ts} are scored by the new model and
 * earlier ones by the old, so every subtask (and a replay) makes the same choice for the same
 * click. Both stay loaded until the watermark passes {@code effective_ts}; a model that is needed
 * again later (a late click) is loaded again. A rollback takes effect from its control record's
 * timestamp, to its {@code to} or to the model active before the last change.
 *
 * <p>The accepted changes (version, model hash, effective time) are checkpointed broadcast state: a
 * restored job scores with the models it had, not with the one it was started with, and fails
 * rather than score with a bundle whose content changed under the same version.
 *
 * <p>A command whose bundle is missing or fails verification is refused: the old model stays, the
 * counter {@code slidrModelRefusals} grows, a log line says why, and subtask 0 sends it to {@link
 * #REFUSED} as a {@code model_refused} dead letter (one per command, not one per subtask). A
 * registry that cannot be read fails the subtask, which retries from its last checkpoint: a
 * transient error must not leave subtasks with different models. Metrics also: {@code
 * slidrModelChanges}, {@code slidrLateModelChanges} (commands whose effective time this subtask's
 * watermark had already passed).
 *
 * <p>{@code shadow} loads and verifies a second model (refused like {@code activate}) that scores
 * every click with {@code event_ts} at or after the control record's timestamp beside the model
 * whose decision is emitted; each such click leaves on {@link #SHADOW} as a {@link ShadowScore},
 * for metrics only. Emitted decisions do not depend on it. {@code unshadow} stops it. The shadow
 * (version, hash, start) is checkpointed broadcast state like the schedule. A shadow must read the
 * features the job computes: one of another feature version is refused. Metrics: {@code
 * slidrShadowChanges}, {@code slidrShadowScored} (clicks the shadow scored), and the refusals
 * above.
 *
 * <p>The control input neither holds back nor advances event time: watermarks come from the clicks
 * alone.
 */
public final class SwitchingScoringOperator extends BatchScoringOperator
        implements TwoInputStreamOperator<FeaturedClick, ControlRecord, Decision>,
                BoundedMultiInput {

    private static final long serialVersionUID = 1L;

    /** Control commands the subtasks refused, as dead letters (from subtask 0 only). */
    public static final OutputTag<DeadLetter> REFUSED =
            new OutputTag<>("refused-control-commands", DeadLetterSerializer.TYPE_INFO);

    /** The shadow model's scores of the clicks it saw, beside the emitted decisions. */
    public static final OutputTag<ShadowScore> SHADOW =
            new OutputTag<>("shadow-scores", ShadowScore.TYPE_INFO);

    /** The running shadow under the key {@value #SHADOW_KEY}: (version, model hash, start). */
    static final MapStateDescriptor<String, Tuple3<String, String, Long>> SHADOW_MODEL =
            new MapStateDescriptor<>(
                    "slidr-shadow-model",
                    Types.STRING,
                    Types.TUPLE(Types.STRING, Types.STRING, Types.LONG));

    static final String SHADOW_KEY = "shadow";

    /** The accepted changes by sequence number: (version, model hash, effective time). */
    static final MapStateDescriptor<Long, Tuple3<String, String, Long>> SCHEDULE =
            new MapStateDescriptor<>(
                    "slidr-model-schedule",
                    Types.LONG,
                    Types.TUPLE(Types.STRING, Types.STRING, Types.LONG));

    private final ModelSource startModel;
    private final ModelCatalog catalog;

    private transient BroadcastState<Long, Tuple3<String, String, Long>> state;
    private transient ModelSchedule schedule;
    private transient DeployedModel start;
    private transient ClickScorer startScorer;
    // open scorers of accepted changes, by sequence number
    private transient Map<Long, ClickScorer> scorers;
    private transient long watermark;
    private transient Counter changes;
    private transient Counter refusals;
    private transient Counter late;
    private transient Counter shadowChanges;
    private transient Counter shadowScored;
    private transient BroadcastState<String, Tuple3<String, String, Long>> shadowState;
    // the running shadow: its model, (version, hash, start) and open scorer; null when none
    private transient Tuple3<String, String, Long> shadow;
    private transient ClickScorer shadowScorer;

    public SwitchingScoringOperator(
            ModelSource startModel,
            ModelCatalog catalog,
            ScorerOptions scorerOptions,
            int maxBatchSize,
            long maxBatchDelayMillis) {
        super(scorerOptions, maxBatchSize, maxBatchDelayMillis);
        this.startModel = Objects.requireNonNull(startModel, "startModel");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Scores {@code featured}, switching models on the commands of {@code control}, with the uid
     * {@link ScoringOperator#UID} (the operator it replaces had no state, so savepoints of either
     * restore into the other).
     */
    public static SingleOutputStreamOperator<Decision> score(
            DataStream<FeaturedClick> featured,
            DataStream<ControlRecord> control,
            ModelSource startModel,
            ModelCatalog catalog,
            ReadableConfig config) {
        ScoringOptions.validateBatching(config);
        SwitchingScoringOperator operator =
                new SwitchingScoringOperator(
                        startModel,
                        catalog,
                        ScoringOptions.scorerOptions(config),
                        config.get(ScoringOptions.BATCH_MAX_SIZE),
                        config.get(ScoringOptions.BATCH_MAX_DELAY).toMillis());
        return featured.connect(control.broadcast())
                .transform("score", DecisionSerializer.TYPE_INFO, operator)
                .uid(ScoringOperator.UID)
                .name("score");
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getBroadcastState(SCHEDULE);
        schedule = new ModelSchedule();
        for (Map.Entry<Long, Tuple3<String, String, Long>> e : state.entries()) {
            Tuple3<String, String, Long> c = e.getValue();
            schedule.add(new ModelSchedule.Change(e.getKey(), c.f0, c.f1, c.f2));
        }
        shadowState = context.getOperatorStateStore().getBroadcastState(SHADOW_MODEL);
        shadow = shadowState.get(SHADOW_KEY);
    }

    @Override
    public void open() throws Exception {
        super.open();
        watermark = Long.MIN_VALUE;
        scorers = new HashMap<>();
        changes = getMetricGroup().counter("slidrModelChanges");
        refusals = getMetricGroup().counter("slidrModelRefusals");
        late = getMetricGroup().counter("slidrLateModelChanges");
        shadowChanges = getMetricGroup().counter("slidrShadowChanges");
        shadowScored = getMetricGroup().counter("slidrShadowScored");
        start = startModel.load();
        startScorer = ClickScorer.open(start, scorerOptions());
        if (shadow != null) {
            shadowScorer = ClickScorer.open(restore(shadow.f0, shadow.f1), scorerOptions());
            LOG.info(
                    "Shadow model {} ({}) restored from the checkpoint, scoring clicks from {}",
                    shadow.f0,
                    shadow.f1,
                    Instant.ofEpochMilli(shadow.f2));
        }
        Optional<ModelSchedule.Change> latest = schedule.latest();
        if (latest.isPresent()) {
            // restored: the checkpoint's model scores from here on, whatever the job started with
            scorer(latest.get());
            LOG.info(
                    "Scoring with model {} ({}) restored from the checkpoint, effective from {};"
                            + " started with {}",
                    latest.get().version(),
                    latest.get().hash(),
                    Instant.ofEpochMilli(latest.get().effectiveTs()),
                    start.modelVersion());
        } else {
            LOG.info(
                    "Scoring with model {} on {}, batches of {} clicks or {} ms",
                    start.modelVersion(),
                    startScorer.activeProvider(),
                    maxBatchSize(),
                    maxBatchDelayMillis());
        }
    }

    @Override
    ClickScorer scorerFor(long eventTs) throws Exception {
        Optional<ModelSchedule.Change> change = schedule.at(eventTs);
        return change.isPresent() ? scorer(change.get()) : startScorer;
    }

    @Override
    public void processElement1(StreamRecord<FeaturedClick> element) throws Exception {
        addClick(element);
    }

    @Override
    public void processElement2(StreamRecord<ControlRecord> element) throws Exception {
        ControlRecord record = element.getValue();
        Parsed<ControlCommand> parsed = ControlCodec.decode(record.command());
        if (parsed instanceof Parsed.Rejected<ControlCommand> rejected) {
            // the control parse step lets only valid commands through; never trust that here
            refuse(record, rejected.reason(), rejected.message());
            return;
        }
        ControlCommand command = parsed.value();
        if (command instanceof ControlCommand.Activate activate) {
            change(record, activate.version(), activate.effectiveTs(), command);
        } else if (command instanceof ControlCommand.Rollback rollback) {
            Optional<String> target =
                    rollback.target().or(() -> schedule.previousVersion(start.modelVersion()));
            if (target.isEmpty()) {
                refuse(
                        record,
                        ReasonCode.MODEL_REFUSED,
                        "rollback: nothing to roll back to, model "
                                + start.modelVersion()
                                + " has been active since the job started");
                return;
            }
            change(record, target.get(), record.ts(), command);
        } else if (command instanceof ControlCommand.Shadow s) {
            startShadow(record, s);
        } else {
            stopShadow(record, command);
        }
    }

    private void startShadow(ControlRecord record, ControlCommand.Shadow command) throws Exception {
        DeployedModel model;
        try {
            model = catalog.load(command.version());
        } catch (ModelCatalog.RefusedModelException e) {
            refuse(record, ReasonCode.MODEL_REFUSED, command.name() + ": " + e.getMessage());
            return;
        }
        if (!model.featureVersion().equals(start.featureVersion())) {
            refuse(
                    record,
                    ReasonCode.MODEL_REFUSED,
                    command.name()
                            + ": model "
                            + command.version()
                            + " reads features of version "
                            + model.featureVersion()
                            + ", the job computes version "
                            + start.featureVersion());
            return;
        }
        ClickScorer scorer;
        try {
            scorer = ClickScorer.open(model, scorerOptions());
        } catch (InvalidModelException e) {
            refuse(
                    record,
                    ReasonCode.MODEL_REFUSED,
                    command.name()
                            + ": model "
                            + command.version()
                            + " cannot be opened: "
                            + e.getMessage());
            return;
        }
        // a batch that is waiting was read before the command: it is scored without the shadow
        flush();
        closeQuietly(shadowScorer);
        shadowScorer = scorer;
        shadow = Tuple3.of(command.version(), ModelHash.of(model), record.ts());
        shadowState.put(SHADOW_KEY, shadow);
        shadowChanges.inc();
        LOG.info(
                "shadow: model {} ({}) scores clicks from {} beside the active model",
                shadow.f0,
                shadow.f1,
                Instant.ofEpochMilli(shadow.f2));
    }

    private void stopShadow(ControlRecord record, ControlCommand command) throws Exception {
        if (shadow == null) {
            refuse(
                    record,
                    ReasonCode.MODEL_REFUSED,
                    command.name() + ": no shadow model is running; nothing changed");
            return;
        }
        flush();
        closeQuietly(shadowScorer);
        shadowScorer = null;
        LOG.info("unshadow: model {} no longer scores beside the active model", shadow.f0);
        shadow = null;
        shadowState.remove(SHADOW_KEY);
        shadowChanges.inc();
    }

    @Override
    void scored(List<FeaturedClick> batch, List<Decision> decided, long now) {
        if (shadowScorer == null) {
            return;
        }
        List<ClickFeatures> rows = new ArrayList<>(batch.size());
        List<Decision> active = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            FeaturedClick click = batch.get(i);
            if (click.click().ts() >= shadow.f2) {
                rows.add(
                        new ClickFeatures(click.click(), click.featureVersion(), click.features()));
                active.add(decided.get(i));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        List<Decision> shadowed = shadowScorer.decide(rows, now);
        shadowScored.inc(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Decision a = active.get(i);
            Decision s = shadowed.get(i);
            output.collect(
                    SHADOW,
                    new StreamRecord<>(
                            new ShadowScore(
                                    a.slice(),
                                    s.modelVersion(),
                                    a.modelVersion(),
                                    a.invalid(),
                                    s.invalid(),
                                    s.score(),
                                    a.eventTs()),
                            a.eventTs()));
        }
    }

    private void change(ControlRecord record, String version, long effectiveTs, ControlCommand cmd)
            throws Exception {
        DeployedModel model;
        ClickScorer scorer;
        if (version.equals(start.modelVersion())) {
            model = start;
            scorer = null;
        } else {
            try {
                model = catalog.load(version);
            } catch (ModelCatalog.RefusedModelException e) {
                refuse(record, ReasonCode.MODEL_REFUSED, cmd.name() + ": " + e.getMessage());
                return;
            }
            try {
                scorer = ClickScorer.open(model, scorerOptions());
            } catch (InvalidModelException e) {
                refuse(
                        record,
                        ReasonCode.MODEL_REFUSED,
                        cmd.name() + ": model " + version + " cannot be opened: " + e.getMessage());
                return;
            }
        }
        ModelSchedule.Change change =
                new ModelSchedule.Change(
                        schedule.nextSeq(), version, ModelHash.of(model), effectiveTs);
        state.put(change.seq(), Tuple3.of(change.version(), change.hash(), effectiveTs));
        schedule.add(change)
                .ifPresent(
                        dropped -> {
                            closeQuietly(scorers.remove(dropped.seq()));
                            try {
                                state.remove(dropped.seq());
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        if (scorer != null) {
            scorers.put(change.seq(), scorer);
        }
        changes.inc();
        if (effectiveTs <= watermark) {
            late.inc();
            LOG.warn(
                    "Model {} takes effect at {}, which this subtask's event time ({}) has passed:"
                            + " earlier clicks were already scored by the model before it",
                    version,
                    Instant.ofEpochMilli(effectiveTs),
                    Instant.ofEpochMilli(watermark));
        }
        LOG.info(
                "{}: model {} ({}) scores clicks from {}",
                cmd.name(),
                version,
                change.hash(),
                Instant.ofEpochMilli(effectiveTs));
    }

    private void refuse(ControlRecord record, ReasonCode reason, String message) {
        refusals.inc();
        LOG.warn(
                "Refused control command at {}/{}@{}: {}; the model does not change",
                record.sourceTopic(),
                record.sourcePartition(),
                record.sourceOffset(),
                message);
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            output.collect(
                    REFUSED,
                    new StreamRecord<>(
                            DeadLetter.of(
                                    record.command(),
                                    reason,
                                    message,
                                    record.sourceTopic(),
                                    record.sourcePartition(),
                                    record.sourceOffset(),
                                    getProcessingTimeService().getCurrentProcessingTime())));
        }
    }

    /** The open scorer of an accepted change, loading it again if it was closed. */
    private ClickScorer scorer(ModelSchedule.Change change) throws Exception {
        if (change.version().equals(start.modelVersion())) {
            return startScorer;
        }
        ClickScorer open = scorers.get(change.seq());
        if (open != null) {
            return open;
        }
        open = ClickScorer.open(restore(change.version(), change.hash()), scorerOptions());
        scorers.put(change.seq(), open);
        return open;
    }

    /**
     * An accepted model loaded again, failing unless it still has the content it was accepted with.
     */
    private DeployedModel restore(String version, String acceptedHash) throws Exception {
        DeployedModel model;
        try {
            model = catalog.load(version);
        } catch (ModelCatalog.RefusedModelException e) {
            throw new IllegalStateException(
                    "model "
                            + version
                            + " was accepted and checkpointed, and can no longer be loaded: "
                            + e.getMessage(),
                    e);
        }
        String hash = ModelHash.of(model);
        if (!hash.equals(acceptedHash)) {
            throw new IllegalStateException(
                    "model "
                            + version
                            + " was accepted with hash "
                            + acceptedHash
                            + ", the registry now holds "
                            + hash
                            + " under that version");
        }
        return model;
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        flush();
        watermark = mark.getTimestamp();
        // a model no click at or after the watermark can need is closed
        for (ModelSchedule.Change c : schedule.changes()) {
            if (scorers.containsKey(c.seq()) && schedule.superseded(Optional.of(c), watermark)) {
                closeQuietly(scorers.remove(c.seq()));
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // control records carry no event time
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flush();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            closeQuietly(startScorer);
            startScorer = null;
            closeQuietly(shadowScorer);
            shadowScorer = null;
            if (scorers != null) {
                scorers.values().forEach(SwitchingScoringOperator::closeQuietly);
                scorers.clear();
            }
        } finally {
            super.close();
        }
    }

    /** The versions of the accepted changes, oldest first: for tests. */
    List<String> scheduledVersions() {
        return schedule.changes().stream().map(ModelSchedule.Change::version).toList();
    }

    /** The running shadow's version: for tests. */
    Optional<String> shadowVersion() {
        return shadow == null ? Optional.empty() : Optional.of(shadow.f0);
    }

    /** How many change models are open now: for tests. */
    int openScorers() {
        return scorers.size();
    }

    private static void closeQuietly(ClickScorer scorer) {
        if (scorer != null) {
            try {
                scorer.close();
            } catch (Exception e) {
                // closing a native session that is no longer used; nothing to recover
            }
        }
    }
}
