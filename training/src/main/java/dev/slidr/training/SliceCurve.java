package dev.slidr.training;

import dev.slidr.registry.calibration.SliceCalibration;
import java.util.Arrays;

/**
 * The empirical operating curve of one slice on held-out clicks: for every score threshold t (a
 * click is invalid when its score is {@code >= t}), how many clicks, purchasing clicks and
 * high-velocity clicks it invalidates.
 *
 * <p>Lowering the threshold only ever adds clicks, so all three counts, and with them IVR, FPR and
 * coverage, rise together along the curve. The calibrator works on the curve's upper envelope: for
 * each number {@code c} of invalidated purchasing clicks, the lowest threshold that invalidates at
 * most {@code c} of them, which invalidates the most clicks (and the most high-velocity clicks)
 * that this many false positives can buy.
 */
public final class SliceCurve {

    /** Threshold that invalidates nothing ({@link SliceCalibration#NEVER}). */
    public static final double NEVER = SliceCalibration.NEVER;

    private final String name;
    private final long clicks;
    private final long purchasing;
    private final long highVelocity;
    // point k: threshold[k] and the counts it invalidates; point 0 is NEVER
    private final double[] threshold;
    private final long[] flagged;
    private final long[] flaggedPurchasing;
    private final long[] flaggedHighVelocity;
    // envelope[c] = index of the last point with at most c invalidated purchasing clicks
    private final int[] envelope;
    // majorant[c] = the least concave function of c above the envelope's flagged counts
    private double[] majorant;
    // the counts c at the majorant's corners, ascending
    private int[] corners;

    private SliceCurve(
            String name,
            long clicks,
            long purchasing,
            long highVelocity,
            double[] threshold,
            long[] flagged,
            long[] flaggedPurchasing,
            long[] flaggedHighVelocity) {
        this.name = name;
        this.clicks = clicks;
        this.purchasing = purchasing;
        this.highVelocity = highVelocity;
        this.threshold = threshold;
        this.flagged = flagged;
        this.flaggedPurchasing = flaggedPurchasing;
        this.flaggedHighVelocity = flaggedHighVelocity;
        this.envelope = new int[(int) purchasing + 1];
        int k = 0;
        for (int c = 0; c <= purchasing; c++) {
            while (k + 1 < threshold.length && flaggedPurchasing[k + 1] <= c) {
                k++;
            }
            envelope[c] = k;
        }
    }

