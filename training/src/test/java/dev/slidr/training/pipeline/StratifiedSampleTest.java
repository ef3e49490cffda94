package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StratifiedSampleTest {

    /** Which rows of a log whose rows belong to {@code cells} (in order) the sample takes. */
    private static List<Integer> taken(StratifiedSample sample, int[] cells) {
        StratifiedSample.Picker picker = sample.picker();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            if (picker.take(cells[i])) {
                out.add(i);
            }
        }
        return out;
    }

    /** Rows of a skewed log: one huge cell, a middle one, a tiny one, and empty cells. */
    private static int[] skewedLog() {
        int[] cells = new int[10_000 + 500 + 3];
        Random random = new Random(1);
        int k = 0;
        for (int i = 0; i < 10_000; i++) {
            cells[k++] = 0;
        }
        for (int i = 0; i < 500; i++) {
            cells[k++] = 7;
        }
        for (int i = 0; i < 3; i++) {
            cells[k++] = 11;
        }
        // shuffled, as cells interleave in time
        for (int i = cells.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = cells[i];
            cells[i] = cells[j];
            cells[j] = t;
        }
        return cells;
    }

    private static long[] counts(int[] cells) {
        long[] n = new long[SampleWeights.CELLS];
        for (int c : cells) {
            n[c]++;
        }
        return n;
    }

    @Test
    void rowsThatFitUnderTheCapAreAllTaken() {
        int[] cells = skewedLog();
        StratifiedSample sample = StratifiedSample.plan(counts(cells), cells.length, 7);
        assertThat(sample.size()).isEqualTo(cells.length);
        assertThat(taken(sample, cells)).hasSize(cells.length);
        assertThat(sample.rate(0)).isEqualTo(1.0);
    }

    @Test
    void everyCellKeepsRowsAndSmallCellsAreKeptWhole() {
        int[] cells = skewedLog();
        StratifiedSample sample = StratifiedSample.plan(counts(cells), 1_000, 7);
        assertThat(sample.size()).isEqualTo(1_000);
        // the tiny cell whole, the rest split evenly between the two large cells
        assertThat(sample.quota(11)).isEqualTo(3);
        assertThat(sample.quota(0) + sample.quota(7)).isEqualTo(997);
        assertThat(Math.abs(sample.quota(0) - sample.quota(7))).isLessThanOrEqualTo(1);
        List<Integer> rows = taken(sample, cells);
        assertThat(rows).hasSize(1_000);
        long[] byCell = new long[SampleWeights.CELLS];
        for (int i : rows) {
            byCell[cells[i]]++;
        }
        assertThat(byCell[0]).isEqualTo(sample.quota(0));
        assertThat(byCell[7]).isEqualTo(sample.quota(7));
        assertThat(byCell[11]).isEqualTo(3);
    }

    @Test
    void aUniformSampleOfTheSameSizeCanLoseATinyCellThatTheStratifiedOneKeeps() {
        int[] cells = skewedLog();
        int lost = 0;
        for (long seed = 0; seed < 50; seed++) {
            int[] uniform = TrainingRows.sampleOrdinals(cells.length, 300, seed);
            boolean tiny = false;
            for (int i : uniform) {
                tiny |= cells[i] == 11;
            }
            lost += tiny ? 0 : 1;
            assertThat(StratifiedSample.plan(counts(cells), 300, seed).quota(11)).isEqualTo(3);
        }
        assertThat(lost).isGreaterThan(40);
    }

    @Test
    void theSameSeedTakesTheSameRowsAndAnotherSeedOthers() {
        int[] cells = skewedLog();
        List<Integer> a = taken(StratifiedSample.plan(counts(cells), 1_000, 7), cells);
        List<Integer> b = taken(StratifiedSample.plan(counts(cells), 1_000, 7), cells);
        List<Integer> c = taken(StratifiedSample.plan(counts(cells), 1_000, 8), cells);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void equalizedWeightsOfTheSampleAreTheInverseRateCorrectedWeightsOfTheWhole() {
        int[] cells = skewedLog();
        long[] n = counts(cells);
        StratifiedSample sample = StratifiedSample.plan(n, 1_000, 7);
        List<Integer> rows = taken(sample, cells);
        int[] sampledCells = rows.stream().mapToInt(i -> cells[i]).toArray();
        float[] w = SampleWeights.equalizeCells(sampledCells);
        // the whole log's equalized weight of a row, times 1 / its cell's sampling rate, scaled by
        // sample size / log size: the same for every row
        float[] whole = SampleWeights.equalizeCells(cells);
        double scale = (double) rows.size() / cells.length;
        for (int k = 0; k < rows.size(); k++) {
            int i = rows.get(k);
            double corrected = whole[i] / sample.rate(cells[i]) * scale;
            assertThat((double) w[k]).isCloseTo(corrected, within(1e-3 * corrected));
        }
    }

    @Test
    void emptyAndZeroSamplesAndBadArguments() {
        StratifiedSample empty = StratifiedSample.plan(new long[SampleWeights.CELLS], 10, 1);
        assertThat(empty.size()).isZero();
        assertThat(empty.rate(5)).isEqualTo(1.0);
        int[] cells = skewedLog();
        StratifiedSample none = StratifiedSample.plan(counts(cells), 0, 1);
        assertThat(taken(none, cells)).isEmpty();
        StratifiedSample two = StratifiedSample.plan(counts(cells), 2, 1);
        assertThat(taken(two, cells)).hasSize(2);
        assertThatThrownBy(() -> StratifiedSample.plan(new long[] {1, -1}, 5, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StratifiedSample.plan(new long[] {1}, -5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uniformSampleTakesTheSameRowsAsTheOrdinalSampleWhateverTheCells() {
        Random random = new Random(3);
        int n = 5_000;
        int[] cells = new int[n];
        for (int i = 0; i < n; i++) {
            cells[i] = random.nextInt(SampleWeights.CELLS);
        }
        StratifiedSample sample = StratifiedSample.uniform(n, 700, 41);
        int[] expected = TrainingRows.sampleOrdinals(n, 700, 41);
        StratifiedSample.Picker picker = sample.picker();
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (picker.take(cells[i])) {
                taken.add(i);
            }
        }
        assertThat(sample.size()).isEqualTo(700);
        assertThat(taken).containsExactly(Arrays.stream(expected).boxed().toArray(Integer[]::new));
        assertThat(StratifiedSample.uniform(300, 700, 41).size()).isEqualTo(300);
        assertThatThrownBy(() -> StratifiedSample.uniform(-1, 7, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
