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

    /**
     * Weights that make every non-empty cell weigh the same, shared inside a cell in proportion to
     * each row's relative weight: a row of relative weight {@code r} in a cell whose relative
     * weights sum to {@code R} weighs {@code rows * r / (nonEmptyCells * R)}. A cell whose relative
     * weights are all zero is empty. With every relative weight 1 this is {@link
     * #equalizeCells(int[])}.
     *
     * <p>Training gives rows that are human only by the RFM rule a lower relative weight than
     * purchase-labelled rows: the RFM rule labels a customer, not a click, so a hijacked high-RFM
     * account's robotic clicks carry the human label, while a purchase vouches for the click
     * itself.
     *
     * @throws IllegalArgumentException when the arrays differ in length or a weight is negative or
     *     not finite
     */
    public static float[] equalizeCells(int[] cells, float[] relative) {
        if (relative.length != cells.length) {
            throw new IllegalArgumentException(
                    "need one relative weight per row: "
                            + relative.length
                            + " weights for "
                            + cells.length
                            + " rows");
        }
        double[] sums = new double[CELLS];
        for (int i = 0; i < cells.length; i++) {
            if (!(relative[i] >= 0 && Float.isFinite(relative[i]))) {
                throw new IllegalArgumentException(
                        "relative weight of row " + i + " is " + relative[i]);
            }
            sums[cells[i]] += relative[i];
        }
        int nonEmpty = 0;
        for (double sum : sums) {
            if (sum > 0) {
                nonEmpty++;
            }
        }
        float[] w = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            double sum = sums[cells[i]];
            w[i] = sum > 0 ? (float) ((double) cells.length * relative[i] / (nonEmpty * sum)) : 0f;
        }
        return w;
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
