package dev.slidr.training;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * The one-sided Clopper–Pearson upper confidence bound of a binomial proportion: the largest rate
 * that would still show at most {@code x} events in {@code n} trials with probability {@code 1 -
 * confidence}. It is exact (never below the nominal coverage), which is what an FPR promised to a
 * billed advertiser needs: with few labelled clicks the point estimate 0/40 says nothing, the bound
 * (7.2 % at 95 %) says how little.
 *
 * <p>The Beta quantile comes from commons-math3 rather than a hand-written incomplete beta.
 */
public final class ClopperPearson {

    /** The default one-sided confidence of every FPR bound. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    private ClopperPearson() {}

    /**
     * Upper bound of the rate behind {@code x} events in {@code n} trials at one-sided {@code
     * confidence}: the {@code confidence} quantile of Beta(x + 1, n - x); 1 when {@code x == n >
     * 0}; NaN when {@code n == 0} (no trial bounds nothing).
     *
     * @throws IllegalArgumentException when {@code x} or {@code n} is negative, {@code x > n}, or
     *     {@code confidence} is not in (0, 1)
     */
    public static double upper(long x, long n, double confidence) {
        if (n < 0 || x < 0 || x > n) {
            throw new IllegalArgumentException("need 0 <= events <= trials, was " + x + " of " + n);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        if (n == 0) {
            return Double.NaN;
        }
        if (x == n) {
            return 1.0;
        }
        if (x == 0) {
            // closed form of the Beta(1, n) quantile, exact where the inverse search is slowest
            return 1 - Math.pow(1 - confidence, 1.0 / n);
        }
        return new BetaDistribution(null, x + 1, n - x, 1e-14)
                .inverseCumulativeProbability(confidence);
    }
}
