package dev.slidr.training;

/**
 * Thrown when no per-slice thresholds can meet the false-positive budget and every slice's minimum
 * robotic coverage at once, or when a slice lacks the data to be calibrated.
 */
public final class CalibrationInfeasibleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CalibrationInfeasibleException(String reason) {
        super(reason);
    }
}
