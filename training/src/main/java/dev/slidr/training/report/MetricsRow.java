package dev.slidr.training.report;

import java.util.Objects;

/**
 * One row of the report's metrics table: a model (the network, a baseline) on a slice (or {@code
 * all}). Rates are fractions in [0, 1]; NaN where undefined (shown as {@code n/a}).
 */
public record MetricsRow(
        String model,
        String slice,
        long clicks,
        double ivr,
        double fpr,
        double roboticCoverage,
        double auc,
        double truePrecision,
        double trueRecall) {

    public MetricsRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(slice, "slice");
    }
}
