package org.multisite.data;

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
}
