package org.multisite.numeric;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The noncentral t distribution's upper tail, which commons-statistics does not have: with
 * T = (Z + lambda) / sqrt(X / df), Z standard normal and X chi-square on df degrees of freedom,
 * P(T > t) = E[Phi(lambda - t S / sqrt(df))] over S = sqrt(X), which has the chi density. The
 * expectation is integrated by Gauss-Legendre over panels that cover the chi density to far below
 * double precision; the integrand is smooth, so the result is accurate to about 1e-12 (the test
 * checks it against Lenth's series, AS 243).
 */
public final class NoncentralT {
    /** Panels over S's range; each takes the 10-point rule. */
    private static final int PANELS = 200;
    /** S's range reaches this many of the chi density's unit-scale widths beyond its centre (about 17 SD). */
    private static final double REACH = 12;

    private NoncentralT() {
    }

    /**
     * P(T > t) for T noncentral t with {@code df} degrees of freedom and noncentrality {@code lambda}.
     *
     * @param lambda the noncentrality; infinite lambda gives the limit, 1 or 0
     * @throws IllegalArgumentException if df is not positive, t not finite or lambda NaN
     */
    public static double upperTail(double t, double df, double lambda) {
        if (!(df > 0) || !Double.isFinite(df) || !Double.isFinite(t) || Double.isNaN(lambda)) {
            throw new IllegalArgumentException("noncentral t: need df > 0, a finite t and a lambda, got df " + df
                    + ", t " + t + ", lambda " + lambda);
        }
        if (Double.isInfinite(lambda)) {
            // the limits: all the mass beyond any t
            return lambda > 0 ? 1 : 0;
        }
        double centre = Math.sqrt(df);
        double logNorm = (1 - df / 2) * Math.log(2) - LogGamma.value(df / 2);
        double scale = t / centre;
        // the nodes are inside the panels, so s > 0 where the log is taken
        double p = GaussLegendre.integrate(s -> Math.exp(logNorm + (df - 1) * Math.log(s) - 0.5 * s * s)
                * StandardNormal.cdf(lambda - scale * s), Math.max(0, centre - REACH), centre + REACH, PANELS);
        return Math.min(1, Math.max(0, p));
    }
}
