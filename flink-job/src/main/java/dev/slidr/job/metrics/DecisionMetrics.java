package dev.slidr.job.metrics;

import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Per-slice decision metrics: passes every decision through unchanged and counts it under its
 * slice. Stateless, so adding it to a job (uid {@value #UID}) leaves earlier savepoints restorable.
 *
 * <p>Metrics, in the operator's group {@code slidr}, one set per slice in a key/value group {@code
 * slice=<name>} (a Prometheus label), registered for every slice of the slicing up front so that a
 * quiet slice reports zeros instead of being absent:
 *
 * <ul>
 *   <li>{@code clicks} (counter): decided clicks;
 *   <li>{@code invalid} (counter) in a group {@code stage=givt|sivt}: invalidated clicks by the
 *       stage that invalidated them;
 *   <li>{@code ivr_5m} (gauge): invalid / clicks over the last 5 minutes of processing time ({@link
 *       RecentIvr}), NaN without clicks;
 *   <li>{@code score_permille} (histogram): the model scores of scored clicks over the last 5
 *       minutes, in per-mille ({@link RecentScoreHistogram}).
 * </ul>
 *
 * <pre>{@code
 * DataStream<Decision> counted = DecisionMetrics.apply(decisions, Slicing.DEVICE_AND_LOGIN);
 * }</pre>
 */
public final class DecisionMetrics extends RichMapFunction<Decision, Decision> {

    private static final long serialVersionUID = 1L;

    /** The operator's uid (no state: adding or removing it keeps savepoints compatible). */
    public static final String UID = "slidr-decision-metrics";

    /** The operator's metric group. */
    public static final String GROUP = "slidr";

    /** The key of the per-slice group (its value is the slice name). */
    public static final String SLICE_KEY = "slice";

    /** The key of the per-stage group under a slice (values {@code givt}, {@code sivt}). */
    public static final String STAGE_KEY = "stage";

    public static final String CLICKS = "clicks";
    public static final String INVALID = "invalid";
    public static final String IVR = "ivr_5m";
    public static final String SCORES = "score_permille";

    /** The span of the recent windows ({@value #IVR}, {@value #SCORES}). */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** The granularity of the recent windows. */
    public static final Duration SLOT = Duration.ofSeconds(10);

    /** Milliseconds of processing time; serializable so the operator can carry it. */
    @FunctionalInterface
    public interface Clock extends LongSupplier, Serializable {}

    private final Slicing slicing;
    private final Clock clock;

    private transient MetricGroup group;
    private transient Map<String, SliceMetrics> slices;

    /** Metrics for the slices of {@code slicing}, on the wall clock. */
    public DecisionMetrics(Slicing slicing) {
        this(slicing, System::currentTimeMillis);
    }

    /** Metrics on another clock (tests drive time with it). */
    public DecisionMetrics(Slicing slicing, Clock clock) {
        this.slicing = Objects.requireNonNull(slicing, "slicing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts the metrics operator after {@code decisions}. */
    public static SingleOutputStreamOperator<Decision> apply(
            DataStream<Decision> decisions, Slicing slicing) {
        return decisions
                .map(new DecisionMetrics(slicing))
                .returns(DecisionSerializer.TYPE_INFO)
                .uid(UID)
                .name("decision metrics");
    }

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup(GROUP);
        slices = new HashMap<>();
        for (Slice slice : slicing.slices()) {
            sliceMetrics(slice.name());
        }
    }

    @Override
    public Decision map(Decision decision) {
        SliceMetrics metrics = sliceMetrics(decision.slice());
        metrics.clicks.inc();
        switch (decision.stage()) {
            case GIVT -> metrics.givt.inc();
            case SIVT -> metrics.sivt.inc();
            case NONE -> {}
        }
        metrics.ivr.record(decision.invalid());
        metrics.scores.recordScore(decision.score());
        return decision;
    }

    /**
     * The metrics of a slice; a slice outside the slicing's list (a decision made under another
     * model's slicing) gets its own set on first sight rather than being lost.
     */
    private SliceMetrics sliceMetrics(String slice) {
        SliceMetrics metrics = slices.get(slice);
        if (metrics == null) {
            metrics = new SliceMetrics(group.addGroup(SLICE_KEY, slice), clock);
            slices.put(slice, metrics);
        }
        return metrics;
    }

    /** The metrics of one slice. */
    private static final class SliceMetrics {
        final Counter clicks;
        final Counter givt;
        final Counter sivt;
        final RecentIvr ivr;
        final RecentScoreHistogram scores;

        SliceMetrics(MetricGroup slice, LongSupplier clock) {
            clicks = slice.counter(CLICKS);
            givt = stageGroup(slice, Decision.Stage.GIVT).counter(INVALID);
            sivt = stageGroup(slice, Decision.Stage.SIVT).counter(INVALID);
            ivr = slice.gauge(IVR, new RecentIvr(WINDOW, SLOT, clock));
            scores = slice.histogram(SCORES, new RecentScoreHistogram(WINDOW, SLOT, clock));
        }

        private static MetricGroup stageGroup(MetricGroup slice, Decision.Stage stage) {
            return slice.addGroup(STAGE_KEY, stage.name().toLowerCase(Locale.ROOT));
        }
    }
}
