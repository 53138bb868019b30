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
     * @throws IllegalArgumentException if df is not positive or an argument is not finite
     */
    public static double upperTail(double t, double df, double lambda) {
        if (!(df > 0) || !Double.isFinite(df) || !Double.isFinite(t) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("noncentral t: need df > 0 and finite t and lambda, got df " + df
                    + ", t " + t + ", lambda " + lambda);
        }
        double centre = Math.sqrt(df);
        double lo = Math.max(0, centre - REACH);
        double hi = centre + REACH;
        double logNorm = (1 - df / 2) * Math.log(2) - LogGamma.value(df / 2);
        double scale = t / centre;
        double width = (hi - lo) / PANELS;
        double sum = 0;
        for (int p = 0; p < PANELS; p++) {
            double mid = lo + (p + 0.5) * width;
            for (int k = 0; k < GaussLegendre.POINTS; k++) {
                double s = mid + 0.5 * width * GaussLegendre.node(k);
                if (s <= 0) {
                    continue;
                }
                double density = Math.exp(logNorm + (df - 1) * Math.log(s) - 0.5 * s * s);
                sum += GaussLegendre.weight(k) * density * StandardNormal.cdf(lambda - scale * s);
            }
        }
        return Math.min(1, Math.max(0, 0.5 * width * sum));
    }
}
