package dev.slidr.inference.decision;

/**
 * Per-slice thresholds that cannot be used: a slice of the slicing scheme without a threshold (and
 * no default), a slice name the scheme never produces, or a threshold outside {@code [0, 1]}.
 */
public final class InvalidThresholdsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidThresholdsException(String message) {
        super(message);
    }
}
