package dev.slidr.job.guard;

import java.util.Objects;

/**
 * A rollback the guard decided on.
 *
 * @param from the active model it rolls back
 * @param to the model that was active before it
 * @param reason why, one line
 * @param effectiveTs from when (event time, epoch millis) clicks are scored by {@code to}: the end
 *     of the monitor window that fired the rule, so a replay of the same traffic decides the same
 */
public record AutoRollback(String from, String to, String reason, long effectiveTs) {

    public AutoRollback {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
