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
import dev.slidr.rules.slice.Slices;
import dev.slidr.training.rows.ClickIdHash;
import dev.slidr.training.rows.RowFile;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The live job's three keyed feature stages over clicks given in event-time order: one {@link
 * UserCounters} per user key, one {@link AdCounters} per ad and one {@link IpCounters} per IP, with
 * {@link FeatureVector} assembling each row, joined with the weak labels and the ground truth. Only
 * the per-key counters stay in memory; each click's row is handed back in one reused {@link
 * RowFile.Row}.
 *
 * <p>A key's counters are dropped once every bucket of its longest window has expired, as the live
 * stages' event-time timers drop them (the watermark there is the latest click time less the
 * out-of-orderness): from then on they add nothing to any feature, so the rows are the same and
 * memory follows the keys active in the last day, not every key of the log. The maps keep their
 * keys in order of last click, so a sweep every {@link #SWEEP_EVERY} clicks looks only at the
 * stalest keys and stops at the first one still in use.
 */
final class FeatureStages {

    /** Clicks between two sweeps for expired keys. */
    static final int SWEEP_EVERY = 1 << 16;

    private final Map<String, UserCounters> users = lastClickOrder();
    private final Map<String, AdCounters> ads = lastClickOrder();
    private final Map<String, IpCounters> ips = lastClickOrder();
    private final long outOfOrdernessMs;
    private final int sweepEvery;
    private long maxTs = Long.MIN_VALUE;
    private int sinceSweep;
    private long peakKeys;
    private final WeakLabels labels;
    private final ToIntFunction<Click> truth;
    private final TimeEncoding time;
    private final int velocityK;
    private final RowFile.Row row = new RowFile.Row(FeatureSchema.CURRENT.size());

    /**
     * @param truth -1 (unknown), 0 (human) or 1 (robot) of a click
     * @param velocityK high velocity = user clicks in 1 h greater than this
     */
    FeatureStages(WeakLabels labels, ToIntFunction<Click> truth, TimeEncoding time, int velocityK) {
        this(
                labels,
                truth,
                time,
                velocityK,
                FeaturePass.DEFAULT_OUT_OF_ORDERNESS.toMillis(),
                SWEEP_EVERY);
    }

    /**
     * @param outOfOrdernessMs how far the watermark that drops keys trails the latest click
     * @param sweepEvery clicks between two sweeps for expired keys
     */
    FeatureStages(
            WeakLabels labels,
            ToIntFunction<Click> truth,
            TimeEncoding time,
            int velocityK,
            long outOfOrdernessMs,
            int sweepEvery) {
        if (outOfOrdernessMs < 0 || sweepEvery < 1) {
            throw new IllegalArgumentException(
                    "out-of-orderness must be >= 0 and the sweep interval >= 1, got "
                            + outOfOrdernessMs
                            + " and "
                            + sweepEvery);
        }
        this.labels = labels;
        this.truth = truth;
        this.time = time;
        this.velocityK = velocityK;
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.sweepEvery = sweepEvery;
    }

    /** Adds the click to its counters and returns its row (the same object on every call). */
    RowFile.Row add(Click c) {
        if (++sinceSweep >= sweepEvery) {
            sinceSweep = 0;
            peakKeys = Math.max(peakKeys, keys());
            if (maxTs != Long.MIN_VALUE) {
                long watermark = maxTs - outOfOrdernessMs;
                dropExpired(users, u -> u.canDrop(watermark));
                dropExpired(ads, a -> a.canDrop(watermark));
                dropExpired(ips, ip -> ip.canDrop(watermark));
            }
        }
        maxTs = Math.max(maxTs, c.ts());
        UserFeatures user = users.computeIfAbsent(c.userKey(), k -> new UserCounters()).add(c);
        AdFeatures ad = ads.computeIfAbsent(c.adId(), k -> new AdCounters()).add(c);
        IpFeatures ip = ips.computeIfAbsent(c.ip(), k -> new IpCounters()).add(c);
        FeatureVector.write(user, ad, ip, c, time, row.x, 0);
        row.ts = c.ts();
        row.idHash = ClickIdHash.of(c.clickId());
        row.slice = Slices.id(c.device(), c.loggedIn());
        row.flags =
                (c.loggedIn() ? RowFile.LOGGED_IN : 0)
                        | (labels.purchased(c) ? RowFile.PURCHASING : 0)
                        | (labels.label(c) == WeakLabels.NON_HUMAN ? RowFile.NON_HUMAN : 0)
                        | (row.x[FeatureSchema.USER_CLICKS_1H] > velocityK
                                ? RowFile.HIGH_VELOCITY
                                : 0);
        row.truth = (byte) truth.applyAsInt(c);
        row.hourOfDay = time.hourOfDay(c.ts());
        row.dayOfWeek = time.dayOfWeek(c.ts());
        return row;
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
        // access order: computeIfAbsent on a present key moves it to the end
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
