package dev.slidr.training.report;

import java.util.Objects;

/**
 * One row of the report's metrics table: a model (the network, a baseline) on a slice (or {@code
 * all}). Rates are fractions in [0, 1]; NaN where undefined (shown as {@code n/a}). {@code weak*}
 * figures are against the weak labels, {@code true*} against the ground truth; {@code weakFprUpper}
 * is the Clopper–Pearson upper bound of {@code weakFpr}.
 *
 * @param absent the slice has no click in the data at all: the row says so instead of figures
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
        double trueFpr,
        boolean absent) {

    public MetricsRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(slice, "slice");
    }

    /** The figures of a slice the data has. */
    public MetricsRow(
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
        this(
                model,
                slice,
                clicks,
                ivr,
                weakFpr,
                weakFprUpper,
                weakRoboticCoverage,
                weakAuc,
                truePrecision,
                trueRecall,
                trueFpr,
                false);
    }

    /** The row of a slice without a click in the data. */
    public static MetricsRow absent(String model, String slice) {
        double none = Double.NaN;
        return new MetricsRow(
                model, slice, 0, none, none, none, none, none, none, none, none, true);
    }
}
