package dev.slidr.feature;

import dev.slidr.contract.Click;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * The behaviour state of one user key ({@link Click#userKey()}): bucketed click counters, distinct
 * ads and advertisers, and the latest click times. {@link #add(Click)} adds a click and returns its
 * features; the state is bounded (at most a few hundred bytes serialized) whatever the traffic.
 *
 * <pre>{@code
 * UserCounters state = new UserCounters();
 * UserFeatures features = state.add(click);   // features of this click, itself included
 * state.writeTo(out);                         // versioned binary form
 * }</pre>
 *
 * <p>Semantics. A click's features are computed as of its own event time over the events of the key
 * that arrived before it, plus itself. For each window (a {@link WindowSpec}) an earlier arrival
 * counts when its bucket lies in the window ending at the click's bucket and is still retained,
 * i.e. within the window ending at the bucket of the key's latest event time so far. So an event in
 * a later bucket than the click's never counts for it, while events within the click's own bucket
 * count whatever their order (the bucket is the resolution of time). A click so far out of order
 * that its bucket has left a window's ring is not counted in that window, not even for itself (a
 * click 10 minutes behind the key's latest sees 0 in the 1- and 5-minute windows).
 *
 * <p>Late clicks. A click whose 1-hour bucket is at least 24 buckets older than that of the key's
 * latest event time lies outside the retention horizon (24 h plus up to one bucket). It gets
 * features over what is retained (its windows hold no retained bucket, so counts are 0) and is not
 * added: neither to counters, distinct sets nor the latest click times.
 *
 * <p>Not thread-safe; one instance per key, as keyed state.
 */
public final class UserCounters extends DayRetainedState {

    /** First byte of the serialized form. */
    public static final int FORMAT_VERSION = 1;

    /** Value of {@link UserFeatures#secondsSincePrevious()} when no previous click is known. */
    public static final double NO_PREVIOUS = -1.0;

    /**
     * Distinct ads (and advertisers) kept exactly per key within the hour; beyond that the count is
     * a sample estimate (see {@link SlidingDistinct}).
     */
    public static final int DISTINCT_CAPACITY = 24;

    /**
     * Latest click times kept. The previous click of an out-of-order click is known while fewer
     * than this many earlier clicks are later than it.
     */
    public static final int RECENT_CLICKS = 4;

    // bucket widths of the 1 min, 5 min, 1 h and 24 h windows, as constants for the JIT
    private static final long BUCKET_1M = WindowSpec.ONE_MINUTE.bucketMillis();
    private static final long BUCKET_5M = WindowSpec.FIVE_MINUTES.bucketMillis();
    private static final long BUCKET_1H = WindowSpec.ONE_HOUR.bucketMillis();
    private static final long BUCKET_24H = WindowSpec.ONE_DAY.bucketMillis();

    private final long[] recent = new long[RECENT_CLICKS];
    private int recentSize;
    private SlidingCounter clicks1m;
    private SlidingCounter clicks5m;
    private SlidingCounter clicks1h;
    private SlidingDistinct ads1h;
    private SlidingDistinct advertisers1h;

    /** An empty state: no click seen. */
    public UserCounters() {}

    /** Adds a click (unless late) and returns its features. */
    public UserFeatures add(Click click) {
        return add(click.ts(), ItemHash.of(click.adId()), ItemHash.of(click.advertiserId()));
    }

    /** {@link #add(Click)} with the identifier hashes already computed ({@link ItemHash#of}). */
    public UserFeatures add(long ts, int adHash, int advertiserHash) {
        if (canDrop(ts)) {
            // empty, or every bucket expired before this click: the same as state the live
            // stage's timer dropped, whether or not the timer has fired yet
            init(ts);
            recentSize = 0;
        }
        // the click's bucket in each window, computed once: divisions by constants
        long k1m = Math.floorDiv(ts, BUCKET_1M);
        long k5m = Math.floorDiv(ts, BUCKET_5M);
        long k1h = Math.floorDiv(ts, BUCKET_1H);
        long k24h = Math.floorDiv(ts, BUCKET_24H);
        boolean late = isLateBucket(k24h);
        double secondsSincePrevious = secondsSincePrevious(ts);
        if (!late) {
            if (ts > maxTs) {
                maxTs = ts;
                clicks1m.advance(k1m);
                clicks5m.advance(k5m);
                clicks1h.advance(k1h);
                clicks24h.advance(k24h);
                ads1h.advance(k1h);
                advertisers1h.advance(k1h);
            }
            clicks1m.add(k1m);
            clicks5m.add(k5m);
            clicks1h.add(k1h);
            clicks24h.add(k24h);
            ads1h.add(k1h, adHash);
            advertisers1h.add(k1h, advertiserHash);
            remember(ts);
        }
        long c1m = clicks1m.count(k1m);
        long c24h = clicks24h.count(k24h);
        return new UserFeatures(
                c1m,
                clicks5m.count(k5m),
                clicks1h.count(k1h),
                c24h,
                UserFeatures.velocity(c1m, c24h),
                secondsSincePrevious,
                ads1h.estimate(k1h),
                advertisers1h.estimate(k1h),
                late);
    }

    /** Sampling level of the distinct-ad count for a click at {@code ts}; 0 while exact. */
    int adsLevel(long ts) {
        return empty ? 0 : ads1h.level(WindowSpec.ONE_HOUR.bucketOf(ts));
    }

    int advertisersLevel(long ts) {
        return empty ? 0 : advertisers1h.level(WindowSpec.ONE_HOUR.bucketOf(ts));
    }

    private void init(long ts) {
        empty = false;
        maxTs = ts;
        long k1h = WindowSpec.ONE_HOUR.bucketOf(ts);
        clicks1m = new SlidingCounter(WindowSpec.ONE_MINUTE, WindowSpec.ONE_MINUTE.bucketOf(ts));
        clicks5m =
                new SlidingCounter(WindowSpec.FIVE_MINUTES, WindowSpec.FIVE_MINUTES.bucketOf(ts));
        clicks1h = new SlidingCounter(WindowSpec.ONE_HOUR, k1h);
        clicks24h = new SlidingCounter(WindowSpec.ONE_DAY, WindowSpec.ONE_DAY.bucketOf(ts));
        ads1h = new SlidingDistinct(WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, k1h);
        advertisers1h = new SlidingDistinct(WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, k1h);
    }

    private double secondsSincePrevious(long ts) {
        int later = 0;
        while (later < recentSize && recent[later] > ts) {
            later++;
        }
        if (later == recentSize) {
            return NO_PREVIOUS;
        }
        return (ts - recent[later]) / 1000.0;
    }

    /** Keeps the {@link #RECENT_CLICKS} largest click times, in descending order. */
    private void remember(long ts) {
        int i = Math.min(recentSize, RECENT_CLICKS - 1);
        if (recentSize == RECENT_CLICKS && recent[i] >= ts) {
            return;
        }
        while (i > 0 && recent[i - 1] < ts) {
            recent[i] = recent[i - 1];
            i--;
        }
        recent[i] = ts;
        if (recentSize < RECENT_CLICKS) {
            recentSize++;
        }
    }

    /** A deep copy. */
    public UserCounters copy() {
        UserCounters copy = new UserCounters();
        if (!empty) {
            copy.empty = false;
            copy.maxTs = maxTs;
            System.arraycopy(recent, 0, copy.recent, 0, RECENT_CLICKS);
            copy.recentSize = recentSize;
            copy.clicks1m = clicks1m.copy();
            copy.clicks5m = clicks5m.copy();
            copy.clicks1h = clicks1h.copy();
            copy.clicks24h = clicks24h.copy();
            copy.ads1h = ads1h.copy();
            copy.advertisers1h = advertisers1h.copy();
        }
        return copy;
    }

    /**
     * Writes the state: format version byte ({@link #FORMAT_VERSION}), an empty flag, then the
     * latest event time, the latest click times as varint distances below it, the four counters and
     * the two distinct sets.
     */
    public void writeTo(DataOutput out) throws IOException {
        if (writeHeader(out, FORMAT_VERSION)) {
            return;
        }
        out.writeByte(recentSize);
        for (int i = 0; i < recentSize; i++) {
            Varints.writeUnsigned(out, maxTs - recent[i]);
        }
        clicks1m.writeTo(out);
        clicks5m.writeTo(out);
        clicks1h.writeTo(out);
        clicks24h.writeTo(out);
        ads1h.writeTo(out);
        advertisers1h.writeTo(out);
    }

    /**
     * Reads a state written by {@link #writeTo(DataOutput)}.
     *
     * @throws StateFormatException on an unknown format version, truncated or corrupt bytes
     */
    public static UserCounters readFrom(DataInput in) throws IOException {
        try {
            UserCounters state = new UserCounters();
            if (readHeader(in, FORMAT_VERSION, "user")) {
                return state;
            }
            long maxTs = in.readLong();
            state.init(maxTs);
            int recentSize = in.readUnsignedByte();
            if (recentSize < 1 || recentSize > RECENT_CLICKS) {
                throw new StateFormatException("latest click count out of range: " + recentSize);
            }
            long previous = Long.MAX_VALUE;
            for (int i = 0; i < recentSize; i++) {
                long distance = Varints.readUnsigned(in);
                long t = maxTs - distance;
                if (distance < 0 || t > maxTs || t > previous || (i == 0 && distance != 0)) {
                    throw new StateFormatException("latest click times out of order");
                }
                state.recent[i] = t;
                previous = t;
            }
            state.recentSize = recentSize;
            state.clicks1m =
                    SlidingCounter.readFrom(in, WindowSpec.ONE_MINUTE, head(BUCKET_1M, maxTs));
            state.clicks5m =
                    SlidingCounter.readFrom(in, WindowSpec.FIVE_MINUTES, head(BUCKET_5M, maxTs));
            long k1h = head(BUCKET_1H, maxTs);
            state.clicks1h = SlidingCounter.readFrom(in, WindowSpec.ONE_HOUR, k1h);
            state.clicks24h =
                    SlidingCounter.readFrom(in, WindowSpec.ONE_DAY, head(BUCKET_24H, maxTs));
            state.ads1h = SlidingDistinct.readFrom(in, WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, k1h);
            state.advertisers1h =
                    SlidingDistinct.readFrom(in, WindowSpec.ONE_HOUR, DISTINCT_CAPACITY, k1h);
            return state;
        } catch (EOFException e) {
            throw new StateFormatException("truncated user state", e);
        }
    }

    private static long head(long bucketMillis, long maxTs) {
        return Math.floorDiv(maxTs, bucketMillis);
    }
}
