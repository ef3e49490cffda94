package dev.slidr.training.pipeline;

import dev.slidr.feature.FeatureSchema;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.training.TrainingHistory;
import dev.slidr.training.report.CurvePoint;
import dev.slidr.training.report.GuardrailRow;
import dev.slidr.training.report.KindRow;
import dev.slidr.training.report.LossCurve;
import dev.slidr.training.report.MetricsRow;
import dev.slidr.training.report.OperatingPoint;
import dev.slidr.training.report.ReportInput;
import dev.slidr.training.report.ReportMetadata;
import dev.slidr.training.report.SliceChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link TrainedModel} into the report's plain records: per slice the network's empirical
 * IVR-FPR curve on the calibration rows, its fitted quadratic and the chosen point; the loss
 * curves; the holdout table of all three scorers; the per-kind table; the guardrails.
 */
final class ReportBuilder {

    private static final int CURVE_POINTS = 200;

    private ReportBuilder() {}

    static ReportInput build(
            TrainedModel model,
            TrainingConfig config,
            String parent,
            Instant createdAt,
            List<GuardrailResult> guardrails) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("rows", String.valueOf(model.table().rows()));
        notes.put("training rows used", String.valueOf(model.trainRows()));
        notes.put("split", model.split().byDay() ? "by day" : "by fraction");
        String shape =
                FeatureSchema.CURRENT.size()
                        + "-"
                        + config.hidden1()
                        + "-"
                        + config.hidden2()
                        + "-1";
        notes.put(
                "network",
                config.networks() == 1 ? shape : config.networks() + " x " + shape + ", averaged");
        notes.put("seed", String.valueOf(config.seed()));
        notes.put("zone", config.zone().getId());
        notes.put("high velocity", "user clicks in 1 h > " + config.velocityK());
        notes.put("slicing", model.slicing().schemeName() + " (" + model.slicing().reason() + ")");
        ReportMetadata metadata =
                new ReportMetadata(
                        model.version(),
                        parent,
                        createdAt,
                        dev.slidr.feature.FeatureSchema.CURRENT.version(),
                        model.from(),
                        model.to(),
                        config.fprBudget(),
                        notes);
        List<SliceChart> charts = new ArrayList<>();
        SliceIndex slices = model.slicing().slices();
        for (int s = 0; s < slices.size(); s++) {
            charts.add(
                    model.holdoutEvaluation().absent().contains(slices.name(s))
                            ? SliceChart.absent(slices.name(s))
                            : chart(model, s));
        }
        List<LossCurve> losses = new ArrayList<>();
        List<TrainingHistory> networks = model.network().histories();
        for (int m = 0; m < networks.size(); m++) {
            losses.add(
                    LossCurve.of(
                            TrainingPipeline.networkName(m + 1, networks.size()), networks.get(m)));
        }
        losses.add(LossCurve.of("logistic regression", model.logisticRegression().history()));
        List<MetricsRow> rows = new ArrayList<>();
        addRows(rows, "network", model.holdoutEvaluation());
        addRows(rows, "logistic regression", model.logisticRegressionEvaluation());
        addRows(rows, "velocity heuristic", model.heuristicEvaluation());
        List<GuardrailRow> g = new ArrayList<>();
        guardrails.forEach(r -> g.add(new GuardrailRow(r.name(), r.passed(), r.detail())));
        List<KindRow> kinds = new ArrayList<>();
        addKinds(kinds, "network", model.holdoutEvaluation());
        addKinds(kinds, "logistic regression", model.logisticRegressionEvaluation());
        addKinds(kinds, "velocity heuristic", model.heuristicEvaluation());
        return new ReportInput(metadata, charts, losses, rows, g, kinds);
    }

    /** The slices of {@code e} in scheme order, an absent one as a row saying so, then all. */
    static void addRows(List<MetricsRow> rows, String model, Evaluation e) {
        for (String slice : e.slicing().names()) {
            if (e.slices().containsKey(slice)) {
                rows.add(row(model, slice, e.slices().get(slice)));
            } else if (e.absent().contains(slice)) {
                rows.add(MetricsRow.absent(model, slice));
            }
        }
        e.slices()
                .forEach(
                        (slice, m) -> {
                            if (!e.slicing().names().contains(slice)) {
                                rows.add(row(model, slice, m));
                            }
                        });
        rows.add(row(model, "all", e.combined()));
    }

    private static void addKinds(List<KindRow> rows, String model, Evaluation e) {
        for (KindMetrics k : e.kinds()) {
            rows.add(
                    new KindRow(
                            model,
                            k.kind(),
                            k.measure(),
                            k.all().clicks(),
                            k.all().share(),
                            k.loggedIn().clicks(),
                            k.loggedIn().share(),
                            k.anonymous().clicks(),
                            k.anonymous().share()));
        }
    }

    private static MetricsRow row(String model, String slice, ScorerMetrics m) {
        return new MetricsRow(
                model,
                slice,
                m.clicks(),
                m.ivr(),
                m.weakFpr(),
                m.weakFprUpper(),
                m.weakRoboticCoverage(),
                m.weakAuc(),
                m.truePrecision(),
                m.trueRecall(),
                m.trueFpr());
    }

    /** The network's calibration curve of one slice, at most {@value #CURVE_POINTS} points. */
    private static SliceChart chart(TrainedModel model, int slice) {
        FeatureTable t = model.table();
        List<Double> scores = new ArrayList<>();
        List<Boolean> purchasing = new ArrayList<>();
        for (int i : model.calibrationRows()) {
            if (t.slice[i] == slice) {
                scores.add(model.netScores()[i]);
                purchasing.add(t.purchasing[i]);
            }
        }
        String name = model.slicing().slices().name(slice);
        SliceCalibration cal = model.calibration().slice(name);
        int n = scores.size();
        long p = purchasing.stream().filter(b -> b).count();
        List<CurvePoint> empirical = new ArrayList<>();
        if (n > 0 && p > 0) {
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Double.compare(scores.get(b), scores.get(a)));
            long flagged = 0;
            long fp = 0;
            int step = Math.max(1, n / CURVE_POINTS);
            empirical.add(new CurvePoint(0, 0));
            for (int k = 0; k < n; k++) {
                flagged++;
                if (purchasing.get(order[k])) {
                    fp++;
                }
                if ((k + 1) % step == 0 || k == n - 1) {
                    empirical.add(new CurvePoint((double) fp / p, (double) flagged / n));
                }
            }
        }
        List<CurvePoint> fitted = new ArrayList<>();
        if (p > 0) {
            double max = Math.min(1, 4 * model.calibration().budget());
            for (int k = 0; k <= 40; k++) {
                double f = max * k / 40;
                fitted.add(new CurvePoint(f, Math.max(0, Math.min(1, cal.fit().value(f)))));
            }
        }
        OperatingPoint chosen =
                new OperatingPoint(cal.threshold(), cal.fpr(), cal.ivr(), cal.coverage());
        return new SliceChart(name, empirical, fitted, chosen);
    }
}
