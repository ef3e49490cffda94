package dev.slidr.feature;

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
}
