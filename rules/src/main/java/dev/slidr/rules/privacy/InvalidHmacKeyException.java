package dev.slidr.rules.privacy;

/**
 * The configured HMAC key cannot be used: missing, malformed, too short or too long.
 *
 * <p>Messages name the setting and the problem, never the key material itself.
 */
public final class InvalidHmacKeyException extends IllegalArgumentException {

    /** Why a key was refused. */
    public enum Reason {
        MISSING,
        MALFORMED,
        TOO_SHORT,
        TOO_LONG,
        BAD_KEY_ID
    }

    private final Reason reason;

    public InvalidHmacKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
