package dev.slidr.training.pipeline;

import dev.slidr.training.TrainingSet;

/**
 * The mini-batch size that gives each batch a few rows of the rarer weak label: the configured
 * size, raised to {@code ceil(MIN_RARE_ROWS_PER_BATCH / share)} where {@code share} is the rarer
 * label's share of the weighted training rows.
 *
 * <p>The cell weights give the rarer label half the total weight however few its rows are. On a
 * mobile-app install log 0.2 % of the clicks are labelled human: a batch of 512 rows holds one such
 * row on average and none in 37 % of the batches, so each step's gradient is either one row
 * weighing hundreds or robot rows alone, the training loss jumps from batch to batch and the
 * validation loss with it. With four rare rows expected per batch, a batch without any is a 2 %
 * event ({@code e^-4}). The simulator's default traffic, with about 7.5 % purchasing clicks, has
 * about 38 such rows in a batch of 512 and keeps its size.
 */
public final class LabelledBatchSize {

    /** Rows of the rarer label a batch should hold on average. */
    public static final int MIN_RARE_ROWS_PER_BATCH = 4;

    private LabelledBatchSize() {}

    /**
     * The batch size for {@code train}: {@code configured}, or more where the rarer of the two
     * labels among the rows of non-zero weight is too thin for it; never more than the rows.
     */
    public static int of(int configured, TrainingSet train) {
        long[] counts = counts(train);
        return of(configured, Math.min(counts[0], counts[1]), counts[0] + counts[1]);
    }

    /** Why {@link #of(int, TrainingSet)} raised the size, for the progress log. */
    public static String reason(TrainingSet train) {
        long[] counts = counts(train);
        long rare = Math.min(counts[0], counts[1]);
        long rows = counts[0] + counts[1];
        return String.format(
                java.util.Locale.ROOT,
                "%,d of the %,d weighted training rows are labelled %s (%.4f), at least %d of them"
                        + " expected per batch",
                rare,
                rows,
                counts[0] <= counts[1] ? "human" : "robot",
                rows == 0 ? 0.0 : (double) rare / rows,
                MIN_RARE_ROWS_PER_BATCH);
    }

    /** Rows of non-zero weight labelled human, then robot. */
    private static long[] counts(TrainingSet train) {
        long[] counts = new long[2];
        for (int k = 0; k < train.rows(); k++) {
            if (train.w()[k] > 0) {
                counts[train.y()[k] < 0.5f ? 0 : 1]++;
            }
        }
        return counts;
    }

    /**
     * The batch size for {@code rows} weighted rows of which {@code rare} carry the rarer label.
     *
     * @throws IllegalArgumentException when a count is negative, {@code rare} exceeds {@code rows},
     *     or {@code configured} is not positive
     */
    public static int of(int configured, long rare, long rows) {
        if (configured < 1 || rare < 0 || rows < 0 || rare > rows) {
            throw new IllegalArgumentException(
                    "batch size " + configured + " for " + rare + " rare-label rows of " + rows);
        }
        if (rare == 0) {
            // one label only: no batch size gives the other one rows
            return configured;
        }
        double needed = Math.ceil((double) MIN_RARE_ROWS_PER_BATCH * rows / rare);
        long size = (long) Math.max(configured, needed);
        return (int) Math.max(configured, Math.min(size, rows));
    }
}
