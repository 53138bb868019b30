package org.multisite.estimate;

import org.ejml.data.DMatrixRMaj;

/**
 * Ordinary least squares with the HC2 heteroskedasticity-consistent covariance (MacKinnon &
 * White 1985): V = (X'X)^-1 [sum_i e_i^2 / (1 - h_ii) x_i x_i'] (X'X)^-1, h_ii the leverages.
 * With X = (1, T) the HC2 variance of T's coefficient is the Neyman variance
 * s_1^2 / n_1 + s_0^2 / n_0 (Imbens & Rubin 2015, ch. 6; Samii & Aronow 2012).
 */
final class LinearRegression {
    private LinearRegression() {
    }

    /** Coefficient k and its HC2 standard error; null if X'X is singular or a leverage is 1. */
    static double[] fitHc2(double[][] x, double[] y, int k) {
        int n = x.length;
        DMatrixRMaj xtxInv = Regression.inverse(Regression.crossproduct(x, null));
        if (xtxInv == null) {
            return null;
        }
        int p = x[0].length;
        double[] xty = new double[p];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < p; l++) {
                xty[l] += x[i][l] * y[i];
            }
        }
        double[] beta = Regression.times(xtxInv, xty);
        double[] meat = new double[n];
        for (int i = 0; i < n; i++) {
            double fitted = 0;
            for (int l = 0; l < p; l++) {
                fitted += x[i][l] * beta[l];
            }
            double e = y[i] - fitted;
            double h = Regression.quadratic(xtxInv, x[i]);
            // a unit with leverage 1 is fitted exactly and HC2 is undefined
            if (!(1 - h > 1e-10)) {
                return null;
            }
            meat[i] = e * e / (1 - h);
        }
        // row k of (X'X)^-1 is all the sandwich needs for one coefficient
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double a = 0;
            for (int l = 0; l < p; l++) {
                a += xtxInv.get(k, l) * x[i][l];
            }
            variance += a * a * meat[i];
        }
        return new double[] {beta[k], Math.sqrt(variance)};
    }
}
