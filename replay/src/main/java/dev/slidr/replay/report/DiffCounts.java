package dev.slidr.replay.report;

import java.util.List;

/**
 * What changed for one group of clicks (a slice, an advertiser, or all of them).
 *
 * <p>{@code matched} clicks have a baseline decision; IVR before, the flips and the change in
 * billable clicks are over those only, since a click the baseline never decided was never billed or
 * refused. {@code topReasons} are the reason codes of the invalid side of each flip (the new
 * verdict's for a flip to invalid, the old one's for a flip to valid), most frequent first; {@code
 * sampleClickIds} are the lexicographically smallest flipped click ids, so a rerun shows the same.
 */
public record DiffCounts(
        long clicks,
        long matched,
        long invalidBefore,
        long invalidAfter,
        long flippedToInvalid,
        long flippedToValid,
        List<ReasonCount> topReasons,
        List<String> sampleClickIds) {

    public DiffCounts {
        topReasons = List.copyOf(topReasons);
        sampleClickIds = List.copyOf(sampleClickIds);
    }

    /** Invalid share of the matched clicks in the baseline; NaN when none matched. */
    public double ivrBefore() {
        return matched == 0 ? Double.NaN : (double) invalidBefore / matched;
    }

    /** Invalid share of all replayed clicks; NaN when there are none. */
    public double ivrAfter() {
        return clicks == 0 ? Double.NaN : (double) invalidAfter / clicks;
    }

    /** Clicks the baseline has no decision for. */
    public long unmatched() {
        return clicks - matched;
    }

    /**
     * Billable (valid) clicks after minus before, over the matched clicks: what billing would
     * change by applying the corrections.
     */
    public long billableChange() {
        return flippedToValid - flippedToInvalid;
    }

    /** Clicks whose verdict changed either way. */
    public long flipped() {
        return flippedToInvalid + flippedToValid;
    }
}
