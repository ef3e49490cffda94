package dev.slidr.training.report;

import java.util.Objects;

/**
 * One row of the report's metrics table: a model (the network, a baseline) on a slice (or {@code
 * all}). Rates are fractions in [0, 1]; NaN where undefined (shown as {@code n/a}). {@code weak*}
 * figures are against the weak labels, {@code true*} against the ground truth; {@code weakFprUpper}
 * is the Clopper–Pearson upper bound of {@code weakFpr}.
 */
public record MetricsRow(
        String model,
        String slice,
        long clicks,
        double ivr,
        double weakFpr,
        double weakFprUpper,
        double weakRoboticCoverage,
        double weakAuc,
        double truePrecision,
        double trueRecall,
        double trueFpr) {

    public MetricsRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(slice, "slice");
    }
}
