package dev.slidr.training.pipeline;

/**
 * Sample weights that make every (hour of day x day of week x logged-in x label) cell weigh the
 * same: each row of a non-empty cell weighs {@code rows / (nonEmptyCells * rowsInCell)}, so the
 * weights sum to the number of rows and each cell sums to {@code rows / nonEmptyCells}. Hours and
 * days are local to the configured zone.
 */
public final class SampleWeights {

    /** Number of (hour, day, logged-in, label) cells. */
    public static final int CELLS = 24 * 7 * 2 * 2;

    private SampleWeights() {}

    /** The cell of a row: hour 0-23, day Monday=0..6, logged in, label 0 or 1. */
    public static int cell(int hourOfDay, int dayOfWeek, boolean loggedIn, float label) {
        return ((hourOfDay * 7 + dayOfWeek) * 2 + (loggedIn ? 1 : 0)) * 2 + (label >= 0.5f ? 1 : 0);
    }

    /** Weights for rows whose cells are {@code cells}. */
    public static float[] equalizeCells(int[] cells) {
        long[] counts = new long[CELLS];
        for (int c : cells) {
            counts[c]++;
        }
        int nonEmpty = 0;
        for (long n : counts) {
            if (n > 0) {
                nonEmpty++;
            }
        }
        float[] w = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            w[i] = (float) ((double) cells.length / ((double) nonEmpty * counts[cells[i]]));
        }
        return w;
    }
}
