package dev.slidr.replay;

/**
 * A replay that was refused or could not run: an unknown, tampered or never-stable model, an
 * unreadable source. The message is one line that says what and where.
 */
public final class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
