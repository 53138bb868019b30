package org.multisite.numeric;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErfc;

/** The standard normal distribution's CDF, density and quantile, shared by every model that needs them. */
public final class StandardNormal {
    private static final double SQRT_2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private StandardNormal() {
    }

    /**
     * From here up, erfc(-z / sqrt 2) / 2 is 1 exactly: erfc(z / sqrt 2) is below half the
     * spacing of the doubles just under 2, so 2 - erfc rounds to 2 (the last z below 1 is about
     * 8.29236; StandardNormalTest checks the formula from here up).
     */
    static final double ONE_FROM = 8.3;

    /**
     * Phi(z) = erfc(-z / sqrt 2) / 2, accurate in both tails (erfc, not 1 - erf); 1 without
     * evaluating erfc from {@link #ONE_FROM} up, where the formula gives exactly 1 (the models
     * ask for many such far upper tails: FH-HETOP's cells, G's CDF on a grid).
     */
    public static double cdf(double z) {
        if (z >= ONE_FROM) {
            return 1;
        }
        return 0.5 * Erfc.value(-z / SQRT_2);
    }

    /** Phi^-1(p) = -sqrt 2 erfc^-1(2 p), accurate in both tails. */
    public static double quantile(double p) {
        return -SQRT_2 * InverseErfc.value(2 * p);
    }

    /** phi(z). */
    public static double density(double z) {
        return Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
    }
}
