package org.multisite.eb;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.multisite.data.SiteData;
import org.multisite.numeric.Matrices;


/**
 * Heterogeneity at a glance, as metafor's {@code rma} (REML) and {@code confint} report it
 * (Viechtbauer 2010, J. Stat. Softw. 36(3), section 3): for k sites and p coefficients
 * (intercept and site covariates),
 * <ul>
 *   <li>Cochran's Q_E = sum_j (y_j - x_j' b)^2 / v_j with b the fixed-effect (weights 1 / v_j)
 *       fit, its df k - p and chi-square p-value;</li>
 *   <li>tau^2 by REML ({@link NormalEb}) with the Q-profile 95% interval (Viechtbauer 2007,
 *       Stat. Med. 26): the tau^2 at which the generalized Q(tau^2) = sum_j (y_j - x_j'
 *       b(tau^2))^2 / (v_j + tau^2), decreasing in tau^2, equals the chi-square(k - p) 97.5% and
 *       2.5% quantiles (a bound is 0 when Q(0) is already below its quantile);</li>
 *   <li>I^2 = 100 tau^2 / (tau^2 + s^2) and H^2 = (tau^2 + s^2) / s^2 with the typical sampling
 *       variance s^2 = (k - p) / tr(P), P = W - W X (X'WX)^-1 X'W, W = diag(1 / v_j) (Higgins
 *       & Thompson 2002 for p = 1; metafor's {@code vt}), and their intervals from tau^2's;</li>
 *   <li>the 95% prediction interval of a new site's effect (at the covariates' means for the
 *       intercept-only case, mu): mu +- z_0.975 sqrt(SE(mu)^2 + tau^2), metafor's
 *       {@code predict} with its default normal quantile;</li>
 *   <li>the informativeness I = tau^2 / (tau^2 + GM(se^2)).</li>
 * </ul>
 */
public record Heterogeneity(int sites, int df, double q, double qPValue, double tau2, double tau2Low, double tau2High,
                            double typicalVariance, double mu, double muSe, double predictionLow, double predictionHigh,
                            double informativeness) {
    /** The relative tolerance of the Q-profile's roots. */
    static final double TOLERANCE = 1e-12;

    /** I^2 in percent at tau^2 = {@code t2}. */
    public double i2(double t2) {
        return 100 * t2 / (t2 + typicalVariance);
    }

    /** H^2 at tau^2 = {@code t2}. */
    public double h2(double t2) {
        return (t2 + typicalVariance) / typicalVariance;
    }

    /**
     * @throws IllegalArgumentException with no residual degrees of freedom (k <= p)
     */
    public static Heterogeneity of(SiteData data) {
        int k = data.size();
        int p = 1 + data.covariateCount();
        if (k <= p) {
            throw new IllegalArgumentException("heterogeneity needs more sites (" + k + ") than coefficients (" + p + ")");
        }
        double[][] x = design(data);
        double[] y = data.estimates();
        double[] v = new double[k];
        for (int j = 0; j < k; j++) {
            v[j] = data.se(j) * data.se(j);
        }
        int df = k - p;
        double q = generalizedQ(x, y, v, 0);
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(df);
        NormalEb.Result reml = NormalEb.fit(data, NormalEb.Method.REML);
        double upperQuantile = chi.inverseSurvivalProbability(0.025);
        double lowerQuantile = chi.inverseSurvivalProbability(0.975);
        double low = q <= upperQuantile ? 0 : root(x, y, v, upperQuantile);
        double high = q <= lowerQuantile ? 0 : root(x, y, v, lowerQuantile);
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);
        double half = z * Math.sqrt(reml.muSe() * reml.muSe() + reml.tau2());
        double informativeness = reml.tau2() / (reml.tau2() + data.geometricMeanVariance());
        return new Heterogeneity(k, df, q, chi.survivalProbability(q), reml.tau2(), low, high, typicalVariance(x, v),
                reml.mu(), reml.muSe(), reml.mu() - half, reml.mu() + half, informativeness);
    }

    /** Rows (1, covariates) of the design. */
    private static double[][] design(SiteData data) {
        int k = data.size();
        int p = 1 + data.covariateCount();
        double[][] x = new double[k][p];
        for (int j = 0; j < k; j++) {
            x[j][0] = 1;
            for (int c = 1; c < p; c++) {
                x[j][c] = data.covariate(c - 1)[j];
            }
        }
        return x;
    }

    /** sum_j (y_j - x_j' b)^2 w_j with w_j = 1 / (v_j + tau^2) and b the weighted least-squares fit. */
    static double generalizedQ(double[][] x, double[] y, double[] v, double tau2) {
        int k = y.length;
        int p = x[0].length;
        double[][] a = new double[p][p];
        double[] rhs = new double[p];
        for (int j = 0; j < k; j++) {
            double w = 1 / (v[j] + tau2);
            for (int r = 0; r < p; r++) {
                rhs[r] += w * x[j][r] * y[j];
                for (int c = 0; c < p; c++) {
                    a[r][c] += w * x[j][r] * x[j][c];
                }
            }
        }
        double[] b = Matrices.solveSymmetrized(a, rhs);
        if (b == null) {
            throw new IllegalArgumentException("the site covariates are collinear: Q is not defined");
        }
        double q = 0;
        for (int j = 0; j < k; j++) {
            double fit = 0;
            for (int r = 0; r < p; r++) {
                fit += x[j][r] * b[r];
            }
            double e = y[j] - fit;
            q += e * e / (v[j] + tau2);
        }
        return q;
    }

    /**
     * The tau^2 > 0 with Q(tau^2) = target, Q(0) > target: Q falls to 0 as tau^2 grows, so the
     * root is bracketed by doubling and found by bisection to 1e-12 relative (every loop ends:
     * at most 2,000 doublings and 200 halvings).
     */
    static double root(double[][] x, double[] y, double[] v, double target) {
        double lo = 0;
        double hi = 1e-8;
        for (double var : v) {
            hi = Math.max(hi, var);
        }
        for (int it = 0; it < 2000 && generalizedQ(x, y, v, hi) > target; it++) {
            lo = hi;
            hi *= 2;
        }
        for (int it = 0; it < 200 && hi - lo > TOLERANCE * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (generalizedQ(x, y, v, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** (k - p) / tr(P), P = W - W X (X'WX)^-1 X'W: tr(P) = sum_j w_j - sum_j w_j^2 x_j' (X'WX)^-1 x_j. */
    static double typicalVariance(double[][] x, double[] v) {
        int k = v.length;
        int p = x[0].length;
        double[][] a = new double[p][p];
        for (int j = 0; j < k; j++) {
            double w = 1 / v[j];
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    a[r][c] += w * x[j][r] * x[j][c];
                }
            }
        }
        double[][] inverse = Matrices.inverse(a);
        double trace = 0;
        for (int j = 0; j < k; j++) {
            double w = 1 / v[j];
            trace += w - w * w * Matrices.quadratic(inverse, x[j]);
        }
        return (k - p) / trace;
    }
}
