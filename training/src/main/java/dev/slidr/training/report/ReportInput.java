package dev.slidr.training.report;

import java.util.List;
import java.util.Objects;

/**
 * Everything the training report shows.
 *
 * @param metadata what was trained, on what, when
 * @param slices one IVR–FPR chart per slice, in display order
 * @param lossCurves per-epoch losses of each trained model (the network, the logistic baseline)
 * @param metrics the table of model × slice × metrics, in display order
 * @param guardrails the guardrail results
 * @param kinds the table of model × truth kind, in display order; empty without kinds
 */
public record ReportInput(
        ReportMetadata metadata,
        List<SliceChart> slices,
        List<LossCurve> lossCurves,
        List<MetricsRow> metrics,
        List<GuardrailRow> guardrails,
        List<KindRow> kinds) {

    public ReportInput {
        Objects.requireNonNull(metadata, "metadata");
        slices = List.copyOf(slices);
        lossCurves = List.copyOf(lossCurves);
        metrics = List.copyOf(metrics);
        guardrails = List.copyOf(guardrails);
        kinds = List.copyOf(kinds);
    }

    /** A report without per-kind figures. */
    public ReportInput(
            ReportMetadata metadata,
            List<SliceChart> slices,
            List<LossCurve> lossCurves,
            List<MetricsRow> metrics,
            List<GuardrailRow> guardrails) {
        this(metadata, slices, lossCurves, metrics, guardrails, List.of());
    }
}
