package dev.slidr.training.pipeline;

import dev.slidr.training.ClopperPearson;
import dev.slidr.training.RankingMetrics;
import dev.slidr.training.SliceMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The holdout figures of one scorer on one slice (or all traffic). Each name says what it is
 * measured against (the glossary of {@code docs/training.md}): {@code weak_*} against the weak
 * labels (a purchasing click is human, a high-velocity click is robotic; AUC against the weak label
 * of every click), {@code true_*} against the ground truth of {@code --truth}, IVR against nothing.
 * The weak FPR comes with its one-sided Clopper–Pearson upper bound. Undefined rates are NaN and
 * written as JSON null.
 *
 * @param clicks holdout clicks
 * @param ivr invalidated / clicks
 * @param weakHumanClicks purchasing clicks (the FPR's denominator)
 * @param weakFalsePositives purchasing clicks invalidated
 * @param weakFpr {@code weakFalsePositives / weakHumanClicks}
 * @param weakFprUpper Clopper–Pearson upper bound of {@code weakFpr} at {@code fprConfidence}
 * @param fprConfidence one-sided confidence of {@code weakFprUpper}
 * @param weakRoboticCoverage invalidated high-velocity clicks / high-velocity clicks
 * @param weakAuc AUC of the scores against the weak labels
 * @param truePrecision invalidated robots / invalidated clicks with a known truth
 * @param trueRecall invalidated robots / robots
 * @param trueFpr invalidated humans / humans, by the truth
 */
public record ScorerMetrics(
        long clicks,
        double ivr,
        long weakHumanClicks,
        long weakFalsePositives,
        double weakFpr,
        double weakFprUpper,
        double fprConfidence,
        double weakRoboticCoverage,
        double weakAuc,
        double truePrecision,
        double trueRecall,
        double trueFpr) {

    /** Figures of the rows {@code rows} of {@code table} at the default bound confidence. */
    public static ScorerMetrics of(
            FeatureTable table, int[] rows, double[] scores, boolean[] invalid) {
        return of(table, rows, scores, invalid, ClopperPearson.DEFAULT_CONFIDENCE);
    }

    /**
     * Figures of the rows {@code rows} of {@code table} under scores and decisions, the weak FPR
     * bounded at one-sided {@code confidence}.
     */
    public static ScorerMetrics of(
            FeatureTable table, int[] rows, double[] scores, boolean[] invalid, double confidence) {
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
        double trueFpr = Double.NaN;
        if (known > 0) {
            boolean[] decided = new boolean[known];
            boolean[] robot = new boolean[known];
            long humans = 0;
            long humansInvalidated = 0;
            int j = 0;
            for (int i : rows) {
                if (table.truth[i] >= 0) {
                    decided[j] = invalid[i];
                    robot[j] = TruthKinds.robot(table.truth[i]);
                    if (!robot[j]) {
                        humans++;
                        humansInvalidated += invalid[i] ? 1 : 0;
                    }
                    j++;
                }
            }
            RankingMetrics.PrecisionRecall pr = RankingMetrics.precisionRecall(decided, robot);
            precision = pr.precision();
            recall = pr.recall();
            trueFpr = humans == 0 ? Double.NaN : (double) humansInvalidated / humans;
        }
        return new ScorerMetrics(
                m.clicks(),
                m.ivr(),
                m.purchasing(),
                m.invalidatedPurchasing(),
                m.fpr(),
                ClopperPearson.upper(m.invalidatedPurchasing(), m.purchasing(), confidence),
                confidence,
                m.coverage(),
                auc,
                precision,
                recall,
                trueFpr);
    }

    /** The summary's object M; NaN becomes null. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clicks", clicks);
        out.put("ivr", finite(ivr));
        out.put("weak_human_clicks", weakHumanClicks);
        out.put("weak_fpr", finite(weakFpr));
        out.put("weak_fpr_upper", finite(weakFprUpper));
        out.put("fpr_confidence", fprConfidence);
        out.put("weak_robotic_coverage", finite(weakRoboticCoverage));
        out.put("weak_auc", finite(weakAuc));
        out.put("true_precision", finite(truePrecision));
        out.put("true_recall", finite(trueRecall));
        out.put("true_fpr", finite(trueFpr));
        return out;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
