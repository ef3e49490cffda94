package dev.slidr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.registry.calibration.KktReport;
import dev.slidr.registry.calibration.QuadraticFit;
import org.junit.jupiter.api.Test;

class FprAllocationTest {

    // IVR_1 = -f² + f, IVR_2 = -2f² + f, equal click and purchase shares
    private static final double[] HALVES = {0.5, 0.5};
    private static final QuadraticFit[] FITS = {
        new QuadraticFit(-1, 1, 0), new QuadraticFit(-2, 1, 0)
    };

    @Test
    void splitsABindingBudgetWhereMarginalIvrIsEqual() {
        // f1 + f2 = 0.2 and 1 - 2 f1 = 1 - 4 f2 give f1 = 0.4/3, f2 = 0.2/3, μ = 1 - 0.8/3
        FprAllocation.Result r =
                FprAllocation.solve(HALVES, HALVES, FITS, new double[2], ones(), 0.1);
        assertThat(r.fpr()[0]).isCloseTo(0.4 / 3, within(1e-6));
        assertThat(r.fpr()[1]).isCloseTo(0.2 / 3, within(1e-6));
        assertThat(r.kkt().budgetMultiplier()).isCloseTo(1 - 0.8 / 3, within(1e-5));
        assertThat(r.kkt().satisfied()).isTrue();
        double expected = 0.5 * FITS[0].value(0.4 / 3) + 0.5 * FITS[1].value(0.2 / 3);
        assertThat(r.objective()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void coverageFloorPinsASliceAtItsLowerBound() {
        // f2 >= 0.1 leaves f1 = 0.1; μ from the free slice: 1 - 2·0.1
        FprAllocation.Result r =
                FprAllocation.solve(HALVES, HALVES, FITS, new double[] {0, 0.1}, ones(), 0.1);
        assertThat(r.fpr()[0]).isCloseTo(0.1, within(1e-6));
        assertThat(r.fpr()[1]).isCloseTo(0.1, within(1e-6));
        assertThat(r.kkt().budgetMultiplier()).isCloseTo(0.8, within(1e-5));
        assertThat(r.kkt().satisfied()).isTrue();
    }

    @Test
    void slackBudgetReachesTheUnconstrainedPeaks() {
        FprAllocation.Result r =
                FprAllocation.solve(HALVES, HALVES, FITS, new double[2], ones(), 1.0);
        assertThat(r.fpr()[0]).isCloseTo(0.5, within(1e-6));
        assertThat(r.fpr()[1]).isCloseTo(0.25, within(1e-6));
        assertThat(r.kkt().budgetMultiplier()).isZero();
        assertThat(r.kkt().satisfied()).isTrue();
    }

    @Test
    void kktCheckRejectsASuboptimalPoint() {
        KktReport report =
                FprAllocation.checkKkt(
                        HALVES, HALVES, FITS, new double[2], ones(), 0.1, new double[] {0.1, 0.1});
        assertThat(report.satisfied()).isFalse();
        assertThat(report.stationarity()).isGreaterThan(0.01);
    }

    @Test
    void refusesCoverageFloorsThatExceedTheBudget() {
        assertThatThrownBy(
                        () ->
                                FprAllocation.solve(
                                        HALVES, HALVES, FITS, new double[] {0.3, 0.3}, ones(), 0.1))
                .isInstanceOf(CalibrationInfeasibleException.class)
                .hasMessageContaining("coverage minimums need a combined FPR of at least 0.30000");
    }

    @Test
    void quadraticFitRecoversAConcaveCurveAndFallsBackToALineForConvexData() {
        double[] f = {0, 0.1, 0.2, 0.3, 0.4};
        double[] concave = new double[f.length];
        double[] convex = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            concave[i] = -3 * f[i] * f[i] + 2 * f[i] + 0.1;
            convex[i] = 5 * f[i] * f[i];
        }
        QuadraticFit fit = QuadraticFit.fit(f, concave);
        assertThat(fit.a()).isCloseTo(-3, within(1e-9));
        assertThat(fit.b()).isCloseTo(2, within(1e-9));
        assertThat(fit.c()).isCloseTo(0.1, within(1e-9));

        QuadraticFit line = QuadraticFit.fit(f, convex);
        assertThat(line.a()).isZero();
        // least-squares line through 5f² on 0..0.4: slope 2, intercept -0.1
        assertThat(line.b()).isCloseTo(2.0, within(1e-9));
        assertThat(line.c()).isCloseTo(-0.1, within(1e-9));
    }

    private static double[] ones() {
        return new double[] {1, 1};
    }
}
