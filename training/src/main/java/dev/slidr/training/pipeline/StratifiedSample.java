package dev.slidr.training.pipeline;

import java.util.Arrays;
import java.util.Random;

/**
 * The training rows the trainer loads when there are more than it may hold: a sample drawn per
 * (hour of day x day of week x logged-in x label) cell, the cells {@link SampleWeights} gives equal
 * weight, so that every cell keeps rows however small.
 *
 * <p>Quotas: every cell gets at most the same number of rows k, the largest for which the quotas
 * fit the cap (a cell smaller than k keeps all its rows); the rows the cap leaves over go one each
 * to the cells cut at k, in a seeded order. Inside a cell the rows are a seeded uniform choice.
 * With no more rows than the cap the sample is every row, so runs that fit do not change.
 *
 * <p>Weights: a sampled row of cell c stands for {@code rows(c) / quota(c)} rows of the whole
 * training part ({@link #rate}). The trainer's weights make each cell's weights sum to the same
 * value whatever its number of rows ({@link SampleWeights#equalizeCells(int[], float[])}), which is
 * the inverse-rate correction of the population weights up to one factor for all rows: a row of a
 * cell of n rows weighs {@code N / (cells * n)} in the whole part, times {@code n / q} as a sample
 * of q, which is {@code N / (cells * q)}, what the equalization gives the q sampled rows. The
 * weighted loss of the sample is then an unbiased estimate of the whole part's, cell by cell.
 */
final class StratifiedSample {

    private final long[] rows;
    private final int[] quota;
    private final long seed;
    private final boolean uniform;

    private StratifiedSample(long[] rows, int[] quota, long seed, boolean uniform) {
        this.rows = rows;
        this.quota = quota;
        this.seed = seed;
        this.uniform = uniform;
    }

    /**
     * A seeded uniform choice of at most {@code max} of {@code n} rows, whatever their cells: the
     * same rows as {@link TrainingRows#sampleOrdinals} with that seed.
     */
    static StratifiedSample uniform(int n, int max, long seed) {
        if (max < 0 || n < 0) {
            throw new IllegalArgumentException(
                    "rows and sample size must be >= 0, were " + n + " and " + max);
        }
        return new StratifiedSample(new long[] {n}, new int[] {Math.min(n, max)}, seed, true);
    }

    /**
     * Plans the sample of at most {@code max} rows of cells holding {@code cellRows} rows each.
     *
     * @throws IllegalArgumentException when {@code max} or a count is negative
     */
    static StratifiedSample plan(long[] cellRows, int max, long seed) {
        if (max < 0) {
            throw new IllegalArgumentException("sample size must be >= 0, was " + max);
        }
        long total = 0;
        for (long n : cellRows) {
            if (n < 0) {
                throw new IllegalArgumentException("a cell cannot hold " + n + " rows");
            }
            total += n;
        }
        int[] quota = new int[cellRows.length];
        if (total <= max) {
            for (int c = 0; c < cellRows.length; c++) {
                quota[c] = (int) cellRows[c];
            }
            return new StratifiedSample(cellRows.clone(), quota, seed, false);
        }
        // the largest per-cell cap k with sum(min(n, k)) <= max, by bisection over [0, max]
        long lo = 0;
        long hi = max;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (capped(cellRows, mid) <= max) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long k = lo;
        long used = 0;
        for (int c = 0; c < cellRows.length; c++) {
            quota[c] = (int) Math.min(cellRows[c], k);
            used += quota[c];
        }
        // one more row each to cells cut at k, in a seeded order, until the cap is reached
        int[] order = shuffled(cellRows.length, new Random(seed ^ 0x9E3779B97F4A7C15L));
        for (int i = 0; i < order.length && used < max; i++) {
            int c = order[i];
            if (cellRows[c] > quota[c]) {
                quota[c]++;
                used++;
            }
        }
        return new StratifiedSample(cellRows.clone(), quota, seed, false);
    }

    private static long capped(long[] cellRows, long k) {
        long sum = 0;
        for (long n : cellRows) {
            sum += Math.min(n, k);
        }
        return sum;
    }

    private static int[] shuffled(int n, Random random) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** Rows of the sample. */
    int size() {
        long n = 0;
        for (int q : quota) {
            n += q;
        }
        return (int) n;
    }

    /** Rows of cell {@code c} in the sample. */
    int quota(int c) {
        return quota[c];
    }

    /** The share of cell {@code c}'s rows in the sample (1 for an empty cell). */
    double rate(int c) {
        return rows[c] == 0 ? 1.0 : (double) quota[c] / rows[c];
    }

    /**
     * Tells, row by row in file order, which training rows are sampled; each call is the next row
     * of its cell. Holds the sampled positions of every cell: 4 bytes a sampled row.
     */
    Picker picker() {
        return new Picker();
    }

    /** The walk over the training rows. */
    final class Picker {
        private final int[][] chosen = new int[rows.length][];
        private final int[] seen = new int[rows.length];
        private final int[] at = new int[rows.length];

        private Picker() {
            for (int c = 0; c < rows.length; c++) {
                chosen[c] =
                        quota[c] == rows[c]
                                ? null
                                : TrainingRows.sampleOrdinals(
                                        (int) rows[c],
                                        quota[c],
                                        uniform ? seed : seed * 1_000_003L + c);
            }
        }

        /** Whether the next row of {@code cell} is in the sample. */
        boolean take(int cell) {
            if (uniform) {
                cell = 0;
            }
            int position = seen[cell]++;
            int[] picks = chosen[cell];
            if (picks == null) {
                return position < rows[cell];
            }
            if (at[cell] < picks.length && picks[at[cell]] == position) {
                at[cell]++;
                return true;
            }
            return false;
        }
    }

    @Override
    public String toString() {
        if (uniform) {
            return "a uniform choice of " + size() + " rows";
        }
        int cells = 0;
        int full = 0;
        for (int c = 0; c < rows.length; c++) {
            if (rows[c] > 0) {
                cells++;
                full += quota[c] == rows[c] ? 1 : 0;
            }
        }
        return size()
                + " rows from "
                + cells
                + " cells ("
                + full
                + " kept whole), quotas "
                + Arrays.stream(quota).filter(q -> q > 0).min().orElse(0)
                + " to "
                + Arrays.stream(quota).max().orElse(0);
    }
}
