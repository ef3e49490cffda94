package dev.slidr.registry.calibration;

/**
 * The calibrated operating point of one slice.
 *
 * @param slice slice name, e.g. {@code desktop|logged_in}
 * @param threshold invalid when score {@code >= threshold} ({@link #NEVER} invalidates nothing)
 * @param chosenFpr FPR the convex program allocated to the slice
 * @param fit fitted concave curve IVR(FPR)
 * @param expectedIvr IVR the fitted curve predicts at {@code chosenFpr}
 * @param ivr empirical IVR at {@code threshold} on the held-out clicks
 * @param fpr empirical FPR at {@code threshold}
 * @param coverage empirical robotic coverage at {@code threshold} (NaN without high-velocity
 *     clicks)
 * @param minCoverage the slice's coverage floor
 * @param clicks held-out clicks in the slice
 * @param purchasing held-out purchasing clicks in the slice
 * @param highVelocity held-out high-velocity clicks in the slice
 * @param exactFpr empirical FPR of this slice in the exact optimum on the held-out clicks
 */
public record SliceCalibration(
        String slice,
        double threshold,
        double chosenFpr,
        QuadraticFit fit,
        double expectedIvr,
        double ivr,
        double fpr,
        double coverage,
        double minCoverage,
        long clicks,
        long purchasing,
        long highVelocity,
        double exactFpr) {

    /**
     * Threshold that invalidates nothing: above every probability, and finite so that it can be
     * written to JSON.
     */
    public static final double NEVER = Math.nextUp(1.0);
}
