package org.multisite.estimate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Small dense helpers for the per-site regressions (p is a handful of columns). */
final class Regression {
    private Regression() {
    }

    /** X'WX for a row-major design x[i][k] and weights w (null for all ones). */
    static DMatrixRMaj crossproduct(double[][] x, double[] w) {
        int p = x[0].length;
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        for (int i = 0; i < x.length; i++) {
            double wi = w == null ? 1 : w[i];
            for (int k = 0; k < p; k++) {
                for (int l = 0; l <= k; l++) {
                    a.add(k, l, wi * x[i][k] * x[i][l]);
                }
            }
        }
        for (int k = 0; k < p; k++) {
            for (int l = 0; l < k; l++) {
                a.set(l, k, a.get(k, l));
            }
        }
        return a;
    }

    /** The inverse of a symmetric positive definite matrix, or null if it is singular. */
    static DMatrixRMaj inverse(DMatrixRMaj a) {
        DMatrixRMaj inv = new DMatrixRMaj(a.numRows, a.numCols);
        if (!CommonOps_DDRM.invertSPD(a.copy(), inv)) {
            return null;
        }
        return inv;
    }

    /** A v. */
    static double[] times(DMatrixRMaj a, double[] v) {
        double[] out = new double[a.numRows];
        for (int k = 0; k < a.numRows; k++) {
            double s = 0;
            for (int l = 0; l < a.numCols; l++) {
                s += a.get(k, l) * v[l];
            }
            out[k] = s;
        }
        return out;
    }

    /** x_i' A x_i. */
    static double quadratic(DMatrixRMaj a, double[] x) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            for (int l = 0; l < x.length; l++) {
                s += x[k] * a.get(k, l) * x[l];
            }
        }
        return s;
    }
}
