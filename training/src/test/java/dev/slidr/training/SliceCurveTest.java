package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The envelope's concave majorant and the look-ahead step the calibrator rounds with. */
class SliceCurveTest {

    /**
     * Eight clicks by falling score; purchasing clicks at ranks 1, 3 and 8. For 0, 1, 2 and 3
     * invalidated purchasing clicks the envelope invalidates 0, 2, 7 and 8 clicks: a jump at the
     * second purchasing click, so the point (1, 2) lies below the chord from (0, 0) to (2, 7).
     */
    private static SliceCurve jumpy() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
        boolean[] purchasing = {true, false, true, false, false, false, false, true};
        return SliceCurve.of(
                "s", scores, purchasing, new boolean[8], new int[] {0, 1, 2, 3, 4, 5, 6, 7});
    }

    @Test
    void theMajorantBridgesTheDentBeforeAJump() {
        SliceCurve curve = jumpy();
        assertThat(curve.flagged(curve.envelopePoint(1))).isEqualTo(2);
        assertThat(curve.flagged(curve.envelopePoint(2))).isEqualTo(7);

        assertThat(curve.majorantCorners()).containsExactly(0, 2, 3);
        assertThat(curve.majorantIvr(0)).isEqualTo(0.0);
        assertThat(curve.majorantIvr(1)).isCloseTo(3.5 / 8, within(1e-12));
        assertThat(curve.majorantIvr(2)).isCloseTo(7.0 / 8, within(1e-12));
        assertThat(curve.majorantIvr(3)).isCloseTo(1.0, within(1e-12));
        // never below the envelope itself
        for (int c = 0; c <= 3; c++) {
            assertThat(curve.majorantIvr(c))
                    .isGreaterThanOrEqualTo(curve.ivr(curve.envelopePoint(c)));
        }
    }

    @Test
    void theStepLooksAheadToTheBestRateTheLimitAllows() {
        SliceCurve curve = jumpy();
        // 2 clicks for 1, 7 for 2 (3.5 each), 8 for 3: the jump is worth the second click
        assertThat(curve.bestStepFrom(0, 3)).isEqualTo(2);
        assertThat(curve.bestStepFrom(0, 1)).isEqualTo(1);
        assertThat(curve.bestStepFrom(2, 3)).isEqualTo(3);
        assertThat(curve.bestStepFrom(3, 3)).isEqualTo(-1);
    }

    @Test
    void theYieldLimitStopsAtTheFirstStepThatBuysTooFewClicks() {
        SliceCurve curve = jumpy();
        // steps 0 -> 2 (3.5 clicks per purchasing click), 2 -> 3 (1)
        assertThat(curve.yieldLimit(1, 1)).isEqualTo(3);
        assertThat(curve.yieldLimit(3, 1)).isEqualTo(2);
        assertThat(curve.yieldLimit(3.5, 1)).isEqualTo(2);
        // not even the first step: the slice is better left invalidating nothing
        assertThat(curve.yieldLimit(4, 1)).isEqualTo(-1);
        // measured over three purchasing clicks, the jump is 8 / 3 each
        assertThat(curve.yieldLimit(3, 3)).isEqualTo(-1);
        assertThat(curve.yieldLimit(2.5, 3)).isEqualTo(2);
        assertThatThrownBy(() -> curve.yieldLimit(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yield window");
    }

    @Test
    void robotsAboveALongStretchOfHumansAloneKeepTheirFirstWindow() {
        // 600 robots score above every purchasing click; below them 1,000 humans, every tenth
        // of them purchasing: for c < 100 purchasing clicks the threshold takes 609 + 10 c clicks,
        // points on one line, so the best first step runs to the 99th purchasing click, 16 clicks
        // each, and the robots drown in it
        int robots = 600;
        int humans = 1000;
        int n = robots + humans;
        double[] scores = new double[n];
        boolean[] purchasing = new boolean[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = 1.0 - (double) i / n;
            purchasing[i] = i >= robots && (i - robots) % 10 == 9;
            order[i] = i;
        }
        SliceCurve curve = SliceCurve.of("s", scores, purchasing, new boolean[n], order);
        assertThat(curve.bestStepFrom(0, curve.purchasing())).isEqualTo(99);
        // 1,600 clicks over 100 purchasing clicks at marginal precision 0.75: 64 each. The first
        // ten purchasing clicks bring 709 clicks, 70.9 each: the slice keeps them, and the steps
        // after them (10 each) fall short
        assertThat(curve.yieldLimit(64, 10)).isEqualTo(10);
        // a floor the first ten do not reach either switches the slice off
        assertThat(curve.yieldLimit(71, 10)).isEqualTo(-1);
        // humans alone from the top: nothing to keep
        boolean[] onlyHumans = new boolean[humans];
        double[] humanScores = new double[humans];
        int[] humanOrder = new int[humans];
        for (int i = 0; i < humans; i++) {
            humanScores[i] = 1.0 - (double) i / humans;
            onlyHumans[i] = i % 10 == 9;
            humanOrder[i] = i;
        }
        SliceCurve plain =
                SliceCurve.of("h", humanScores, onlyHumans, new boolean[humans], humanOrder);
        assertThat(plain.yieldLimit(1000.0 / 100 / 0.25, 10)).isEqualTo(-1);
    }

    @Test
    void thePrecisionLimitIsTheMostPurchasingClicksWhoseEstimatedPrecisionHolds() {
        SliceCurve curve = jumpy();
        // c = 1: 2 clicks invalidated, 6 valid, f = 1/3: at most 6 x (1/3) / (2/3) = 3 humans
        // among the 2, estimate -0.5; c = 2: 7 invalidated, 1 valid, f = 2/3: at most 2 humans,
        // estimate 5/7; c = 3 invalidates every purchasing click, which no estimate allows
        FprBoundPolicy point =
                new FprBoundPolicy(FprBoundPolicy.Held.POINT, ClopperPearson.DEFAULT_CONFIDENCE, 0);
        assertThat(curve.precisionLimit(0.7, 3, point)).isEqualTo(2);
        assertThat(curve.precisionLimit(5.0 / 7, 3, point)).isEqualTo(2);
        assertThat(curve.precisionLimit(0.72, 3, point)).isZero();
        assertThat(curve.precisionLimit(0.7, 1, point)).isZero();
        assertThat(curve.precisionLimit(0, 1, point)).isZero();
        assertThat(curve.precisionLimit(0.7, 0, point)).isZero();
        // with the 95 % bound of 2 in 3 (0.99) the two clicks left valid could stand for 200
        // humans: no count holds even 0
        assertThat(curve.precisionLimit(0, 3, FprBoundPolicy.defaults())).isZero();
    }

    @Test
    void theRobotsAtLeastAreTheInvalidatedClicksLessTheMostHumansAmongThem() {
        SliceCurve curve = jumpy();
        FprBoundPolicy point =
                new FprBoundPolicy(FprBoundPolicy.Held.POINT, ClopperPearson.DEFAULT_CONFIDENCE, 0);
        // c = 0 invalidates nothing; c = 1: 2 invalidated, up to 3 humans among them; c = 2: 7
        // invalidated, 1 valid, f = 2/3: up to 2 humans, so 5 robots at least; c = 3 (f = 1)
        // proves nothing, and a count past the purchasing clicks is read as all of them
        assertThat(curve.robotsAtLeast(0, point)).isZero();
        assertThat(curve.robotsAtLeast(1, point)).isZero();
        assertThat(curve.robotsAtLeast(2, point)).isEqualTo(5);
        assertThat(curve.robotsAtLeast(3, point)).isZero();
        assertThat(curve.robotsAtLeast(9, point)).isZero();
        // under the 95 % bound of 2 in 3 the one valid click could stand for many humans
        assertThat(curve.robotsAtLeast(2, FprBoundPolicy.defaults())).isZero();
    }

    @Test
    void theYieldOfTheFirstPurchasingClicksCountsTheClicksAboveThem() {
        SliceCurve curve = jumpy();
        // 2 clicks for the first purchasing click, 7 for two, 8 for all three
        assertThat(curve.yieldOfFirst(1)).isEqualTo(2.0);
        assertThat(curve.yieldOfFirst(2)).isEqualTo(3.5);
        assertThat(curve.yieldOfFirst(3)).isCloseTo(8.0 / 3, within(1e-12));
        assertThat(curve.yieldOfFirst(10)).isCloseTo(8.0 / 3, within(1e-12));
        assertThatThrownBy(() -> curve.yieldOfFirst(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count");
    }
}
