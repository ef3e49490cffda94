package dev.slidr.feature;

import dev.slidr.contract.Click;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference implementation of the ad features: the ad's whole history in arrival order, every
 * feature recomputed from scratch with the definitions of {@link AdCounters}. For parity tests and
 * offline cross-checks.
 */
public final class NaiveAdFeatures {

    private final List<Click> history = new ArrayList<>();
    private long maxTs = Long.MIN_VALUE;

    /** Adds a click (unless late) and returns its features. */
    public AdFeatures add(Click click) {
        long ts = click.ts();
        boolean late = NaiveWindows.isLate(history.isEmpty(), ts, maxTs);
        if (!late) {
            history.add(click);
            maxTs = Math.max(maxTs, ts);
        }
        return new AdFeatures(
                count(WindowSpec.ONE_HOUR, ts, false),
                count(WindowSpec.ONE_DAY, ts, false),
                count(WindowSpec.ONE_HOUR, ts, true),
                count(WindowSpec.ONE_DAY, ts, true),
                late);
    }

    private long count(WindowSpec spec, long ts, boolean anonymousOnly) {
        long n = 0;
        for (Click e : history) {
            if ((!anonymousOnly || !e.loggedIn()) && NaiveWindows.counts(spec, e.ts(), ts, maxTs)) {
                n++;
            }
        }
        return n;
    }
}
