package dev.slidr.replay.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The diff as plain text for a terminal. Names from the data are stripped of control characters (an
 * advertiser id could carry terminal escape sequences) and cut to the column width.
 */
final class DiffTable {

    /** Advertisers listed; the JSON and the HTML page have the rest. */
    static final int ADVERTISER_ROWS = 10;

    private static final int NAME_WIDTH = 24;
    private static final String ROW = "%-24s %10s %10s %10s %10s %10s %10s  %s%n";

    private DiffTable() {}

    static String render(DiffReport r) {
        StringBuilder out = new StringBuilder(4096);
        out.append("replay ")
                .append(clean(r.replayId(), 80))
                .append(": before = ")
                .append(clean(r.beforeLabel(), 80))
                .append(", after = ")
                .append(clean(r.afterLabel(), 80))
                .append('\n');
        DiffCounts t = r.total();
        if (t.clicks() == 0) {
            out.append("no clicks were decided\n");
            return out.toString();
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "%,d clicks, %,d with a baseline decision; %,d flipped to invalid, %,d to"
                                + " valid; billable clicks %s%n",
                        t.clicks(),
                        t.matched(),
                        t.flippedToInvalid(),
                        t.flippedToValid(),
                        DiffReport.signed(t.billableChange())));
        out.append('\n');
        header(out, "slice");
        for (SliceDiff s : r.slices()) {
            row(out, s.slice(), s.counts());
        }
        row(out, "all", t);
        out.append('\n');
        List<AdvertiserDiff> advertisers = r.advertisers();
        header(out, "advertiser");
        for (AdvertiserDiff a :
                advertisers.subList(0, Math.min(ADVERTISER_ROWS, advertisers.size()))) {
            row(out, a.advertiserId(), a.counts());
        }
        if (advertisers.size() > ADVERTISER_ROWS) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "... %,d more advertisers in the JSON summary and report.html%n",
                            advertisers.size() - ADVERTISER_ROWS));
        }
        r.otherAdvertisers().ifPresent(o -> row(out, "(beyond the cap)", o.counts()));
        if (r.hasTruth()) {
            out.append('\n')
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "%-24s %15s %15s %15s %15s%n",
                                    "slice",
                                    "precision bef.",
                                    "precision aft.",
                                    "recall bef.",
                                    "recall aft."));
            for (SliceDiff s : r.slices()) {
                truthRow(out, s.slice(), s.truthBefore(), s.truthAfter());
            }
            truthRow(out, "all", r.truthBefore(), r.truthAfter());
        }
        if (!t.sampleClickIds().isEmpty()) {
            out.append("\nflipped clicks to inspect: ")
                    .append(
                            t.sampleClickIds().stream()
                                    .map(id -> clean(id, 64))
                                    .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name) {
        out.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        name,
                        "clicks",
                        "IVR before",
                        "IVR after",
                        "->invalid",
                        "->valid",
                        "billable",
                        "top reasons among flips"));
    }

    private static void row(StringBuilder out, String name, DiffCounts c) {
        out.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        clean(name, NAME_WIDTH),
                        String.format(Locale.ROOT, "%,d", c.clicks()),
                        DiffReport.percent(c.ivrBefore()),
                        DiffReport.percent(c.ivrAfter()),
                        String.format(Locale.ROOT, "%,d", c.flippedToInvalid()),
                        String.format(Locale.ROOT, "%,d", c.flippedToValid()),
                        DiffReport.signed(c.billableChange()),
                        c.topReasons().stream()
                                .map(x -> clean(x.reason(), 40) + " " + x.count())
                                .collect(Collectors.joining(", "))));
    }

    private static void truthRow(
            StringBuilder out, String name, TruthMetrics before, TruthMetrics after) {
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-24s %15s %15s %15s %15s%n",
                        clean(name, NAME_WIDTH),
                        DiffReport.percent(before.precision()),
                        DiffReport.percent(after.precision()),
                        DiffReport.percent(before.recall()),
                        DiffReport.percent(after.recall())));
    }

    /** Printable characters only, at most {@code width} of them (the last one an ellipsis). */
    static String clean(String text, int width) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), width));
        text.codePoints()
                .filter(
                        cp ->
                                !Character.isISOControl(cp)
                                        && Character.getType(cp) != Character.FORMAT)
                .forEach(b::appendCodePoint);
        if (b.codePointCount(0, b.length()) <= width) {
            return b.toString();
        }
        return b.substring(0, b.offsetByCodePoints(0, width - 1)) + "…";
    }
}
