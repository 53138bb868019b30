package org.multisite.numeric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Small dense algebra the solvers share, on EJML. */
public final class Matrices {
    private Matrices() {
    }

    /**
     * Solves ((A + A') / 2) x = b: Newton steps with a Hessian made by differences are symmetric
     * only up to rounding. Returns null when the matrix is singular.
     */
    public static double[] solveSymmetrized(double[][] a, double[] b) {
        int n = b.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                m.set(r, c, 0.5 * (a[r][c] + a[c][r]));
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solve(m, new DMatrixRMaj(n, 1, true, b), x)) {
            return null;
        }
        return x.getData().clone();
    }

    /** Tenfold increases of the damping before {@link #solveDamped} gives up: from 1e-6 of the diagonal past 1e33 of it. */
    private static final int DAMPINGS = 40;

    /**
     * Solves ((A + A') / 2 + lambda I) x = b with the least lambda in 0, d, 10 d, 100 d, ... (d =
     * 1e-6 times the largest diagonal magnitude, at least 1e-6) for which the matrix has a
     * Cholesky factor: where a Hessian is indefinite (a likelihood that is not concave far from
     * its optimum), a step of Levenberg (1944) and Marquardt (1963), a descent direction that
     * turns from the gradient's towards Newton's as lambda falls (Nocedal & Wright 2006,
     * section 3.4; their Algorithm 3.3 starts at 1e-3 and doubles: any increasing sequence gives
     * a descent direction, and this one, which starts nearer Newton's step, took surg.csv's
     * Efron fit to its optimum in 9 steps). Returns null when no lambda of the sequence gives a
     * factor and a finite solution (non-finite entries).
     */
    public static double[] solveDamped(double[][] a, double[] b) {
        int n = b.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        double scale = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                m.set(r, c, 0.5 * (a[r][c] + a[c][r]));
            }
            scale = Math.max(scale, Math.abs(a[r][r]));
        }
        double step = 1e-6 * Math.max(scale, 1);
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(n);
        DMatrixRMaj damped = new DMatrixRMaj(n, n);
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        double lambda = 0;
        for (int k = 0; k <= DAMPINGS; k++) {
            damped.setTo(m);
            for (int i = 0; i < n; i++) {
                damped.add(i, i, lambda);
            }
            if (cholesky.setA(damped)) {
                cholesky.solve(new DMatrixRMaj(n, 1, true, b), x);
                double[] out = x.getData().clone();
                for (double v : out) {
                    if (!Double.isFinite(v)) {
                        return null; // NaN entries pass the factorization's tests, and damping cannot mend them
                    }
                }
                return out;
            }
            lambda = lambda == 0 ? step : 10 * lambda;
        }
        return null;
    }

    /**
     * The inverse of a small dense matrix (a handful of coefficients).
     *
     * @throws IllegalArgumentException if the matrix is singular
     */
    public static double[][] inverse(double[][] a) {
        int p = a.length;
        DMatrixRMaj m = new DMatrixRMaj(a);
        DMatrixRMaj inv = new DMatrixRMaj(p, p);
        if (!CommonOps_DDRM.invert(m, inv)) {
            throw new IllegalArgumentException("the covariates leave X'WX singular");
        }
        double[][] out = new double[p][p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                out[r][c] = inv.get(r, c);
            }
        }
        return out;
    }

    /** log det(a). */
    public static double logDet(double[][] a) {
        return Math.log(CommonOps_DDRM.det(new DMatrixRMaj(a)));
    }

    /** a v. */
    public static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            out[r] = Vectors.dot(a[r], v);
        }
        return out;
    }

    /** x' a x. */
    public static double quadratic(double[][] a, double[] x) {
        double s = 0;
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < x.length; c++) {
                s += x[r] * a[r][c] * x[c];
            }
        }
        return s;
    }
}
