package dev.slidr.feature;

import dev.slidr.contract.Click;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reference implementation of the user features: keeps the key's whole history in arrival order and
 * recomputes every feature from scratch with the same bucket-aligned definitions as {@link
 * UserCounters}, with exact distinct counts. Linear in the history per click; for parity tests and
 * offline cross-checks, never for the live path.
 */
public final class NaiveUserFeatures {

    private final List<Click> history = new ArrayList<>();
    private long maxTs = Long.MIN_VALUE;

    /** Adds a click (unless late) and returns its features. */
    public UserFeatures add(Click click) {
        long ts = click.ts();
        if (!history.isEmpty()
                && ts >= WindowSpec.ONE_DAY.expiryOf(WindowSpec.ONE_DAY.bucketOf(maxTs))) {
            // every bucket of the longest window is over: the key starts again, as a dropped
            // state does (the previous click is no longer known)
            history.clear();
            maxTs = Long.MIN_VALUE;
        }
        boolean late = NaiveWindows.isLate(history.isEmpty(), ts, maxTs);
        double secondsSincePrevious = secondsSincePrevious(ts);
        if (!late) {
            history.add(click);
            maxTs = Math.max(maxTs, ts);
        }
        long c1m = count(WindowSpec.ONE_MINUTE, ts);
        long c24h = count(WindowSpec.ONE_DAY, ts);
        Set<String> ads = new HashSet<>();
        Set<String> advertisers = new HashSet<>();
        for (Click e : history) {
            if (NaiveWindows.counts(WindowSpec.ONE_HOUR, e.ts(), ts, maxTs)) {
                ads.add(e.adId());
                advertisers.add(e.advertiserId());
            }
        }
        return new UserFeatures(
                c1m,
                count(WindowSpec.FIVE_MINUTES, ts),
                count(WindowSpec.ONE_HOUR, ts),
                c24h,
                UserFeatures.velocity(c1m, c24h),
                secondsSincePrevious,
                ads.size(),
                advertisers.size(),
                late);
    }

    private long count(WindowSpec spec, long ts) {
        long n = 0;
        for (Click e : history) {
            if (NaiveWindows.counts(spec, e.ts(), ts, maxTs)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The latest earlier click at or before {@code ts}; unknown (as in the incremental state) when
     * at least {@link UserCounters#RECENT_CLICKS} earlier clicks are later than {@code ts}.
     */
    private double secondsSincePrevious(long ts) {
        int later = 0;
        long previous = Long.MIN_VALUE;
        boolean found = false;
        for (Click e : history) {
            if (e.ts() > ts) {
                later++;
            } else if (!found || e.ts() > previous) {
                previous = e.ts();
                found = true;
            }
        }
        if (!found || later >= UserCounters.RECENT_CLICKS) {
            return UserCounters.NO_PREVIOUS;
        }
        return (ts - previous) / 1000.0;
    }
}
