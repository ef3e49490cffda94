package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.feature.AdCounters;
import dev.slidr.feature.AdFeatures;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import dev.slidr.training.rows.RowFile;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The live job's three keyed feature stages over clicks given in event-time order: one {@link
 * UserCounters} per user key, one {@link AdCounters} per ad and one {@link IpCounters} per IP, with
 * {@link FeatureVector} assembling each row, joined with the weak labels and the ground truth
 * ({@link RowLabels}). Only the per-key counters stay in memory; each click's row is handed back in
 * one reused {@link RowFile.Row}.
 *
 * <p>A key's counters are dropped once the watermark (the newest click time less the
 * out-of-orderness, less 1 ms, as the live source's) passes the end of their longest window, as the
 * live stages' event-time timers drop them. A click at or after that end reads the counters as
 * empty anyway ({@link UserCounters#add}); a click further behind the watermark finds them dropped,
 * as live. So the rows are the live job's, and memory follows the keys of the last day, not every
 * key of the log: the maps keep their keys in order of last click, and a sweep every {@link
 * #SWEEP_EVERY} clicks looks only at the stalest keys and stops at the first one still in use.
 */
final class FeatureStages {

    /** Clicks between two sweeps for expired keys. */
    static final int SWEEP_EVERY = 1 << 16;

    private final Map<String, UserCounters> users = lastClickOrder();
    private final Map<String, AdCounters> ads = lastClickOrder();
    private final Map<String, IpCounters> ips = lastClickOrder();
    private final RowLabels labels;
    private final TimeEncoding time;
    private final RowFile.Row row = new RowFile.Row(FeatureSchema.CURRENT.size());
    private final long boundMillis;
    private final int sweepEvery;
    private long newest = Long.MIN_VALUE;
    private int sinceSweep;
    private long peakKeys;

    FeatureStages(RowLabels labels) {
        this(labels, FeaturePass.DEFAULT_OUT_OF_ORDERNESS.toMillis(), SWEEP_EVERY);
    }

    /**
     * @param boundMillis how far the watermark that drops keys trails the newest click
     * @param sweepEvery clicks between two sweeps for expired keys
     */
    FeatureStages(RowLabels labels, long boundMillis, int sweepEvery) {
        if (boundMillis < 0 || sweepEvery < 1) {
            throw new IllegalArgumentException(
                    "out-of-orderness must be >= 0 and the sweep interval >= 1, got "
                            + boundMillis
                            + " and "
                            + sweepEvery);
        }
        this.labels = labels;
        this.time = labels.time();
        this.boundMillis = boundMillis;
        this.sweepEvery = sweepEvery;
    }

    /**
     * @param truth -1 (unknown), 0 (human) or 1 (robot) of a click
     * @param velocityK high velocity = user clicks in 1 h greater than this
     */
    FeatureStages(WeakLabels labels, ToIntFunction<Click> truth, TimeEncoding time, int velocityK) {
        this(new RowLabels(labels, truth, time, velocityK));
    }

    /** Adds the click to its counters and returns its row (the same object on every call). */
    RowFile.Row add(Click c) {
        long watermark = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - boundMillis - 1;
        if (++sinceSweep >= sweepEvery) {
            sinceSweep = 0;
            peakKeys = Math.max(peakKeys, keys());
            dropExpired(users, u -> u.canDrop(watermark));
            dropExpired(ads, a -> a.canDrop(watermark));
            dropExpired(ips, ip -> ip.canDrop(watermark));
        }
        UserCounters counters = users.get(c.userKey());
        if (counters == null || counters.droppableAt() <= watermark) {
            counters = new UserCounters();
            users.put(c.userKey(), counters);
        }
        newest = Math.max(newest, c.ts());
        UserFeatures user = counters.add(c);
        AdFeatures ad = ads.computeIfAbsent(c.adId(), k -> new AdCounters()).add(c);
        IpFeatures ip = ips.computeIfAbsent(c.ip(), k -> new IpCounters()).add(c);
        FeatureVector.write(user, ad, ip, c, time, row.x, 0);
        return labels.fill(row, c);
    }

    /** Keys held now: users, ads and IPs. */
    long keys() {
        return (long) users.size() + ads.size() + ips.size();
    }

    /** The most keys held at once (sampled at each sweep, and now). */
    long peakKeys() {
        return Math.max(peakKeys, keys());
    }

    private static <V> Map<String, V> lastClickOrder() {
        // access order: get, put and computeIfAbsent on a present key move it to the end
        return new LinkedHashMap<>(16, 0.75f, true);
    }

    private static <V> void dropExpired(Map<String, V> byKey, Predicate<V> expired) {
        for (Iterator<V> it = byKey.values().iterator(); it.hasNext(); ) {
            if (!expired.test(it.next())) {
                // later keys clicked more recently: they are in use too
                return;
            }
            it.remove();
        }
    }
}
