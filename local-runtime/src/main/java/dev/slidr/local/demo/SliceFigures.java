package dev.slidr.local.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Running figures of one slice (or all slices combined): clicks, IVR, and each figure named by what
 * it is measured against (the glossary of docs/training.md): {@code weak_fpr} on purchasing clicks
 * and {@code weak_robotic_coverage} of high-velocity clicks (the weak labels), {@code true_auc},
 * {@code true_precision} and {@code true_recall} against the simulator's truth.
 */
final class SliceFigures {

    private long clicks;
    private long invalid;
    private long robots;
    private long truePositives;
    private long purchasing;
    private long purchasingInvalid;
    private long robotic;
    private long roboticInvalid;
    private final List<double[]> scored = new ArrayList<>();

    /**
     * Adds one decided click.
     *
     * @param score the model's score, NaN for a click no model scored (GIVT)
     * @param purchased a purchase was attributed to the click (the weak human label)
     * @param highVelocity the user clicked more than the velocity cut in the hour before (the weak
     *     robotic label)
     */
    void add(
            boolean isInvalid,
            boolean isRobot,
            double score,
            boolean purchased,
            boolean highVelocity) {
        clicks++;
        if (isInvalid) {
            invalid++;
        }
        if (isRobot) {
            robots++;
            if (isInvalid) {
                truePositives++;
            }
        }
        if (purchased) {
            purchasing++;
            if (isInvalid) {
                purchasingInvalid++;
            }
        }
        if (highVelocity) {
            robotic++;
            if (isInvalid) {
                roboticInvalid++;
            }
        }
        if (!Double.isNaN(score)) {
            scored.add(new double[] {score, isRobot ? 1 : 0});
        }
    }

    long clicks() {
        return clicks;
    }

    Double ivr() {
        return ratio(invalid, clicks);
    }

    Double weakFpr() {
        return ratio(purchasingInvalid, purchasing);
    }

    Double weakRoboticCoverage() {
        return ratio(roboticInvalid, robotic);
    }

    Double truePrecision() {
        return ratio(truePositives, invalid);
    }

    Double trueRecall() {
        return ratio(truePositives, robots);
    }

    /**
     * Area under the ROC curve of the model's scores against the truth (Mann-Whitney with tied
     * ranks averaged), null without both classes. Written out here because it is one sort and one
     * pass, on the few thousand scores a demo holds.
     */
    Double trueAuc() {
        int n = scored.size();
        double[][] rows = scored.toArray(new double[0][]);
        Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
        long positives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && rows[j + 1][0] == rows[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (rows[k][1] == 1) {
                    positives++;
                    rankSum += rank;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clicks", clicks);
        m.put("ivr", ivr());
        m.put("weak_fpr", weakFpr());
        m.put("weak_robotic_coverage", weakRoboticCoverage());
        m.put("true_auc", trueAuc());
        m.put("true_precision", truePrecision());
        m.put("true_recall", trueRecall());
        return m;
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}
