package dev.slidr.training.pipeline;

import dev.slidr.training.RankingMetrics;
import dev.slidr.training.SliceMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The holdout figures of one scorer on one slice (or all traffic): clicks, IVR, FPR, robotic
 * coverage (from {@link SliceMetrics}), AUC against the weak labels and, when ground truth is
 * known, precision and recall against it (from {@link RankingMetrics}). Undefined rates are NaN and
 * written as JSON null.
 */
public record ScorerMetrics(
        long clicks,
        double ivr,
        double fpr,
        double roboticCoverage,
        double auc,
        double truePrecision,
        double trueRecall) {

    /** Figures of the rows {@code rows} of {@code table} under scores and decisions. */
    public static ScorerMetrics of(
            FeatureTable table, int[] rows, double[] scores, boolean[] invalid) {
        boolean[] inv = new boolean[rows.length];
        boolean[] purchasing = new boolean[rows.length];
        boolean[] fast = new boolean[rows.length];
        boolean[] nonHuman = new boolean[rows.length];
        double[] s = new double[rows.length];
        int known = 0;
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            inv[k] = invalid[i];
            purchasing[k] = table.purchasing[i];
            fast[k] = table.highVelocity[i];
            nonHuman[k] = table.label[i] >= 0.5f;
            s[k] = scores[i];
            if (table.truth[i] >= 0) {
                known++;
            }
        }
        SliceMetrics m = SliceMetrics.of(inv, purchasing, fast);
        double auc = rows.length == 0 ? Double.NaN : RankingMetrics.auc(s, nonHuman);
        double precision = Double.NaN;
        double recall = Double.NaN;
        if (known > 0) {
            boolean[] decided = new boolean[known];
            boolean[] robot = new boolean[known];
            int j = 0;
            for (int i : rows) {
                if (table.truth[i] >= 0) {
                    decided[j] = invalid[i];
                    robot[j] = table.truth[i] == 1;
                    j++;
                }
            }
            RankingMetrics.PrecisionRecall pr = RankingMetrics.precisionRecall(decided, robot);
            precision = pr.precision();
            recall = pr.recall();
        }
        return new ScorerMetrics(
                m.clicks(), m.ivr(), m.fpr(), m.coverage(), auc, precision, recall);
    }

    /** The summary's object M; NaN becomes null. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clicks", clicks);
        out.put("ivr", finite(ivr));
        out.put("fpr", finite(fpr));
        out.put("robotic_coverage", finite(roboticCoverage));
        out.put("auc", finite(auc));
        out.put("true_precision", finite(truePrecision));
        out.put("true_recall", finite(trueRecall));
        return out;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
