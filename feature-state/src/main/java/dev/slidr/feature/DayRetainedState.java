package dev.slidr.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the per-key feature states ({@link UserCounters}, {@link AdCounters}, {@link IpCounters})
 * share: the latest event time, and a 24-hour click ring, the longest window, whose head decides
 * how long the state matters. Lateness and retention are defined here once for all of them.
 *
 * <p>Subclasses set {@link #empty}, {@link #maxTs} and {@link #clicks24h} on their first click and
 * when they read a state back.
 */
abstract class DayRetainedState {

    /** No click seen yet; the rings below are null. */
    boolean empty = true;

    /** Latest event time added. */
    long maxTs;

    /** Clicks in the 24-hour window (24 buckets of 1 h). */
    SlidingCounter clicks24h;

    /** Whether a click in 24-hour bucket {@code k24h} is late: its bucket has left the ring. */
    final boolean isLateBucket(long k24h) {
        return k24h <= clicks24h.head() - WindowSpec.ONE_DAY.buckets();
    }

    /** Whether a click at {@code ts} would be late: older than this key's retention horizon. */
    public boolean isLate(long ts) {
        return !empty && WindowSpec.ONE_DAY.isBehindRing(ts, maxTs);
    }

    /**
     * Whether every bucket has expired at event time {@code t}: from then on this state adds
     * nothing to any feature and can be dropped.
     */
    public boolean canDrop(long t) {
        return empty || t >= droppableAt();
    }

    /** The earliest event time at which {@link #canDrop(long)} holds; for an event-time timer. */
    public long droppableAt() {
        if (empty) {
            return Long.MIN_VALUE;
        }
        return WindowSpec.ONE_DAY.expiryOf(clicks24h.head());
    }

    /** Latest event time added; {@link Long#MIN_VALUE} when empty. */
    public long maxTimestamp() {
        return empty ? Long.MIN_VALUE : maxTs;
    }

    public boolean isEmpty() {
        return empty;
    }

    /**
     * Writes what every state's bytes begin with: the format version byte, the empty flag, and
     * (unless empty) the latest event time. Returns whether the state is empty, so that nothing
     * more is written.
     */
    final boolean writeHeader(DataOutput out, int formatVersion) throws IOException {
        out.writeByte(formatVersion);
        out.writeBoolean(empty);
        if (!empty) {
            out.writeLong(maxTs);
        }
        return empty;
    }

    /**
     * Reads the format version byte and the empty flag written by {@link #writeHeader}; true when
     * the state is empty.
     *
     * @param what the state's name in messages ({@code "user"}, {@code "IP"}, {@code "ad"})
     * @throws StateFormatException on another version or a flag other than 0 or 1
     */
    static boolean readHeader(DataInput in, int formatVersion, String what) throws IOException {
        int version = in.readUnsignedByte();
        if (version != formatVersion) {
            throw new StateFormatException(
                    "unknown "
                            + what
                            + " state format version "
                            + version
                            + " (this build reads "
                            + formatVersion
                            + ")");
        }
        int flag = in.readUnsignedByte();
        if (flag > 1) {
            throw new StateFormatException("empty flag must be 0 or 1, was " + flag);
        }
        return flag == 1;
    }
}
