package dev.slidr.job.decide;

import dev.slidr.contract.Click;
import dev.slidr.contract.Decision;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.inference.flink.LatencyHistogram;
import dev.slidr.inference.flink.ScoringOperator;
import dev.slidr.job.ingress.GivtVerdict;
import dev.slidr.rules.slice.Slicing;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the screened clicks: a click a GIVT check matched becomes its decision here ({@code
 * Decision.givt}, reason the check's code, decided at the current processing time) and skips
 * features and scoring; every other click leaves on {@link #TO_SCORE} with its event time and read
 * time. Keeps no state. Records the processing latency of its decisions ({@link
 * LatencyHistogram#METRIC_NAME}), as the scoring operator does for the others.
 */
public final class GivtDecisionFunction extends ProcessFunction<GivtVerdict, Decision> {

    private static final long serialVersionUID = 1L;

    /** Clicks no GIVT check matched: they go on to features and scoring. */
    public static final OutputTag<IngestedClick> TO_SCORE =
            new OutputTag<>("clicks-to-score", IngestedClick.TYPE_INFO);

    private final Slicing slicing;
    private final boolean advertised;
    private transient Counter givtDecisions;
    private transient LatencyHistogram latency;

    /** Decisions name the slice of each click under {@code slicing}, as scored ones do. */
    public GivtDecisionFunction(Slicing slicing) {
        this(slicing, false);
    }

    /**
     * With {@code advertised}, each decision is also written with its click's advertiser id to
     * {@link ScoringOperator#ADVERTISED}, as the scoring operator writes its own.
     */
    public GivtDecisionFunction(Slicing slicing, boolean advertised) {
        this.slicing = Objects.requireNonNull(slicing, "slicing");
        this.advertised = advertised;
    }

    @Override
    public void open(OpenContext openContext) {
        givtDecisions = getRuntimeContext().getMetricGroup().counter("slidrGivtDecisions");
        latency = LatencyHistogram.register(getRuntimeContext().getMetricGroup());
    }

    /** The processing-latency metric, once open. */
    LatencyHistogram latency() {
        return latency;
    }

    @Override
    public void processElement(GivtVerdict verdict, Context ctx, Collector<Decision> out) {
        Click click = verdict.click();
        if (!verdict.isGivt()) {
            ctx.output(TO_SCORE, verdict.ingested());
            return;
        }
        givtDecisions.inc();
        latency.recordDecision(verdict.readMicros(), IngestedClick.nowMicros());
        Decision decision =
                Decision.givt(
                        click.clickId(),
                        click.ts(),
                        ctx.timerService().currentProcessingTime(),
                        List.of(verdict.reason().code()),
                        slicing.sliceOf(click).name());
        out.collect(decision);
        if (advertised) {
            ctx.output(ScoringOperator.ADVERTISED, Tuple2.of(click.advertiserId(), decision));
        }
    }
}
