package dev.slidr.replay.features;

import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.job.ingress.GivtVerdict;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes on the clicks no GIVT check matched, as the live job's GIVT decision stage sends them to
 * the features, and counts the others by the reason codes {@code train} reports ({@code givt_} and
 * the check's code, {@code duplicate_click_id}) in the job's accumulators.
 */
final class LeftOutCounter extends ProcessFunction<GivtVerdict, IngestedClick> {

    private static final long serialVersionUID = 1L;

    /** Prefix of the accumulators that count left-out clicks. */
    static final String PREFIX = "left_out:";

    /** The reason of a repeated click id, as the single-machine pass names it. */
    static final String DUPLICATE = "duplicate_click_id";

    @Override
    public void processElement(GivtVerdict v, Context ctx, Collector<IngestedClick> out) {
        if (v.reason() == null) {
            out.collect(v.ingested());
        } else {
            String reason =
                    v.reason() == dev.slidr.rules.givt.GivtReason.DUPLICATE_CLICK
                            ? DUPLICATE
                            : "givt_" + v.reason().code();
            getRuntimeContext().getLongCounter(PREFIX + reason).add(1L);
        }
    }
}
