package dev.slidr.replay.report;

import dev.slidr.registry.HtmlText;
import dev.slidr.replay.AtomicLines;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The diff as one self-contained HTML page, as the training report is made: no external resource,
 * the plots drawn with XChart as PNGs embedded as base64 data URIs, every string from the data
 * HTML-escaped.
 */
final class DiffHtml {

    /** Advertisers listed on the page; the JSON summary has them all. */
    static final int ADVERTISER_ROWS = 200;

    private static final int CHART_WIDTH = 640;
    private static final int CHART_HEIGHT = 400;

    private static final String STYLE =
            "body{font-family:sans-serif;margin:2em;color:#222}"
                    + "table{border-collapse:collapse;margin:1em 0}"
                    + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                    + "td.num{text-align:right;font-variant-numeric:tabular-nums}"
                    + "tr.total td{font-weight:bold}"
                    + ".charts{display:flex;flex-wrap:wrap;gap:1em}"
                    + "figure{margin:0}figcaption{font-size:90%;color:#555}"
                    + "code{font-size:90%}\n";

    static {
        // charts are drawn off-screen; without this AWT may look for a display
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private DiffHtml() {}

    /** Writes beside the target first, then renames it into place. */
    static void write(DiffReport report, Path file) throws IOException {
        AtomicLines.writeString(file, render(report));
    }

    static String render(DiffReport r) throws IOException {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>slidr replay ")
                .append(HtmlText.escape(r.replayId()))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>Replay ")
                .append(HtmlText.escape(r.replayId()))
                .append("</h1>\n");
        DiffCounts t = r.total();
        html.append("<table>\n");
        pair(html, "before", r.beforeLabel());
        pair(html, "after", r.afterLabel());
        pair(html, "clicks", String.format(Locale.ROOT, "%,d", t.clicks()));
        pair(html, "with a baseline decision", String.format(Locale.ROOT, "%,d", t.matched()));
        pair(html, "flipped to invalid", String.format(Locale.ROOT, "%,d", t.flippedToInvalid()));
        pair(html, "flipped to valid", String.format(Locale.ROOT, "%,d", t.flippedToValid()));
        pair(html, "change in billable clicks", DiffReport.signed(t.billableChange()));
        html.append("</table>\n");
        if (t.clicks() == 0) {
            html.append("<p>No clicks were decided.</p>\n</body>\n</html>\n");
            return html.toString();
        }
        html.append("<section id=\"plots\">\n<div class=\"charts\">\n");
        image(html, ivrChart(r), "IVR per slice, before and after");
        image(html, flipChart(r), "clicks flipped per slice");
        html.append("</div>\n</section>\n");

        html.append("<section id=\"slices\">\n<h2>Per slice</h2>\n");
        countsHeader(html, "slice");
        for (SliceDiff s : r.slices()) {
            countsRow(html, s.slice(), s.counts(), "");
        }
        countsRow(html, "all", t, " class=\"total\"");
        html.append("</table>\n</section>\n");

        if (r.hasTruth()) {
            html.append("<section id=\"truth\">\n<h2>Against the ground truth</h2>\n<table>\n")
                    .append("<tr><th>slice</th><th>precision before</th><th>precision after</th>")
                    .append("<th>recall before</th><th>recall after</th></tr>\n");
            for (SliceDiff s : r.slices()) {
                truthRow(html, s.slice(), s.truthBefore(), s.truthAfter());
            }
            truthRow(html, "all", r.truthBefore(), r.truthAfter());
            html.append("</table>\n</section>\n");
        }

        html.append("<section id=\"advertisers\">\n<h2>Per advertiser</h2>\n");
        List<AdvertiserDiff> advertisers = r.advertisers();
        if (advertisers.size() > ADVERTISER_ROWS) {
            html.append("<p>The ")
                    .append(ADVERTISER_ROWS)
                    .append(" advertisers with the largest change in billable clicks of ")
                    .append(String.format(Locale.ROOT, "%,d", advertisers.size()))
                    .append("; the JSON summary lists them all.</p>\n");
        }
        countsHeader(html, "advertiser");
        for (AdvertiserDiff a :
                advertisers.subList(0, Math.min(ADVERTISER_ROWS, advertisers.size()))) {
            countsRow(html, a.advertiserId(), a.counts(), "");
        }
        r.otherAdvertisers()
                .ifPresent(
                        o -> countsRow(html, "(beyond the cap)", o.counts(), " class=\"total\""));
        html.append("</table>\n</section>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void pair(StringBuilder html, String key, String value) {
        html.append("<tr><th>")
                .append(HtmlText.escape(key))
                .append("</th><td>")
                .append(HtmlText.escape(value))
                .append("</td></tr>\n");
    }

    private static void countsHeader(StringBuilder html, String name) {
        html.append("<table>\n<tr><th>")
                .append(name)
                .append("</th><th>clicks</th><th>IVR before</th><th>IVR after</th>")
                .append("<th>flipped to invalid</th><th>flipped to valid</th>")
                .append("<th>billable change</th><th>top reasons among flips</th>")
                .append("<th>flipped clicks</th></tr>\n");
    }

    private static void countsRow(StringBuilder html, String name, DiffCounts c, String cls) {
        html.append("<tr")
                .append(cls)
                .append("><td>")
                .append(HtmlText.escape(name))
                .append("</td>");
        num(html, String.format(Locale.ROOT, "%,d", c.clicks()));
        num(html, DiffReport.percent(c.ivrBefore()));
        num(html, DiffReport.percent(c.ivrAfter()));
        num(html, String.format(Locale.ROOT, "%,d", c.flippedToInvalid()));
        num(html, String.format(Locale.ROOT, "%,d", c.flippedToValid()));
        num(html, DiffReport.signed(c.billableChange()));
        html.append("<td>");
        for (ReasonCount reason : c.topReasons()) {
            html.append(HtmlText.escape(reason.reason()))
                    .append(' ')
                    .append(reason.count())
                    .append("<br>");
        }
        html.append("</td><td>");
        for (String id : c.sampleClickIds()) {
            html.append("<code>").append(HtmlText.escape(id)).append("</code><br>");
        }
        html.append("</td></tr>\n");
    }

    private static void truthRow(
            StringBuilder html, String name, TruthMetrics before, TruthMetrics after) {
        html.append("<tr><td>").append(HtmlText.escape(name)).append("</td>");
        num(html, DiffReport.percent(before.precision()));
        num(html, DiffReport.percent(after.precision()));
        num(html, DiffReport.percent(before.recall()));
        num(html, DiffReport.percent(after.recall()));
        html.append("</tr>\n");
    }

    private static void num(StringBuilder html, String text) {
        html.append("<td class=\"num\">").append(HtmlText.escape(text)).append("</td>");
    }

    /** IVR per slice in percent; a side with no decision for a slice has no bar there. */
    static CategoryChart ivrChart(DiffReport r) {
        CategoryChart chart = chart("IVR per slice", "IVR (%)");
        List<String> names = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (SliceDiff s : r.slices()) {
            names.add(DiffTable.clean(s.slice(), 32));
            before.add(orNull(100 * s.counts().ivrBefore()));
            after.add(orNull(100 * s.counts().ivrAfter()));
        }
        if (r.total().matched() > 0) {
            chart.addSeries(seriesName("before: ", r.beforeLabel()), names, before)
                    .setFillColor(Color.decode("#1f77b4"));
        }
        chart.addSeries(seriesName("after: ", r.afterLabel()), names, after)
                .setFillColor(Color.decode("#ff7f0e"));
        return chart;
    }

    /** Clicks flipped per slice, each way. */
    static CategoryChart flipChart(DiffReport r) {
        CategoryChart chart = chart("clicks flipped per slice", "clicks");
        List<String> names = new ArrayList<>();
        List<Long> toInvalid = new ArrayList<>();
        List<Long> toValid = new ArrayList<>();
        for (SliceDiff s : r.slices()) {
            names.add(DiffTable.clean(s.slice(), 32));
            toInvalid.add(s.counts().flippedToInvalid());
            toValid.add(s.counts().flippedToValid());
        }
        chart.addSeries("to invalid", names, toInvalid).setFillColor(Color.decode("#d62728"));
        chart.addSeries("to valid", names, toValid).setFillColor(Color.decode("#2ca02c"));
        return chart;
    }

    private static CategoryChart chart(String title, String yAxis) {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(CHART_WIDTH)
                        .height(CHART_HEIGHT)
                        .title(title)
                        .xAxisTitle("slice")
                        .yAxisTitle(yAxis)
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(30);
        return chart;
    }

    /** Series names must differ; the two labels may not. */
    private static String seriesName(String side, String label) {
        return side + DiffTable.clean(label, 40);
    }

    private static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void image(StringBuilder html, CategoryChart chart, String alt)
            throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        html.append("<figure><img width=\"")
                .append(CHART_WIDTH)
                .append("\" height=\"")
                .append(CHART_HEIGHT)
                .append("\" alt=\"")
                .append(HtmlText.escape(alt))
                .append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png))
                .append("\"></figure>\n");
    }
}
