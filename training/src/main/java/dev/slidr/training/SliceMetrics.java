package dev.slidr.training;

import java.util.Map;
import java.util.TreeMap;

/**
 * Click counts of one slice (or of all traffic) under one set of decisions, and the business rates
 * built from them: IVR, FPR and robotic coverage.
 *
 * <p>All three are ratios of click counts, so they are unweighted: sample weights balance the
 * training loss, not what billing sees. A rate whose denominator is zero is NaN (undefined), never
 * 0, so that a slice without purchases cannot pass for a slice without false positives.
 *
 * @param clicks all clicks
 * @param invalidated clicks decided invalid
 * @param purchasing clicks that led to a purchase (known human)
 * @param invalidatedPurchasing purchasing clicks decided invalid (false positives)
 * @param highVelocity clicks in sessions with more than k ad clicks in an hour
 * @param invalidatedHighVelocity high-velocity clicks decided invalid
 */
public record SliceMetrics(
        long clicks,
        long invalidated,
        long purchasing,
        long invalidatedPurchasing,
        long highVelocity,
        long invalidatedHighVelocity) {

    public SliceMetrics {
        if (clicks < 0
                || invalidated < 0
                || invalidated > clicks
                || purchasing < 0
                || purchasing > clicks
                || invalidatedPurchasing < 0
                || invalidatedPurchasing > Math.min(invalidated, purchasing)
                || highVelocity < 0
                || highVelocity > clicks
                || invalidatedHighVelocity < 0
                || invalidatedHighVelocity > Math.min(invalidated, highVelocity)) {
            throw new IllegalArgumentException(
                    "inconsistent counts: clicks="
                            + clicks
                            + " invalidated="
                            + invalidated
                            + " purchasing="
                            + purchasing
                            + " invalidated_purchasing="
                            + invalidatedPurchasing
                            + " high_velocity="
                            + highVelocity
                            + " invalidated_high_velocity="
                            + invalidatedHighVelocity);
        }
    }

    public static final SliceMetrics EMPTY = new SliceMetrics(0, 0, 0, 0, 0, 0);

    /** IVR = invalidated / all clicks. */
    public double ivr() {
        return ratio(invalidated, clicks);
    }

    /** FPR = invalidated purchasing clicks / purchasing clicks. */
    public double fpr() {
        return ratio(invalidatedPurchasing, purchasing);
    }

    /** Robotic coverage = invalidated high-velocity clicks / high-velocity clicks. */
    public double coverage() {
        return ratio(invalidatedHighVelocity, highVelocity);
    }

    public SliceMetrics plus(SliceMetrics other) {
        return new SliceMetrics(
                clicks + other.clicks,
                invalidated + other.invalidated,
                purchasing + other.purchasing,
                invalidatedPurchasing + other.invalidatedPurchasing,
                highVelocity + other.highVelocity,
                invalidatedHighVelocity + other.invalidatedHighVelocity);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    /** Counts over all rows. */
    public static SliceMetrics of(
            boolean[] invalidated, boolean[] purchasing, boolean[] highVelocity) {
        requireSameLength(invalidated.length, purchasing.length, highVelocity.length, -1);
        long[] c = new long[6];
        for (int i = 0; i < invalidated.length; i++) {
            add(c, invalidated[i], purchasing[i], highVelocity[i]);
        }
        return fromCounts(c);
    }

    /** Counts per slice id, in slice order. */
    public static Map<Integer, SliceMetrics> bySlice(
            int[] slice, boolean[] invalidated, boolean[] purchasing, boolean[] highVelocity) {
        requireSameLength(invalidated.length, purchasing.length, highVelocity.length, slice.length);
        Map<Integer, long[]> counts = new TreeMap<>();
        for (int i = 0; i < slice.length; i++) {
            long[] c = counts.computeIfAbsent(slice[i], s -> new long[6]);
            add(c, invalidated[i], purchasing[i], highVelocity[i]);
        }
        Map<Integer, SliceMetrics> out = new TreeMap<>();
        counts.forEach((s, c) -> out.put(s, fromCounts(c)));
        return out;
    }

    private static void add(long[] c, boolean invalid, boolean purchase, boolean fast) {
        c[0]++;
        if (invalid) {
            c[1]++;
        }
        if (purchase) {
            c[2]++;
            if (invalid) {
                c[3]++;
            }
        }
        if (fast) {
            c[4]++;
            if (invalid) {
                c[5]++;
            }
        }
    }

    private static SliceMetrics fromCounts(long[] c) {
        return new SliceMetrics(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    private static void requireSameLength(int a, int b, int c, int d) {
        if (a != b || a != c || (d >= 0 && a != d)) {
            throw new InvalidTrainingDataException(
                    "per-click columns differ in length: "
                            + a
                            + ", "
                            + b
                            + ", "
                            + c
                            + (d >= 0 ? ", " + d : ""));
        }
    }
}
