package dev.slidr.review;

/** A review that cannot run: a missing or unreadable input, in one line. */
public final class ReviewException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReviewException(String message) {
        super(message);
    }

    public ReviewException(String message, Throwable cause) {
        super(message, cause);
    }
}
