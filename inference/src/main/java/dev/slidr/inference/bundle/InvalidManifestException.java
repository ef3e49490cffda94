package dev.slidr.inference.bundle;

/** Thrown when a {@code manifest.json} cannot be parsed or does not describe a valid bundle. */
public final class InvalidManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidManifestException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
