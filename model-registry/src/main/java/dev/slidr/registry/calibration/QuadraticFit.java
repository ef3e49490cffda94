package dev.slidr.registry.calibration;

/**
 * A concave quadratic {@code IVR(f) = a·f² + b·f + c} of FPR, fitted by least squares with the
 * constraint {@code a <= 0}.
 *
 * <p>With one inequality on three coefficients the constrained problem has a closed form: the
 * unconstrained fit when its {@code a} is already non-positive, otherwise the best fit on the
 * boundary {@code a = 0}, a straight line (least squares is convex, so the optimum of the
 * constrained problem lies on the boundary whenever the unconstrained one is outside it).
 */
public record QuadraticFit(double a, double b, double c) {

    public double value(double f) {
        return (a * f + b) * f + c;
    }

    public double derivative(double f) {
        return 2 * a * f + b;
    }

    /** Least-squares concave fit through {@code (f[i], ivr[i])}; degrades to lower degree. */
    public static QuadraticFit fit(double[] f, double[] ivr) {
        if (f.length != ivr.length || f.length == 0) {
            throw new IllegalArgumentException("need at least one point to fit, got " + f.length);
        }
        double s0 = f.length;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        for (int i = 0; i < f.length; i++) {
            double x = f[i];
            double x2 = x * x;
            s1 += x;
            s2 += x2;
            s3 += x2 * x;
            s4 += x2 * x2;
            t0 += ivr[i];
            t1 += x * ivr[i];
            t2 += x2 * ivr[i];
        }
        // normal equations for (a, b, c) over basis (x², x, 1)
        double[][] m = {{s4, s3, s2}, {s3, s2, s1}, {s2, s1, s0}};
        double[] rhs = {t2, t1, t0};
        double det = det3(m);
        double scale = Math.max(1e-300, s4 * s2 * s0);
        if (Math.abs(det) > 1e-12 * scale) {
            double a = det3(replace(m, 0, rhs)) / det;
            double b = det3(replace(m, 1, rhs)) / det;
            double c = det3(replace(m, 2, rhs)) / det;
            if (a <= 0) {
                return new QuadraticFit(a, b, c);
            }
        }
        double detLine = s2 * s0 - s1 * s1;
        if (Math.abs(detLine) > 1e-12 * Math.max(1e-300, s2 * s0)) {
            double b = (t1 * s0 - s1 * t0) / detLine;
            double c = (s2 * t0 - s1 * t1) / detLine;
            return new QuadraticFit(0, b, c);
        }
        return new QuadraticFit(0, 0, t0 / s0);
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    private static double[][] replace(double[][] m, int column, double[] values) {
        double[][] out = new double[3][3];
        for (int r = 0; r < 3; r++) {
            out[r] = m[r].clone();
            out[r][column] = values[r];
        }
        return out;
    }
}
