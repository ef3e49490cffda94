package dev.slidr.feature;

import dev.slidr.contract.Click;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reference implementation of the IP features: the IP's whole history in arrival order, every
 * feature recomputed from scratch with the definitions of {@link IpCounters} and exact distinct
 * counts. For parity tests and offline cross-checks.
 */
public final class NaiveIpFeatures {

    private final List<Click> history = new ArrayList<>();
    private long maxTs = Long.MIN_VALUE;

    /** Adds a click (unless late) and returns its features. */
    public IpFeatures add(Click click) {
        long ts = click.ts();
        boolean late = NaiveWindows.isLate(history.isEmpty(), ts, maxTs);
        if (!late) {
            history.add(click);
            maxTs = Math.max(maxTs, ts);
        }
        return new IpFeatures(
                count(WindowSpec.ONE_MINUTE, ts),
                count(WindowSpec.ONE_HOUR, ts),
                count(WindowSpec.ONE_DAY, ts),
                distinct(WindowSpec.ONE_HOUR, ts, true),
                distinct(WindowSpec.ONE_DAY, ts, true),
                distinct(WindowSpec.ONE_HOUR, ts, false),
                distinct(WindowSpec.ONE_DAY, ts, false),
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

    private int distinct(WindowSpec spec, long ts, boolean users) {
        Set<String> ids = new HashSet<>();
        for (Click e : history) {
            if (NaiveWindows.counts(spec, e.ts(), ts, maxTs)) {
                ids.add(users ? e.userKey() : e.sessionId());
            }
        }
        return ids.size();
    }
}
