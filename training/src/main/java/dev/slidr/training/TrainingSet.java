package dev.slidr.training;

import java.util.Arrays;

/**
 * Rows, labels and sample weights for one training or validation split, checked once on
 * construction so that the optimizer never meets a NaN, a ragged row or a negative weight.
 *
 * <p>Labels are probabilities of "robotic" in [0, 1] (weak labels are 0 or 1); weights are
 * non-negative with a positive total.
 */
public record TrainingSet(float[][] x, float[] y, float[] w) {

    public TrainingSet {
        if (x == null || y == null || w == null) {
            throw new InvalidTrainingDataException("rows, labels and weights must not be null");
        }
        if (x.length == 0) {
            throw new InvalidTrainingDataException("a training set needs at least one row");
        }
        if (y.length != x.length || w.length != x.length) {
            throw new InvalidTrainingDataException(
                    "rows, labels and weights differ in length: "
                            + x.length
                            + ", "
                            + y.length
                            + ", "
                            + w.length);
        }
        int width = requireRectangular(x);
        if (width == 0) {
            throw new InvalidTrainingDataException("rows have no features");
        }
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(y[i] >= 0f && y[i] <= 1f)) {
                throw new InvalidTrainingDataException(
                        "label of row " + i + " is " + y[i] + ", expected a value in [0, 1]");
            }
            if (!(w[i] >= 0f) || Float.isInfinite(w[i])) {
                throw new InvalidTrainingDataException(
                        "weight of row " + i + " is " + w[i] + ", expected a finite value >= 0");
            }
            total += w[i];
        }
        if (!(total > 0)) {
            throw new InvalidTrainingDataException("sample weights sum to zero");
        }
    }

    /** A set where every row weighs 1. */
    public static TrainingSet unweighted(float[][] x, float[] y) {
        float[] w = new float[x == null ? 0 : x.length];
        Arrays.fill(w, 1f);
        return new TrainingSet(x, y, w);
    }

    public int rows() {
        return x.length;
    }

    public int features() {
        return x[0].length;
    }

    /**
     * Checks that every row exists, has the width of the first and holds only finite values.
     *
     * @return the common row width
     */
    static int requireRectangular(float[][] x) {
        int width = -1;
        for (int i = 0; i < x.length; i++) {
            float[] row = x[i];
            if (row == null) {
                throw new InvalidTrainingDataException("row " + i + " is null");
            }
            if (width < 0) {
                width = row.length;
            } else if (row.length != width) {
                throw new InvalidTrainingDataException(
                        "row " + i + " has " + row.length + " features, expected " + width);
            }
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new InvalidTrainingDataException(
                            "feature " + j + " of row " + i + " is " + row[j]);
                }
            }
        }
        return width;
    }
}
