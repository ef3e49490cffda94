package dev.slidr.feature;

/**
 * A sliding event-time window kept as {@code buckets} consecutive buckets of {@code bucketMillis}.
 *
 * <p>Bucket {@code b} holds the events with {@code floorDiv(ts, bucketMillis) == b}. The window of
 * a click in bucket {@code k} is the buckets {@code [k - buckets + 1, k]}, so it spans between
 * {@code (buckets - 1) * bucketMillis} and {@code buckets * bucketMillis} of event time ending at
 * the click.
 */
public record WindowSpec(long bucketMillis, int buckets) {

    /** 1 minute as 6 buckets of 10 s. */
    public static final WindowSpec ONE_MINUTE = new WindowSpec(10_000L, 6);

    /** 5 minutes as 5 buckets of 1 min. */
    public static final WindowSpec FIVE_MINUTES = new WindowSpec(60_000L, 5);

    /** 1 hour as 12 buckets of 5 min. */
    public static final WindowSpec ONE_HOUR = new WindowSpec(300_000L, 12);

    /** 24 hours as 24 buckets of 1 h; also the retention horizon of every key. */
    public static final WindowSpec ONE_DAY = new WindowSpec(3_600_000L, 24);

    public WindowSpec {
        if (bucketMillis <= 0) {
            throw new IllegalArgumentException("bucketMillis must be positive: " + bucketMillis);
        }
        if (buckets < 1 || buckets > 32) {
            throw new IllegalArgumentException("buckets must be in [1, 32]: " + buckets);
        }
    }

    /** The bucket index of an event time. */
    public long bucketOf(long ts) {
        return Math.floorDiv(ts, bucketMillis);
    }

    /**
     * Whether an event at {@code ts} lies behind the ring whose latest event is at {@code
     * latestTs}: its bucket is no longer retained (for {@link #ONE_DAY}, the click is late).
     */
    public boolean isBehindRing(long ts, long latestTs) {
        return bucketOf(ts) <= bucketOf(latestTs) - buckets;
    }

    /**
     * The event time at which a ring whose latest bucket is {@code headBucket} has expired
     * entirely, saturating at {@link Long#MAX_VALUE} near the end of the long range rather than
     * overflowing.
     */
    public long expiryOf(long headBucket) {
        long end = headBucket + buckets;
        return end > Long.MAX_VALUE / bucketMillis ? Long.MAX_VALUE : end * bucketMillis;
    }

    /** Nominal length of the window. */
    public long lengthMillis() {
        return bucketMillis * buckets;
    }
}
