package dev.slidr.contract;

import java.util.Objects;

/**
 * A field that breaks the contract, raised inside the decoders and turned into a {@link
 * Parsed.Rejected} before it reaches a caller.
 *
 * <p>It carries no stack trace: it is an expected outcome on the per-click path, not a bug.
 */
public final class ContractViolation extends Exception {

    private final ReasonCode reason;

    public ContractViolation(ReasonCode reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ReasonCode reason() {
        return reason;
    }

    public <T> Parsed<T> toParsed() {
        return Parsed.rejected(reason, getMessage());
    }
}
