package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cell weights: each (hour, day, logged-in, label) cell weighs the same. */
class SampleWeightsTest {

    @Test
    void everyNonEmptyCellWeighsTheSame() {
        Random random = new Random(3);
        int n = 20_000;
        int[] cells = new int[n];
        for (int i = 0; i < n; i++) {
            // skewed: night hours, anonymous and non-human rows are rare or common
            int hour = (int) Math.min(23, Math.abs(random.nextGaussian() * 8));
            int day = random.nextInt(7);
            boolean loggedIn = random.nextDouble() < 0.2;
            float label = random.nextDouble() < 0.9 ? 1f : 0f;
            cells[i] = SampleWeights.cell(hour, day, loggedIn, label);
        }
        float[] w = SampleWeights.equalizeCells(cells);
        double[] sums = new double[SampleWeights.CELLS];
        double total = 0;
        for (int i = 0; i < n; i++) {
            sums[cells[i]] += w[i];
            total += w[i];
        }
        int nonEmpty = 0;
        for (double s : sums) {
            if (s > 0) {
                nonEmpty++;
            }
        }
        assertThat(total).isCloseTo(n, within(0.01 * n / 1000));
        for (double s : sums) {
            if (s > 0) {
                assertThat(s).isCloseTo((double) n / nonEmpty, within(1e-3));
            }
        }
    }

    @Test
    void cellsSeparateHourDayLoginAndLabel() {
        assertThat(SampleWeights.cell(0, 0, false, 0f)).isEqualTo(0);
        assertThat(SampleWeights.cell(0, 0, false, 1f))
                .isNotEqualTo(SampleWeights.cell(0, 0, true, 1f));
        assertThat(SampleWeights.cell(23, 6, true, 1f)).isEqualTo(SampleWeights.CELLS - 1);
    }
}
