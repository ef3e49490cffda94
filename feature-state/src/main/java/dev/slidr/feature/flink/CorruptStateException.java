package dev.slidr.feature.flink;

import java.io.IOException;

/**
 * Bytes that should hold a serialized state value or record do not: a length out of bounds, an
 * unknown format version, trailing garbage, or a payload the core format rejects.
 *
 * <p>It is an {@link IOException} because Flink's serializer contract only lets serializers throw
 * those; the message always names the type and the reason so that a failed restore says exactly
 * what is wrong instead of failing later with a misleading counter value.
 */
public class CorruptStateException extends IOException {

    private static final long serialVersionUID = 1L;

    public CorruptStateException(String message) {
        super(message);
    }

    public CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
