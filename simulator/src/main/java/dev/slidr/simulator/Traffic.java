package dev.slidr.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What all actors of one run share and never change: the time range, ad popularity, placements and
 * the purchase delay distribution.
 */
final class Traffic {

    static final String[] PLACEMENTS = {
        "search_top", "search_side", "product_page", "home_feed", "video_pre_roll", "email"
    };

    /** Cumulative human placement weights, in {@link #PLACEMENTS} order. */
    private static final double[] HUMAN_PLACEMENT_CDF = cdf(new double[] {35, 15, 25, 15, 6, 4});

    private final long startMs;
    private final long endMs;
    private final double[] adCdf;
    private final int adsPerAdvertiser;
    private final double purchaseDelayMedianMs;

    Traffic(
            long startMs,
            long endMs,
            int ads,
            double zipfExponent,
            int adsPerAdvertiser,
            double purchaseDelayMedianMinutes) {
        this.startMs = startMs;
        this.endMs = endMs;
        double[] weights = new double[ads];
        for (int i = 0; i < ads; i++) {
            weights[i] = 1.0 / Math.pow(i + 1, zipfExponent);
        }
        this.adCdf = cdf(weights);
        this.adsPerAdvertiser = adsPerAdvertiser;
        this.purchaseDelayMedianMs = purchaseDelayMedianMinutes * 60_000.0;
    }

    long startMs() {
        return startMs;
    }

    long endMs() {
        return endMs;
    }

    int adCount() {
        return adCdf.length;
    }

    /** An ad drawn by popularity (Zipf), as humans choose them. */
    int popularAd(SplittableRandom rng) {
        int i = Arrays.binarySearch(adCdf, rng.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, adCdf.length - 1);
    }

    int advertiserOf(int ad) {
        return ad / adsPerAdvertiser;
    }

    int placement(SplittableRandom rng, boolean robot) {
        if (robot) {
            return rng.nextInt(PLACEMENTS.length);
        }
        int i = Arrays.binarySearch(HUMAN_PLACEMENT_CDF, rng.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, PLACEMENTS.length - 1);
    }

    long purchaseDelayMs(SplittableRandom rng) {
        return Math.max(1_000L, (long) (purchaseDelayMedianMs * Math.exp(rng.nextGaussian())));
    }

    private static double[] cdf(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] cdf = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            cdf[i] = acc / sum;
        }
        cdf[cdf.length - 1] = 1.0;
        return cdf;
    }
}
