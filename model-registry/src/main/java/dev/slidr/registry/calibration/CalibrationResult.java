package dev.slidr.registry.calibration;

import java.util.List;

/**
 * Per-slice thresholds under one false-positive budget, with the evidence for them: the convex
 * program's objective and KKT check, the objective the thresholds reach on the empirical curves,
 * and the exact empirical optimum they are measured against.
 *
 * @param version calibration version written into decisions
 * @param budget combined FPR budget
 * @param slices one operating point per slice, in slice order
 * @param fittedObjective overall IVR the fitted curves predict at the allocated FPRs
 * @param realizedObjective overall IVR of the chosen thresholds on the held-out clicks
 * @param exactObjective best overall IVR any thresholds reach on the held-out clicks within the
 *     budget and coverage floors
 * @param exactDiscretized true when the exact search counted false positives in units
 * @param realizedFpr combined FPR of the chosen thresholds on the held-out clicks
 * @param kkt KKT check of the convex program's answer
 */
public record CalibrationResult(
        String version,
        double budget,
        List<SliceCalibration> slices,
        double fittedObjective,
        double realizedObjective,
        double exactObjective,
        boolean exactDiscretized,
        double realizedFpr,
        KktReport kkt) {

    public CalibrationResult {
        slices = List.copyOf(slices);
    }

    /** Relative shortfall of the chosen thresholds against the exact optimum. */
    public double optimalityGap() {
        return exactObjective == 0 ? 0 : (exactObjective - realizedObjective) / exactObjective;
    }

    public SliceCalibration slice(String name) {
        return slices.stream()
                .filter(s -> s.slice().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no slice " + name));
    }
}
