package dev.slidr.inference.flink;

import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.FeaturedClick;
import dev.slidr.inference.decision.ClickScorer;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.scoring.ScorerOptions;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Scores featured clicks with ONNX Runtime in micro-batches and emits one {@link Decision} per
 * click.
 *
 * <p>A batch is scored when it holds {@code maxBatchSize} clicks or when its oldest click has
 * waited {@code maxBatchDelayMillis} of processing time (a processing-time timer). It is also
 * scored before any watermark is forwarded (so no decision is emitted behind a watermark that
 * passed it), in {@link #prepareSnapshotPreBarrier} (so no click is held across a checkpoint
 * barrier: the operator keeps no state and a restored job never loses a buffered click) and at the
 * end of input. Each decision carries the click's event time as its timestamp. The ONNX session is
 * opened in {@link #open()} from the {@link ModelSource} and closed in {@link #close()}.
 *
 * <p>Metrics: {@code slidrDecisions}, {@code slidrInvalidDecisions}, {@code slidrScoredBatches},
 * and the processing latency of every click that carries a read time ({@link LatencyHistogram}).
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Decision> decisions =
 *         ScoringOperator.score(featured, ModelSource.fixed(model), configuration);
 * }</pre>
 */
public final class ScoringOperator extends BatchScoringOperator
        implements OneInputStreamOperator<FeaturedClick, Decision>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final ModelSource modelSource;

    private transient ClickScorer scorer;

    public ScoringOperator(
            ModelSource modelSource,
            ScorerOptions scorerOptions,
            int maxBatchSize,
            long maxBatchDelayMillis) {
        super(scorerOptions, maxBatchSize, maxBatchDelayMillis);
        this.modelSource = Objects.requireNonNull(modelSource, "modelSource");
    }

    /** The operator's stable uid in the job graph: never change it. */
    public static final String UID = "slidr-scoring";

    /**
     * Each decision with its click's advertiser id ({@code f0}), written beside the decisions only
     * by an operator asked to ({@link #score(DataStream, ModelSource, ReadableConfig, boolean)}): a
     * replay reports by advertiser without joining the clicks back to their decisions.
     */
    public static final OutputTag<Tuple2<String, Decision>> ADVERTISED =
            new OutputTag<>(
                    "decisions-with-advertiser",
                    Types.TUPLE(Types.STRING, DecisionSerializer.TYPE_INFO));

    /**
     * Scores {@code featured} with an operator configured by {@link ScoringOptions}; decisions use
     * {@link DecisionSerializer}, and the operator has the uid {@link #UID}.
     */
    public static SingleOutputStreamOperator<Decision> score(
            DataStream<FeaturedClick> featured, ModelSource modelSource, ReadableConfig config) {
        return score(featured, modelSource, config, false);
    }

    /**
     * {@link #score(DataStream, ModelSource, ReadableConfig)}; with {@code advertised}, the
     * operator also writes each decision with its click's advertiser id to {@link #ADVERTISED}.
     */
    public static SingleOutputStreamOperator<Decision> score(
            DataStream<FeaturedClick> featured,
            ModelSource modelSource,
            ReadableConfig config,
            boolean advertised) {
        ScoringOperator operator = create(modelSource, config);
        if (advertised) {
            operator.writeAdvertised();
        }
        return featured.transform("score", DecisionSerializer.TYPE_INFO, operator)
                .uid(UID)
                .name("score");
    }

    /** An operator configured by {@link ScoringOptions}. */
    public static ScoringOperator create(ModelSource modelSource, ReadableConfig config) {
        ScoringOptions.validateBatching(config);
        return new ScoringOperator(
                modelSource,
                ScoringOptions.scorerOptions(config),
                config.get(ScoringOptions.BATCH_MAX_SIZE),
                config.get(ScoringOptions.BATCH_MAX_DELAY).toMillis());
    }

    @Override
    public void open() throws Exception {
        super.open();
        DeployedModel model = modelSource.load();
        scorer = ClickScorer.open(model, scorerOptions());
        LOG.info(
                "Scoring with model {} on {}, batches of {} clicks or {} ms",
                model.modelVersion(),
                scorer.activeProvider(),
                maxBatchSize(),
                maxBatchDelayMillis());
    }

    @Override
    ClickScorer scorerFor(long eventTs) {
        return scorer;
    }

    @Override
    public void processElement(StreamRecord<FeaturedClick> element) throws Exception {
        addClick(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void close() throws Exception {
        try {
            if (scorer != null) {
                scorer.close();
                scorer = null;
            }
        } finally {
            super.close();
        }
    }
}
