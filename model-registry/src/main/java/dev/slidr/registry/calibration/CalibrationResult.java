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
 * @param slicing the slicing scheme the slices belong to, by its configuration name ({@code
 *     device_and_login}): written by training, read by the job, which slices clicks by it
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
        KktReport kkt,
        String slicing) {

    /**
     * The slicing of every calibration written before {@code calibration.json} named its scheme:
     * training then always calibrated device class × login.
     */
    public static final String DEFAULT_SLICING = "device_and_login";

    public CalibrationResult {
        slices = List.copyOf(slices);
        if (slicing == null || slicing.isBlank()) {
            throw new IllegalArgumentException("a calibration names its slicing scheme");
        }
    }

    /** A calibration of the {@link #DEFAULT_SLICING} scheme. */
    public CalibrationResult(
            String version,
            double budget,
            List<SliceCalibration> slices,
            double fittedObjective,
            double realizedObjective,
            double exactObjective,
            boolean exactDiscretized,
            double realizedFpr,
            KktReport kkt) {
        this(
                version,
                budget,
                slices,
                fittedObjective,
                realizedObjective,
                exactObjective,
                exactDiscretized,
                realizedFpr,
                kkt,
                DEFAULT_SLICING);
    }

    /** The same calibration, of the slices of {@code scheme}. */
    public CalibrationResult withSlicing(String scheme) {
        return new CalibrationResult(
                version,
                budget,
                slices,
                fittedObjective,
                realizedObjective,
                exactObjective,
                exactDiscretized,
                realizedFpr,
                kkt,
                scheme);
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
