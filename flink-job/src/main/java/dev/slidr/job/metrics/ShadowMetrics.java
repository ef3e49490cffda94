package dev.slidr.job.metrics;

import dev.slidr.inference.flink.ShadowScore;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Per-slice metrics of the shadow model, from the scoring operator's shadow side output. Nothing it
 * sees came from or goes to the decisions stream: it ends in a discarding sink. Stateless (uid
 * {@value #UID}).
 *
 * <p>Metrics, in the group {@code slidr} / {@code shadow}, one set per slice in a key/value group
 * {@code slice=<name>}, registered for every slice up front:
 *
 * <ul>
 *   <li>{@code clicks} (counter): clicks the shadow scored;
 *   <li>{@code invalid} (counter): of those, the ones it would have invalidated;
 *   <li>{@code disagreements} (counter): the ones it decided differently from the emitted decision;
 *   <li>{@code ivr_5m} (gauge): the shadow's invalid / clicks over the last 5 minutes;
 *   <li>{@code disagreement_5m} (gauge): disagreements / clicks over the last 5 minutes;
 *   <li>{@code score_permille} (histogram): the shadow's scores over the last 5 minutes.
 * </ul>
 *
 * The windows are those of {@link DecisionMetrics}, so the shadow's {@code ivr_5m} sits beside the
 * active model's.
 */
public final class ShadowMetrics extends RichMapFunction<ShadowScore, ShadowScore> {

    private static final long serialVersionUID = 1L;

    /** The operator's uid. */
    public static final String UID = "slidr-shadow-metrics";

    /** The sink's uid. */
    public static final String SINK_UID = "slidr-shadow-metrics-end";

    /** The group under {@link DecisionMetrics#GROUP}. */
    public static final String GROUP = "shadow";

    public static final String CLICKS = "clicks";
    public static final String INVALID = "invalid";
    public static final String DISAGREEMENTS = "disagreements";
    public static final String IVR = "ivr_5m";
    public static final String DISAGREEMENT = "disagreement_5m";
    public static final String SCORES = "score_permille";

    private final Slicing slicing;
    private final DecisionMetrics.Clock clock;

    private transient MetricGroup group;
    private transient Map<String, SliceMetrics> slices;

    /** Metrics for the slices of {@code slicing}, on the wall clock. */
    public ShadowMetrics(Slicing slicing) {
        this(slicing, System::currentTimeMillis);
    }

    /** Metrics on another clock (tests drive time with it). */
    public ShadowMetrics(Slicing slicing, DecisionMetrics.Clock clock) {
        this.slicing = Objects.requireNonNull(slicing, "slicing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts {@code shadowScores} and discards them. */
    public static void apply(DataStream<ShadowScore> shadowScores, Slicing slicing) {
        shadowScores
                .map(new ShadowMetrics(slicing))
                .returns(ShadowScore.TYPE_INFO)
                .uid(UID)
                .name("shadow metrics")
                .sinkTo(new DiscardingSink<>())
                .uid(SINK_UID)
                .name("shadow metrics end");
    }

    @Override
    public void open(OpenContext openContext) {
        group =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(DecisionMetrics.GROUP)
                        .addGroup(GROUP);
        slices = new HashMap<>();
        for (Slice slice : slicing.slices()) {
            sliceMetrics(slice.name());
        }
    }

    @Override
    public ShadowScore map(ShadowScore score) {
        SliceMetrics metrics = sliceMetrics(score.slice());
        metrics.clicks.inc();
        if (score.shadowInvalid()) {
            metrics.invalid.inc();
        }
        if (score.disagrees()) {
            metrics.disagreements.inc();
        }
        metrics.ivr.record(score.shadowInvalid());
        metrics.disagreement.record(score.disagrees());
        metrics.scores.recordScore(score.shadowScore());
        return score;
    }

    /** The metrics of a slice; one outside the slicing gets its own set on first sight. */
    private SliceMetrics sliceMetrics(String slice) {
        SliceMetrics metrics = slices.get(slice);
        if (metrics == null) {
            metrics = new SliceMetrics(group.addGroup(DecisionMetrics.SLICE_KEY, slice), clock);
            slices.put(slice, metrics);
        }
        return metrics;
    }

    /** The metrics of one slice. */
    private static final class SliceMetrics {
        final Counter clicks;
        final Counter invalid;
        final Counter disagreements;
        final RecentIvr ivr;
        final RecentIvr disagreement;
        final RecentScoreHistogram scores;

        SliceMetrics(MetricGroup slice, LongSupplier clock) {
            clicks = slice.counter(CLICKS);
            invalid = slice.counter(INVALID);
            disagreements = slice.counter(DISAGREEMENTS);
            ivr =
                    slice.gauge(
                            IVR,
                            new RecentIvr(DecisionMetrics.WINDOW, DecisionMetrics.SLOT, clock));
            // a share of clicks over the same window: RecentIvr counts any yes/no
            disagreement =
                    slice.gauge(
                            DISAGREEMENT,
                            new RecentIvr(DecisionMetrics.WINDOW, DecisionMetrics.SLOT, clock));
            scores =
                    slice.histogram(
                            SCORES,
                            new RecentScoreHistogram(
                                    DecisionMetrics.WINDOW, DecisionMetrics.SLOT, clock));
        }
    }
}
