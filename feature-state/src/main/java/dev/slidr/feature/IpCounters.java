package dev.slidr.feature;

import dev.slidr.contract.Click;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * The behaviour state of one IP: bucketed click counters and distinct users and sessions over 1 h
 * and 24 h. {@link #add(Click)} adds a click and returns its features; the state is bounded (a few
 * KiB serialized at most, for gateway IPs with thousands of users).
 *
 * <pre>{@code
 * IpCounters state = new IpCounters();
 * IpFeatures features = state.add(click);
 * }</pre>
 *
 * <p>Windows, out-of-order and late clicks follow the same rules as {@link UserCounters}. Distinct
 * counts are exact up to {@link #DISTINCT_CAPACITY} identifiers in the window's ring, then sample
 * estimates (see {@link SlidingDistinct}). Not thread-safe; one instance per key.
 */
public final class IpCounters {

    /** First byte of the serialized form. */
    public static final int FORMAT_VERSION = 1;

    /** Distinct users (and sessions) kept exactly per IP and window; then estimated. */
    public static final int DISTINCT_CAPACITY = 64;

    private boolean empty = true;
    private long maxTs;
    private SlidingCounter clicks1m;
    private SlidingCounter clicks1h;
    private SlidingCounter clicks24h;
    private SlidingDistinct users1h;
    private SlidingDistinct users24h;
    private SlidingDistinct sessions1h;
    private SlidingDistinct sessions24h;

    /** An empty state: no click seen. */
    public IpCounters() {}

    /** Adds a click (unless late) and returns its features. */
    public IpFeatures add(Click click) {
        String userKey = click.userKey();
        int userHash = ItemHash.of(userKey);
        String session = click.sessionId();
        int sessionHash = session.equals(userKey) ? userHash : ItemHash.of(session);
        return add(click.ts(), userHash, sessionHash);
    }

    /** {@link #add(Click)} with the identifier hashes already computed ({@link ItemHash#of}). */
    public IpFeatures add(long ts, int userHash, int sessionHash) {
        if (empty) {
            init(ts);
        }
        boolean late = isLate(ts);
        if (!late) {
            if (ts > maxTs) {
                maxTs = ts;
                clicks1m.advance(ts);
                clicks1h.advance(ts);
                clicks24h.advance(ts);
                users1h.advance(ts);
                users24h.advance(ts);
                sessions1h.advance(ts);
                sessions24h.advance(ts);
            }
            clicks1m.add(ts);
            clicks1h.add(ts);
            clicks24h.add(ts);
            users1h.add(ts, userHash);
            users24h.add(ts, userHash);
            sessions1h.add(ts, sessionHash);
            sessions24h.add(ts, sessionHash);
        }
        return new IpFeatures(
                clicks1m.count(ts),
                clicks1h.count(ts),
                clicks24h.count(ts),
                users1h.estimate(ts),
                users24h.estimate(ts),
                sessions1h.estimate(ts),
                sessions24h.estimate(ts),
                late);
    }

    /** Whether a click at {@code ts} would be late: older than this key's retention horizon. */
    public boolean isLate(long ts) {
        return !empty
                && WindowSpec.ONE_DAY.bucketOf(ts)
                        <= WindowSpec.ONE_DAY.bucketOf(maxTs) - WindowSpec.ONE_DAY.buckets();
    }

    /** Whether every bucket has expired at event time {@code t}, so the state can be dropped. */
    public boolean canDrop(long t) {
        return empty || t >= droppableAt();
    }

    /** The earliest event time at which {@link #canDrop(long)} holds; for an event-time timer. */
    public long droppableAt() {
        if (empty) {
            return Long.MIN_VALUE;
        }
        WindowSpec day = WindowSpec.ONE_DAY;
        return (day.bucketOf(maxTs) + day.buckets()) * day.bucketMillis();
    }

    /** Latest event time added; {@link Long#MIN_VALUE} when empty. */
    public long maxTimestamp() {
        return empty ? Long.MIN_VALUE : maxTs;
    }

    public boolean isEmpty() {
        return empty;
    }

    /** Sampling levels of the four distinct counts for a click at {@code ts}; 0 while exact. */
    int[] distinctLevels(long ts) {
        if (empty) {
            return new int[4];
        }
        return new int[] {
            users1h.level(ts), users24h.level(ts), sessions1h.level(ts), sessions24h.level(ts)
        };
    }

    private void init(long ts) {
        empty = false;
        maxTs = ts;
        clicks1m = new SlidingCounter(WindowSpec.ONE_MINUTE, ts);
        clicks1h = new SlidingCounter(WindowSpec.ONE_HOUR, ts);
        clicks24h = new SlidingCounter(WindowSpec.ONE_DAY, ts);
        users1h = new SlidingDistinct(WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, ts);
        users24h = new SlidingDistinct(WindowSpec.ONE_DAY, DISTINCT_CAPACITY, ts);
        sessions1h = new SlidingDistinct(WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, ts);
        sessions24h = new SlidingDistinct(WindowSpec.ONE_DAY, DISTINCT_CAPACITY, ts);
    }

    /** A deep copy. */
    public IpCounters copy() {
        IpCounters copy = new IpCounters();
        if (!empty) {
            copy.empty = false;
            copy.maxTs = maxTs;
            copy.clicks1m = clicks1m.copy();
            copy.clicks1h = clicks1h.copy();
            copy.clicks24h = clicks24h.copy();
            copy.users1h = users1h.copy();
            copy.users24h = users24h.copy();
            copy.sessions1h = sessions1h.copy();
            copy.sessions24h = sessions24h.copy();
        }
        return copy;
    }

    /**
     * Writes the state: format version byte ({@link #FORMAT_VERSION}), an empty flag, then the
     * latest event time, the three counters and the four distinct sets.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeBoolean(empty);
        if (empty) {
            return;
        }
        out.writeLong(maxTs);
        clicks1m.writeTo(out);
        clicks1h.writeTo(out);
        clicks24h.writeTo(out);
        users1h.writeTo(out);
        users24h.writeTo(out);
        sessions1h.writeTo(out);
        sessions24h.writeTo(out);
    }

    /**
     * Reads a state written by {@link #writeTo(DataOutput)}.
     *
     * @throws StateFormatException on an unknown format version, truncated or corrupt bytes
     */
    public static IpCounters readFrom(DataInput in) throws IOException {
        try {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new StateFormatException(
                        "unknown IP state format version "
                                + version
                                + " (this build reads "
                                + FORMAT_VERSION
                                + ")");
            }
            IpCounters state = new IpCounters();
            if (UserCounters.readEmptyFlag(in)) {
                return state;
            }
            long maxTs = in.readLong();
            state.init(maxTs);
            int cap = DISTINCT_CAPACITY;
            state.clicks1m = SlidingCounter.readFrom(in, WindowSpec.ONE_MINUTE, maxTs);
            state.clicks1h = SlidingCounter.readFrom(in, WindowSpec.ONE_HOUR, maxTs);
            state.clicks24h = SlidingCounter.readFrom(in, WindowSpec.ONE_DAY, maxTs);
            state.users1h = SlidingDistinct.readFrom(in, WindowSpec.ONE_HOUR, cap, maxTs);
            state.users24h = SlidingDistinct.readFrom(in, WindowSpec.ONE_DAY, cap, maxTs);
            state.sessions1h = SlidingDistinct.readFrom(in, WindowSpec.ONE_HOUR, cap, maxTs);
            state.sessions24h = SlidingDistinct.readFrom(in, WindowSpec.ONE_DAY, cap, maxTs);
            return state;
        } catch (EOFException e) {
            throw new StateFormatException("truncated IP state", e);
        }
    }
}
