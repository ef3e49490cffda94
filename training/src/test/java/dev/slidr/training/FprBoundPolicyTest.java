package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.training.FprBoundPolicy.Held;
import org.junit.jupiter.api.Test;

/** Which FPR estimate is held, and how many false positives a cap allows under it. */
class FprBoundPolicyTest {

    private static final FprBoundPolicy DEFAULT = FprBoundPolicy.defaults();

    @Test
    void holdsTheBoundOnlyBelowTheLabelCountByDefault() {
        assertThat(DEFAULT.holdsBound(999)).isTrue();
        assertThat(DEFAULT.holdsBound(1000)).isFalse();
        assertThat(DEFAULT.estimate(20, 1000)).isEqualTo(0.02);
        // 2 of 100: the one-sided 95 % Clopper-Pearson bound (scipy beta.ppf(0.95, 3, 98))
        assertThat(DEFAULT.estimate(2, 100)).isCloseTo(0.061619, within(1e-5));
        assertThat(DEFAULT.estimate(0, 0)).isNaN();
    }

    @Test
    void pointAndBoundHoldWhatTheyNameWhateverTheCount() {
        FprBoundPolicy point = new FprBoundPolicy(Held.POINT, 0.95, 1000);
        FprBoundPolicy bound = new FprBoundPolicy(Held.BOUND, 0.95, 0);
        assertThat(point.estimate(2, 100)).isEqualTo(0.02);
        assertThat(bound.estimate(200, 10_000)).isGreaterThan(0.02);
    }

    @Test
    void allowsFewerFalsePositivesUnderTheBound() {
        // a cap of 0.04 over 150 purchasing clicks: 6 by the point estimate, 1 by the bound
        // (scipy: beta.ppf(0.95, 2, 149) = 0.0312, beta.ppf(0.95, 3, 148) = 0.0414)
        assertThat(new FprBoundPolicy(Held.POINT, 0.95, 0).maxFalsePositives(150, 0.04))
                .isEqualTo(6);
        assertThat(DEFAULT.maxFalsePositives(150, 0.04)).isEqualTo(1);
        for (long n : new long[] {80, 150, 400, 999}) {
            long x = DEFAULT.maxFalsePositives(n, 0.04);
            assertThat(ClopperPearson.upper(x, n, 0.95)).isLessThanOrEqualTo(0.04);
            assertThat(ClopperPearson.upper(x + 1, n, 0.95)).isGreaterThan(0.04);
        }
    }

    @Test
    void allowsNoneWhenTooFewLabelsCanShowTheCap() {
        // 0 of 70 bounds at 0.0419 > 0.04; 0 of 74 at 0.0397
        assertThat(DEFAULT.maxFalsePositives(70, 0.04)).isEqualTo(-1);
        assertThat(DEFAULT.maxFalsePositives(74, 0.04)).isZero();
        assertThat(DEFAULT.maxFalsePositives(0, 0.04)).isEqualTo(-1);
    }

    @Test
    void parsesItsOptionSpellingAndRefusesOthers() {
        assertThat(Held.parse("bound-when-few")).isEqualTo(Held.BOUND_WHEN_FEW);
        assertThat(Held.parse("point")).isEqualTo(Held.POINT);
        assertThatThrownBy(() -> Held.parse("BOUND"))
                .hasMessage("FPR held must be point, bound or bound-when-few, was BOUND");
        assertThatThrownBy(() -> new FprBoundPolicy(Held.BOUND, 1.0, 10))
                .hasMessageStartingWith("FPR bound confidence must be in (0, 1)");
        assertThatThrownBy(() -> new FprBoundPolicy(Held.BOUND, 0.95, -1))
                .hasMessageStartingWith("few-labels count must be >= 0");
        assertThatThrownBy(() -> new FprBoundPolicy(null, 0.95, 1))
                .hasMessage("FPR held is missing");
    }
}
