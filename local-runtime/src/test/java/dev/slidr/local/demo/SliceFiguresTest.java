package dev.slidr.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SliceFiguresTest {

    @Test
    void countsRatesAgainstTheTruth() {
        SliceFigures f = new SliceFigures();
        f.add(true, true, 0.9, false, true);
        f.add(true, false, 0.8, true, false);
        f.add(false, true, 0.2, false, true);
        f.add(false, false, 0.1, true, false);

        assertThat(f.clicks()).isEqualTo(4);
        assertThat(f.ivr()).isEqualTo(0.5);
        assertThat(f.truePrecision()).isEqualTo(0.5);
        assertThat(f.trueRecall()).isEqualTo(0.5);
        assertThat(f.weakFpr()).isEqualTo(0.5);
        assertThat(f.weakRoboticCoverage()).isEqualTo(0.5);
    }

    @Test
    void trueAucIsOneForPerfectScoresAndAHalfForTies() {
        SliceFigures perfect = new SliceFigures();
        perfect.add(true, true, 0.9, false, false);
        perfect.add(false, false, 0.1, false, false);
        assertThat(perfect.trueAuc()).isEqualTo(1.0);

        SliceFigures tied = new SliceFigures();
        tied.add(true, true, 0.5, false, false);
        tied.add(true, false, 0.5, false, false);
        assertThat(tied.trueAuc()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void leavesUncomputableFiguresNull() {
        SliceFigures f = new SliceFigures();
        assertThat(f.ivr()).isNull();
        f.add(true, false, Double.NaN, false, false);
        assertThat(f.trueAuc()).as("no scored click").isNull();
        assertThat(f.weakFpr()).as("no purchasing click").isNull();
        assertThat(f.trueRecall()).as("no robot").isNull();
        assertThat(f.truePrecision()).isEqualTo(0.0);
    }
}
