package dev.slidr.job.monitor;

import dev.slidr.contract.Conversion;
import dev.slidr.contract.Decision;
import dev.slidr.inference.flink.DecisionSerializer;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins conversions to decisions by click id (the key), waiting the attribution window in event
 * time. Every decision is labelled exactly once, when the watermark passes its {@code event_ts}
 * plus the window (an event-time timer): converted when a conversion of its click within the window
 * arrived by then, whichever of the two came first. Labels therefore carry the timestamp {@code
 * event_ts + window}, so windows downstream group clicks by their event time, shifted by the
 * attribution window. The key's state is cleared when its timer fires.
 *
 * <p>A second decision for the same click (a revision) replaces the first while the wait is open. A
 * conversion outside its click's window, of a click already labelled, or of a click that never gets
 * a decision labels nothing and counts in {@code monitorUnmatchedConversions}; a conversion that
 * comes before its decision waits until the watermark passes the conversion's own time (the click's
 * decision cannot come later).
 */
public final class ConversionJoin
        extends KeyedCoProcessFunction<String, Decision, Conversion, LabelledDecision> {

    private static final long serialVersionUID = 1L;

    /** The model version of decisions no model made (GIVT). */
    public static final String NO_MODEL = "none";

    private static final float[] NO_FEATURES = new float[0];

    private final long windowMillis;

    private transient ValueState<Decision> decision;
    private transient ValueState<Boolean> converted;
    // the earliest conversion that came before its decision
    private transient ValueState<Long> conversionTs;
    private transient Counter unmatched;

    /**
     * @param attributionWindow how long after a click a conversion still counts (positive)
     */
    public ConversionJoin(Duration attributionWindow) {
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException(
                    "the attribution window must be positive, got " + attributionWindow);
        }
        this.windowMillis = attributionWindow.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        decision =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "monitor-decision", DecisionSerializer.TYPE_INFO));
        converted =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("monitor-converted", Types.BOOLEAN));
        conversionTs =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("monitor-conversion-ts", Types.LONG));
        unmatched = getRuntimeContext().getMetricGroup().counter("monitorUnmatchedConversions");
    }

    @Override
    public void processElement1(Decision d, Context ctx, Collector<LabelledDecision> out)
            throws Exception {
        Decision before = decision.value();
        if (before != null && before.eventTs() != d.eventTs()) {
            ctx.timerService().deleteEventTimeTimer(deadline(before.eventTs()));
            converted.clear();
        }
        if (before == null || before.eventTs() != d.eventTs()) {
            ctx.timerService().registerEventTimeTimer(deadline(d.eventTs()));
        }
        decision.update(d);
        Long pending = conversionTs.value();
        if (pending != null) {
            ctx.timerService().deleteEventTimeTimer(pending);
            conversionTs.clear();
            if (within(d.eventTs(), pending)) {
                converted.update(true);
            } else {
                unmatched.inc();
            }
        }
    }

    @Override
    public void processElement2(Conversion c, Context ctx, Collector<LabelledDecision> out)
            throws Exception {
        Decision d = decision.value();
        if (d != null) {
            if (within(d.eventTs(), c.ts())) {
                converted.update(true);
            } else {
                unmatched.inc();
            }
            return;
        }
        if (ctx.timerService().currentWatermark() >= c.ts()) {
            // the click was labelled already, or has no decision
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledDecision> out)
            throws Exception {
        // Only what is there is cleared: a delete of an absent value still writes a tombstone
        // (and a changelog entry) per click. A key with a decision has no waiting conversion
        // (the decision took it), and only a key with a decision can be converted.
        Decision d = decision.value();
        if (d != null) {
            Boolean wasConverted = converted.value();
            out.collect(label(d, Boolean.TRUE.equals(wasConverted)));
            decision.clear();
            if (wasConverted != null) {
                converted.clear();
            }
        } else if (conversionTs.value() != null) {
            unmatched.inc();
            conversionTs.clear();
        }
    }

    /**
     * What the join keeps of a decision: the fields its label reads (click id, event time, verdict,
     * stage, slice, model version) and nothing else, so that neither the shuffle to the join nor
     * its state carries the feature vector, the reasons, the scores or the other versions. It is
     * still a {@link Decision}, in the state's own serializer, so state written before the join
     * kept less restores and labels unchanged.
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
}
