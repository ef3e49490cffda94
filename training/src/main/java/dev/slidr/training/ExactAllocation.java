package dev.slidr.training;

import java.util.Arrays;
import java.util.List;

/**
 * The exact optimum of the allocation on the empirical curves, the yardstick for the convex
 * program: a knapsack over false positives.
 *
 * <p>Combined FPR is {@code Σ c_s / Σ p_s} where {@code c_s} is the number of invalidated
 * purchasing clicks of slice s, so the budget is an integer capacity {@code ⌊budget·Σ p_s⌋} of
 * false positives, each slice's choice is a point of its envelope, and dynamic programming over the
 * capacity finds the thresholds that invalidate the most clicks. When the capacity exceeds {@link
 * #MAX_UNITS}, false positives are counted in units of {@code ⌈capacity / MAX_UNITS⌉} clicks, each
 * slice's cost rounded up: the answer stays feasible and {@link Result#discretized()} says it may
 * fall short of the optimum by less than one unit per slice.
 */
public final class ExactAllocation {

    /** Largest capacity solved exactly; the work is slices · units². */
    public static final int MAX_UNITS = 2000;

    private ExactAllocation() {}

    /**
     * The exact allocation as envelope points and the clicks they invalidate.
     *
     * @param points envelope point chosen per slice
     * @param invalidated total clicks invalidated
     * @param objective overall IVR, {@code invalidated / Σ clicks}
     * @param discretized true when false positives were counted in units above one click
     */
    public record Result(int[] points, long invalidated, double objective, boolean discretized) {}

    /** The exact allocation without per-slice caps. */
    public static Result solve(List<SliceCurve> curves, double budget, long[] minPurchasing) {
        long[] noCap = new long[curves.size()];
        for (int i = 0; i < noCap.length; i++) {
            noCap[i] = curves.get(i).purchasing();
        }
        return solve(curves, budget, minPurchasing, noCap);
    }

    /**
     * The exact allocation where slice {@code s} invalidates between {@code minPurchasing[s]} and
     * {@code maxPurchasing[s]} of its purchasing clicks.
     */
    public static Result solve(
            List<SliceCurve> curves, double budget, long[] minPurchasing, long[] maxPurchasing) {
        int s = curves.size();
        long totalPurchasing = 0;
        long totalClicks = 0;
        for (SliceCurve curve : curves) {
            totalPurchasing += curve.purchasing();
            totalClicks += curve.clicks();
        }
        long capacity = (long) Math.floor(budget * totalPurchasing + 1e-9);
        long unit = Math.max(1, (capacity + MAX_UNITS - 1) / MAX_UNITS);
        int units = (int) (capacity / unit);
        long none = Long.MIN_VALUE / 4;

        // best[s][k]: most clicks invalidated by slices 0..s using at most k units
        long[][] best = new long[s + 1][units + 1];
        int[][] choice = new int[s][units + 1];
        Arrays.fill(best[0], 0);
        for (int i = 0; i < s; i++) {
            SliceCurve curve = curves.get(i);
            int minUnits = (int) ((minPurchasing[i] + unit - 1) / unit);
            // costs round up to whole units, so a cap rounds down to stay feasible
            int maxUnits =
                    (int)
                            Math.min(
                                    units,
                                    Math.min(
                                            (curve.purchasing() + unit - 1) / unit,
                                            maxPurchasing[i] / unit));
            long[] value = new long[maxUnits + 1];
            for (int k = 0; k <= maxUnits; k++) {
                value[k] = curve.flagged(curve.envelopePoint(k * unit));
            }
            for (int total = 0; total <= units; total++) {
                long bestValue = none;
                int bestK = -1;
                for (int k = minUnits; k <= Math.min(maxUnits, total); k++) {
                    long before = best[i][total - k];
                    if (before == none) {
                        continue;
                    }
                    long candidate = before + value[k];
                    if (candidate > bestValue) {
                        bestValue = candidate;
                        bestK = k;
                    }
                }
                best[i + 1][total] = bestValue;
                choice[i][total] = bestK;
            }
        }
        if (best[s][units] == none) {
            throw new CalibrationInfeasibleException(
                    "no thresholds meet every coverage minimum within the budget of "
                            + capacity
                            + " invalidated purchasing clicks");
        }
        int[] points = new int[s];
        int remaining = units;
        for (int i = s - 1; i >= 0; i--) {
            int k = choice[i][remaining];
            points[i] = curves.get(i).envelopePoint(k * unit);
            remaining -= k;
        }
        long invalidated = best[s][units];
        return new Result(points, invalidated, (double) invalidated / totalClicks, unit > 1);
    }
}
