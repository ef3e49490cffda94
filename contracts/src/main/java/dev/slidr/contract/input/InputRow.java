package dev.slidr.contract.input;

import dev.slidr.contract.Parsed;
import java.util.Objects;

/**
 * One record read from a file: its 1-based line (JSON lines) or row (CSV, header included) number,
 * the decoded record or the rejection, and the raw bytes for a dead letter.
 *
 * <p>{@code raw} is this row's own array (for CSV: the row re-encoded as CSV); callers may keep it
 * but should not modify it.
 */
public record InputRow<T>(long number, Parsed<T> parsed, byte[] raw) {

    public InputRow {
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(raw, "raw");
    }

    public boolean isOk() {
        return parsed.isOk();
    }
}
