package dev.slidr.training;

import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.QuadraticFit;
import dev.slidr.registry.calibration.SliceCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chooses one score threshold per slice so that the overall IVR is as high as possible while the
 * combined FPR stays within one budget and every slice keeps its minimum robotic coverage.
 *
 * <p>On held-out clicks it builds each slice's empirical curve (FPR_s(t), IVR_s(t)), fits IVR_s as
 * a concave quadratic of FPR_s (on the curve's concave majorant, {@link SliceCurve#majorantIvr}),
 * and solves the allocation as a convex quadratic program ({@link FprAllocation}, ojAlgo) with a
 * KKT check. Coverage is mapped through the same threshold curve exactly rather than fitted:
 * coverage, like FPR, only rises as the threshold falls, so "coverage_s >= m_s" is the same as
 * "FPR_s >= the FPR of the first envelope point that reaches m_s", a lower bound on f_s. The first
 * fits cover FPRs from 0 to {@code fitMaxFpr}; then, as in sequential quadratic programming, each
 * slice's quadratic is refitted on a window of ±max(budget / 2, 10 / purchasing clicks) around its
 * allocated FPR and the program solved again until the allocation settles, so that each quadratic
 * is accurate where it is used (one quadratic over a wide range misjudges the steep start of an
 * ROC-shaped curve). The KKT check applies to the last program.
 *
 * <p>The allocated FPR maps back to the lowest threshold whose empirical FPR does not exceed it;
 * the false positives that this rounding leaves unspent are then given out greedily, each to the
 * slice whose next step (as far ahead as its best rate goes) invalidates the most clicks per
 * purchasing click (the stationarity rule of the program, applied on the empirical staircase), and
 * a local exchange search moves false positives between slices while that invalidates more. The
 * result also carries the exact optimum on the empirical curves ({@link ExactAllocation}).
 *
 * <p>With a minimum marginal precision ({@link #withMinMarginalPrecision}) a slice spends false
 * positives only while they buy robots: every step must invalidate at least {@code 1 / (1 - p_min)}
 * times the slice's clicks per purchasing click (its IVR-FPR slope must be at least that), which
 * caps each slice's FPR before the program, the rounding, the exchanges and the exact optimum see
 * it. The budget stays an upper limit, not a target. A minimum slice precision ({@link
 * #withMinSlicePrecision}) caps it further where the clicks a slice's threshold invalidates would,
 * as a whole, hold too many humans.
 *
 * <pre>{@code
 * SliceCalibrator calibrator =
 *         new SliceCalibrator(List.of("desktop|in", "desktop|out"), 0.02, new double[] {0.5, 0.5});
 * CalibrationResult result = calibrator.calibrate("c-1", scores, slice, purchasing, fast);
 * }</pre>
 */
public final class SliceCalibrator {

    private static final int REFITS = 20;

    /** Most improving exchanges made on the staircase after rounding. */
    private static final int EXCHANGE_ROUNDS = 50;

    /** Single steps back tried per slice in an exchange, besides the majorant's corners. */
    private static final int TAKE_BACK_STEPS = 16;

    /** FPR change below which the refitted allocation counts as settled. */
    private static final double SETTLED = 1e-4;

    /**
     * Purchasing clicks over which a step's yield is measured at the least ({@link
     * SliceCurve#yieldLimit}): over ten, a stretch of humans alone reaches twice its mean yield
     * with a chance of about 0.5 %; over one, 14 %. A slice whose cap allows fewer false positives
     * is measured over those ({@link #yieldWindow}).
     */
    static final long YIELD_WINDOW = 10;

    /**
     * At most this many walks of a slice's staircase, each with the robots the one before showed:
     * every walk goes at least as far down as the last, and they end when one stops where the last
     * did.
     */
    static final int MAX_YIELD_PASSES = 16;

    /**
     * The yield window of a slice that may spend at most {@code maxFalsePositives} purchasing
     * clicks: {@link #YIELD_WINDOW}, or that count where it is smaller (at least one). A window
     * longer than the slice's cap measures the yield of clicks its threshold can never reach: on a
     * log with 0.2 % install labels a slice holds about 100 purchasing clicks, its cap allows none
     * under the 95 % bound, and the first ten purchasing clicks lie behind a third of the slice's
     * humans, so that even a model that ranked every robot first stayed under the floor and the
     * slice invalidated nothing. Such a slice is judged, in one step, on the yield of its first
     * {@code window} purchasing clicks ({@link SliceCurve#yieldOfFirst}, the clicks above them
     * included): the stretch its threshold can take. Over one purchasing click a stretch of humans
     * alone reaches the floor at 0.75 (at least four times its mean yield) with a chance of about 2
     * %.
     */
    static long yieldWindow(long maxFalsePositives) {
        return Math.max(1, Math.min(YIELD_WINDOW, maxFalsePositives));
    }

    private final List<String> sliceNames;
    private final double budget;
    private final double[] minCoverage;
    private final double fitMaxFpr;
    private final double maxSliceFpr;
    private final FprBoundPolicy fprBound;
    private final double minMarginalPrecision;
    private final double minSlicePrecision;
    private final Consumer<String> notices;

    /**
     * @param sliceNames slice names; slice id {@code i} in {@link #calibrate} is {@code
     *     sliceNames.get(i)}
     * @param budget combined FPR budget in (0, 1]
     * @param minCoverage robotic coverage floor per slice, each in [0, 1]
     */
    public SliceCalibrator(List<String> sliceNames, double budget, double[] minCoverage) {
        this(
                sliceNames,
                budget,
                minCoverage,
                Math.min(1.0, 4 * budget),
                1.0,
                new FprBoundPolicy(FprBoundPolicy.Held.POINT, ClopperPearson.DEFAULT_CONFIDENCE, 0),
                0,
                0,
                notice -> {});
    }

    private SliceCalibrator(
            List<String> sliceNames,
            double budget,
            double[] minCoverage,
            double fitMaxFpr,
            double maxSliceFpr,
            FprBoundPolicy fprBound,
            double minMarginalPrecision,
            double minSlicePrecision,
            Consumer<String> notices) {
        if (sliceNames == null || sliceNames.isEmpty()) {
            throw new IllegalArgumentException("at least one slice is needed");
        }
        if (sliceNames.stream().distinct().count() != sliceNames.size()) {
            throw new IllegalArgumentException("slice names must be unique: " + sliceNames);
        }
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("FPR budget must be in (0, 1], got " + budget);
        }
        if (minCoverage == null || minCoverage.length != sliceNames.size()) {
            throw new IllegalArgumentException(
                    "need one coverage minimum per slice (" + sliceNames.size() + ")");
        }
        for (int s = 0; s < minCoverage.length; s++) {
            if (!(minCoverage[s] >= 0 && minCoverage[s] <= 1)) {
                throw new IllegalArgumentException(
                        "coverage minimum of slice "
                                + sliceNames.get(s)
                                + " must be in [0, 1], got "
                                + minCoverage[s]);
            }
        }
        if (!(fitMaxFpr > 0 && fitMaxFpr <= 1)) {
            throw new IllegalArgumentException("fit range must be in (0, 1], got " + fitMaxFpr);
        }
        if (!(maxSliceFpr > 0 && maxSliceFpr <= 1)) {
            throw new IllegalArgumentException(
                    "per-slice FPR cap must be in (0, 1], got " + maxSliceFpr);
        }
        this.sliceNames = List.copyOf(sliceNames);
        this.budget = budget;
        this.minCoverage = minCoverage.clone();
        this.fitMaxFpr = fitMaxFpr;
        this.maxSliceFpr = maxSliceFpr;
        if (!(minMarginalPrecision >= 0 && minMarginalPrecision < 1)) {
            throw new IllegalArgumentException(
                    "minimum marginal precision must be in [0, 1), got " + minMarginalPrecision);
        }
        this.fprBound = Objects.requireNonNull(fprBound, "fprBound");
        this.minMarginalPrecision = minMarginalPrecision;
        if (!(minSlicePrecision >= 0 && minSlicePrecision < 1)) {
            throw new IllegalArgumentException(
                    "minimum slice precision must be in [0, 1), got " + minSlicePrecision);
        }
        this.minSlicePrecision = minSlicePrecision;
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /** The same calibrator with a different initial FPR range for the quadratic fits. */
    public SliceCalibrator withFitMaxFpr(double value) {
        return new SliceCalibrator(
                sliceNames,
                budget,
                minCoverage,
                value,
                maxSliceFpr,
                fprBound,
                minMarginalPrecision,
                minSlicePrecision,
                notices);
    }

    /**
     * The same calibrator with a cap on every slice's FPR: no slice may spend more than {@code
     * value} of its own purchasing clicks, however cheap its clicks are. Without a cap the program
     * pours the budget into the slice where the fewest clicks purchase, since flagging even
     * ordinary human clicks there buys the most IVR per false positive; and a slice's FPR measured
     * on a few hundred purchasing clicks is the least certain, so a large share there is also the
     * least likely to hold on another day.
     */
    public SliceCalibrator withMaxSliceFpr(double value) {
        return new SliceCalibrator(
                sliceNames,
                budget,
                minCoverage,
                fitMaxFpr,
                value,
                fprBound,
                minMarginalPrecision,
                minSlicePrecision,
                notices);
    }

    /**
     * The same calibrator holding each slice's cap ({@link #withMaxSliceFpr}) to the estimate
     * {@code policy} names: with the bound held, a slice of n purchasing clicks may spend only as
     * many false positives as keep the Clopper–Pearson upper bound at or under the cap (1 of 150 at
     * a cap of 0.04, where the point estimate would allow 6). A slice where not even none does is
     * held at none; the caller may rather leave it uncalibrated. The default holds the point
     * estimate.
     */
    public SliceCalibrator withFprBound(FprBoundPolicy policy) {
        return new SliceCalibrator(
                sliceNames,
                budget,
                minCoverage,
                fitMaxFpr,
                maxSliceFpr,
                policy,
                minMarginalPrecision,
                minSlicePrecision,
                notices);
    }

    /**
     * The same calibrator spending a slice's false positives only while the clicks they buy are
     * robots at a share of at least {@code value} (0 turns the rule off, the default).
     *
     * <p>Where only humans are added, and the purchasing clicks are a representative sample of the
     * slice's humans, each purchasing click invalidated brings {@code H_s / P_s} clicks with it
     * (humans per purchasing human), so the slope dIVR_s/dFPR_s is the slice's human share {@code
     * H_s / N_s <= 1}; where a share r of the added clicks are robots it is {@code (H_s / N_s) / (1
     * - r)}. Requiring a slope of at least {@code (H_s / N_s) / (1 - value)}, that is at least
     * {@code H_s / (P_s (1 - value))} clicks per purchasing click, therefore admits only stretches
     * where {@code r >= value}. The labels do not give {@code H_s}: the rule takes {@code N_s - R},
     * with {@code R} the robots the slice's threshold is known to take ({@link
     * SliceCurve#robotsAtLeast} where a walk of the staircase stopped), walking again with each
     * larger {@code R} until the stop holds (more than {@code value} where {@code R} misses
     * robots). A slice's FPR then stops where its robots end, however much of the budget is left:
     * the budget is an upper limit, not a target. A slice whose clicks above every purchasing click
     * fall short too invalidates nothing, unless its coverage floor needs it to; a coverage floor
     * always wins over this rule.
     */
    public SliceCalibrator withMinMarginalPrecision(double value) {
        return new SliceCalibrator(
                sliceNames,
                budget,
                minCoverage,
                fitMaxFpr,
                maxSliceFpr,
                fprBound,
                value,
                minSlicePrecision,
                notices);
    }

    /**
     * The same calibrator holding each slice's estimated precision, over all the clicks its
     * threshold invalidates, to at least {@code value} (0 turns the rule off, the default).
     *
     * <p>The minimum marginal precision judges each step of the staircase alone, so a slice whose
     * steps all just pass it can end far under it on average once its robots run out early: a slice
     * with few robots, where a step at 0.75 robots costs as many humans as the robots it adds. This
     * rule judges where the threshold ends: at {@code c} of the slice's {@code P} purchasing clicks
     * ({@code f = c / P}, or the bound of {@link #withFprBound} where it is held), with {@code I}
     * of its {@code N} clicks invalidated, the {@code N - I} clicks left valid bound its humans by
     * {@code (N - I) / (1 - f)} (the purchasing clicks taken as a sample of them), so at most
     * {@code (N - I) f / (1 - f)} of the invalidated clicks are humans ({@link
     * SliceCurve#precisionLimit}). The slice may spend the most purchasing clicks at which {@code 1
     * - (N - I) f / ((1 - f) I)} is at least {@code value}; the clicks above every purchasing
     * click, at {@code c = 0}, always pass. A coverage floor still wins over it.
     */
    public SliceCalibrator withMinSlicePrecision(double value) {
        return new SliceCalibrator(
                sliceNames,
                budget,
                minCoverage,
                fitMaxFpr,
                maxSliceFpr,
                fprBound,
                minMarginalPrecision,
                value,
                notices);
    }

    /**
     * The same calibrator telling {@code sink} one line for each slice that the minimum marginal
     * precision stops or switches off.
     */
    public SliceCalibrator withNotices(Consumer<String> sink) {
        return new SliceCalibrator(
                sliceNames,
                budget,
                minCoverage,
                fitMaxFpr,
                maxSliceFpr,
                fprBound,
                minMarginalPrecision,
                minSlicePrecision,
                sink);
    }

    /**
     * Calibrates on held-out clicks.
     *
     * @param version calibration version to record
     * @param scores P(robotic) per click, in [0, 1]
     * @param slice slice id per click, an index into the slice names
     * @param purchasing whether each click led to a purchase
     * @param highVelocity whether each click is in a session with more than k ad clicks in an hour
     */
    public CalibrationResult calibrate(
            String version,
            double[] scores,
            int[] slice,
            boolean[] purchasing,
            boolean[] highVelocity) {
        List<SliceCurve> curves = curves(scores, slice, purchasing, highVelocity);
        int s = curves.size();
        long totalClicks = 0;
        long totalPurchasing = 0;
        for (SliceCurve curve : curves) {
            totalClicks += curve.clicks();
            totalPurchasing += curve.purchasing();
        }
        double[] u = new double[s];
        double[] q = new double[s];
        double[] lower = new double[s];
        double[] upper = new double[s];
        long[] minPurchasing = new long[s];
        long[] maxPurchasing = new long[s];
        for (int i = 0; i < s; i++) {
            SliceCurve curve = curves.get(i);
            u[i] = (double) curve.clicks() / totalClicks;
            q[i] = (double) curve.purchasing() / totalPurchasing;
            minPurchasing[i] = curve.minPurchasingForCoverage(minCoverage[i]);
            if (minPurchasing[i] < 0) {
                throw new CalibrationInfeasibleException(
                        "slice "
                                + curve.name()
                                + " never reaches robotic coverage "
                                + minCoverage[i]
                                + " at any threshold (at most "
                                + curve.coverage(curve.size() - 1)
                                + ")");
            }
            maxPurchasing[i] =
                    Math.max(0, fprBound.maxFalsePositives(curve.purchasing(), maxSliceFpr));
            if (minPurchasing[i] > maxPurchasing[i]) {
                throw new CalibrationInfeasibleException(
                        "slice "
                                + curve.name()
                                + " needs FPR "
                                + (double) minPurchasing[i] / curve.purchasing()
                                + " for robotic coverage "
                                + minCoverage[i]
                                + ", over the per-slice cap "
                                + maxSliceFpr);
            }
        }
        boolean[] off = yieldFloor(curves, minPurchasing, maxPurchasing);
        precisionFloor(curves, minPurchasing, maxPurchasing, off);
        for (int i = 0; i < s; i++) {
            SliceCurve curve = curves.get(i);
            lower[i] = (double) minPurchasing[i] / curve.purchasing();
            upper[i] = (double) maxPurchasing[i] / curve.purchasing();
        }

        QuadraticFit[] fits = new QuadraticFit[s];
        for (int i = 0; i < s; i++) {
            fits[i] = fit(curves.get(i), 0, fitMaxFpr);
        }
        FprAllocation.Result allocation = FprAllocation.solve(u, q, fits, lower, upper, budget);
        for (int round = 0; round < REFITS; round++) {
            double[] previous = allocation.fpr();
            for (int i = 0; i < s; i++) {
                double half = Math.max(0.5 * budget, 10.0 / curves.get(i).purchasing());
                fits[i] = fit(curves.get(i), previous[i] - half, previous[i] + half);
            }
            allocation = FprAllocation.solve(u, q, fits, lower, upper, budget);
            double moved = 0;
            for (int i = 0; i < s; i++) {
                moved = Math.max(moved, Math.abs(allocation.fpr()[i] - previous[i]));
            }
            if (moved < SETTLED) {
                break;
            }
        }

        long[] chosen = roundToStaircase(curves, allocation.fpr(), minPurchasing, maxPurchasing);
        ExactAllocation.Result exact =
                ExactAllocation.solve(curves, budget, minPurchasing, maxPurchasing);
        long exactInvalidated = exact.invalidated();
        for (int i = 0; i < s; i++) {
            if (off[i]) {
                // the exact program counts the clicks a switched-off slice would get for free
                exactInvalidated -= curves.get(i).flagged(exact.points()[i]);
            }
        }

        List<SliceCalibration> out = new ArrayList<>(s);
        long invalidated = 0;
        long invalidatedPurchasing = 0;
        for (int i = 0; i < s; i++) {
            SliceCurve curve = curves.get(i);
            int point = off[i] ? 0 : curve.envelopePoint(chosen[i]);
            invalidated += curve.flagged(point);
            invalidatedPurchasing += curve.flaggedPurchasing(point);
            double f = allocation.fpr()[i];
            out.add(
                    new SliceCalibration(
                            curve.name(),
                            curve.threshold(point),
                            f,
                            fits[i],
                            fits[i].value(f),
                            curve.ivr(point),
                            curve.fpr(point),
                            curve.coverage(point),
                            minCoverage[i],
                            curve.clicks(),
                            curve.purchasing(),
                            curve.highVelocity(),
                            curve.fpr(off[i] ? 0 : exact.points()[i])));
        }
        return new CalibrationResult(
                version,
                budget,
                out,
                allocation.objective(),
                (double) invalidated / totalClicks,
                (double) exactInvalidated / totalClicks,
                exact.discretized(),
                (double) invalidatedPurchasing / totalPurchasing,
                allocation.kkt());
    }

    /**
     * Lowers each slice's most purchasing clicks to where its yield falls under the minimum
     * marginal precision ({@link #withMinMarginalPrecision}), never under its coverage floor; says
     * which slices it stopped. Returns the slices switched off entirely.
     */
    private boolean[] yieldFloor(
            List<SliceCurve> curves, long[] minPurchasing, long[] maxPurchasing) {
        boolean[] off = new boolean[curves.size()];
        if (minMarginalPrecision <= 0) {
            return off;
        }
        for (int i = 0; i < curves.size(); i++) {
            SliceCurve curve = curves.get(i);
            // the humans behind each purchasing click are H / P; H is at most the slice's clicks
            // less the robots its threshold is known to take, a bound that tightens as the
            // threshold goes down, so the walk is repeated until it stops where it stopped before
            long robots = 0;
            double perPurchase = perPurchase(curve, robots);
            long limit = yieldStop(curve, perPurchase, maxPurchasing[i]);
            for (int pass = 0; pass < MAX_YIELD_PASSES; pass++) {
                long known = curve.robotsAtLeast(Math.max(0, limit), fprBound);
                if (known <= robots) {
                    break;
                }
                robots = known;
                perPurchase = perPurchase(curve, robots);
                long further = yieldStop(curve, perPurchase, maxPurchasing[i]);
                if (further <= limit) {
                    break;
                }
                limit = further;
            }
            if (limit < 0 && minPurchasing[i] == 0) {
                off[i] = true;
                maxPurchasing[i] = 0;
                notices.accept(
                        String.format(
                                Locale.ROOT,
                                "slice %s: no stretch of its curve invalidates %.1f clicks per"
                                        + " purchasing click (marginal precision %.2f); it"
                                        + " invalidates nothing",
                                curve.name(),
                                perPurchase,
                                minMarginalPrecision));
            } else if (Math.max(limit, minPurchasing[i]) < maxPurchasing[i]) {
                maxPurchasing[i] = Math.max(limit, minPurchasing[i]);
                notices.accept(
                        String.format(
                                Locale.ROOT,
                                "slice %s: its yield falls under %.1f clicks per purchasing click"
                                        + " (marginal precision %.2f, %d of its %d clicks robots at"
                                        + " least) after %d of %d purchasing clicks; FPR at most"
                                        + " %.4f",
                                curve.name(),
                                perPurchase,
                                minMarginalPrecision,
                                robots,
                                curve.clicks(),
                                maxPurchasing[i],
                                curve.purchasing(),
                                (double) maxPurchasing[i] / curve.purchasing()));
            }
        }
        return off;
    }

    /** Clicks per purchasing click a step must invalidate, with at least {@code robots} known. */
    private double perPurchase(SliceCurve curve, long robots) {
        return (double) (curve.clicks() - robots) / curve.purchasing() / (1 - minMarginalPrecision);
    }

    /** Where the slice's walk stops at {@code perPurchase} clicks per purchasing click. */
    private long yieldStop(SliceCurve curve, double perPurchase, long maxPurchasing) {
        long window = yieldWindow(maxPurchasing);
        if (window < YIELD_WINDOW && curve.purchasing() > 0) {
            // the whole stretch the cap lets it take, judged in one step
            return curve.yieldOfFirst(window) >= perPurchase ? maxPurchasing : -1;
        }
        return curve.yieldLimit(perPurchase, YIELD_WINDOW);
    }

    /**
     * Lowers each slice's most purchasing clicks to the most at which its estimated precision holds
     * the minimum slice precision ({@link #withMinSlicePrecision}), never under its coverage floor;
     * says which slices it lowered.
     */
    private void precisionFloor(
            List<SliceCurve> curves, long[] minPurchasing, long[] maxPurchasing, boolean[] off) {
        if (minSlicePrecision <= 0) {
            return;
        }
        for (int i = 0; i < curves.size(); i++) {
            SliceCurve curve = curves.get(i);
            if (off[i] || maxPurchasing[i] == 0) {
                continue;
            }
            long limit = curve.precisionLimit(minSlicePrecision, maxPurchasing[i], fprBound);
            long kept = Math.max(limit, minPurchasing[i]);
            if (kept < maxPurchasing[i]) {
                notices.accept(
                        String.format(
                                Locale.ROOT,
                                "slice %s: its estimated precision falls under %.2f after %d of %d"
                                        + " purchasing clicks (it could spend %d); FPR at most"
                                        + " %.4f",
                                curve.name(),
                                minSlicePrecision,
                                kept,
                                curve.purchasing(),
                                maxPurchasing[i],
                                (double) kept / curve.purchasing()));
                maxPurchasing[i] = kept;
            }
        }
    }

    private List<SliceCurve> curves(
            double[] scores, int[] slice, boolean[] purchasing, boolean[] highVelocity) {
        int n = scores.length;
        if (slice.length != n || purchasing.length != n || highVelocity.length != n) {
            throw new InvalidTrainingDataException(
                    "scores, slices, purchases and velocity flags differ in length: "
                            + n
                            + ", "
                            + slice.length
                            + ", "
                            + purchasing.length
                            + ", "
                            + highVelocity.length);
        }
        int[] counts = new int[sliceNames.size()];
        for (int i = 0; i < n; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new InvalidTrainingDataException(
                        "score of click " + i + " is " + scores[i] + ", expected [0, 1]");
            }
            if (slice[i] < 0 || slice[i] >= counts.length) {
                throw new InvalidTrainingDataException(
                        "slice id of click "
                                + i
                                + " is "
                                + slice[i]
                                + ", expected 0.."
                                + (counts.length - 1));
            }
            counts[slice[i]]++;
        }
        int[][] rows = new int[counts.length][];
        for (int s = 0; s < counts.length; s++) {
            rows[s] = new int[counts[s]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < n; i++) {
            rows[slice[i]][fill[slice[i]]++] = i;
        }
        List<SliceCurve> curves = new ArrayList<>(counts.length);
        for (int s = 0; s < counts.length; s++) {
            SliceCurve curve =
                    SliceCurve.of(sliceNames.get(s), scores, purchasing, highVelocity, rows[s]);
            if (curve.purchasing() == 0) {
                throw new CalibrationInfeasibleException(
                        "slice "
                                + curve.name()
                                + " has no purchasing clicks, so its FPR cannot be measured");
            }
            curves.add(curve);
        }
        return curves;
    }

    /**
     * Concave fit of the envelope's concave majorant ({@link SliceCurve#majorantIvr}) sampled at
     * every count of false positives whose FPR lies in {@code [from, to]} (clamped to [0, 1],
     * widened to at least three samples). The majorant rather than the staircase itself: where a
     * slice's curve climbs in jumps, a quadratic fitted to the steps inside a narrow window sees a
     * flat stretch and misses the jump just past it, and the refits then settle far from the best
     * allocation.
     */
    static QuadraticFit fit(SliceCurve curve, double from, double to) {
        long p = curve.purchasing();
        long first = (long) Math.max(0, Math.ceil(from * p - 1e-9));
        long last = (long) Math.min(p, Math.floor(to * p + 1e-9));
        while (last - first < 2 && (first > 0 || last < p)) {
            first = Math.max(0, first - 1);
            last = Math.min(p, last + 1);
        }
        int count = (int) (last - first + 1);
        double[] f = new double[count];
        double[] ivr = new double[count];
        for (int k = 0; k < count; k++) {
            long c = first + k;
            f[k] = (double) c / p;
            ivr[k] = curve.majorantIvr(c);
        }
        return QuadraticFit.fit(f, ivr);
    }

    /**
     * Floors each allocated FPR to a whole number of false positives, spends what the flooring left
     * of the budget one threshold step at a time, best clicks-per-false-positive first, then
     * improves the result by exchanges.
     */
    private long[] roundToStaircase(
            List<SliceCurve> curves, double[] fpr, long[] minPurchasing, long[] maxPurchasing) {
        int s = curves.size();
        long totalPurchasing = 0;
        for (SliceCurve curve : curves) {
            totalPurchasing += curve.purchasing();
        }
        long capacity = (long) Math.floor(budget * totalPurchasing + 1e-9);
        long[] c = new long[s];
        for (int i = 0; i < s; i++) {
            SliceCurve curve = curves.get(i);
            c[i] =
                    Math.max(
                            minPurchasing[i],
                            (long) Math.floor(fpr[i] * curve.purchasing() + 1e-9));
            c[i] = curve.flaggedPurchasing(curve.envelopePoint(c[i]));
            c[i] = Math.max(c[i], minPurchasing[i]);
        }
        spend(curves, c, capacity, maxPurchasing);
        exchange(curves, c, capacity, minPurchasing, maxPurchasing);
        return c;
    }

    /**
     * Spends what is left of {@code capacity} false positives one step at a time, each to the slice
     * whose next step (up to the next corner of its majorant that fits) invalidates the most clicks
     * per purchasing click: the stationarity rule of the program, applied on the staircase.
     */
    private static void spend(
            List<SliceCurve> curves, long[] c, long capacity, long[] maxPurchasing) {
        int s = curves.size();
        long used = 0;
        for (long v : c) {
            used += v;
        }
        while (true) {
            int bestSlice = -1;
            double bestRate = 0;
            long bestCost = 0;
            for (int i = 0; i < s; i++) {
                SliceCurve curve = curves.get(i);
                // a single purchasing click further may buy little where the one after it buys
                // a cluster of robots, so the step looks as far ahead as the budget allows
                long limit = Math.min(maxPurchasing[i], c[i] + capacity - used);
                long next = curve.bestStepFrom(c[i], limit);
                if (next < 0) {
                    continue;
                }
                long cost = next - c[i];
                long gain = flagged(curve, next) - flagged(curve, c[i]);
                double rate = (double) gain / cost;
                if (gain > 0 && rate > bestRate) {
                    bestSlice = i;
                    bestRate = rate;
                    bestCost = cost;
                }
            }
            if (bestSlice < 0) {
                return;
            }
            c[bestSlice] += bestCost;
            used += bestCost;
        }
    }

    /**
     * Local search on the staircase: takes back part of one slice's false positives (to a corner of
     * its majorant, or a few steps), spends them again greedily, and keeps the best change that
     * invalidates more clicks; until no such change is left. The greedy steps alone can stop short
     * of a jump in one slice that the budget spent elsewhere would have reached.
     */
    private static void exchange(
            List<SliceCurve> curves,
            long[] c,
            long capacity,
            long[] minPurchasing,
            long[] maxPurchasing) {
        int s = curves.size();
        for (int round = 0; round < EXCHANGE_ROUNDS; round++) {
            long best = total(curves, c);
            long[] bestTrial = null;
            for (int i = 0; i < s; i++) {
                for (long back : takeBacks(curves.get(i), c[i], minPurchasing[i])) {
                    long[] trial = c.clone();
                    trial[i] = back;
                    spend(curves, trial, capacity, maxPurchasing);
                    long value = total(curves, trial);
                    if (value > best) {
                        best = value;
                        bestTrial = trial;
                    }
                }
            }
            if (bestTrial == null) {
                return;
            }
            System.arraycopy(bestTrial, 0, c, 0, s);
        }
    }

    /** Counts below {@code c} to try: the majorant's corners and the last few steps. */
    private static List<Long> takeBacks(SliceCurve curve, long c, long min) {
        List<Long> out = new ArrayList<>();
        for (int corner : curve.majorantCorners()) {
            if (corner >= min && corner < c - TAKE_BACK_STEPS) {
                out.add((long) corner);
            }
        }
        for (long back = Math.max(min, c - TAKE_BACK_STEPS); back < c; back++) {
            out.add(back);
        }
        return out;
    }

    private static long flagged(SliceCurve curve, long c) {
        return curve.flagged(curve.envelopePoint(c));
    }

    private static long total(List<SliceCurve> curves, long[] c) {
        long sum = 0;
        for (int i = 0; i < c.length; i++) {
            sum += flagged(curves.get(i), c[i]);
        }
        return sum;
    }
}
