package dev.slidr.job;

/** A job setting, or the model directory, that cannot be used; the message names which and why. */
public final class InvalidJobConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidJobConfigException(String message) {
        super(message);
    }

    public InvalidJobConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
