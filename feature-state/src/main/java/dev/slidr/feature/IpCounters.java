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
public final class IpCounters extends DayRetainedState {

    /** First byte of the serialized form. */
    public static final int FORMAT_VERSION = 1;

    /** Distinct users (and sessions) kept exactly per IP and window; then estimated. */
    public static final int DISTINCT_CAPACITY = 128;

    // bucket widths of the 1 min, 1 h and 24 h windows, as constants for the JIT
    private static final long BUCKET_1M = WindowSpec.ONE_MINUTE.bucketMillis();
    private static final long BUCKET_1H = WindowSpec.ONE_HOUR.bucketMillis();
    private static final long BUCKET_24H = WindowSpec.ONE_DAY.bucketMillis();

    private SlidingCounter clicks1m;
    private SlidingCounter clicks1h;
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
        if (canDrop(ts)) {
            // empty, or every bucket expired before this click: the same as state the live
            // stage's timer dropped, whether or not the timer has fired yet
            init(ts);
        }
        long k1m = Math.floorDiv(ts, BUCKET_1M);
        long k1h = Math.floorDiv(ts, BUCKET_1H);
        long k24h = Math.floorDiv(ts, BUCKET_24H);
        boolean late = isLateBucket(k24h);
        if (!late) {
            if (ts > maxTs) {
                maxTs = ts;
                clicks1m.advance(k1m);
                clicks1h.advance(k1h);
                clicks24h.advance(k24h);
                users1h.advance(k1h);
                users24h.advance(k24h);
                sessions1h.advance(k1h);
                sessions24h.advance(k24h);
            }
            clicks1m.add(k1m);
            clicks1h.add(k1h);
            clicks24h.add(k24h);
            users1h.add(k1h, userHash);
            users24h.add(k24h, userHash);
            sessions1h.add(k1h, sessionHash);
            sessions24h.add(k24h, sessionHash);
        }
        return new IpFeatures(
                clicks1m.count(k1m),
                clicks1h.count(k1h),
                clicks24h.count(k24h),
                users1h.estimate(k1h),
                users24h.estimate(k24h),
                sessions1h.estimate(k1h),
                sessions24h.estimate(k24h),
                late);
    }

    /** Sampling levels of the four distinct counts for a click at {@code ts}; 0 while exact. */
    int[] distinctLevels(long ts) {
        if (empty) {
            return new int[4];
        }
        long k1h = WindowSpec.ONE_HOUR.bucketOf(ts);
        long k24h = WindowSpec.ONE_DAY.bucketOf(ts);
        return new int[] {
            users1h.level(k1h), users24h.level(k24h), sessions1h.level(k1h), sessions24h.level(k24h)
        };
    }

    private void init(long ts) {
        empty = false;
        maxTs = ts;
        long k1m = Math.floorDiv(ts, BUCKET_1M);
        long k1h = Math.floorDiv(ts, BUCKET_1H);
        long k24h = Math.floorDiv(ts, BUCKET_24H);
        clicks1m = new SlidingCounter(WindowSpec.ONE_MINUTE, k1m);
        clicks1h = new SlidingCounter(WindowSpec.ONE_HOUR, k1h);
        clicks24h = new SlidingCounter(WindowSpec.ONE_DAY, k24h);
        users1h = new SlidingDistinct(WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, k1h);
        users24h = new SlidingDistinct(WindowSpec.ONE_DAY, DISTINCT_CAPACITY, k24h);
        sessions1h = new SlidingDistinct(WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, k1h);
        sessions24h = new SlidingDistinct(WindowSpec.ONE_DAY, DISTINCT_CAPACITY, k24h);
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
        if (writeHeader(out, FORMAT_VERSION)) {
            return;
        }
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
            IpCounters state = new IpCounters();
            if (readHeader(in, FORMAT_VERSION, "IP")) {
                return state;
            }
            long maxTs = in.readLong();
            state.init(maxTs);
            int cap = DISTINCT_CAPACITY;
            long k1m = Math.floorDiv(maxTs, BUCKET_1M);
            long k1h = Math.floorDiv(maxTs, BUCKET_1H);
            long k24h = Math.floorDiv(maxTs, BUCKET_24H);
            state.clicks1m = SlidingCounter.readFrom(in, WindowSpec.ONE_MINUTE, k1m);
            state.clicks1h = SlidingCounter.readFrom(in, WindowSpec.ONE_HOUR, k1h);
            state.clicks24h = SlidingCounter.readFrom(in, WindowSpec.ONE_DAY, k24h);
            state.users1h = SlidingDistinct.readFrom(in, WindowSpec.ONE_HOUR, cap, k1h);
            state.users24h = SlidingDistinct.readFrom(in, WindowSpec.ONE_DAY, cap, k24h);
            state.sessions1h = SlidingDistinct.readFrom(in, WindowSpec.ONE_HOUR, cap, k1h);
            state.sessions24h = SlidingDistinct.readFrom(in, WindowSpec.ONE_DAY, cap, k24h);
            return state;
        } catch (EOFException e) {
            throw new StateFormatException("truncated IP state", e);
        }
    }
}
