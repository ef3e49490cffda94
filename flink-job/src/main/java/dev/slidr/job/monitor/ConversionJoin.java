package dev.slidr.job.monitor;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins conversions to decisions by click id (the key) and counts both as they arrive. A decision
 * adds its click to the counts of its slice and model version at once; a conversion within its
 * click's attribution window adds a converting click when it comes. Every count carries its click's
 * label time, {@code event_ts} plus the window ({@link LabelCount}), and the windows downstream
 * ({@link LabelTimeWindows}) close when the watermark passes it. A click is therefore counted once,
 * and converting when a conversion of its click within the window arrived before the watermark
 * reached its label time, whichever of the two came first.
 *
 * <p>Why counts as they come: labelling each click when its wait ended took an event-time timer per
 * click, and a read and a delete of the decision when it fired; that made this join the live job's
 * busiest task. Now a decision costs two reads (a waiting revision, a waiting conversion) and one
 * write, and nothing fires per click. A decision's state is dropped by a processing-time TTL, the
 * attribution window plus {@link MonitorOptions#CONVERSION_LAG}, which RocksDB's compaction filter
 * applies without a timer: a conversion read more than that after its decision finds nothing and
 * counts as unmatched.
 *
 * <p>A second decision for the same click (a revision) while the wait is open replaces the first,
 * whose counts it takes back. A conversion outside its click's window, of a click whose wait is
 * over, or of a click that never gets a decision labels nothing and counts in {@code
 * monitorUnmatchedConversions}; a conversion that comes before its decision waits (an event-time
 * timer: conversions are few) until the watermark passes the conversion's own time.
 *
 * <p>State of the join before it counted as things came (a decision waiting under {@code
 * monitor-decision} with its own timer) restores unchanged: each such decision is counted when its
 * timer fires, as it was then.
 */
public final class ConversionJoin
        extends KeyedCoProcessFunction<String, Decision, Conversion, LabelCount> {

    private static final long serialVersionUID = 1L;

    /** The model version of decisions no model made (GIVT). */
    public static final String NO_MODEL = "none";

    /** The state of a counted decision while its click can still convert. */
    static final String WAITING_STATE = "monitor-counted-decision";

    private static final float[] NO_FEATURES = new float[0];

    private final long windowMillis;
    private final Duration retention;

    private transient ValueState<LabelledDecision> waiting;
    // the earliest conversion that came before its decision
    private transient ValueState<Long> conversionTs;
    // written by the join before it counted as things came; only read for restored decisions
    private transient ValueState<Decision> formerDecision;
    private transient ValueState<Boolean> formerConverted;
    private transient Counter unmatched;

    /**
     * @param attributionWindow how long after a click a conversion still counts (positive)
     * @param conversionLag how much longer, in processing time, a decision is kept for conversions
     *     that arrive late (not negative)
     */
    public ConversionJoin(Duration attributionWindow, Duration conversionLag) {
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException(
                    "the attribution window must be positive, got " + attributionWindow);
        }
        if (conversionLag.isNegative()) {
            throw new IllegalArgumentException(
                    "the conversion lag must not be negative, got " + conversionLag);
        }
        this.windowMillis = attributionWindow.toMillis();
        this.retention = attributionWindow.plus(conversionLag);
    }

    /** The state descriptor of counted decisions, with the TTL that drops them. */
    ValueStateDescriptor<LabelledDecision> waitingDescriptor() {
        ValueStateDescriptor<LabelledDecision> descriptor =
                new ValueStateDescriptor<>(WAITING_STATE, LabelledDecision.TYPE_INFO);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(retention)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getState(waitingDescriptor());
        conversionTs =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("monitor-conversion-ts", Types.LONG));
        formerDecision =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "monitor-decision", DecisionSerializer.TYPE_INFO));
        formerConverted =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("monitor-converted", Types.BOOLEAN));
        unmatched = getRuntimeContext().getMetricGroup().counter("monitorUnmatchedConversions");
    }

    @Override
    public void processElement1(Decision d, Context ctx, Collector<LabelCount> out)
            throws Exception {
        LabelledDecision before = stillWaiting(waiting.value(), ctx);
        boolean converted = false;
        if (before != null) {
            out.collect(LabelCount.of(before, deadline(before.eventTs()), -1));
            converted = before.converted() && before.eventTs() == d.eventTs();
        }
        Long pending = conversionTs.value();
        if (pending != null) {
            ctx.timerService().deleteEventTimeTimer(pending);
            conversionTs.clear();
            if (within(d.eventTs(), pending)) {
                converted = true;
            } else {
                unmatched.inc();
            }
        }
        LabelledDecision counted = label(d, converted);
        waiting.update(counted);
        out.collect(LabelCount.of(counted, deadline(d.eventTs()), 1));
    }

    @Override
    public void processElement2(Conversion c, Context ctx, Collector<LabelCount> out)
            throws Exception {
        LabelledDecision d = stillWaiting(waiting.value(), ctx);
        if (d != null) {
            if (!within(d.eventTs(), c.ts())) {
                unmatched.inc();
            } else if (!d.converted()) {
                waiting.update(converted(d));
                out.collect(LabelCount.conversionOf(d, deadline(d.eventTs())));
            }
            return;
        }
        Decision former = formerDecision.value();
        if (former != null) {
            if (within(former.eventTs(), c.ts())) {
                formerConverted.update(true);
            } else {
                unmatched.inc();
            }
            return;
        }
        if (ctx.timerService().currentWatermark() >= c.ts()) {
            // the click's wait is over, or it has no decision
            unmatched.inc();
            return;
        }
        Long earlier = conversionTs.value();
        if (earlier == null || c.ts() < earlier) {
            if (earlier != null) {
                unmatched.inc();
                ctx.timerService().deleteEventTimeTimer(earlier);
            }
            ctx.timerService().registerEventTimeTimer(c.ts());
            conversionTs.update(c.ts());
        } else {
            unmatched.inc();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelCount> out)
            throws Exception {
        // Only what is there is cleared: a delete of an absent value still writes a tombstone.
        Decision former = formerDecision.value();
        if (former != null) {
            // a decision restored from the former join: counted now, at its timer, as it was then,
            // unless a revision since replaced it (and was counted itself)
            Boolean wasConverted = formerConverted.value();
            if (waiting.value() == null) {
                out.collect(
                        LabelCount.of(
                                label(former, Boolean.TRUE.equals(wasConverted)), timestamp, 1));
            }
            formerDecision.clear();
            if (wasConverted != null) {
                formerConverted.clear();
            }
        } else if (conversionTs.value() != null) {
            unmatched.inc();
            conversionTs.clear();
        }
    }

    /**
     * What the join keeps of a decision: the fields its label reads (click id, event time, verdict,
     * stage, slice, model version) and nothing else, so that the shuffle to the join does not carry
     * the feature vector, the reasons, the scores or the other versions.
     */
    public static Decision forMonitor(Decision d) {
        return new Decision(
                d.clickId(),
                d.eventTs(),
                d.decidedTs(),
                d.invalid(),
                d.stage(),
                List.of(),
                Double.NaN,
                Double.NaN,
                d.slice(),
                d.modelVersion(),
                null,
                null,
                NO_FEATURES,
                d.revision(),
                null);
    }

    /** {@code d} while its click can still convert (the watermark is before its label time). */
    private LabelledDecision stillWaiting(LabelledDecision d, Context ctx) {
        return d != null && ctx.timerService().currentWatermark() < deadline(d.eventTs())
                ? d
                : null;
    }

    private boolean within(long clickTs, long conversionTs) {
        return conversionTs >= clickTs && conversionTs - clickTs <= windowMillis;
    }

    private long deadline(long clickTs) {
        return clickTs + windowMillis;
    }

    private static LabelledDecision label(Decision d, boolean converted) {
        return new LabelledDecision(
                d.clickId(),
                d.slice(),
                d.modelVersion() == null ? NO_MODEL : d.modelVersion(),
                d.invalid(),
                converted,
                d.eventTs());
    }

    private static LabelledDecision converted(LabelledDecision d) {
        return new LabelledDecision(
                d.clickId(), d.slice(), d.modelVersion(), d.invalid(), true, d.eventTs());
    }
}
