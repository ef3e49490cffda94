package dev.slidr.inference.scoring;

/** ONNX Runtime failed to run an open model on a batch of rows. */
public final class ScoringException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
