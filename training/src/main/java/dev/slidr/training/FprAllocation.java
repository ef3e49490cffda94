package dev.slidr.training;

import dev.slidr.registry.calibration.KktReport;
import dev.slidr.registry.calibration.QuadraticFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The per-slice FPR allocation as the convex program it is, solved with ojAlgo's convex quadratic
 * solver:
 *
 * <pre>
 *   maximize   Σ_s u_s · (a_s f_s² + b_s f_s + c_s)       (u_s = clicks share, a_s <= 0)
 *   subject to Σ_s q_s · f_s <= budget                     (q_s = purchasing-click share)
 *              lower_s <= f_s <= upper_s                   (coverage floor, 0..1)
 * </pre>
 *
 * <p>The answer is then checked against the KKT conditions in plain code, independently of the
 * solver, and the check is part of the result.
 */
public final class FprAllocation {

    /** Values the solver cannot tell from zero in a problem scaled to shares and rates. */
    static final double TOLERANCE = 1e-6;

    private FprAllocation() {}

    /** The solver's allocation, its objective and the KKT check. */
    public record Result(double[] fpr, double objective, KktReport kkt) {}

    public static Result solve(
            double[] u,
            double[] q,
            QuadraticFit[] fits,
            double[] lower,
            double[] upper,
            double budget) {
        int s = u.length;
        if (q.length != s || fits.length != s || lower.length != s || upper.length != s) {
            throw new IllegalArgumentException("allocation inputs differ in length");
        }
        double floor = 0;
        for (int i = 0; i < s; i++) {
            if (fits[i].a() > 0) {
                throw new IllegalArgumentException("fit of slice " + i + " is not concave");
            }
            if (lower[i] > upper[i] + TOLERANCE) {
                throw new CalibrationInfeasibleException(
                        "slice " + i + " needs FPR >= " + lower[i] + " but at most " + upper[i]);
            }
            floor += q[i] * lower[i];
        }
        if (floor > budget + TOLERANCE) {
            throw new CalibrationInfeasibleException(
                    String.format(
                            "the coverage minimums need a combined FPR of at least %.5f, above"
                                    + " the budget %.5f",
                            floor, budget));
        }

        ExpressionsBasedModel model = new ExpressionsBasedModel();
        List<Variable> vars = new ArrayList<>(s);
        for (int i = 0; i < s; i++) {
            vars.add(model.addVariable("fpr_" + i).lower(lower[i]).upper(upper[i]));
        }
        Expression objective = model.addExpression("negative_ivr").weight(1.0);
        for (int i = 0; i < s; i++) {
            objective.set(vars.get(i), vars.get(i), -u[i] * fits[i].a());
            objective.set(vars.get(i), -u[i] * fits[i].b());
        }
        Expression combined = model.addExpression("combined_fpr").upper(budget);
        for (int i = 0; i < s; i++) {
            combined.set(vars.get(i), q[i]);
        }
        Optimisation.Result result = model.minimise();
        if (!result.getState().isFeasible()) {
            throw new CalibrationInfeasibleException(
                    "the convex solver found no allocation: " + result.getState());
        }
        double[] f = new double[s];
        for (int i = 0; i < s; i++) {
            // the solver may overshoot a bound by rounding; clamp so that the answer is feasible
            f[i] = Math.max(lower[i], Math.min(upper[i], result.doubleValue(i)));
        }
        withinBudget(u, q, fits, lower, budget, f);
        double value = 0;
        for (int i = 0; i < s; i++) {
            value += u[i] * fits[i].value(f[i]);
        }
        return new Result(f, value, checkKkt(u, q, fits, lower, upper, budget, f));
    }

    /**
     * Pulls an answer that overshoots the budget by the solver's tolerance (on nearly linear fits
     * its iterates stop a few 1e-5 outside) back onto it: the overshoot is taken from the slices
     * that buy the least IVR per unit of combined FPR, as the program itself would.
     */
    private static void withinBudget(
            double[] u,
            double[] q,
            QuadraticFit[] fits,
            double[] lower,
            double budget,
            double[] f) {
        double used = 0;
        for (int i = 0; i < f.length; i++) {
            used += q[i] * f[i];
        }
        Integer[] order = new Integer[f.length];
        for (int i = 0; i < f.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.comparingDouble(
                        i -> q[i] > 0 ? u[i] * fits[i].derivative(f[i]) / q[i] : Double.MAX_VALUE));
        for (int i : order) {
            if (used <= budget) {
                return;
            }
            if (q[i] <= 0) {
                continue;
            }
            double cut = Math.min(f[i] - lower[i], (used - budget) / q[i]);
            f[i] -= cut;
            used -= q[i] * cut;
        }
    }

    /**
     * Recovers the multipliers from the point and measures each KKT condition. μ comes from the
     * slices strictly inside their bounds (where stationarity pins it down), else from the tightest
     * sign condition of the slices at a bound.
     */
    static KktReport checkKkt(
            double[] u,
            double[] q,
            QuadraticFit[] fits,
            double[] lower,
            double[] upper,
            double budget,
            double[] f) {
        int s = f.length;
        double used = 0;
        double[] grad = new double[s];
        double maxGrad = 0;
        for (int i = 0; i < s; i++) {
            used += q[i] * f[i];
            grad[i] = -u[i] * fits[i].derivative(f[i]);
            maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
        }
        double tol = TOLERANCE * Math.max(1, maxGrad);
        double slack = budget - used;
        double primal = Math.max(0, -slack);
        boolean[] atLower = new boolean[s];
        boolean[] atUpper = new boolean[s];
        for (int i = 0; i < s; i++) {
            primal = Math.max(primal, Math.max(lower[i] - f[i], f[i] - upper[i]));
            double width = TOLERANCE * Math.max(1, upper[i] - lower[i]);
            atLower[i] = f[i] <= lower[i] + width;
            atUpper[i] = f[i] >= upper[i] - width;
        }
        double mu;
        if (slack > TOLERANCE) {
            mu = 0;
        } else {
            double sum = 0;
            int free = 0;
            for (int i = 0; i < s; i++) {
                if (!atLower[i] && !atUpper[i] && q[i] > 0) {
                    sum += -grad[i] / q[i];
                    free++;
                }
            }
            if (free > 0) {
                mu = sum / free;
            } else {
                mu = 0;
                for (int i = 0; i < s; i++) {
                    if (atLower[i] && !atUpper[i] && q[i] > 0) {
                        mu = Math.max(mu, -grad[i] / q[i]);
                    }
                }
            }
        }
        double stationarity = 0;
        double dual = Math.max(0, -mu);
        for (int i = 0; i < s; i++) {
            double r = grad[i] + mu * q[i];
            if (atLower[i] && atUpper[i]) {
                continue; // a fixed variable absorbs any sign
            } else if (atLower[i]) {
                dual = Math.max(dual, -r); // λ_lower = r must be >= 0
            } else if (atUpper[i]) {
                dual = Math.max(dual, r); // λ_upper = -r must be >= 0
            } else {
                stationarity = Math.max(stationarity, Math.abs(r));
            }
        }
        return new KktReport(mu, stationarity, Math.abs(mu * slack), primal, dual, tol);
    }
}
