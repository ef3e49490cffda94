package dev.slidr.registry.calibration;

/**
 * The Karush-Kuhn-Tucker conditions of the per-slice FPR allocation, checked at the solver's
 * answer: the largest violation of each, and the budget multiplier μ (the marginal overall IVR one
 * more unit of combined FPR would buy).
 *
 * @param budgetMultiplier μ >= 0 on the combined-FPR constraint
 * @param stationarity largest |∂L/∂f_s| over slices strictly inside their bounds
 * @param complementarySlackness |μ · budget slack|
 * @param primalFeasibility largest violation of the budget or a bound
 * @param dualFeasibility largest negative part of μ or of a bound multiplier
 * @param tolerance what counts as zero
 */
public record KktReport(
        double budgetMultiplier,
        double stationarity,
        double complementarySlackness,
        double primalFeasibility,
        double dualFeasibility,
        double tolerance) {

    /** True when every condition holds within {@link #tolerance}. */
    public boolean satisfied() {
        return stationarity <= tolerance
                && complementarySlackness <= tolerance
                && primalFeasibility <= tolerance
                && dualFeasibility <= tolerance;
    }
}
