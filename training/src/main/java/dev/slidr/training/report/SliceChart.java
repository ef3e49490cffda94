package dev.slidr.training.report;

import dev.slidr.registry.calibration.SliceCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One slice's IVR–FPR chart: the empirical curve on held-out clicks, the fitted concave quadratic
 * (may be empty) and the chosen operating point (may be null).
 *
 * @param absent the slice has no click in the data at all: no chart, the report says so
 */
public record SliceChart(
        String slice,
        List<CurvePoint> empirical,
        List<CurvePoint> fitted,
        OperatingPoint chosen,
        boolean absent) {

    /** The chart of a slice the data has. */
    public SliceChart(
            String slice,
            List<CurvePoint> empirical,
            List<CurvePoint> fitted,
            OperatingPoint chosen) {
        this(slice, empirical, fitted, chosen, false);
    }

    /** The place of a slice without a click in the data. */
    public static SliceChart absent(String slice) {
        return new SliceChart(slice, List.of(), List.of(), null, true);
    }

    /** Curves are thinned to at most this many points: a chart has fewer pixels than that. */
    public static final int MAX_POINTS = 400;

    public SliceChart {
        Objects.requireNonNull(slice, "slice");
        empirical = List.copyOf(empirical);
        fitted = List.copyOf(fitted);
    }

    /**
     * The chart of a calibrated slice from its held-out clicks: the empirical curve (every distinct
     * score as a threshold, thinned to {@link #MAX_POINTS}), the calibration's fitted quadratic
     * over the same FPR range, and its operating point.
     *
     * @param scores the slice's held-out scores
     * @param purchasing whether each held-out click led to a purchase
     */
    public static SliceChart of(
            SliceCalibration calibration, double[] scores, boolean[] purchasing) {
        List<CurvePoint> empirical = empiricalCurve(scores, purchasing);
        double maxFpr =
                empirical.stream()
                        .mapToDouble(CurvePoint::fpr)
                        .filter(Double::isFinite)
                        .max()
                        .orElse(0);
        List<CurvePoint> fitted = new ArrayList<>();
        if (maxFpr > 0) {
            int steps = 50;
            for (int i = 0; i <= steps; i++) {
                double f = maxFpr * i / steps;
                fitted.add(new CurvePoint(f, calibration.fit().value(f)));
            }
        }
        return new SliceChart(
                calibration.slice(),
                empirical,
                fitted,
                new OperatingPoint(
                        calibration.threshold(),
                        calibration.fpr(),
                        calibration.ivr(),
                        calibration.coverage()));
    }

    /**
     * IVR against FPR for every distinct score taken as threshold (a click is invalid when its
     * score is {@code >=} the threshold), from (0, 0), thinned to at most {@link #MAX_POINTS}
     * points. FPR is NaN when no click purchased.
     */
    public static List<CurvePoint> empiricalCurve(double[] scores, boolean[] purchasing) {
        if (scores.length != purchasing.length) {
            throw new IllegalArgumentException(
                    scores.length + " scores but " + purchasing.length + " purchase flags");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        long purchases = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (purchasing[i]) {
                purchases++;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<CurvePoint> all = new ArrayList<>();
        all.add(new CurvePoint(purchases == 0 ? Double.NaN : 0, 0));
        long flagged = 0;
        long flaggedPurchasing = 0;
        for (int i = 0; i < n; i++) {
            flagged++;
            if (purchasing[order[i]]) {
                flaggedPurchasing++;
            }
            boolean lastOfTie = i + 1 == n || scores[order[i + 1]] != scores[order[i]];
            if (lastOfTie) {
                all.add(
                        new CurvePoint(
                                purchases == 0
                                        ? Double.NaN
                                        : (double) flaggedPurchasing / purchases,
                                (double) flagged / n));
            }
        }
        if (all.size() <= MAX_POINTS) {
            return all;
        }
        List<CurvePoint> thinned = new ArrayList<>(MAX_POINTS);
        for (int k = 0; k < MAX_POINTS; k++) {
            thinned.add(all.get((int) ((long) k * (all.size() - 1) / (MAX_POINTS - 1))));
        }
        return thinned;
    }
}
