package dev.slidr.training.pipeline;

import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.SliceCalibration;
import dev.slidr.training.SliceCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the weak FPR of the purchasing clicks behind busy addresses (carrier NAT, offices: at least
 * {@link #BUSY_USERS} distinct user keys on the IP in 24 h) to the calibration target in every
 * slice, raising a slice's threshold where the calibrated one leaves them above it.
 *
 * <p>The calibrator holds each slice's FPR over all its purchasing clicks, and lets a slice rich in
 * robots spend up to the slice cap; the customers behind a handful of busy addresses are a small
 * part of a slice and can pay more than their share without the slice's figure showing it. A
 * purchase vouches for a human whatever the address, so the purchasing clicks behind busy addresses
 * are a calibration group of their own: no slice may invalidate more than the target's share of
 * them. Click farms sit behind busy addresses too, but never purchase, so the group holds humans
 * only. A slice with fewer than {@code 1 / target} such clicks cannot show one false positive
 * within the target and is left as calibrated.
 */
final class BusyAddressHold {

    /** Distinct user keys on an IP in 24 h from which the address counts as busy. */
    static final float BUSY_USERS = 20f;

    /** What the hold did to one slice. */
    record Raise(
            String slice,
            long busyPurchasing,
            double busyFprBefore,
            double busyFprAfter,
            double thresholdBefore,
            double thresholdAfter) {}

    private BusyAddressHold() {}

    /**
     * The calibration with every slice's busy-address purchasing clicks held to {@code target}; the
     * slices it raised are added to {@code raised}. Figures of a raised slice (IVR, FPR, coverage)
     * are measured again on {@code rows} at its new threshold, and so are the result's realized
     * objective and FPR.
     *
     * @param scores score of each row of {@code table}
     * @param rows the calibration rows
     */
    static CalibrationResult hold(
            CalibrationResult result,
            double[] scores,
            FeatureTable table,
            int[] rows,
            double target,
            List<Raise> raised) {
        Map<Integer, List<Double>> busy = new HashMap<>();
        for (int i : rows) {
            if (table.purchasing[i] && table.ipUsers24h[i] >= BUSY_USERS) {
                busy.computeIfAbsent(table.slice[i], s -> new ArrayList<>()).add(scores[i]);
            }
        }
        double[] thresholds = new double[result.slices().size()];
        boolean any = false;
        for (int s = 0; s < thresholds.length; s++) {
            SliceCalibration c = result.slices().get(s);
            thresholds[s] = c.threshold();
            List<Double> group = busy.get(s);
            if (c.threshold() >= SliceCurve.NEVER || group == null || group.size() * target < 1) {
                continue;
            }
            double[] desc = group.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(desc);
            reverse(desc);
            int allowed = (int) Math.floor(target * desc.length);
            long before = countAtLeast(desc, c.threshold());
            if (before <= allowed) {
                continue;
            }
            // just above the first score that must not be invalidated (ties go with it)
            double t = Math.max(c.threshold(), Math.nextUp(desc[allowed]));
            thresholds[s] = t;
            any = true;
            raised.add(
                    new Raise(
                            c.slice(),
                            desc.length,
                            (double) before / desc.length,
                            (double) countAtLeast(desc, t) / desc.length,
                            c.threshold(),
                            t));
        }
        return any ? remeasured(result, thresholds, scores, table, rows) : result;
    }

    private static CalibrationResult remeasured(
            CalibrationResult result,
            double[] thresholds,
            double[] scores,
            FeatureTable table,
            int[] rows) {
        int n = thresholds.length;
        long[] clicks = new long[n];
        long[] invalid = new long[n];
        long[] purchasing = new long[n];
        long[] purchasingInvalid = new long[n];
        long[] fast = new long[n];
        long[] fastInvalid = new long[n];
        for (int i : rows) {
            int s = table.slice[i];
            boolean inv = scores[i] >= thresholds[s];
            clicks[s]++;
            invalid[s] += inv ? 1 : 0;
            if (table.purchasing[i]) {
                purchasing[s]++;
                purchasingInvalid[s] += inv ? 1 : 0;
            }
            if (table.highVelocity[i]) {
                fast[s]++;
                fastInvalid[s] += inv ? 1 : 0;
            }
        }
        List<SliceCalibration> slices = new ArrayList<>(n);
        long allClicks = 0;
        long allInvalid = 0;
        long allPurchasing = 0;
        long allPurchasingInvalid = 0;
        for (int s = 0; s < n; s++) {
            SliceCalibration c = result.slices().get(s);
            if (c.threshold() >= SliceCurve.NEVER) {
                // not calibrated (no purchasing clicks to measure): outside the realized figures
                slices.add(c);
                continue;
            }
            allClicks += clicks[s];
            allInvalid += invalid[s];
            allPurchasing += purchasing[s];
            allPurchasingInvalid += purchasingInvalid[s];
            if (thresholds[s] == c.threshold()) {
                slices.add(c);
                continue;
            }
            slices.add(
                    new SliceCalibration(
                            c.slice(),
                            thresholds[s],
                            c.chosenFpr(),
                            c.fit(),
                            c.expectedIvr(),
                            ratio(invalid[s], clicks[s]),
                            ratio(purchasingInvalid[s], purchasing[s]),
                            ratio(fastInvalid[s], fast[s]),
                            c.minCoverage(),
                            c.clicks(),
                            c.purchasing(),
                            c.highVelocity(),
                            c.exactFpr()));
        }
        return new CalibrationResult(
                result.version(),
                result.budget(),
                slices,
                result.fittedObjective(),
                ratio(allInvalid, allClicks),
                result.exactObjective(),
                result.exactDiscretized(),
                ratio(allPurchasingInvalid, allPurchasing),
                result.kkt(),
                result.slicing());
    }

    private static long countAtLeast(double[] desc, double threshold) {
        long n = 0;
        for (double d : desc) {
            if (d >= threshold) {
                n++;
            }
        }
        return n;
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
