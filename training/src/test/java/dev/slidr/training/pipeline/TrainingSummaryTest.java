package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.training.FprBoundPolicy;
import dev.slidr.training.FprBoundPolicy.Held;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's table and JSON: absent slices, the held FPR estimate, the weak_/true_ names. */
class TrainingSummaryTest {

    private static ScorerMetrics metrics(long humans, long falsePositives) {
        return new ScorerMetrics(
                1000, 0.1, humans, falsePositives, 0.02, 0.03, 0.95, 0.5, 0.6, 0.9, 0.8, 0.01);
    }

    private static TrainingSummary summary(FprBoundPolicy policy) {
        Evaluation e =
                new Evaluation(metrics(500, 10), Map.of("app/anonymous", metrics(500, 10)))
                        .withAbsent(List.of("app/logged_in", "other/logged_in"));
        return new TrainingSummary(
                "m20250604-00000000", null, 0.02, policy, false, e, e, e, List.of());
    }

    @Test
    void printsAbsentSlicesAsAbsentAndTheHeldEstimate() {
        StringWriter out = new StringWriter();
        summary(FprBoundPolicy.defaults()).print(new PrintWriter(out));
        assertThat(out.toString())
                .startsWith(
                        "model m20250604-00000000  REFUSED  (FPR budget 0.02; FPR held:"
                                + " bound-when-few, 95% bound below 1000 purchasing clicks)")
                .contains("w_fpr w_fpr_ub w_cover   w_auc  t_prec   t_rec   t_fpr")
                .contains("app/logged_in        -                 0  absent from the data")
                .contains("other/logged_in      -                 0  absent from the data")
                .doesNotContain("desktop/logged_in");
        assertThat(TrainingSummary.held(new FprBoundPolicy(Held.POINT, 0.95, 1000)))
                .isEqualTo("point");
        assertThat(TrainingSummary.held(new FprBoundPolicy(Held.BOUND, 0.99, 0)))
                .isEqualTo("bound, 99% bound");
    }

    @Test
    void writesAbsentSlicesWithTheirStatusAndFiguresByTheirNewNames() {
        Map<String, Object> json = summary(FprBoundPolicy.defaults()).toMap();
        assertThat(json.get("fpr_bound"))
                .isEqualTo(
                        Map.of("held", "bound-when-few", "confidence", 0.95, "few_labels", 1000L));
        @SuppressWarnings("unchecked")
        Map<String, Object> slices =
                (Map<String, Object>) ((Map<String, Object>) json.get("holdout")).get("slices");
        assertThat(slices.keySet())
                .containsExactly("app/logged_in", "app/anonymous", "other/logged_in");
        assertThat(slices.get("app/logged_in")).isEqualTo(Map.of("status", "absent", "clicks", 0));
        @SuppressWarnings("unchecked")
        Map<String, Object> app = (Map<String, Object>) slices.get("app/anonymous");
        assertThat(app)
                .containsKeys(
                        "weak_fpr",
                        "weak_fpr_upper",
                        "weak_auc",
                        "weak_robotic_coverage",
                        "true_precision",
                        "true_recall",
                        "true_fpr")
                .doesNotContainKeys("fpr", "auc", "robotic_coverage");
    }

    @Test
    void namesTheSlicingAndWhyInTheTableHeaderAndTheJson() {
        SliceIndex device = SliceIndex.of(dev.slidr.rules.slice.Slicing.DEVICE);
        Map<String, ScorerMetrics> slices = new java.util.LinkedHashMap<>();
        slices.put("mobile", metrics(500, 10));
        slices.put("desktop", metrics(400, 8));
        Evaluation e =
                new Evaluation(metrics(900, 18), slices, List.of("other"), List.of(), device)
                        .withAbsent(List.of("other"));
        SlicingChoice choice =
                new SlicingChoice(device, SliceScheme.AUTO, "auto: device (thin: app/anonymous 3)");
        TrainingSummary summary =
                new TrainingSummary(
                        "m20250604-00000000",
                        null,
                        0.02,
                        FprBoundPolicy.defaults(),
                        false,
                        e,
                        e,
                        e,
                        List.of(),
                        choice);
        StringWriter out = new StringWriter();
        summary.print(new PrintWriter(out));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(1)).isEqualTo("slicing device (auto: device (thin: app/anonymous 3))");
        assertThat(lines.get(2)).startsWith("slice ");
        // the scheme's order, not the figures' insertion order; the absent slice in its place
        assertThat(lines.get(3)).startsWith("desktop ");
        assertThat(lines.get(6)).startsWith("mobile ");
        assertThat(lines.get(9)).startsWith("other                -                 0  absent");
        Map<String, Object> json = summary.toMap();
        assertThat(json.get("slicing")).isEqualTo("device");
        assertThat(json.get("slicing_reason")).isEqualTo("auto: device (thin: app/anonymous 3)");
        assertThat(List.copyOf(json.keySet()))
                .containsSubsequence("fpr_bound", "slicing", "slicing_reason", "registered");
        @SuppressWarnings("unchecked")
        Map<String, Object> holdout =
                (Map<String, Object>) ((Map<String, Object>) json.get("holdout")).get("slices");
        assertThat(holdout.keySet()).containsExactly("desktop", "mobile", "other");
    }

    @Test
    void theReportsMetricsTableHasARowSayingAbsentForASliceWithoutClicks() {
        Evaluation e =
                new Evaluation(metrics(500, 10), Map.of("app/anonymous", metrics(500, 10)))
                        .withAbsent(List.of("app/logged_in", "other/logged_in"));
        List<dev.slidr.training.report.MetricsRow> rows = new java.util.ArrayList<>();
        ReportBuilder.addRows(rows, "network", e);
        assertThat(rows)
                .extracting(dev.slidr.training.report.MetricsRow::slice)
                .containsExactly("app/logged_in", "app/anonymous", "other/logged_in", "all");
        assertThat(rows)
                .extracting(dev.slidr.training.report.MetricsRow::absent)
                .containsExactly(true, false, true, false);
        assertThat(rows.get(0).clicks()).isZero();
    }
}
