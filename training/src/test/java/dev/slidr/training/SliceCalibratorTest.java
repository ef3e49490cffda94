package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.registry.calibration.CalibrationFile;
import dev.slidr.registry.calibration.CalibrationResult;
import dev.slidr.registry.calibration.SliceCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SliceCalibratorTest {

    private static final List<String> SLICES =
            List.of("desktop|in", "desktop|out", "mobile|in", "mobile|out");

    /** Held-out clicks: per slice a robot share, and scores from two overlapping laws. */
    record Clicks(double[] score, int[] slice, boolean[] purchasing, boolean[] fast) {}

    static Clicks realistic(long seed) {
        Random random = new Random(seed);
        int[] sizes = {96000, 80000, 64000, 48000};
        double[] robotShare = {0.10, 0.40, 0.15, 0.30};
        double[] separation = {2.5, 2.0, 1.8, 2.2};
        int n = 0;
        for (int size : sizes) {
            n += size;
        }
        Clicks c = new Clicks(new double[n], new int[n], new boolean[n], new boolean[n]);
        int i = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (int k = 0; k < sizes[s]; k++, i++) {
                boolean robot = random.nextDouble() < robotShare[s];
                double z =
                        robot
                                ? separation[s] / 2 + 1.1 * random.nextGaussian()
                                : -separation[s] / 2 + random.nextGaussian();
                c.score()[i] = RobotNetwork.sigmoid(z - 1.5);
                c.slice()[i] = s;
                c.purchasing()[i] = !robot && random.nextDouble() < 0.12;
                c.fast()[i] = robot ? random.nextDouble() < 0.6 : random.nextDouble() < 0.03;
            }
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(longs = {7L, 11L, 13L})
    void meetsBudgetAndCoverageAndComesWithinOnePercentOfTheExactOptimum(long seed) {
        Clicks c = realistic(seed);
        double[] minCoverage = {0.3, 0.3, 0.3, 0.3};
        CalibrationResult result =
                new SliceCalibrator(SLICES, 0.05, minCoverage)
                        .calibrate("c-test", c.score(), c.slice(), c.purchasing(), c.fast());

        System.out.printf(
                "calibration: realized IVR %.5f, exact IVR %.5f, gap %.4f%%, fitted %.5f,"
                        + " FPR %.4f, KKT %s%n",
                result.realizedObjective(),
                result.exactObjective(),
                100 * result.optimalityGap(),
                result.fittedObjective(),
                result.realizedFpr(),
                result.kkt());
        assertThat(result.exactDiscretized()).isFalse();
        assertThat(result.kkt().satisfied()).isTrue();
        assertThat(result.realizedFpr()).isLessThanOrEqualTo(0.05);
        assertThat(result.realizedObjective()).isLessThanOrEqualTo(result.exactObjective());
        assertThat(result.optimalityGap()).isLessThan(0.01);
        for (SliceCalibration s : result.slices()) {
            assertThat(s.coverage()).as(s.slice()).isGreaterThanOrEqualTo(s.minCoverage());
            assertThat(s.fit().a()).isLessThanOrEqualTo(0);
        }
    }

    /**
     * Curves that climb in jumps: in two slices, half the robots that score in a middle band share
     * one score below a stretch of purchasing humans, as a robot fleet aimed at one ad does. The
     * staircase is then far from concave, and a quadratic fitted to its steps near the allocation
     * sees a flat stretch where the jump is one purchasing click away.
     */
    @ParameterizedTest
    @ValueSource(longs = {3L, 5L, 19L})
    void comesWithinOnePercentOfTheExactOptimumOnCurvesThatClimbInJumps(long seed) {
        Clicks c = realistic(seed);
        Random random = new Random(seed + 1);
        int clustered = 0;
        for (int i = 0; i < c.score().length; i++) {
            boolean robot = !c.purchasing()[i] && c.fast()[i];
            boolean inBand = c.score()[i] > 0.2 && c.score()[i] < 0.45;
            if ((c.slice()[i] == 1 || c.slice()[i] == 2)
                    && robot
                    && inBand
                    && random.nextBoolean()) {
                c.score()[i] = 0.2;
                clustered++;
            }
        }
        assertThat(clustered).isGreaterThan(1_000);
        CalibrationResult result =
                new SliceCalibrator(SLICES, 0.02, new double[4])
                        .calibrate("c-jumps", c.score(), c.slice(), c.purchasing(), c.fast());

        assertThat(result.realizedFpr()).isLessThanOrEqualTo(0.02);
        assertThat(result.realizedObjective()).isLessThanOrEqualTo(result.exactObjective());
        assertThat(result.optimalityGap()).isLessThan(0.01);
        assertThat(result.kkt().satisfied()).isTrue();
    }

    @Test
    void thresholdsReproduceTheReportedFiguresWhenAppliedToTheClicks() {
        Clicks c = realistic(8L);
        CalibrationResult result =
                new SliceCalibrator(SLICES, 0.03, new double[] {0.2, 0.4, 0.2, 0.4})
                        .calibrate("c-test", c.score(), c.slice(), c.purchasing(), c.fast());
        boolean[] invalid = new boolean[c.score().length];
        for (int i = 0; i < invalid.length; i++) {
            invalid[i] = c.score()[i] >= result.slices().get(c.slice()[i]).threshold();
        }
        Map<Integer, SliceMetrics> metrics =
                SliceMetrics.bySlice(c.slice(), invalid, c.purchasing(), c.fast());
        for (int s = 0; s < SLICES.size(); s++) {
            SliceCalibration cal = result.slices().get(s);
            assertThat(metrics.get(s).ivr()).isEqualTo(cal.ivr());
            assertThat(metrics.get(s).fpr()).isEqualTo(cal.fpr());
            assertThat(metrics.get(s).coverage()).isEqualTo(cal.coverage());
        }
        SliceMetrics all = SliceMetrics.of(invalid, c.purchasing(), c.fast());
        assertThat(all.fpr()).isEqualTo(result.realizedFpr()).isLessThanOrEqualTo(0.03);
        assertThat(all.ivr()).isCloseTo(result.realizedObjective(), within(1e-12));
    }

    @Test
    void findsTheHandComputedOptimumOnTinyCurves() {
        // slice a: scores 0.9 (bot), 0.8 (buyer), 0.7 (bot), 0.1 (buyer)
        // slice b: scores 0.9 (buyer), 0.6 (bot), 0.5 (bot), 0.2 (buyer)
        // budget 0.25 of 4 buyers = 1 false positive: spent in a it buys 0.8 and 0.7 (3
        // clicks in all), spent in b it buys 0.9, 0.6 and 0.5 (1 + 3 = 4 clicks in all)
        double[] score = {0.9, 0.8, 0.7, 0.1, 0.9, 0.6, 0.5, 0.2};
        int[] slice = {0, 0, 0, 0, 1, 1, 1, 1};
        boolean[] buyer = {false, true, false, true, true, false, false, true};
        boolean[] fast = new boolean[8];
        CalibrationResult result =
                new SliceCalibrator(List.of("a", "b"), 0.25, new double[2])
                        .calibrate("c-tiny", score, slice, buyer, fast);
        assertThat(result.exactObjective()).isEqualTo(4.0 / 8);
        assertThat(result.realizedObjective()).isEqualTo(4.0 / 8);
        assertThat(result.slice("a").threshold()).isEqualTo(0.9);
        assertThat(result.slice("b").threshold()).isEqualTo(0.5);
        assertThat(result.realizedFpr()).isEqualTo(0.25);
    }

    @Test
    void perSliceCapMovesTheBudgetOutOfTheCheapestSlice() {
        // slice "cheap": 1 purchasing click in 100 clicks, robots score no higher than humans,
        // so only flagging humans there buys IVR, at 100 clicks per false positive;
        // slice "bots": 1 in 10 purchase, but its robots outscore its humans.
        CapTestClicks clicks = CapTestClicks.generate();
        double[] score = clicks.score();
        int[] slice = clicks.slice();
        boolean[] buyer = clicks.buyer();
        boolean[] fast = clicks.fast();
        List<String> names = List.of("cheap", "bots");
        CalibrationResult open =
                new SliceCalibrator(names, 0.05, new double[2])
                        .calibrate("c-open", score, slice, buyer, fast);
        CalibrationResult capped =
                new SliceCalibrator(names, 0.05, new double[2])
                        .withMaxSliceFpr(0.06)
                        .calibrate("c-cap", score, slice, buyer, fast);

        assertThat(open.slice("cheap").fpr()).isGreaterThan(0.06);
        assertThat(capped.slice("cheap").fpr()).isLessThanOrEqualTo(0.06);
        assertThat(capped.slice("cheap").chosenFpr()).isLessThanOrEqualTo(0.06 + 1e-9);
        assertThat(capped.slice("bots").fpr()).isGreaterThan(open.slice("bots").fpr());
        assertThat(capped.realizedFpr()).isLessThanOrEqualTo(0.05);
        assertThat(capped.kkt().satisfied()).isTrue();
        // the exact optimum obeys the same cap, so it can only be lower than without one
        assertThat(capped.exactObjective()).isLessThanOrEqualTo(open.exactObjective());
        assertThat(capped.realizedObjective()).isLessThanOrEqualTo(capped.exactObjective());
        assertThat(capped.optimalityGap()).isLessThan(0.01);
    }

    @Test
    void holdsTheUpperBoundToTheCapWhereLabelsAreFew() {
        // the slices of the cap test: "cheap" has about 200 purchasing clicks, where the point
        // estimate lets the cap of 0.06 be reached with 12 false positives
        CapTestClicks clicks = CapTestClicks.generate();
        double[] score = clicks.score();
        int[] slice = clicks.slice();
        boolean[] buyer = clicks.buyer();
        boolean[] fast = clicks.fast();
        List<String> names = List.of("cheap", "bots");
        CalibrationResult point =
                new SliceCalibrator(names, 0.05, new double[2])
                        .withMaxSliceFpr(0.06)
                        .calibrate("c-point", score, slice, buyer, fast);
        CalibrationResult bounded =
                new SliceCalibrator(names, 0.05, new double[2])
                        .withMaxSliceFpr(0.06)
                        .withFprBound(FprBoundPolicy.defaults())
                        .calibrate("c-bound", score, slice, buyer, fast);

        SliceCalibration cheapPoint = point.slice("cheap");
        SliceCalibration cheap = bounded.slice("cheap");
        assertThat(cheap.purchasing()).isLessThan(FprBoundPolicy.DEFAULT_FEW_LABELS);
        long pointFalsePositives = Math.round(cheapPoint.fpr() * cheapPoint.purchasing());
        long falsePositives = Math.round(cheap.fpr() * cheap.purchasing());
        assertThat(ClopperPearson.upper(pointFalsePositives, cheapPoint.purchasing(), 0.95))
                .as("the point estimate held to the cap leaves the bound above it")
                .isGreaterThan(0.06);
        assertThat(ClopperPearson.upper(falsePositives, cheap.purchasing(), 0.95))
                .isLessThanOrEqualTo(0.06);
        assertThat(falsePositives).isLessThan(pointFalsePositives);
        // "bots" has about 2,500 purchasing clicks: its point estimate is held as before
        assertThat(bounded.slice("bots").purchasing())
                .isGreaterThanOrEqualTo(FprBoundPolicy.DEFAULT_FEW_LABELS);
        assertThat(bounded.realizedFpr()).isLessThanOrEqualTo(0.05);
    }

    /**
     * Clicks in bands of score: per band a number of robots, of humans and the share of the humans
     * that purchase; scores uniform within each band; optionally a second, robot-free slice of
     * humans alone.
     */
    record Banded(double[] score, int[] slice, boolean[] purchasing, boolean[] robot) {

        static Banded of(long seed, double[][] bands, int robotFreeHumans) {
            Random random = new Random(seed);
            int n = robotFreeHumans;
            for (double[] band : bands) {
                n += (int) band[2] + (int) band[3];
            }
            Banded b = new Banded(new double[n], new int[n], new boolean[n], new boolean[n]);
            int i = 0;
            for (double[] band : bands) {
                // band: {low score, high score, robots, humans, purchase share of the humans}
                for (int k = 0; k < (int) band[2] + (int) band[3]; k++, i++) {
                    b.score()[i] = band[0] + (band[1] - band[0]) * random.nextDouble();
                    b.robot()[i] = k < (int) band[2];
                    b.purchasing()[i] = !b.robot()[i] && random.nextDouble() < band[4];
                }
            }
            for (; i < n; i++) {
                b.score()[i] = random.nextDouble();
                b.slice()[i] = 1;
                b.purchasing()[i] = random.nextDouble() < 0.1;
            }
            return b;
        }

        CalibrationResult calibrate(SliceCalibrator calibrator) {
            return calibrator.calibrate(
                    "c-yield", score, slice, purchasing, new boolean[score.length]);
        }

        /** {robots, humans} of slice {@code s} that the threshold invalidates. */
        long[] flagged(int s, double threshold) {
            long[] out = new long[2];
            for (int i = 0; i < score.length; i++) {
                if (slice[i] == s && score[i] >= threshold) {
                    out[robot[i] ? 0 : 1]++;
                }
            }
            return out;
        }
    }

    /**
     * 1,000 robots alone on top, then 2,000 robots among 1,000 humans (about 100 purchasing), then
     * 30,000 humans alone (about 3,000 purchasing): 10 clicks per purchasing click in the tail,
     * against a floor of 2 x 34,000 / 3,100, about 22.
     */
    private static final double[][] ROBOTS_THEN_HUMANS = {
        {0.8, 1.0, 1000, 0, 0.1}, {0.6, 0.8, 2000, 1000, 0.1}, {0.0, 0.6, 0, 30000, 0.1}
    };

    @Test
    void minimumMarginalPrecisionStopsWhereTheRobotsEndInATailOfHumansOnly() {
        Banded clicks = Banded.of(21L, ROBOTS_THEN_HUMANS, 0);
        SliceCalibrator open =
                new SliceCalibrator(List.of("a"), 0.3, new double[1]).withMaxSliceFpr(1);
        CalibrationResult spent = clicks.calibrate(open);
        CalibrationResult floored = clicks.calibrate(open.withMinMarginalPrecision(0.5));

        // without the floor the budget runs far into the humans
        SliceCalibration all = spent.slice("a");
        assertThat(all.threshold()).isLessThan(0.6);
        assertThat(clicks.flagged(0, all.threshold())[1]).isGreaterThan(5_000);
        // with it, the threshold stops at the lower edge of the last robots: all but a few of
        // the robots, and of the tail's humans at most the window's worth (10 purchasing clicks,
        // about 100 clicks), where the budget would have bought about 9,000
        SliceCalibration a = floored.slice("a");
        long[] flagged = clicks.flagged(0, a.threshold());
        assertThat(a.threshold()).isBetween(0.55, 0.62);
        assertThat(flagged[0]).isGreaterThanOrEqualTo(2_950);
        assertThat(flagged[1]).isBetween(900L, 1_300L);
        assertThat(a.fpr()).isLessThan(0.05);
        assertThat(floored.realizedFpr()).isLessThan(0.3);
        assertThat(floored.realizedObjective()).isLessThanOrEqualTo(floored.exactObjective());
        assertThat(floored.optimalityGap()).isLessThan(0.01);
    }

    /** One slice "a", a budget of 0.3 it may spend alone, the minimum marginal precision 0.5. */
    private static SliceCalibrator oneSliceAtMarginalPrecisionHalf() {
        return new SliceCalibrator(List.of("a"), 0.3, new double[1])
                .withMaxSliceFpr(1)
                .withMinMarginalPrecision(0.5);
    }

    /**
     * A slice most of whose clicks are robots: 40,000 robots alone on top, then 5,000 robots among
     * 1,000 humans (60 clicks per purchasing click), then 10,000 humans alone (10 per purchasing
     * click). A tenth of the humans purchase, about 1,100 in all.
     */
    private static final double[][] MOSTLY_ROBOTS_THEN_A_MIX = {
        {0.8, 1.0, 40000, 0, 0.1}, {0.6, 0.8, 5000, 1000, 0.1}, {0.0, 0.6, 0, 10000, 0.1}
    };

    @Test
    void theRobotsATopStretchProvesLowerTheYieldTheRestMustBring() {
        Banded clicks = Banded.of(27L, MOSTLY_ROBOTS_THEN_A_MIX, 0);
        List<String> notices = new ArrayList<>();
        SliceCalibrator floored = oneSliceAtMarginalPrecisionHalf().withNotices(notices::add);
        SliceCalibration a = clicks.calibrate(floored).slice("a");

        // counted as humans, all 56,000 clicks would ask 2 x 56,000 / 1,100, about 102 clicks of
        // each purchasing click, and the mix (60) would stop the slice at its upper edge; the
        // 40,000 robots on top leave at most 16,000 humans, a floor of about 29, which the mix
        // passes (5 robots to each human, marginal precision 5/6) and the tail (10) does not
        long[] flagged = clicks.flagged(0, a.threshold());
        assertThat(flagged[0]).isGreaterThanOrEqualTo(44_500);
        assertThat(flagged[1]).isBetween(900L, 1_400L);
        assertThat(a.threshold()).isBetween(0.55, 0.62);
        assertThat(notices)
                .anyMatch(
                        n ->
                                n.startsWith("slice a: its yield falls under ")
                                        && n.matches(
                                                ".*, 4[4-5][0-9]{3} of its 56000 clicks robots at"
                                                        + " least\\).*"));
    }

    /**
     * A slice with few robots: 1,000 robots on top, then 2,000 robots among 1,000 humans (a
     * marginal precision of 2/3 all along), then 30,000 humans. A tenth of the humans purchase.
     */
    private static final double[][] FEW_ROBOTS_THEN_A_MIX = {
        {0.9, 1.0, 1000, 0, 0.1}, {0.5, 0.9, 2000, 1000, 0.1}, {0.0, 0.5, 0, 30000, 0.1}
    };

    @Test
    void minimumSlicePrecisionStopsASliceWhoseStepsEachPassTheMarginalFloor() {
        Banded clicks = Banded.of(25L, FEW_ROBOTS_THEN_A_MIX, 0);
        List<String> notices = new ArrayList<>();
        SliceCalibrator marginal = oneSliceAtMarginalPrecisionHalf();
        SliceCalibration loose = clicks.calibrate(marginal).slice("a");
        SliceCalibration held =
                clicks.calibrate(marginal.withMinSlicePrecision(0.9).withNotices(notices::add))
                        .slice("a");

        // the marginal floor alone takes the whole mix: three robots for each human
        long[] all = clicks.flagged(0, loose.threshold());
        assertThat(all[0]).isGreaterThan(2_800);
        assertThat((double) all[0] / (all[0] + all[1])).isLessThan(0.8);
        // the slice floor stops in the mix where robots are still nine in ten of what it takes
        long[] kept = clicks.flagged(0, held.threshold());
        assertThat(kept[0]).isBetween(1_000L, 1_700L);
        assertThat((double) kept[0] / (kept[0] + kept[1])).isGreaterThan(0.85);
        assertThat(held.threshold()).isGreaterThan(loose.threshold());
        assertThat(notices)
                .anyMatch(
                        n ->
                                n.startsWith(
                                        "slice a: its estimated precision falls under 0.90 after"
                                                + " "));
    }

    @Test
    void minimumSlicePrecisionLeavesASliceWhoseRobotsScoreAboveMostOfItsHumansAlone() {
        // 3,000 robots among 100 humans on top (about 10 purchasing), then 30,000 humans
        Banded clicks =
                Banded.of(
                        26L,
                        new double[][] {{0.5, 1.0, 3000, 100, 0.1}, {0.0, 0.5, 0, 30000, 0.1}},
                        0);
        SliceCalibrator marginal = oneSliceAtMarginalPrecisionHalf();
        List<String> notices = new ArrayList<>();
        SliceCalibration loose = clicks.calibrate(marginal).slice("a");
        SliceCalibration held =
                clicks.calibrate(marginal.withMinSlicePrecision(0.9).withNotices(notices::add))
                        .slice("a");

        // where the marginal floor stops, each purchasing click spent stands for about ten humans
        // against 300 robots: an estimate near 0.97, which the slice floor leaves alone
        assertThat(held.threshold()).isEqualTo(loose.threshold());
        assertThat(clicks.flagged(0, held.threshold())[0]).isGreaterThanOrEqualTo(2_950);
        assertThat(notices).noneMatch(n -> n.contains("estimated precision"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void refusesAMinimumSlicePrecisionOutsideZeroToOne(double value) {
        SliceCalibrator calibrator = new SliceCalibrator(SLICES, 0.05, new double[4]);
        assertThatThrownBy(() -> calibrator.withMinSlicePrecision(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimum slice precision must be in [0, 1), got " + value);
    }

    /**
     * A mobile-app install log: 10,000 robots on top, then 34,000 humans of whom 0.3 % install
     * (about 100 purchasing clicks). The floor at marginal precision 0.75 is 4 x 44,000 / 100,
     * about 1,760 clicks per purchasing click; the first ten purchasing clicks lie behind about
     * 3,300 humans, 1,330 clicks each even with every robot first.
     */
    private static final double[][] ROBOTS_THEN_FEW_INSTALLS = {
        {0.7, 1.0, 10_000, 0, 0}, {0.0, 0.7, 0, 34_000, 0.003}
    };

    /**
     * A calibrator of one slice, {@code app}, under the defaults of train: 95 % bound below 1,000
     * labels, cap 0.04, floor at 0.75; its notices go to {@code notices}.
     */
    private static SliceCalibrator trainDefaultsForOneSlice(List<String> notices) {
        return new SliceCalibrator(List.of("app"), 0.017, new double[1])
                .withMaxSliceFpr(0.04)
                .withFprBound(FprBoundPolicy.defaults())
                .withMinMarginalPrecision(0.75)
                .withNotices(notices::add);
    }

    @Test
    void aSliceWhoseCapAllowsNoFalsePositiveMeasuresTheYieldOfTheStretchItCanTake() {
        Banded clicks = Banded.of(23L, ROBOTS_THEN_FEW_INSTALLS, 0);
        List<String> notices = new ArrayList<>();
        SliceCalibrator calibrator = trainDefaultsForOneSlice(notices);

        SliceCalibration app = clicks.calibrate(calibrator).slice("app");

        assertThat(app.purchasing()).isBetween(70L, 140L);
        long[] flagged = clicks.flagged(0, app.threshold());
        assertThat(flagged[0]).isGreaterThan(9_500);
        assertThat(flagged[1]).isLessThan(2_000);
        assertThat(app.fpr()).isZero();
        assertThat(notices).noneMatch(n -> n.endsWith("it invalidates nothing"));
    }

    @Test
    void aSliceOfHumansWithFewInstallsStillInvalidatesNothing() {
        Banded clicks = Banded.of(24L, new double[][] {{0.0, 1.0, 0, 44_000, 0.003}}, 0);
        List<String> notices = new ArrayList<>();
        SliceCalibrator calibrator = trainDefaultsForOneSlice(notices);

        SliceCalibration app = clicks.calibrate(calibrator).slice("app");

        assertThat(app.threshold()).isEqualTo(SliceCurve.NEVER);
        assertThat(app.ivr()).isZero();
        assertThat(notices).anyMatch(n -> n.startsWith("slice app: no stretch"));
    }

    @Test
    void theYieldWindowIsTenPurchasingClicksOrTheSlicesCapWhereThatIsFewer() {
        assertThat(SliceCalibrator.yieldWindow(1_000)).isEqualTo(10);
        assertThat(SliceCalibrator.yieldWindow(10)).isEqualTo(10);
        assertThat(SliceCalibrator.yieldWindow(3)).isEqualTo(3);
        assertThat(SliceCalibrator.yieldWindow(0)).isEqualTo(1);
    }

    @Test
    void aSliceWithoutRobotsInvalidatesNothingAndSaysSo() {
        Banded clicks = Banded.of(22L, ROBOTS_THEN_HUMANS, 20_000);
        List<String> notices = new ArrayList<>();
        SliceCalibrator open =
                new SliceCalibrator(List.of("a", "humans"), 0.02, new double[2])
                        .withMaxSliceFpr(0.04);
        CalibrationResult spent = clicks.calibrate(open);
        CalibrationResult floored =
                clicks.calibrate(open.withMinMarginalPrecision(0.5).withNotices(notices::add));

        assertThat(spent.slice("humans").ivr()).isPositive();
        SliceCalibration humans = floored.slice("humans");
        assertThat(humans.threshold()).isEqualTo(SliceCurve.NEVER);
        assertThat(humans.ivr()).isZero();
        assertThat(humans.fpr()).isZero();
        assertThat(humans.exactFpr()).isZero();
        assertThat(notices)
                .anyMatch(n -> n.startsWith("slice humans: no stretch") && n.endsWith("nothing"));
        assertThat(floored.slice("a").ivr()).isGreaterThan(0.08);
        // the exact optimum leaves the switched-off slice out too, so the gap stays honest
        assertThat(floored.realizedObjective()).isLessThanOrEqualTo(floored.exactObjective());
        assertThat(floored.optimalityGap()).isLessThan(0.01);
    }

    @Test
    void theBudgetStillBindsWhereEveryStepBuysRobots() {
        // per slice 30,000 robots among the 6,000 humans that score above 0.8 (about 600
        // purchasing), 60 clicks per purchasing click, far above the floor of 2 x 20 = 40; the
        // budget of 0.05 buys about 150 of them per slice
        double[][] bands = {{0.8, 1.0, 30000, 6000, 0.1}, {0.0, 0.8, 0, 24000, 0.1}};
        Banded a = Banded.of(23L, bands, 0);
        Banded b = Banded.of(24L, bands, 0);
        int n = a.score().length;
        Banded both =
                new Banded(
                        new double[2 * n], new int[2 * n], new boolean[2 * n], new boolean[2 * n]);
        for (int i = 0; i < n; i++) {
            for (Banded from : List.of(a, b)) {
                int j = from == a ? i : n + i;
                both.score()[j] = from.score()[i];
                both.slice()[j] = from == a ? 0 : 1;
                both.purchasing()[j] = from.purchasing()[i];
                both.robot()[j] = from.robot()[i];
            }
        }
        List<String> notices = new ArrayList<>();
        SliceCalibrator open = new SliceCalibrator(List.of("a", "b"), 0.05, new double[2]);
        CalibrationResult spent = both.calibrate(open);
        CalibrationResult floored =
                both.calibrate(open.withMinMarginalPrecision(0.5).withNotices(notices::add));

        assertThat(floored.realizedFpr()).isBetween(0.049, 0.05);
        for (String s : List.of("a", "b")) {
            assertThat(floored.slice(s).threshold()).isEqualTo(spent.slice(s).threshold());
        }
        assertThat(floored.realizedObjective()).isEqualTo(spent.realizedObjective());
        assertThat(notices).allMatch(line -> line.contains("after"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesAMinimumMarginalPrecisionOutsideZeroToOne(double value) {
        SliceCalibrator calibrator = new SliceCalibrator(SLICES, 0.05, new double[4]);
        assertThatThrownBy(() -> calibrator.withMinMarginalPrecision(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimum marginal precision must be in [0, 1), got " + value);
        assertThatThrownBy(() -> calibrator.withNotices(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("notices");
    }

    @Test
    void refusesACoverageMinimumAboveThePerSliceCap() {
        Clicks c = realistic(10L);
        SliceCalibrator calibrator =
                new SliceCalibrator(SLICES, 0.05, new double[] {0.0, 0.99, 0.0, 0.0})
                        .withMaxSliceFpr(0.01);
        assertThatThrownBy(
                        () ->
                                calibrator.calibrate(
                                        "c", c.score(), c.slice(), c.purchasing(), c.fast()))
                .isInstanceOf(CalibrationInfeasibleException.class)
                .hasMessageContaining("over the per-slice cap 0.01");
        assertThatThrownBy(
                        () -> new SliceCalibrator(SLICES, 0.05, new double[4]).withMaxSliceFpr(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("per-slice FPR cap");
    }

    @Test
    void refusesABudgetTooSmallForTheCoverageMinimums() {
        Clicks c = realistic(9L);
        SliceCalibrator calibrator =
                new SliceCalibrator(SLICES, 0.001, new double[] {0.9, 0.9, 0.9, 0.9});
        assertThatThrownBy(
                        () ->
                                calibrator.calibrate(
                                        "c", c.score(), c.slice(), c.purchasing(), c.fast()))
                .isInstanceOf(CalibrationInfeasibleException.class)
                .hasMessageContaining("above the budget 0.00100");
    }

    @Test
    void refusesSlicesWithoutPurchasesOrClicksAndMalformedColumns() {
        double[] score = {0.2, 0.7};
        boolean[] fast = new boolean[2];
        SliceCalibrator two = new SliceCalibrator(List.of("a", "b"), 0.1, new double[2]);
        assertThatThrownBy(
                        () ->
                                two.calibrate(
                                        "c",
                                        score,
                                        new int[] {0, 1},
                                        new boolean[] {true, false},
                                        fast))
                .isInstanceOf(CalibrationInfeasibleException.class)
                .hasMessageContaining("slice b has no purchasing clicks");
        assertThatThrownBy(
                        () ->
                                two.calibrate(
                                        "c",
                                        score,
                                        new int[] {0, 0},
                                        new boolean[] {true, true},
                                        fast))
                .hasMessageContaining("slice b has no held-out clicks");
        assertThatThrownBy(
                        () ->
                                two.calibrate(
                                        "c",
                                        new double[] {0.2, 1.5},
                                        new int[] {0, 1},
                                        new boolean[2],
                                        fast))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("score of click 1");
        assertThatThrownBy(() -> two.calibrate("c", score, new int[] {0, 2}, new boolean[2], fast))
                .hasMessageContaining("slice id of click 1 is 2");
        assertThatThrownBy(() -> new SliceCalibrator(List.of("a"), 0, new double[1]))
                .hasMessageContaining("budget");
    }

    @Test
    void realCalibrationRoundTripsThroughCalibrationFile() {
        Clicks c = realistic(3L);
        CalibrationResult result =
                new SliceCalibrator(
                                List.of("desktop|in", "desktop|out", "mobile|in", "mobile|out"),
                                0.05,
                                new double[] {0.3, 0.3, 0.3, 0.3})
                        .calibrate("c-real", c.score(), c.slice(), c.purchasing(), c.fast());
        assertThat(CalibrationFile.fromJson(CalibrationFile.toJson(result))).isEqualTo(result);
    }

    /**
     * The clicks of the cap tests: slice "cheap" (even indexes) has 1 purchasing click in 100 and
     * robots no higher than humans; slice "bots" (odd) has 1 in 10 and robots that outscore its
     * humans.
     */
    private record CapTestClicks(double[] score, int[] slice, boolean[] buyer, boolean[] fast) {
        static CapTestClicks generate() {
            Random random = new Random(5);
            int n = 40_000;
            double[] score = new double[n];
            int[] slice = new int[n];
            boolean[] buyer = new boolean[n];
            for (int i = 0; i < n; i++) {
                slice[i] = i % 2;
                boolean robot = slice[i] == 1 && random.nextDouble() < 0.2;
                buyer[i] = !robot && random.nextDouble() < (slice[i] == 0 ? 0.01 : 0.1 / 0.8);
                score[i] = robot ? 0.5 + 0.5 * random.nextDouble() : random.nextDouble();
            }
            return new CapTestClicks(score, slice, buyer, new boolean[n]);
        }
    }
}
