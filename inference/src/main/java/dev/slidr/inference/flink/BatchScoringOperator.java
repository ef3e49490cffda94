package dev.slidr.inference.flink;

import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.inference.decision.ClickFeatures;
import dev.slidr.inference.decision.ClickScorer;
import dev.slidr.inference.scoring.MicroBatcher;
import dev.slidr.inference.scoring.ScorerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The micro-batching shared by the scoring operators: clicks are collected and scored when a batch
 * holds {@code maxBatchSize} clicks or when its oldest click has waited {@code maxBatchDelayMillis}
 * of processing time, and before every watermark, checkpoint barrier and the end of input. Which
 * model scores a click is the subclass's choice ({@link #scorerFor}), by the click's event time, so
 * one batch may be split between two models.
 */
abstract class BatchScoringOperator extends AbstractStreamOperator<Decision>
        implements ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final ScorerOptions scorerOptions;
    private final int maxBatchSize;
    private final long maxBatchDelayMillis;
    // set before the job runs, by a pipeline that reads the decisions with their advertisers
    private boolean advertised;

    private transient MicroBatcher<FeaturedClick> batcher;
    // earliest registered, not yet fired timer; one timer per pending deadline at most
    private transient long timerAt;
    private transient Counter decisions;
    private transient Counter invalid;
    private transient Counter batches;
    private transient LatencyHistogram latency;

    BatchScoringOperator(ScorerOptions scorerOptions, int maxBatchSize, long maxBatchDelayMillis) {
        this.scorerOptions = Objects.requireNonNull(scorerOptions, "scorerOptions");
        // validates the batch bounds at job build time rather than in open()
        new MicroBatcher<>(maxBatchSize, maxBatchDelayMillis);
        this.maxBatchSize = maxBatchSize;
        this.maxBatchDelayMillis = maxBatchDelayMillis;
    }

    /** The scorer for a click of this event time; called while a batch is scored. */
    abstract ClickScorer scorerFor(long eventTs) throws Exception;

    /**
     * Called once per scored batch with the decisions about to be emitted (same order as {@code
     * batch}); whatever it does cannot change them. Nothing by default.
     */
    void scored(List<FeaturedClick> batch, List<Decision> decided, long now) throws Exception {}

    /**
     * Also writes each decision with its click's advertiser id ({@link
     * ScoringOperator#ADVERTISED}).
     */
    void writeAdvertised() {
        advertised = true;
    }

    ScorerOptions scorerOptions() {
        return scorerOptions;
    }

    int maxBatchSize() {
        return maxBatchSize;
    }

    long maxBatchDelayMillis() {
        return maxBatchDelayMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        batcher = new MicroBatcher<>(maxBatchSize, maxBatchDelayMillis);
        timerAt = MicroBatcher.NO_DEADLINE;
        decisions = getMetricGroup().counter("slidrDecisions");
        invalid = getMetricGroup().counter("slidrInvalidDecisions");
        batches = getMetricGroup().counter("slidrScoredBatches");
        latency = LatencyHistogram.register(getMetricGroup());
    }

    /** Adds one click to the batch, scoring the batch when it is full. */
    void addClick(StreamRecord<FeaturedClick> element) throws Exception {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        var full = batcher.add(element.getValue(), now);
        if (full.isPresent()) {
            emit(full.get(), now);
        } else {
            armTimer();
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerAt = MicroBatcher.NO_DEADLINE;
        var due = batcher.poll(time);
        if (due.isPresent()) {
            emit(due.get(), time);
        }
        armTimer();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** The processing-latency metric, once open. */
    LatencyHistogram latency() {
        return latency;
    }

    private void armTimer() {
        long deadline = batcher.deadline();
        if (deadline < timerAt) {
            timerAt = deadline;
            getProcessingTimeService().registerTimer(deadline, this);
        }
    }

    /** Scores whatever the batch holds. */
    void flush() throws Exception {
        if (batcher != null && !batcher.isEmpty()) {
            emit(batcher.drain(), getProcessingTimeService().getCurrentProcessingTime());
        }
    }

    private void emit(List<FeaturedClick> batch, long now) throws Exception {
        // one model run per model the batch needs; decisions leave in the batch's order
        Map<ClickScorer, List<Integer>> byScorer = new IdentityHashMap<>();
        List<ClickScorer> order = new ArrayList<>(2);
        for (int i = 0; i < batch.size(); i++) {
            ClickScorer scorer = scorerFor(batch.get(i).click().ts());
            List<Integer> rows = byScorer.get(scorer);
            if (rows == null) {
                rows = new ArrayList<>(batch.size());
                byScorer.put(scorer, rows);
                order.add(scorer);
            }
            rows.add(i);
        }
        Decision[] decided = new Decision[batch.size()];
        for (ClickScorer scorer : order) {
            List<Integer> indexes = byScorer.get(scorer);
            List<ClickFeatures> rows = new ArrayList<>(indexes.size());
            for (int i : indexes) {
                FeaturedClick click = batch.get(i);
                rows.add(
                        new ClickFeatures(click.click(), click.featureVersion(), click.features()));
            }
            List<Decision> out = scorer.decide(rows, now);
            for (int j = 0; j < indexes.size(); j++) {
                decided[indexes.get(j)] = out.get(j);
            }
            batches.inc();
        }
        scored(batch, Collections.unmodifiableList(Arrays.asList(decided)), now);
        long decidedMicros = IngestedClick.nowMicros();
        for (FeaturedClick click : batch) {
            latency.recordDecision(click.readMicros(), decidedMicros);
        }
        for (int i = 0; i < decided.length; i++) {
            Decision decision = decided[i];
            decisions.inc();
            if (decision.invalid()) {
                invalid.inc();
            }
            output.collect(new StreamRecord<>(decision, decision.eventTs()));
            if (advertised) {
                output.collect(
                        ScoringOperator.ADVERTISED,
                        new StreamRecord<>(
                                Tuple2.of(batch.get(i).click().advertiserId(), decision),
                                decision.eventTs()));
            }
        }
    }
}
