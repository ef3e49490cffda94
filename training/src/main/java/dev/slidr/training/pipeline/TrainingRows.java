package dev.slidr.training.pipeline;

import dev.slidr.training.ScoringModel;
import dev.slidr.training.TrainingSet;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Row selections and gathers over a {@link FeatureTable}: seeded samples, the calibration rows left
 * beside them, weighted training sets, scores of chosen rows, and reference rows for explanations.
 * Plain arrays of row indexes keep a week of clicks in a few hundred megabytes.
 */
final class TrainingRows {

    private TrainingRows() {}

    /** A seeded uniform sample of at most {@code max} rows, in row order. */
    static int[] sample(int[] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows;
        }
        int[] copy = rows.clone();
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        int[] out = Arrays.copyOf(copy, max);
        Arrays.sort(out);
        return out;
    }

    /**
     * The positions {@link #sample} picks from {@code n} rows, sorted: the same seeded shuffle,
     * holding only the positions it moved (at most {@code 2 * max}) instead of a copy of every row.
     */
    static int[] sampleOrdinals(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        Random random = new Random(seed ^ 0x5DEECE66DL);
        java.util.HashMap<Integer, Integer> moved = new java.util.HashMap<>();
        int[] out = new int[max];
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int atI = moved.getOrDefault(i, i);
            int atJ = moved.getOrDefault(j, j);
            moved.put(j, atI);
            // position i is final from here on: later steps swap only positions above it
            moved.remove(i);
            out[i] = atJ;
        }
        Arrays.sort(out);
        return out;
    }

    /** Validation rows and the training rows that {@link #sample} left out, in row order. */
    static int[] calibrationRows(int[] trainAll, int[] sampled, int[] validation) {
        BitSet used = new BitSet();
        for (int i : sampled) {
            used.set(i);
        }
        int[] out = new int[trainAll.length - sampled.length + validation.length];
        int k = 0;
        for (int i : trainAll) {
            if (!used.get(i)) {
                out[k++] = i;
            }
        }
        System.arraycopy(validation, 0, out, k, validation.length);
        return out;
    }

    static TrainingSet weighted(FeatureTable table, int[] rows, double rfmLabelWeight) {
        return weighted(table, rows, rfmLabelWeight, 1.0);
    }

    /**
     * The rows with their labels and weights: a strong (verdict) label weighs {@code
     * verdictWeight}, a human label by the RFM rule alone {@code rfmLabelWeight}, every other label
     * 1, relative to the other rows of its cell.
     */
    static TrainingSet weighted(
            FeatureTable table, int[] rows, double rfmLabelWeight, double verdictWeight) {
        float[][] x = new float[rows.length][];
        float[] y = new float[rows.length];
        int[] cells = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            x[k] = table.x[i];
            y[k] = table.label[i];
            cells[k] =
                    SampleWeights.cell(
                            table.hourOfDay[i], table.dayOfWeek[i], table.loggedIn[i], y[k]);
        }
        float[] relative = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            boolean rfmOnly = table.label[i] == WeakLabels.HUMAN && !table.purchasing[i];
            relative[k] =
                    table.strong[i] ? (float) verdictWeight : rfmOnly ? (float) rfmLabelWeight : 1f;
        }
        return new TrainingSet(x, y, SampleWeights.equalizeCells(cells, relative));
    }

    /** Scores of the given rows; other rows stay NaN-free zeros and are never read. */
    static double[] scoreRows(ScoringModel model, FeatureTable table, int[]... parts) {
        double[] out = new double[table.rows()];
        for (int[] rows : parts) {
            float[][] x = new float[rows.length][];
            for (int k = 0; k < rows.length; k++) {
                x[k] = table.x[rows[k]];
            }
            double[] s = model.score(x);
            for (int k = 0; k < rows.length; k++) {
                out[rows[k]] = s[k];
            }
        }
        return out;
    }

    static double[] pick(double[] scores, int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (int[] p : parts) {
            for (int i : p) {
                out[k++] = scores[i];
            }
        }
        return out;
    }

    /** Up to {@code max} rows spread evenly over {@code rows}. */
    static float[][] spread(FeatureTable table, int[] rows, int max) {
        int n = Math.min(max, rows.length);
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
            out[k] = table.x[rows[(int) ((long) k * rows.length / n)]];
        }
        return out;
    }

    /** The per-feature median of raw rows: the reference point for explanations. */
    static float[] medianRow(float[][] x) {
        int width = x[0].length;
        float[] out = new float[width];
        float[] column = new float[x.length];
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < x.length; i++) {
                column[i] = x[i][j];
            }
            Arrays.sort(column);
            int m = x.length / 2;
            out[j] = x.length % 2 == 1 ? column[m] : (column[m - 1] + column[m]) / 2f;
        }
        return out;
    }
}
