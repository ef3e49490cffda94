package dev.slidr.inference.scoring;

/**
 * A model that cannot be scored with: bytes ONNX Runtime cannot load, or a graph whose inputs,
 * outputs or feature list differ from what the feature code feeds.
 */
public final class InvalidModelException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
