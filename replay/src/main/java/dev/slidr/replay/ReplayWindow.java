package dev.slidr.replay;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The event times of a replay: clicks in {@code [from - warmUp, from)} only build feature state,
 * clicks in {@code [from, to)} are decided, everything else is not read.
 */
public record ReplayWindow(Instant from, Instant to, Duration warmUp) implements Serializable {

    /** Where a click's event time falls. */
    public enum Part {
        /** Before the warm-up: not read. */
        BEFORE,
        /** In the warm-up: builds state, its decision is dropped. */
        WARM_UP,
        /** In the window: decided and compared. */
        DECIDED,
        /** At or after the end of the window: not read. */
        AFTER
    }

    public ReplayWindow {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warm-up " + warmUp + " is negative");
        }
    }

    /** The first event time read, in epoch millis. */
    public long readFromMillis() {
        return from.minus(warmUp).toEpochMilli();
    }

    /** Where {@code eventTsMillis} falls. */
    public Part partOf(long eventTsMillis) {
        if (eventTsMillis >= to.toEpochMilli()) {
            return Part.AFTER;
        }
        if (eventTsMillis >= from.toEpochMilli()) {
            return Part.DECIDED;
        }
        return eventTsMillis >= readFromMillis() ? Part.WARM_UP : Part.BEFORE;
    }

    /** True when a click at {@code eventTsMillis} is read (warm-up or window). */
    public boolean reads(long eventTsMillis) {
        Part part = partOf(eventTsMillis);
        return part == Part.WARM_UP || part == Part.DECIDED;
    }
}
