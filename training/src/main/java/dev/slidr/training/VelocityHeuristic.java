package dev.slidr.training;

import java.util.List;

/**
 * The rule-based baseline reported beside the network: a click is robotic when its user session
 * made more than {@code k} ad clicks in the last hour, read from a named raw feature column. Scores
 * are 1 (robotic) or 0, so any threshold in (0, 1] reproduces the rule.
 *
 * <pre>{@code
 * VelocityHeuristic rule = VelocityHeuristic.of(featureNames, "user_clicks_1h", 30);
 * boolean robotic = rule.isRobotic(rawRow);
 * }</pre>
 */
public final class VelocityHeuristic {

    private final String column;
    private final int index;
    private final double k;

    private VelocityHeuristic(String column, int index, double k) {
        this.column = column;
        this.index = index;
        this.k = k;
    }

    /** The rule over {@code column} of rows laid out as {@code featureNames}. */
    public static VelocityHeuristic of(List<String> featureNames, String column, double k) {
        int index = featureNames.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "feature " + column + " is not among " + featureNames);
        }
        if (!Double.isFinite(k) || k < 0) {
            throw new IllegalArgumentException("k must be a finite count >= 0, got " + k);
        }
        return new VelocityHeuristic(column, index, k);
    }

    public String column() {
        return column;
    }

    public double k() {
        return k;
    }

    public boolean isRobotic(float[] rawRow) {
        if (rawRow == null || rawRow.length <= index) {
            throw new InvalidTrainingDataException(
                    "row has no column " + index + " (" + column + ")");
        }
        return rawRow[index] > k;
    }

    public double score(float[] rawRow) {
        return isRobotic(rawRow) ? 1.0 : 0.0;
    }

    public double[] score(float[][] rawRows) {
        double[] out = new double[rawRows.length];
        for (int i = 0; i < rawRows.length; i++) {
            out[i] = score(rawRows[i]);
        }
        return out;
    }
}
