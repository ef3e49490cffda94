package dev.slidr.training;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Threshold-free and ground-truth quality measures: AUC (rank-based, ties counted half, optionally
 * weighted) and precision/recall of decisions against true labels.
 */
public final class RankingMetrics {

    private RankingMetrics() {}

    /** Unweighted ROC AUC of {@code scores} for {@code positive}. */
    public static double auc(double[] scores, boolean[] positive) {
        float[] ones = new float[scores.length];
        Arrays.fill(ones, 1f);
        return auc(scores, positive, ones);
    }

    /**
     * Weighted ROC AUC: the weighted share of (positive, negative) pairs the scores order
     * correctly, a tie counting one half. NaN when either class has zero weight.
     */
    public static double auc(double[] scores, boolean[] positive, float[] weights) {
        if (scores.length != positive.length || scores.length != weights.length) {
            throw new InvalidTrainingDataException(
                    "scores, labels and weights differ in length: "
                            + scores.length
                            + ", "
                            + positive.length
                            + ", "
                            + weights.length);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new InvalidTrainingDataException("score of row " + i + " is NaN");
            }
            if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                throw new InvalidTrainingDataException("weight of row " + i + " is " + weights[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double negBelow = 0;
        double correct = 0;
        double posTotal = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            double pos = 0;
            double neg = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                int r = order[j];
                if (positive[r]) {
                    pos += weights[r];
                } else {
                    neg += weights[r];
                }
                j++;
            }
            correct += pos * (negBelow + 0.5 * neg);
            negBelow += neg;
            posTotal += pos;
            i = j;
        }
        if (posTotal == 0 || negBelow == 0) {
            return Double.NaN;
        }
        return correct / (posTotal * negBelow);
    }

    /** Precision and recall of decisions against ground truth (simulated traffic). */
    public static PrecisionRecall precisionRecall(boolean[] invalidated, boolean[] robotic) {
        if (invalidated.length != robotic.length) {
            throw new InvalidTrainingDataException(
                    "decisions and ground truth differ in length: "
                            + invalidated.length
                            + ", "
                            + robotic.length);
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < invalidated.length; i++) {
            if (invalidated[i] && robotic[i]) {
                tp++;
            } else if (invalidated[i]) {
                fp++;
            } else if (robotic[i]) {
                fn++;
            }
        }
        return new PrecisionRecall(tp, fp, fn);
    }

    /**
     * True positives, false positives and false negatives; precision or recall is NaN when its
     * denominator is zero.
     */
    public record PrecisionRecall(long truePositives, long falsePositives, long falseNegatives) {

        public double precision() {
            long den = truePositives + falsePositives;
            return den == 0 ? Double.NaN : (double) truePositives / den;
        }

        public double recall() {
            long den = truePositives + falseNegatives;
            return den == 0 ? Double.NaN : (double) truePositives / den;
        }
    }
}
