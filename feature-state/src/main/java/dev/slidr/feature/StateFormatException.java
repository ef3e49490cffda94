package dev.slidr.feature;

import java.io.IOException;

/** Serialized feature state that cannot be read: unknown format version, truncated or corrupt. */
public final class StateFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public StateFormatException(String message) {
        super(message);
    }

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
