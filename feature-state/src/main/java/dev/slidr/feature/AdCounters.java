package dev.slidr.feature;

import dev.slidr.contract.Click;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * The traffic state of one ad: bucketed counts of all its clicks and of its clicks by visitors who
 * are not logged in, over 1 h and 24 h. {@link #add(Click)} adds a click and returns its features;
 * the state is a fixed 72 buckets whatever the ad's traffic.
 *
 * <pre>{@code
 * AdCounters state = new AdCounters();
 * AdFeatures features = state.add(click);
 * }</pre>
 *
 * <p>Why per ad: a robot that clicks a few times a day from its own residential address, the way a
 * person does, leaves nothing unusual in its user or IP counters. What it cannot hide is where its
 * clicks go: a fleet of such robots aimed at a few ads gives those ads more traffic, and a far
 * larger share of anonymous traffic, than people give ads of the same popularity.
 *
 * <p>Windows, out-of-order and late clicks follow the same rules as {@link UserCounters}. Not
 * thread-safe; one instance per key.
 */
public final class AdCounters extends DayRetainedState {

    /** First byte of the serialized form. */
    public static final int FORMAT_VERSION = 1;

    private static final long BUCKET_1H = WindowSpec.ONE_HOUR.bucketMillis();
    private static final long BUCKET_24H = WindowSpec.ONE_DAY.bucketMillis();

    private SlidingCounter clicks1h;
    private SlidingCounter anonymous1h;
    private SlidingCounter anonymous24h;

    /** An empty state: no click seen. */
    public AdCounters() {}

    /** Adds a click (unless late) and returns its features. */
    public AdFeatures add(Click click) {
        return add(click.ts(), click.loggedIn());
    }

    /** {@link #add(Click)} from the click's event time and logged-in flag. */
    public AdFeatures add(long ts, boolean loggedIn) {
        if (canDrop(ts)) {
            // empty, or every bucket expired before this click: the same as state the live
            // stage's timer dropped, whether or not the timer has fired yet
            init(ts);
        }
        long k1h = Math.floorDiv(ts, BUCKET_1H);
        long k24h = Math.floorDiv(ts, BUCKET_24H);
        boolean late = isLateBucket(k24h);
        if (!late) {
            if (ts > maxTs) {
                maxTs = ts;
                clicks1h.advance(k1h);
                clicks24h.advance(k24h);
                anonymous1h.advance(k1h);
                anonymous24h.advance(k24h);
            }
            clicks1h.add(k1h);
            clicks24h.add(k24h);
            if (!loggedIn) {
                anonymous1h.add(k1h);
                anonymous24h.add(k24h);
            }
        }
        return new AdFeatures(
                clicks1h.count(k1h),
                clicks24h.count(k24h),
                anonymous1h.count(k1h),
                anonymous24h.count(k24h),
                late);
    }

    private void init(long ts) {
        empty = false;
        maxTs = ts;
        long k1h = Math.floorDiv(ts, BUCKET_1H);
        long k24h = Math.floorDiv(ts, BUCKET_24H);
        clicks1h = new SlidingCounter(WindowSpec.ONE_HOUR, k1h);
        clicks24h = new SlidingCounter(WindowSpec.ONE_DAY, k24h);
        anonymous1h = new SlidingCounter(WindowSpec.ONE_HOUR, k1h);
        anonymous24h = new SlidingCounter(WindowSpec.ONE_DAY, k24h);
    }

    /** A deep copy. */
    public AdCounters copy() {
        AdCounters copy = new AdCounters();
        if (!empty) {
            copy.empty = false;
            copy.maxTs = maxTs;
            copy.clicks1h = clicks1h.copy();
            copy.clicks24h = clicks24h.copy();
            copy.anonymous1h = anonymous1h.copy();
            copy.anonymous24h = anonymous24h.copy();
        }
        return copy;
    }

    /**
     * Writes the state: format version byte ({@link #FORMAT_VERSION}), an empty flag, then the
     * latest event time and the four counters (all clicks 1 h, 24 h; anonymous clicks 1 h, 24 h).
     */
    public void writeTo(DataOutput out) throws IOException {
        if (writeHeader(out, FORMAT_VERSION)) {
            return;
        }
        clicks1h.writeTo(out);
        clicks24h.writeTo(out);
        anonymous1h.writeTo(out);
        anonymous24h.writeTo(out);
    }

    /**
     * Reads a state written by {@link #writeTo(DataOutput)}.
     *
     * @throws StateFormatException on an unknown format version, truncated or corrupt bytes
     */
    public static AdCounters readFrom(DataInput in) throws IOException {
        try {
            AdCounters state = new AdCounters();
            if (readHeader(in, FORMAT_VERSION, "ad")) {
                return state;
            }
            long maxTs = in.readLong();
            state.init(maxTs);
            long k1h = Math.floorDiv(maxTs, BUCKET_1H);
            long k24h = Math.floorDiv(maxTs, BUCKET_24H);
            state.clicks1h = SlidingCounter.readFrom(in, WindowSpec.ONE_HOUR, k1h);
            state.clicks24h = SlidingCounter.readFrom(in, WindowSpec.ONE_DAY, k24h);
            state.anonymous1h = SlidingCounter.readFrom(in, WindowSpec.ONE_HOUR, k1h);
            state.anonymous24h = SlidingCounter.readFrom(in, WindowSpec.ONE_DAY, k24h);
            return state;
        } catch (EOFException e) {
            throw new StateFormatException("truncated ad state", e);
        }
    }
}
