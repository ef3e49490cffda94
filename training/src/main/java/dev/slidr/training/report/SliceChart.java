package dev.slidr.training.report;

import java.util.List;
import java.util.Objects;

/**
 * One slice's IVR–FPR chart: the empirical curve on held-out clicks, the fitted concave quadratic
 * (may be empty) and the chosen operating point (may be null).
 */
public record SliceChart(
        String slice, List<CurvePoint> empirical, List<CurvePoint> fitted, OperatingPoint chosen) {

    public SliceChart {
        Objects.requireNonNull(slice, "slice");
        empirical = List.copyOf(empirical);
        fitted = List.copyOf(fitted);
    }
}
