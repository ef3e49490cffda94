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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled feature rows of a training run, built with the live feature code: clicks sorted by
 * event time (stable, so equal times keep file order) run through one {@link UserCounters} per user
 * key, one {@link AdCounters} per ad and one {@link IpCounters} per IP, and {@link FeatureVector}
 * assembles each row, exactly as the live job's keyed functions do. Clicks before the range warm
 * the counters up but give no rows; clicks at or after its end are not read.
 *
 * <p>Per row: event time, raw {@link FeatureSchema#CURRENT} features, slice, logged-in, purchase
 * within the attribution window, weak label, ground truth (-1 when unknown), local hour and day,
 * and the high-velocity flag (user clicks in the last hour over k).
 */
public final class FeatureTable {

    public final long[] ts;
    public final float[][] x;
    public final int[] slice;
    public final boolean[] loggedIn;
    public final boolean[] purchasing;
    public final float[] label;
    public final byte[] truth;
    public final int[] hourOfDay;
    public final int[] dayOfWeek;
    public final boolean[] highVelocity;

    FeatureTable(int n) {
        ts = new long[n];
        x = new float[n][];
        slice = new int[n];
        loggedIn = new boolean[n];
        purchasing = new boolean[n];
        label = new float[n];
        truth = new byte[n];
        hourOfDay = new int[n];
        dayOfWeek = new int[n];
        highVelocity = new boolean[n];
    }

    public int rows() {
        return ts.length;
    }

    /**
     * Builds the rows of clicks in {@code [from, to)}.
     *
     * @param clicks accepted clicks in any order (sorted here, stably, by event time)
     * @param truth robot truth by click id, or null
     * @param velocityK high velocity = user clicks in 1 h greater than this
     */
    public static FeatureTable build(
            List<Click> clicks,
            WeakLabels labels,
            Map<String, Boolean> truth,
            TimeEncoding time,
            int velocityK,
            long from,
            long to) {
        List<Click> sorted = new ArrayList<>(clicks);
        sorted.sort(Comparator.comparingLong(Click::ts));
        int n = 0;
        for (Click c : sorted) {
            if (c.ts() >= from && c.ts() < to) {
                n++;
            }
        }
        FeatureTable t = new FeatureTable(n);
        Map<String, UserCounters> users = new HashMap<>();
        Map<String, AdCounters> ads = new HashMap<>();
        Map<String, IpCounters> ips = new HashMap<>();
        int width = FeatureSchema.CURRENT.size();
        int i = 0;
        for (Click c : sorted) {
            if (c.ts() >= to) {
                break;
            }
            UserFeatures user = users.computeIfAbsent(c.userKey(), k -> new UserCounters()).add(c);
            AdFeatures ad = ads.computeIfAbsent(c.adId(), k -> new AdCounters()).add(c);
            IpFeatures ip = ips.computeIfAbsent(c.ip(), k -> new IpCounters()).add(c);
            if (c.ts() < from) {
                continue;
            }
            float[] row = new float[width];
            FeatureVector.write(user, ad, ip, c, time, row, 0);
            t.ts[i] = c.ts();
            t.x[i] = row;
            t.slice[i] = Slices.id(c.device(), c.loggedIn());
            t.loggedIn[i] = c.loggedIn();
            t.purchasing[i] = labels.purchased(c);
            t.label[i] = labels.label(c);
            Boolean robot = truth == null ? null : truth.get(c.clickId());
            t.truth[i] = robot == null ? (byte) -1 : (byte) (robot ? 1 : 0);
            t.hourOfDay[i] = time.hourOfDay(c.ts());
            t.dayOfWeek[i] = time.dayOfWeek(c.ts());
            t.highVelocity[i] = row[FeatureSchema.USER_CLICKS_1H] > velocityK;
            i++;
        }
        return t;
    }

    /** Row indices whose time falls in {@code part} of {@code split}. */
    public int[] rowsOf(TimeSplit split, TimeSplit.Part part) {
        int count = 0;
        for (long t : ts) {
            if (split.part(t) == part) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < ts.length; i++) {
            if (split.part(ts[i]) == part) {
                out[k++] = i;
            }
        }
        return out;
    }
}
