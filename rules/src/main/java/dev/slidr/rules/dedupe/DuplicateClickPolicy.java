package dev.slidr.rules.dedupe;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a click id counts as a duplicate: the first click with an id passes, and any later click
 * with the same id is a duplicate until the window (event time) after that first click has ended.
 *
 * <p>A click whose id was seen but which comes after the window is a new first occurrence: the
 * window is what bounds dedupe state, and ids older than it are not expected again. A click that
 * comes out of order, before the first one's event time, is still a duplicate: whichever occurrence
 * is processed first is the one that counts.
 */
public final class DuplicateClickPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;

    public DuplicateClickPolicy(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("dedupe window must be positive, got " + window);
        }
        this.windowMillis = window.toMillis();
    }

    /** The dedupe window. */
    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /**
     * Whether a click at {@code ts} is a duplicate, given the event time of the first click with
     * its id, or {@code null} when none is remembered.
     */
    public boolean isDuplicate(Long firstSeenTs, long ts) {
        return firstSeenTs != null && ts < expiresAt(firstSeenTs);
    }

    /** The event time from which the memory of a click first seen at {@code firstSeenTs} ends. */
    public long expiresAt(long firstSeenTs) {
        long end = firstSeenTs + windowMillis;
        // saturate instead of overflowing for timestamps near Long.MAX_VALUE
        return end < firstSeenTs ? Long.MAX_VALUE : end;
    }
}
