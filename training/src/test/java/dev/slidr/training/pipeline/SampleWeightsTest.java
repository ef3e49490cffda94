package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    void relativeWeightsShareACellWithoutChangingWhatItWeighs() {
        // one human cell: two purchasing rows (relative 1) and two RFM-only rows (relative 0.25);
        // one non-human cell of four rows
        int human = SampleWeights.cell(10, 2, true, 0f);
        int robot = SampleWeights.cell(10, 2, true, 1f);
        int[] cells = {human, human, human, human, robot, robot, robot, robot};
        float[] relative = {1f, 1f, 0.25f, 0.25f, 1f, 1f, 1f, 1f};
        float[] w = SampleWeights.equalizeCells(cells, relative);
        // 8 rows, 2 cells: each cell sums to 4, shared 1 : 1 : 0.25 : 0.25 inside the human one
        assertThat(w[0] + w[1] + w[2] + w[3]).isCloseTo(4f, within(1e-5f));
        assertThat(w[0]).isCloseTo(4f / 2.5f, within(1e-5f));
        assertThat(w[2]).isCloseTo(w[0] / 4, within(1e-5f));
        assertThat(w[4]).isCloseTo(1f, within(1e-5f));
        // all-ones relative weights are the plain equalization
        float[] ones = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        assertThat(SampleWeights.equalizeCells(cells, ones))
                .containsExactly(SampleWeights.equalizeCells(cells), within(1e-6f));
    }

    @Test
    void aCellWhoseRowsAllWeighZeroIsEmpty() {
        int human = SampleWeights.cell(3, 0, true, 0f);
        int robot = SampleWeights.cell(3, 0, true, 1f);
        float[] w =
                SampleWeights.equalizeCells(
                        new int[] {human, human, robot, robot}, new float[] {0f, 0f, 1f, 1f});
        assertThat(w).containsExactly(0f, 0f, 2f, 2f);
    }

    @Test
    void refusesMismatchedNegativeOrNonFiniteRelativeWeights() {
        int c = SampleWeights.cell(0, 0, false, 1f);
        assertThatThrownBy(() -> SampleWeights.equalizeCells(new int[] {c, c}, new float[] {1f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one relative weight per row");
        assertThatThrownBy(() -> SampleWeights.equalizeCells(new int[] {c}, new float[] {-1f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0");
        assertThatThrownBy(
                        () -> SampleWeights.equalizeCells(new int[] {c}, new float[] {Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cellsSeparateHourDayLoginAndLabel() {
        assertThat(SampleWeights.cell(0, 0, false, 0f)).isEqualTo(0);
        assertThat(SampleWeights.cell(0, 0, false, 1f))
                .isNotEqualTo(SampleWeights.cell(0, 0, true, 1f));
        assertThat(SampleWeights.cell(23, 6, true, 1f)).isEqualTo(SampleWeights.CELLS - 1);
    }
}
