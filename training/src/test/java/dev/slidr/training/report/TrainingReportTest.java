package dev.slidr.training.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.registry.calibration.QuadraticFit;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.training.TrainingHistory;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training report page: its charts, tables, escaping and undefined numbers. */
class TrainingReportTest {

    private static final Instant T0 = Instant.parse("2025-06-09T03:00:00Z");
    private static final Pattern PNG =
            Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    private static List<CurvePoint> concaveCurve(double scale) {
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            double fpr = i * 0.0025;
            points.add(new CurvePoint(fpr, scale * (0.3 * Math.sqrt(fpr / 0.05))));
        }
        return points;
    }

    private static SliceChart slice(String name, double scale) {
        List<CurvePoint> fitted = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            double f = i * 0.005;
            fitted.add(new CurvePoint(f, scale * (-60 * f * f + 9 * f + 0.01)));
        }
        return new SliceChart(
                name,
                concaveCurve(scale),
                fitted,
                new OperatingPoint(0.83, 0.02, 0.19 * scale, 0.66));
    }

    private static ReportInput input(
            List<SliceChart> slices, List<MetricsRow> rows, List<GuardrailRow> guardrails) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("training rows", "1,204,331");
        notes.put("seed", "7");
        return new ReportInput(
                new ReportMetadata(
                        "m20250609-1a2b3c4d",
                        "m20250608-00aa11bb",
                        T0,
                        "v1",
                        Instant.parse("2025-06-02T00:00:00Z"),
                        Instant.parse("2025-06-09T00:00:00Z"),
                        0.02,
                        notes),
                slices,
                List.of(
                        LossCurve.of(
                                "network",
                                new TrainingHistory(
                                        List.of(0.61, 0.42, 0.37, 0.35),
                                        List.of(0.55, 0.41, 0.38, 0.39),
                                        2,
                                        true)),
                        new LossCurve(
                                "logistic regression", List.of(0.6, 0.5), List.of(0.58, 0.52), 1)),
                rows,
                guardrails);
    }

    private static MetricsRow row(String model, String slice, double ivr, double auc) {
        return new MetricsRow(
                model, slice, 48_000, ivr, 0.0199, 0.0262, 0.66, auc, 0.91, 0.87, 0.004);
    }

    private static List<String> images(String html) {
        List<String> images = new ArrayList<>();
        Matcher m = PNG.matcher(html);
        while (m.find()) {
            images.add(m.group(1));
        }
        return images;
    }

    @Test
    void embedsOneDecodablePngPerSliceAndPerLossCurve() throws Exception {
        List<String> slices =
                List.of(
                        "desktop/logged_in",
                        "desktop/anonymous",
                        "mobile/logged_in",
                        "mobile/anonymous");
        List<SliceChart> charts = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            charts.add(slice(slices.get(i), 1 + 0.1 * i));
        }
        String html = TrainingReport.render(input(charts, List.of(), List.of()));
        for (String s : slices) {
            assertThat(html)
                    .contains("data-slice=\"" + s + "\"")
                    .contains("alt=\"IVR against FPR, slice " + s + "\"");
        }
        List<String> images = images(html);
        assertThat(images).hasSize(slices.size() + 2);
        for (String image : images) {
            var png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image)));
            assertThat(png).isNotNull();
            assertThat(png.getWidth()).isEqualTo(560);
        }
        assertThat(html)
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("<script");
        assertThat(html)
                .contains("threshold 0.8300, FPR 2.00 %, IVR 19.00 %, robotic coverage 66.00 %");
        assertThat(html).contains("best epoch 3 (validation loss 0.38000)");
    }

    @Test
    void tabulatesEveryModelAndSliceRow() {
        List<MetricsRow> rows =
                List.of(
                        row("network", "desktop/logged_in", 0.1234, 0.9321),
                        row("network", "mobile/anonymous", 0.2, 0.91),
                        row("logistic regression", "desktop/logged_in", 0.08, 0.88),
                        row("velocity heuristic", "all", 0.05, Double.NaN));
        String html =
                TrainingReport.render(
                        input(List.of(slice("desktop/logged_in", 1)), rows, List.of()));
        assertThat(html)
                .contains(
                        "<tr><td>network</td><td>desktop/logged_in</td><td"
                                + " class=\"num\">48,000</td><td class=\"num\">12.34 %</td><td"
                                + " class=\"num\">1.99 %</td><td class=\"num\">2.62 %</td><td"
                                + " class=\"num\">66.00 %</td><td class=\"num\">0.9321</td><td"
                                + " class=\"num\">91.00 %</td><td class=\"num\">87.00 %</td><td"
                                + " class=\"num\">0.40 %</td></tr>")
                .contains("<th>weak_fpr</th><th>weak_fpr_upper</th>")
                .contains("<th>weak_auc</th><th>true_precision</th><th>true_recall</th>")
                .contains("<td>network</td><td>mobile/anonymous</td>")
                .contains("<td>logistic regression</td><td>desktop/logged_in</td>")
                .contains("<td>velocity heuristic</td><td>all</td>");
    }

    @Test
    void rendersUndefinedNumbersAsNotAvailable() {
        MetricsRow undefined =
                new MetricsRow(
                        "network",
                        "app/anonymous",
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NaN,
                        Double.NaN);
        SliceChart noPoint =
                new SliceChart(
                        "app/anonymous",
                        List.of(new CurvePoint(Double.NaN, 0.1), new CurvePoint(0.01, 0.1)),
                        List.of(),
                        new OperatingPoint(0.9, 0.01, 0.1, Double.NaN));
        String html = TrainingReport.render(input(List.of(noPoint), List.of(undefined), List.of()));
        assertThat(html)
                .contains(
                        "<td>app/anonymous</td><td class=\"num\">0</td>"
                                + "<td class=\"num\">n/a</td>".repeat(8))
                .contains("robotic coverage n/a")
                .doesNotContain("NaN")
                .doesNotContain("Infinity");
    }

    @Test
    void saysSoWhenASliceHasNothingToDraw() {
        SliceChart empty =
                new SliceChart(
                        "other/anonymous",
                        List.of(new CurvePoint(Double.NaN, Double.NaN)),
                        List.of(),
                        null);
        String html = TrainingReport.render(input(List.of(empty), List.of(), List.of()));
        assertThat(html).contains("No finite curve points for slice other/anonymous.");
        assertThat(images(html)).hasSize(2);
    }

    @Test
    void escapesHostileNames() {
        String hostile = "<script>alert(\"x\")</script>&'";
        String escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";
        String html =
                TrainingReport.render(
                        new ReportInput(
                                new ReportMetadata(
                                        hostile,
                                        hostile,
                                        T0,
                                        hostile,
                                        null,
                                        null,
                                        Double.NaN,
                                        Map.of(hostile, hostile)),
                                List.of(slice(hostile, 1)),
                                List.of(new LossCurve(hostile, List.of(0.5), List.of(0.5), 0)),
                                List.of(row(hostile, hostile, 0.1, 0.9)),
                                List.of(
                                        new GuardrailRow(
                                                hostile, false, hostile + "\u0000\u0007"))));
        assertThat(html).doesNotContain("<script").doesNotContain("\"x\"").doesNotContain("\u0000");
        assertThat(html)
                .contains("data-slice=\"" + escaped + "\"")
                .contains("<td>" + escaped + "</td>");
        assertThat(html).contains("<title>slidr training report " + escaped + "</title>");
        assertThat(html).contains("training data</th><td>n/a to n/a");
        assertThat(html).contains("FPR budget</th><td>n/a");
    }

    @Test
    void marksFailedGuardrails() {
        String html =
                TrainingReport.render(
                        input(
                                List.of(),
                                List.of(),
                                List.of(
                                        new GuardrailRow(
                                                "holdout_fpr", false, "0.031 > budget 0.02"),
                                        new GuardrailRow(
                                                "onnx_parity", true, "max |diff| 2.1e-7"))));
        assertThat(html)
                .contains("1 of 2 guardrails failed.")
                .contains(
                        "<tr class=\"failed\"><td>holdout_fpr</td><td"
                            + " class=\"status\">FAILED</td><td>0.031 &gt; budget 0.02</td></tr>")
                .contains(
                        "<tr class=\"passed\"><td>onnx_parity</td><td class=\"status\">passed</td>")
                .contains("No slices were calibrated.")
                .contains("No metrics.");
    }

    @Test
    void buildsSliceChartFromHeldOutScoresAndCalibration() {
        double[] scores = {0.9, 0.9, 0.8, 0.5, 0.2, 0.1};
        boolean[] purchasing = {false, false, true, false, true, false};
        List<CurvePoint> curve = SliceChart.empiricalCurve(scores, purchasing);
        assertThat(curve)
                .containsExactly(
                        new CurvePoint(0, 0),
                        new CurvePoint(0, 2 / 6.0),
                        new CurvePoint(0.5, 3 / 6.0),
                        new CurvePoint(0.5, 4 / 6.0),
                        new CurvePoint(1, 5 / 6.0),
                        new CurvePoint(1, 1));
        SliceCalibration calibration =
                new SliceCalibration(
                        "desktop/logged_in",
                        0.85,
                        0.0,
                        new QuadraticFit(-0.5, 1.2, 0.1),
                        0.1,
                        2 / 6.0,
                        0.0,
                        Double.NaN,
                        0.0,
                        6,
                        2,
                        0,
                        0.0);
        SliceChart chart = SliceChart.of(calibration, scores, purchasing);
        assertThat(chart.slice()).isEqualTo("desktop/logged_in");
        assertThat(chart.chosen()).isEqualTo(new OperatingPoint(0.85, 0.0, 2 / 6.0, Double.NaN));
        assertThat(chart.fitted()).hasSize(51);
        assertThat(chart.fitted().get(50)).isEqualTo(new CurvePoint(1.0, -0.5 + 1.2 + 0.1));
    }

    @Test
    void thinsLongCurvesKeepingBothEnds() {
        int n = 10_000;
        double[] scores = new double[n];
        boolean[] purchasing = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (double) i / n;
            purchasing[i] = i % 10 == 0;
        }
        List<CurvePoint> curve = SliceChart.empiricalCurve(scores, purchasing);
        assertThat(curve).hasSize(SliceChart.MAX_POINTS);
        assertThat(curve.get(0)).isEqualTo(new CurvePoint(0, 0));
        assertThat(curve.get(curve.size() - 1)).isEqualTo(new CurvePoint(1, 1));
        assertThat(SliceChart.empiricalCurve(new double[] {0.5}, new boolean[] {false}))
                .allSatisfy(p -> assertThat(p.fpr()).isNaN());
    }

    @Test
    void writesUtf8File(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");
        TrainingReport.write(
                input(List.of(slice("mobile/logged_in", 1)), List.of(), List.of()), file);
        String html = Files.readString(file);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<meta charset=\"utf-8\">")
                .endsWith("</html>\n");
    }

    @Test
    void aSliceAbsentFromTheDataGetsARowAndAFigureSayingSoInsteadOfFigures() {
        List<MetricsRow> rows =
                List.of(
                        MetricsRow.absent("network", "app/logged_in"),
                        row("network", "app/anonymous", 0.012, 0.57),
                        row("network", "all", 0.012, 0.57));
        String html =
                TrainingReport.render(
                        input(
                                List.of(
                                        SliceChart.absent("app/logged_in"),
                                        slice("app/anonymous", 1)),
                                rows,
                                List.of()));
        Matcher absentRow =
                Pattern.compile("<tr><td>network</td><td>app/logged_in</td>(.*?)</tr>")
                        .matcher(html);
        assertThat(absentRow.find()).as(html).isTrue();
        assertThat(absentRow.group(1))
                .contains(">0</td>")
                .contains("absent from the data")
                .doesNotContain(TrainingReport.NOT_AVAILABLE)
                .doesNotContain("NaN");
        assertThat(html)
                .contains("<figcaption>slice app/logged_in: absent from the data</figcaption>")
                .doesNotContain("alt=\"IVR against FPR, slice app/logged_in\"")
                .contains("alt=\"IVR against FPR, slice app/anonymous\"");
        // one chart for the slice the data has, two loss curves
        assertThat(images(html)).hasSize(3);
    }
}
