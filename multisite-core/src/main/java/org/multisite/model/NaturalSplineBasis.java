package org.multisite.model;

/**
 * A natural cubic spline basis on a grid, without the constant (which softmax ignores): the
 * truncated-power form of Hastie, Tibshirani & Friedman (ESL, 2nd ed., eqs. 5.4-5.5) with the
 * interior knots at quantiles of the grid and boundary knots at its ends, N_1 = x,
 * N_{k+1} = d_k - d_{K-1}, d_k = ((x - xi_k)^3_+ - (x - xi_K)^3_+) / (xi_K - xi_k). This spans the
 * same space as R's {@code splines::ns(x, df)} plus the intercept; each column is then centred
 * and scaled to unit root mean square over the grid, so that coefficients are on the scale of
 * the log density (deconvolveR scales to unit norm, sqrt(M) times smaller, for its penalty).
 */
final class NaturalSplineBasis {
    private NaturalSplineBasis() {
    }

    /** The grid x (length M) times df columns, row-major q[m][k]. */
    static double[][] of(double[] x, int df) {
        int m = x.length;
        if (df < 1 || df > m - 2) {
            throw new IllegalArgumentException("df must be between 1 and " + (m - 2) + ", got " + df);
        }
        // df columns without the constant: x and df - 1 truncated-power terms need df + 1 knots
        int knots = df + 1;
        double[] xi = new double[knots];
        for (int k = 0; k < knots; k++) {
            xi[k] = org.multisite.summary.Quantiles.type7(x, (double) k / (knots - 1));
        }
        double[][] q = new double[m][df];
        for (int i = 0; i < m; i++) {
            q[i][0] = x[i];
            double last = d(x[i], xi, knots - 2, knots);
            for (int k = 1; k < df; k++) {
                q[i][k] = d(x[i], xi, k - 1, knots) - last;
            }
        }
        for (int k = 0; k < df; k++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += q[i][k];
            }
            mean /= m;
            double norm = 0;
            for (int i = 0; i < m; i++) {
                q[i][k] -= mean;
                norm += q[i][k] * q[i][k];
            }
            norm = Math.sqrt(norm / m);
            for (int i = 0; i < m; i++) {
                q[i][k] /= norm;
            }
        }
        return q;
    }

    private static double d(double x, double[] xi, int k, int knots) {
        double a = Math.max(x - xi[k], 0);
        double b = Math.max(x - xi[knots - 1], 0);
        return (a * a * a - b * b * b) / (xi[knots - 1] - xi[k]);
    }
}
