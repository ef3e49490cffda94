package dev.slidr.contract.input;

/**
 * A CSV column mapping that cannot be used: unreadable JSON, an unknown key, a missing field, a bad
 * time pattern, or a column the file does not have. The message names the place and the problem,
 * e.g. {@code "mapping.json: fields.ts.format: unknown format \"epoch_micros\""}.
 */
public final class InvalidMappingException extends RuntimeException {

    public InvalidMappingException(String message) {
        super(message);
    }

    public InvalidMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
