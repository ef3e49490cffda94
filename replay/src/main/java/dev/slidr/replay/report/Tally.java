package dev.slidr.replay.report;

import dev.slidr.contract.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The running counts of one group of clicks. Memory is bounded whatever the input: reasons beyond
 * {@link #MAX_REASONS} distinct codes fold into {@link #OTHER_REASONS}, and only the {@code
 * samples} smallest flipped click ids are kept.
 */
final class Tally {

    /** Distinct reason codes kept per group; real decisions carry a handful. */
    static final int MAX_REASONS = 64;

    /** Where reasons beyond {@link #MAX_REASONS} are counted. */
    static final String OTHER_REASONS = "(other reasons)";

    /** Reasons listed in a group's summary. */
    static final int TOP_REASONS = 3;

    private final int samples;
    private long clicks;
    private long matched;
    private long invalidBefore;
    private long invalidAfter;
    private long toInvalid;
    private long toValid;
    private final Map<String, Long> reasons = new HashMap<>();
    private final TreeSet<String> sampleIds = new TreeSet<>();
    private final long[] truthBefore = new long[4];
    private final long[] truthAfter = new long[4];

    Tally(int samples) {
        this.samples = samples;
    }

    void add(Decision before, Decision after, Boolean robot) {
        clicks++;
        if (after.invalid()) {
            invalidAfter++;
        }
        truth(truthAfter, after, robot);
        if (before == null) {
            return;
        }
        matched++;
        truth(truthBefore, before, robot);
        if (before.invalid()) {
            invalidBefore++;
        }
        if (before.invalid() == after.invalid()) {
            return;
        }
        Decision invalidSide;
        if (after.invalid()) {
            toInvalid++;
            invalidSide = after;
        } else {
            toValid++;
            invalidSide = before;
        }
        for (String reason : invalidSide.reasons()) {
            String key =
                    reasons.containsKey(reason) || reasons.size() < MAX_REASONS
                            ? reason
                            : OTHER_REASONS;
            reasons.merge(key, 1L, Long::sum);
        }
        sample(after.clickId());
    }

    private void sample(String clickId) {
        if (sampleIds.size() < samples) {
            sampleIds.add(clickId);
        } else if (samples > 0 && clickId.compareTo(sampleIds.last()) < 0) {
            if (sampleIds.add(clickId)) {
                sampleIds.pollLast();
            }
        }
    }

    private static void truth(long[] cells, Decision d, Boolean robot) {
        if (robot == null) {
            cells[3]++;
        } else if (d.invalid()) {
            cells[robot ? 0 : 1]++;
        } else if (robot) {
            cells[2]++;
        }
    }

    DiffCounts counts() {
        List<ReasonCount> top = new ArrayList<>();
        reasons.forEach((reason, count) -> top.add(new ReasonCount(reason, count)));
        top.sort(
                Comparator.comparingLong(ReasonCount::count)
                        .reversed()
                        .thenComparing(ReasonCount::reason));
        return new DiffCounts(
                clicks,
                matched,
                invalidBefore,
                invalidAfter,
                toInvalid,
                toValid,
                top.subList(0, Math.min(TOP_REASONS, top.size())),
                List.copyOf(sampleIds));
    }

    TruthMetrics truthBefore() {
        return new TruthMetrics(truthBefore[0], truthBefore[1], truthBefore[2], truthBefore[3]);
    }

    TruthMetrics truthAfter() {
        return new TruthMetrics(truthAfter[0], truthAfter[1], truthAfter[2], truthAfter[3]);
    }
}
