package org.multisite.eb;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.multisite.data.SiteData;
import org.multisite.numeric.Matrices;
import org.multisite.numeric.Vectors;


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
 *   <li>the informativeness I = tau^2 / (tau^2 + GM(se^2)), and at tau^2's bounds.</li>
 * </ul>
 *
 * @param gmVariance GM(se^2), the geometric mean of the sampling variances
 */
public record Heterogeneity(int sites, int df, double q, double qPValue, double tau2, double tau2Low, double tau2High,
                            double typicalVariance, double mu, double muSe, double predictionLow, double predictionHigh,
                            double gmVariance) {
    /** The relative tolerance of the Q-profile's roots. */
    static final double TOLERANCE = 1e-12;

    /** I^2 in percent at tau^2 = {@code t2}. */
    public double i2(double t2) {
        return 100 * t2 / (t2 + typicalVariance);
    }

    /** The informativeness I = tau^2 / (tau^2 + GM(se^2)) at the REML tau^2. */
    public double informativeness() {
        return informativeness(tau2);
    }

    /** The informativeness t2 / (t2 + GM(se^2)) at tau^2 = {@code t2}. */
    public double informativeness(double t2) {
        return t2 / (t2 + gmVariance);
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
        double[][] x = NormalEb.design(data);
        double[] y = data.estimates();
        double[] v = NormalEb.variances(data);
        int df = k - p;
        double q = q(data);
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(df);
        NormalEb.Result reml = NormalEb.fit(data, NormalEb.Method.REML);
        double upperQuantile = chi.inverseSurvivalProbability(0.025);
        double lowerQuantile = chi.inverseSurvivalProbability(0.975);
        double low = q <= upperQuantile ? 0 : root(x, y, v, upperQuantile);
        double high = q <= lowerQuantile ? 0 : root(x, y, v, lowerQuantile);
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);
        double half = z * Math.sqrt(reml.muSe() * reml.muSe() + reml.tau2());
        return new Heterogeneity(k, df, q, chi.survivalProbability(q), reml.tau2(), low, high, typicalVariance(x, v),
                reml.mu(), reml.muSe(), reml.mu() - half, reml.mu() + half, data.geometricMeanVariance());
    }

    /**
     * Cochran's Q of the site estimates around their weighted least-squares fit on the covariates
     * (the generalized Q at tau^2 = 0), on k - p degrees of freedom.
     *
     * @throws IllegalArgumentException if the covariates are collinear
     */
    public static double q(SiteData data) {
        return generalizedQ(NormalEb.design(data), data.estimates(), NormalEb.variances(data), 0);
    }

    /**
     * sum_j (y_j - x_j' b)^2 w_j with w_j = 1 / (v_j + tau^2) and b the weighted least-squares fit.
     *
     * @throws IllegalArgumentException if the covariates are collinear
     */
    static double generalizedQ(double[][] x, double[] y, double[] v, double tau2) {
        double[] b = NormalEb.gls(x, y, v, tau2, Matrices.inverse(NormalEb.xtwx(x, v, tau2)));
        double q = 0;
        for (int j = 0; j < y.length; j++) {
            double e = y[j] - Vectors.dot(x[j], b);
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

    /** (k - p) / tr(P), P = W - W X (X'WX)^-1 X'W ({@link NormalEb#traceP}, exact also for SEs far apart). */
    static double typicalVariance(double[][] x, double[] v) {
        double[] w = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            w[j] = 1 / v[j];
        }
        return (v.length - x[0].length) / NormalEb.traceP(x, w, Matrices.inverse(NormalEb.xtwx(x, v, 0)));
    }
}
