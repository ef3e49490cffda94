package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactAllocationTest {

    /** Two slices of held-out clicks; a third of each slice's clicks are purchases. */
    private static List<SliceCurve> twoSlices(int perSlice, long seed) {
        Random random = new Random(seed);
        int n = 2 * perSlice;
        double[] score = new double[n];
        boolean[] buyer = new boolean[n];
        boolean[] fast = new boolean[n];
        int[][] rows = new int[2][perSlice];
        for (int i = 0; i < n; i++) {
            int s = i / perSlice;
            buyer[i] = random.nextDouble() < 0.33;
            double shift = buyer[i] ? -1 : (s == 0 ? 1.5 : 0.8);
            score[i] = RobotNetwork.sigmoid(shift + random.nextGaussian());
            rows[s][i % perSlice] = i;
        }
        return List.of(
                SliceCurve.of("a", score, buyer, fast, rows[0]),
                SliceCurve.of("b", score, buyer, fast, rows[1]));
    }

    /** Brute force over every split of the false-positive capacity between two slices. */
    private static long bruteForce(List<SliceCurve> curves, long capacity) {
        long best = 0;
        for (long c = 0; c <= capacity; c++) {
            long value =
                    curves.get(0).flagged(curves.get(0).envelopePoint(c))
                            + curves.get(1).flagged(curves.get(1).envelopePoint(capacity - c));
            best = Math.max(best, value);
        }
        return best;
    }

    private static long purchasing(List<SliceCurve> curves) {
        return curves.get(0).purchasing() + curves.get(1).purchasing();
    }

    @Test
    void matchesBruteForceWhenTheBudgetFitsInExactUnits() {
        List<SliceCurve> curves = twoSlices(3000, 1L);
        long capacity = (long) Math.floor(0.1 * purchasing(curves));
        ExactAllocation.Result r = ExactAllocation.solve(curves, 0.1, new long[2]);
        assertThat(r.discretized()).isFalse();
        assertThat(r.invalidated()).isEqualTo(bruteForce(curves, capacity));
    }

    @Test
    void staysFeasibleAndNearOptimalWhenCountingInCoarserUnits() {
        List<SliceCurve> curves = twoSlices(40_000, 2L);
        long capacity = (long) Math.floor(0.3 * purchasing(curves));
        assertThat(capacity).isGreaterThan(ExactAllocation.MAX_UNITS);
        ExactAllocation.Result r = ExactAllocation.solve(curves, 0.3, new long[2]);
        assertThat(r.discretized()).isTrue();
        long used = 0;
        for (int s = 0; s < 2; s++) {
            used += curves.get(s).flaggedPurchasing(r.points()[s]);
        }
        assertThat(used).isLessThanOrEqualTo(capacity);
        long best = bruteForce(curves, capacity);
        assertThat(r.invalidated()).isLessThanOrEqualTo(best);
        assertThat((double) r.invalidated()).isGreaterThan(0.999 * best);
    }

    @Test
    void refusesCoverageFloorsBeyondTheCapacity() {
        List<SliceCurve> curves = twoSlices(1000, 3L);
        long[] floors = {curves.get(0).purchasing(), 0};
        assertThatThrownBy(() -> ExactAllocation.solve(curves, 0.1, floors))
                .isInstanceOf(CalibrationInfeasibleException.class)
                .hasMessageContaining("no thresholds meet every coverage minimum");
    }
}
