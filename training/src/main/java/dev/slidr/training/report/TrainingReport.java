package dev.slidr.training.report;

import dev.slidr.registry.HtmlText;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders the training report: one self-contained HTML page (no external resources; charts are PNGs
 * drawn with XChart and embedded as base64 data URIs) with the model's metadata, the guardrail
 * results, one IVR–FPR chart per slice with the chosen operating point, the loss curves, the
 * metrics table and, when the truth names kinds, the per-kind table.
 *
 * <pre>{@code
 * String html = TrainingReport.render(new ReportInput(metadata, slices, losses, rows, guardrails));
 * }</pre>
 *
 * <p>Every string from the input is HTML-escaped; NaN and infinite numbers are shown as {@code n/a}
 * and left out of charts.
 */
public final class TrainingReport {

    /** Shown for a number that is undefined (NaN or infinite). */
    public static final String NOT_AVAILABLE = "n/a";

    /** Shown for a slice without a click in the data, as the summary's table says it. */
    public static final String ABSENT = "absent from the data";

    private static final int CHART_WIDTH = 560;
    private static final int CHART_HEIGHT = 380;

    static {
        // charts are drawn off-screen; without this AWT may look for a display
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TrainingReport() {}

    /** The report as HTML text. */
    public static String render(ReportInput input) {
        ReportMetadata m = input.metadata();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>slidr training report ")
                .append(HtmlText.escape(m.modelVersion()))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Training report: ")
                .append(HtmlText.escape(m.modelVersion()))
                .append("</h1>\n");
        metadata(html, m);
        guardrails(html, input.guardrails());
        slices(html, input.slices());
        losses(html, input.lossCurves());
        metrics(html, input.metrics());
        kinds(html, input.kinds());
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** The report as UTF-8 bytes (for {@code report.html} in a bundle). */
    public static byte[] renderBytes(ReportInput input) {
        return render(input).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the report to a file. */
    public static void write(ReportInput input, Path file) throws IOException {
        Files.write(file, renderBytes(input));
    }

    private static final String STYLE =
            "body{font-family:sans-serif;margin:2em;color:#222}"
                    + "table{border-collapse:collapse;margin:1em 0}"
                    + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                    + "td.num{text-align:right;font-variant-numeric:tabular-nums}"
                    + "tr.failed td{background:#fdd}tr.passed td.status{color:#070}"
                    + "tr.failed td.status{color:#a00;font-weight:bold}"
                    + ".charts{display:flex;flex-wrap:wrap;gap:1em}"
                    + "figure{margin:0}figcaption{font-size:90%;color:#555}\n";

    private static void metadata(StringBuilder html, ReportMetadata m) {
        html.append("<section id=\"metadata\">\n<h2>Model</h2>\n<table>\n");
        row(html, "model version", m.modelVersion());
        row(html, "parent version", m.parentVersion() == null ? "none" : m.parentVersion());
        row(html, "created", m.createdAt().toString());
        row(
                html,
                "feature version",
                m.featureVersion() == null ? NOT_AVAILABLE : m.featureVersion());
        row(html, "training data", instant(m.dataFrom()) + " to " + instant(m.dataTo()));
        row(html, "FPR budget", percent(m.fprBudget()));
        for (Map.Entry<String, String> note : m.notes().entrySet()) {
            row(html, note.getKey(), note.getValue());
        }
        html.append("</table>\n</section>\n");
    }

    private static void guardrails(StringBuilder html, List<GuardrailRow> guardrails) {
        html.append("<section id=\"guardrails\">\n<h2>Guardrails</h2>\n");
        if (guardrails.isEmpty()) {
            html.append("<p>No guardrails were evaluated.</p>\n</section>\n");
            return;
        }
        long failed = guardrails.stream().filter(g -> !g.passed()).count();
        html.append("<p>")
                .append(
                        failed == 0
                                ? "All " + guardrails.size() + " guardrails passed."
                                : failed + " of " + guardrails.size() + " guardrails failed.")
                .append(
                        "</p>\n"
                                + "<table>\n"
                                + "<tr><th>guardrail</th><th>result</th><th>detail</th></tr>\n");
        for (GuardrailRow g : guardrails) {
            html.append("<tr class=\"")
                    .append(g.passed() ? "passed" : "failed")
                    .append("\"><td>")
                    .append(HtmlText.escape(g.name()))
                    .append("</td><td class=\"status\">")
                    .append(g.passed() ? "passed" : "FAILED")
                    .append("</td><td>")
                    .append(HtmlText.escape(g.detail()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    private static void slices(StringBuilder html, List<SliceChart> slices) {
        html.append("<section id=\"slices\">\n<h2>IVR against FPR per slice</h2>\n");
        if (slices.isEmpty()) {
            html.append("<p>No slices were calibrated.</p>\n</section>\n");
            return;
        }
        html.append("<div class=\"charts\">\n");
        for (SliceChart s : slices) {
            html.append("<figure class=\"slice\" data-slice=\"")
                    .append(HtmlText.escape(s.slice()))
                    .append("\">\n");
            if (s.absent()) {
                html.append("<figcaption>slice ")
                        .append(HtmlText.escape(s.slice()))
                        .append(": ")
                        .append(ABSENT)
                        .append("</figcaption>\n</figure>\n");
                continue;
            }
            XYChart chart = sliceChart(s);
            if (chart == null) {
                html.append("<p>No finite curve points for slice ")
                        .append(HtmlText.escape(s.slice()))
                        .append(".</p>\n");
            } else {
                image(html, chart, "IVR against FPR, slice " + s.slice());
            }
            html.append("<figcaption>slice ").append(HtmlText.escape(s.slice()));
            OperatingPoint p = s.chosen();
            if (p != null) {
                html.append(": threshold ")
                        .append(number(p.threshold(), 4))
                        .append(", FPR ")
                        .append(percent(p.fpr()))
                        .append(", IVR ")
                        .append(percent(p.ivr()))
                        .append(", robotic coverage ")
                        .append(percent(p.coverage()));
            }
            html.append("</figcaption>\n</figure>\n");
        }
        html.append("</div>\n</section>\n");
    }

    private static void losses(StringBuilder html, List<LossCurve> curves) {
        html.append("<section id=\"training\">\n<h2>Training curves</h2>\n");
        if (curves.isEmpty()) {
            html.append("<p>No training curves.</p>\n</section>\n");
            return;
        }
        html.append("<div class=\"charts\">\n");
        for (LossCurve c : curves) {
            html.append("<figure class=\"loss\">\n");
            XYChart chart = lossChart(c);
            if (chart == null) {
                html.append("<p>No finite losses for ")
                        .append(HtmlText.escape(c.model()))
                        .append(".</p>\n");
            } else {
                image(html, chart, "loss per epoch, " + c.model());
            }
            html.append("<figcaption>")
                    .append(HtmlText.escape(c.model()))
                    .append(": ")
                    .append(c.validationLoss().size())
                    .append(" epochs");
            if (c.bestEpoch() >= 0 && c.bestEpoch() < c.validationLoss().size()) {
                html.append(", best epoch ")
                        .append(c.bestEpoch() + 1)
                        .append(" (validation loss ")
                        .append(number(c.validationLoss().get(c.bestEpoch()), 5))
                        .append(")");
            }
            html.append("</figcaption>\n</figure>\n");
        }
        html.append("</div>\n</section>\n");
    }

    private static void metrics(StringBuilder html, List<MetricsRow> rows) {
        html.append("<section id=\"metrics\">\n<h2>Holdout metrics</h2>\n");
        if (rows.isEmpty()) {
            html.append("<p>No metrics.</p>\n</section>\n");
            return;
        }
        html.append(
                "<p>weak_* figures are against the weak labels, true_* against the ground truth"
                        + " (see the glossary in docs/training.md); weak_fpr_upper is the"
                        + " one-sided Clopper&ndash;Pearson upper bound of weak_fpr.</p>\n"
                        + "<table>\n<tr><th>model</th><th>slice</th><th>clicks</th><th>IVR</th>"
                        + "<th>weak_fpr</th><th>weak_fpr_upper</th><th>weak_robotic_coverage</th>"
                        + "<th>weak_auc</th><th>true_precision</th><th>true_recall</th>"
                        + "<th>true_fpr</th></tr>\n");
        for (MetricsRow r : rows) {
            html.append("<tr><td>")
                    .append(HtmlText.escape(r.model()))
                    .append("</td><td>")
                    .append(HtmlText.escape(r.slice()))
                    .append("</td>");
            cell(html, String.format(Locale.ROOT, "%,d", r.clicks()));
            if (r.absent()) {
                html.append("<td class=\"absent\" colspan=\"8\">")
                        .append(ABSENT)
                        .append("</td></tr>\n");
                continue;
            }
            cell(html, percent(r.ivr()));
            cell(html, percent(r.weakFpr()));
            cell(html, percent(r.weakFprUpper()));
            cell(html, percent(r.weakRoboticCoverage()));
            cell(html, number(r.weakAuc(), 4));
            cell(html, percent(r.truePrecision()));
            cell(html, percent(r.trueRecall()));
            cell(html, percent(r.trueFpr()));
            html.append("</tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    private static void kinds(StringBuilder html, List<KindRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        html.append(
                "<section id=\"kinds\">\n<h2>Holdout by truth kind</h2>\n"
                        + "<p>The share of each truth kind's clicks invalidated: true_recall for a"
                        + " robot kind, true_fpr for a human kind (humans behind shared addresses"
                        + " should stay within the FPR budget).</p>\n"
                        + "<table>\n<tr><th>model</th><th>kind</th><th>measure</th>"
                        + "<th>clicks</th><th>share</th><th>logged-in clicks</th>"
                        + "<th>logged-in share</th><th>anonymous clicks</th>"
                        + "<th>anonymous share</th></tr>\n");
        for (KindRow r : rows) {
            html.append("<tr><td>")
                    .append(HtmlText.escape(r.model()))
                    .append("</td><td>")
                    .append(HtmlText.escape(r.kind()))
                    .append("</td><td>")
                    .append(HtmlText.escape(r.measure()))
                    .append("</td>");
            cell(html, String.format(Locale.ROOT, "%,d", r.clicks()));
            cell(html, percent(r.share()));
            cell(html, String.format(Locale.ROOT, "%,d", r.loggedInClicks()));
            cell(html, percent(r.loggedInShare()));
            cell(html, String.format(Locale.ROOT, "%,d", r.anonymousClicks()));
            cell(html, percent(r.anonymousShare()));
            html.append("</tr>\n");
        }
        html.append("</table>\n</section>\n");
    }

    /** The chart of a slice, or null when it has no finite point to draw. */
    static XYChart sliceChart(SliceChart s) {
        XYChart chart =
                new XYChartBuilder()
                        .width(CHART_WIDTH)
                        .height(CHART_HEIGHT)
                        .title("slice " + s.slice())
                        .xAxisTitle("FPR (%)")
                        .yAxisTitle("IVR (%)")
                        .build();
        style(chart);
        boolean any = false;
        any |= curve(chart, "empirical", s.empirical(), Color.decode("#1f77b4"), false);
        any |= curve(chart, "fitted quadratic", s.fitted(), Color.decode("#ff7f0e"), true);
        OperatingPoint p = s.chosen();
        if (p != null && Double.isFinite(p.fpr()) && Double.isFinite(p.ivr())) {
            XYSeries point =
                    chart.addSeries(
                            "chosen point",
                            new double[] {100 * p.fpr()},
                            new double[] {100 * p.ivr()});
            point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            point.setMarker(SeriesMarkers.DIAMOND);
            point.setMarkerColor(Color.decode("#d62728"));
            any = true;
        }
        return any ? chart : null;
    }

    /** The loss chart of a model, or null when it has no finite loss. */
    static XYChart lossChart(LossCurve c) {
        XYChart chart =
                new XYChartBuilder()
                        .width(CHART_WIDTH)
                        .height(CHART_HEIGHT)
                        .title("loss: " + c.model())
                        .xAxisTitle("epoch")
                        .yAxisTitle("weighted cross-entropy")
                        .build();
        style(chart);
        // losses fall, so the upper right corner is the free one
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        boolean any = false;
        any |= epochs(chart, "train", c.trainLoss(), Color.decode("#1f77b4"));
        any |= epochs(chart, "validation", c.validationLoss(), Color.decode("#2ca02c"));
        int best = c.bestEpoch();
        if (best >= 0
                && best < c.validationLoss().size()
                && Double.isFinite(c.validationLoss().get(best))) {
            XYSeries point =
                    chart.addSeries(
                            "best epoch",
                            new double[] {best + 1},
                            new double[] {c.validationLoss().get(best)});
            point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            point.setMarker(SeriesMarkers.DIAMOND);
            point.setMarkerColor(Color.decode("#d62728"));
        }
        return any ? chart : null;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(8);
    }

    private static boolean curve(
            XYChart chart, String name, List<CurvePoint> points, Color color, boolean dashed) {
        List<double[]> finite = new ArrayList<>();
        for (CurvePoint p : points) {
            if (Double.isFinite(p.fpr()) && Double.isFinite(p.ivr())) {
                finite.add(new double[] {100 * p.fpr(), 100 * p.ivr()});
            }
        }
        if (finite.isEmpty()) {
            return false;
        }
        finite.sort((a, b) -> Double.compare(a[0], b[0]));
        XYSeries series =
                chart.addSeries(
                        name,
                        finite.stream().mapToDouble(p -> p[0]).toArray(),
                        finite.stream().mapToDouble(p -> p[1]).toArray());
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        if (dashed) {
            series.setLineStyle(
                    new BasicStroke(
                            2f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10f,
                            new float[] {6f, 4f},
                            0f));
        }
        return true;
    }

    private static boolean epochs(XYChart chart, String name, List<Double> losses, Color color) {
        List<double[]> finite = new ArrayList<>();
        for (int e = 0; e < losses.size(); e++) {
            Double loss = losses.get(e);
            if (loss != null && Double.isFinite(loss)) {
                finite.add(new double[] {e + 1, loss});
            }
        }
        if (finite.isEmpty()) {
            return false;
        }
        XYSeries series =
                chart.addSeries(
                        name,
                        finite.stream().mapToDouble(p -> p[0]).toArray(),
                        finite.stream().mapToDouble(p -> p[1]).toArray());
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        return true;
    }

    private static void image(StringBuilder html, XYChart chart, String alt) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + alt, e);
        }
        html.append("<img width=\"")
                .append(CHART_WIDTH)
                .append("\" height=\"")
                .append(CHART_HEIGHT)
                .append("\" alt=\"")
                .append(HtmlText.escape(alt))
                .append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png))
                .append("\">\n");
    }

    private static void row(StringBuilder html, String key, String value) {
        html.append("<tr><th>")
                .append(HtmlText.escape(key))
                .append("</th><td>")
                .append(HtmlText.escape(value))
                .append("</td></tr>\n");
    }

    private static void cell(StringBuilder html, String text) {
        html.append("<td class=\"num\">").append(HtmlText.escape(text)).append("</td>");
    }

    private static String instant(Instant t) {
        return t == null ? NOT_AVAILABLE : t.toString();
    }

    /** A fraction as a percentage with two decimals, or n/a. */
    static String percent(double fraction) {
        return Double.isFinite(fraction)
                ? String.format(Locale.ROOT, "%.2f %%", 100 * fraction)
                : NOT_AVAILABLE;
    }

    static String number(double value, int decimals) {
        return Double.isFinite(value)
                ? String.format(Locale.ROOT, "%." + decimals + "f", value)
                : NOT_AVAILABLE;
    }
}
