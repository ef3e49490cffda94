package dev.slidr.contract.input;

import dev.slidr.contract.DeadLetter;
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

    /**
     * The dead letter of a rejected row: {@code source} as its topic, partition -1 and the row
     * number as its offset; throws {@link IllegalStateException} for an accepted row.
     */
    public DeadLetter deadLetter(String source, long now) {
        if (!(parsed instanceof Parsed.Rejected<T> rejected)) {
            throw new IllegalStateException("row " + number + " was accepted");
        }
        return DeadLetter.of(raw, rejected, source, -1, number, now);
    }
}
