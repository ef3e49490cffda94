package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Known Clopper–Pearson upper bounds. The expected values are the Beta quantiles {@code
 * scipy.stats.beta.ppf(confidence, x + 1, n - x)} of SciPy 1.17.1, the definition of the exact
 * one-sided bound (Clopper and Pearson, Biometrika 26(4), 1934); x = 0, n = 100 also has the closed
 * form {@code 1 - 0.05^(1/100)} = 0.029513, next to the "rule of three" 3/n = 0.03.
 */
class ClopperPearsonTest {

    @Test
    void matchesTheClosedFormWhenNoEventWasSeen() {
        assertThat(ClopperPearson.upper(0, 100, 0.95)).isCloseTo(0.029513049607, within(1e-9));
        assertThat(ClopperPearson.upper(0, 100, 0.99)).isCloseTo(0.045007413979, within(1e-9));
    }

    @Test
    void matchesReferenceBetaQuantiles() {
        assertThat(ClopperPearson.upper(1, 20, 0.95)).isCloseTo(0.216106164207, within(1e-9));
        assertThat(ClopperPearson.upper(5, 20, 0.95)).isCloseTo(0.455582404002, within(1e-9));
        assertThat(ClopperPearson.upper(3, 200, 0.95)).isCloseTo(0.038309708499, within(1e-9));
        assertThat(ClopperPearson.upper(10, 1000, 0.95)).isCloseTo(0.016903175121, within(1e-9));
        assertThat(ClopperPearson.upper(2, 40, 0.99)).isCloseTo(0.194009814459, within(1e-9));
        // one-sided 97.5 % is the upper end of the two-sided 95 % interval, 5 of 20 -> 0.4910
        assertThat(ClopperPearson.upper(5, 20, 0.975)).isCloseTo(0.491045871708, within(1e-9));
    }

    @Test
    void boundsNothingWithoutTrials() {
        assertThat(ClopperPearson.upper(0, 0, 0.95)).isNaN();
    }

    @Test
    void isOneWhenEveryTrialWasAnEvent() {
        assertThat(ClopperPearson.upper(7, 7, 0.95)).isEqualTo(1.0);
        assertThat(ClopperPearson.upper(1, 1, 0.5)).isEqualTo(1.0);
    }

    @Test
    void staysAboveThePointEstimateAndShrinksWithMoreTrials() {
        double previous = 1;
        for (long n : new long[] {10, 100, 1_000, 100_000}) {
            double upper = ClopperPearson.upper(n / 50, n, 0.95);
            assertThat(upper).isGreaterThan((double) (n / 50) / n).isLessThan(previous);
            previous = upper;
        }
    }

    @Test
    void refusesImpossibleCountsAndConfidences() {
        assertThatThrownBy(() -> ClopperPearson.upper(3, 2, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 0 <= events <= trials, was 3 of 2");
        assertThatThrownBy(() -> ClopperPearson.upper(-1, 2, 0.95))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClopperPearson.upper(0, -2, 0.95))
                .isInstanceOf(IllegalArgumentException.class);
        for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> ClopperPearson.upper(1, 2, c))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("confidence must be in (0, 1)");
        }
    }
}
