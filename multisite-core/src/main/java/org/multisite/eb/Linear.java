package org.multisite.eb;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Small dense algebra for the EB estimators (a handful of coefficients). */
final class Linear {
    private Linear() {
    }

    static double[][] inverse(double[][] a) {
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

    static double logDet(double[][] a) {
        return Math.log(CommonOps_DDRM.det(new DMatrixRMaj(a)));
    }

    static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            out[r] = dot(a[r], v);
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double quadratic(double[][] a, double[] x) {
        return bilinear(a, x, x);
    }

    static double bilinear(double[][] a, double[] x, double[] z) {
        double s = 0;
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < z.length; c++) {
                s += x[r] * a[r][c] * z[c];
            }
        }
        return s;
    }
}