    /**
     * Builds the curve of the rows {@code rows} of the per-click columns.
     *
     * @param scores P(robotic) per click, in [0, 1]
     */
    static SliceCurve of(
            String name,
            double[] scores,
            boolean[] purchasingClick,
            boolean[] highVelocityClick,
            int[] rows) {
        if (rows.length == 0) {
            throw new CalibrationInfeasibleException(
                    "slice " + name + " has no held-out clicks to calibrate on");
        }
        Integer[] order = new Integer[rows.length];
        for (int i = 0; i < rows.length; i++) {
            order[i] = rows[i];
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int distinct = 1;
        for (int i = 1; i < order.length; i++) {
            if (scores[order[i]] != scores[order[i - 1]]) {
                distinct++;
            }
        }
        double[] threshold = new double[distinct + 1];
        long[] flagged = new long[distinct + 1];
        long[] flaggedPurchasing = new long[distinct + 1];
        long[] flaggedHighVelocity = new long[distinct + 1];
        threshold[0] = NEVER;
        long n = 0;
        long p = 0;
        long h = 0;
        int k = 0;
        for (int i = 0; i < order.length; i++) {
            int r = order[i];
            n++;
            if (purchasingClick[r]) {
                p++;
            }
            if (highVelocityClick[r]) {
                h++;
            }
            boolean lastOfTie = i + 1 == order.length || scores[order[i + 1]] != scores[r];
            if (lastOfTie) {
                k++;
                threshold[k] = scores[r];
                flagged[k] = n;
                flaggedPurchasing[k] = p;
                flaggedHighVelocity[k] = h;
            }
        }
        return new SliceCurve(
                name, n, p, h, threshold, flagged, flaggedPurchasing, flaggedHighVelocity);
    }

    public String name() {
        return name;
    }

    public long clicks() {
        return clicks;
    }

    public long purchasing() {
        return purchasing;
    }

    public long highVelocity() {
        return highVelocity;
    }

    /** Number of points on the curve, including the one that invalidates nothing. */
    public int size() {
        return threshold.length;
    }

    public double threshold(int point) {
        return threshold[point];
    }

    public double ivr(int point) {
        return (double) flagged[point] / clicks;
    }

    public double fpr(int point) {
        return purchasing == 0 ? Double.NaN : (double) flaggedPurchasing[point] / purchasing;
    }

    /** Coverage at a point; NaN when the slice has no high-velocity clicks. */
    public double coverage(int point) {
        return highVelocity == 0 ? Double.NaN : (double) flaggedHighVelocity[point] / highVelocity;
    }

    public long flagged(int point) {
        return flagged[point];
    }

    public long flaggedPurchasing(int point) {
        return flaggedPurchasing[point];
    }

    /** The envelope point for at most {@code c} invalidated purchasing clicks. */
    public int envelopePoint(long c) {
        return envelope[(int) Math.max(0, Math.min(purchasing, c))];
    }

    /**
     * The concave majorant of the envelope at {@code c} invalidated purchasing clicks, as an IVR:
     * the least concave function of c that is nowhere below the envelope's IVR. Its corners are
     * envelope points; between corners it interpolates linearly, and the gap below it there is what
     * a non-concave stretch of the curve (a cluster of robots behind one purchasing click) looks
     * like to a concave model.
     */
    public double majorantIvr(long c) {
        if (majorant == null) {
            majorant = concaveMajorant();
        }
        return majorant[(int) Math.max(0, Math.min(purchasing, c))] / clicks;
    }

    /** The counts of invalidated purchasing clicks at the corners of the concave majorant. */
    int[] majorantCorners() {
        if (majorant == null) {
            majorant = concaveMajorant();
        }
        return corners.clone();
    }

    /**
     * From {@code c} invalidated purchasing clicks, the count up to {@code maxC} that buys the most
     * clicks per extra purchasing click (the furthest of equals): the next corner of the concave
     * majorant of the curve cut at {@code maxC}. -1 when no step fits under {@code maxC}.
     */
    long bestStepFrom(long c, long maxC) {
        long from = Math.max(0, Math.min(purchasing, c));
        long limit = Math.min(purchasing, maxC);
        long base = flagged[envelope[(int) from]];
        long best = -1;
        double bestRate = -1;
        for (long next = from + 1; next <= limit; next++) {
            double rate = (double) (flagged[envelope[(int) next]] - base) / (next - from);
            if (rate >= bestRate) {
                bestRate = rate;
                best = next;
            }
        }
        return best;
    }

    /**
     * The most purchasing clicks, at most {@code max}, that the slice may spend while the clicks
     * its threshold invalidates are robots at an estimated share of at least {@code minPrecision};
     * 0 when no count from 1 on holds it (the clicks above every purchasing click are then all the
     * slice may take).
     *
     * <p>At {@code c} of the {@code P} purchasing clicks the FPR {@code f} is {@code bound}'s
     * estimate of {@code c} in {@code P} (the point estimate, or its Clopper–Pearson upper bound
     * where the policy holds the bound for so few labels), and with {@code I} of the slice's clicks
     * invalidated the {@code clicks - I} left valid hold the humans not invalidated, {@code (1 - f)
     * H}, and the robots missed; so {@code H <= (clicks - I) / (1 - f)} and the invalidated humans,
     * {@code f H}, are at most {@code (clicks - I) f / (1 - f)}. The estimate is {@code 1 - (clicks
     * - I) f / ((1 - f) I)}: it errs low, by the robots left valid, and does not depend on how many
     * of the slice's clicks are robots.
     */
    long precisionLimit(double minPrecision, long max, FprBoundPolicy bound) {
        for (long c = Math.min(max, purchasing - 1); c >= 1; c--) {
            double humans = invalidatedHumansAtMost(c, bound);
            if (!Double.isNaN(humans) && 1 - humans / flagged[envelope[(int) c]] >= minPrecision) {
                return c;
            }
        }
        return 0;
    }

    /**
     * At {@code c} invalidated purchasing clicks (at most all of them), the most humans among the
     * {@code I} invalidated clicks: {@code (clicks - I) f / (1 - f)} with {@code f} {@code bound}'s
     * estimate of {@code c} in {@code P} ({@link #precisionLimit} says why); NaN where nothing is
     * invalidated or {@code f} is 1, which bounds nothing.
     */
    private double invalidatedHumansAtMost(long c, FprBoundPolicy bound) {
        long invalid = flagged[envelope[(int) c]];
        double f = bound.estimate(c, purchasing);
        if (invalid == 0 || !(f < 1)) {
            return Double.NaN;
        }
        return (clicks - invalid) * f / (1 - f);
    }

    /**
     * The robots the slice's threshold at {@code c} invalidated purchasing clicks takes, at least:
     * its {@code I} invalidated clicks less the most humans among them ({@link
     * #invalidatedHumansAtMost}); 0 when that leaves none. A lower bound on the slice's robots,
     * whatever the share of them its threshold misses.
     */
    long robotsAtLeast(long c, FprBoundPolicy bound) {
        if (purchasing == 0) {
            return 0;
        }
        long at = Math.max(0, Math.min(purchasing, c));
        double humans = invalidatedHumansAtMost(at, bound);
        if (Double.isNaN(humans)) {
            return 0;
        }
        return Math.max(0, (long) Math.floor(flagged[envelope[(int) at]] - humans));
    }

    /**
     * How many purchasing clicks the slice may spend while every step of its staircase still
     * invalidates at least {@code minRate} clicks per purchasing click: -1 when not even the clicks
     * above every purchasing click do (the slice is better left invalidating nothing), else the
     * count where the first step falls short.
     *
     * <p>The steps are those the calibrator takes (from each count to the next corner of the
     * majorant of the rest of the curve, {@link #bestStepFrom}), and each step's yield is measured
     * over at least {@code window} purchasing clicks (or to the end of the curve): the human clicks
     * between two purchasing clicks are a geometric count, so over one step a stretch of humans
     * alone often looks two or three times as rich as it is, and over ten rarely does. A step
     * shorter than the window is still taken alone, so that a robot cluster behind one purchasing
     * click costs one, not ten. A first step that falls short while its first {@code window}
     * purchasing clicks do not (robots above a long stretch of humans alone) gives way to those.
     */
    long yieldLimit(double minRate, long window) {
        if (window < 1) {
            throw new IllegalArgumentException("yield window must be at least 1, got " + window);
        }
        if (purchasing == 0) {
            return 0;
        }
        // the first step counts the clicks above every purchasing click too: they come free
        // with it, and a slice without robots would invalidate them for nothing
        long first = Math.min(purchasing, Math.max(bestStepFrom(0, purchasing), window));
        long c = 0;
        if ((double) flagged[envelope[(int) first]] / first < minRate) {
            // the best first step may run far into the humans (a slice whose robots all score
            // above its purchasing clicks and whose rest is humans alone) and dilute the robots
            // it starts with: its first window of purchasing clicks is judged on its own
            long opening = Math.min(purchasing, window);
            if ((double) flagged[envelope[(int) opening]] / opening < minRate) {
                return -1;
            }
            c = opening;
        }
        while (c < purchasing) {
            long next = bestStepFrom(c, purchasing);
            if (next < 0) {
                break;
            }
            long end = Math.min(purchasing, Math.max(next, c + window));
            double rate =
                    (double) (flagged[envelope[(int) end]] - flagged[envelope[(int) c]])
                            / (end - c);
            if (rate < minRate) {
                break;
            }
            c = next;
        }
        return c;
    }

    /**
     * Clicks per purchasing click over the slice's first {@code count} purchasing clicks (at most
     * all of them), the clicks above every purchasing click included; NaN without purchasing
     * clicks.
     */
    double yieldOfFirst(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (purchasing == 0) {
            return Double.NaN;
        }
        long c = Math.min(purchasing, count);
        return (double) flagged[envelope[(int) c]] / c;
    }

    private double[] concaveMajorant() {
        int n = (int) purchasing + 1;
        // upper hull of the points (c, flagged at envelope(c)) by the monotone chain. Written
        // here: the points are already sorted on an integer axis and only the upper half is
        // wanted, a dozen lines; a general 2-D hull (commons-math's MonotoneChain) would need a
        // point object per count and would return the lower half too
        int[] hull = new int[n];
        int size = 0;
        for (int c = 0; c < n; c++) {
            long y = flagged[envelope[c]];
            while (size >= 2) {
                int a = hull[size - 2];
                int b = hull[size - 1];
                long ya = flagged[envelope[a]];
                long yb = flagged[envelope[b]];
                // drop b when it lies on or below the chord from a to c
                if ((double) (yb - ya) * (c - a) <= (double) (y - ya) * (b - a)) {
                    size--;
                } else {
                    break;
                }
            }
            hull[size++] = c;
        }
        corners = Arrays.copyOf(hull, size);
        double[] out = new double[n];
        for (int h = 0; h + 1 < size; h++) {
            int a = hull[h];
            int b = hull[h + 1];
            double ya = flagged[envelope[a]];
            double yb = flagged[envelope[b]];
            for (int c = a; c < b; c++) {
                out[c] = ya + (yb - ya) * (c - a) / (b - a);
            }
        }
        out[n - 1] = flagged[envelope[n - 1]];
        return out;
    }

    /** The envelope point for an FPR of at most {@code fpr}. */
    public int pointAtFpr(double fpr) {
        // the epsilon absorbs the rounding of c / p back and forth
        return envelopePoint((long) Math.floor(fpr * purchasing + 1e-9));
    }

    /**
     * The smallest number of invalidated purchasing clicks at which the envelope reaches coverage
     * {@code min}, or -1 when no threshold reaches it. Coverage is not a constraint when the slice
     * has no high-velocity clicks or {@code min <= 0}.
     */
    long minPurchasingForCoverage(double min) {
        if (min <= 0 || highVelocity == 0) {
            return 0;
        }
        for (int c = 0; c <= purchasing; c++) {
            if (coverage(envelope[c]) >= min - 1e-12) {
                return c;
            }
        }
        return -1;
    }
}
