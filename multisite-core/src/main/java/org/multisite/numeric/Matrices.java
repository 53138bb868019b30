package org.multisite.numeric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

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
