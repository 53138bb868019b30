package org.multisite.sim;

import org.multisite.numeric.GaussLegendre;
import org.multisite.numeric.StandardNormal;

/**
 * Owen's T function, T(h, a) = (1 / 2 pi) integral_0^a exp(-h^2 (1 + x^2) / 2) / (1 + x^2) dx,
 * for the skew-normal CDF Phi(z) - 2 T(z, alpha), by the composite 10-point Gauss-Legendre rule.
 */
final class OwensT {
    /** Panels of the composite rule on [0, a], a <= 1: the integrand is smooth there. */
    private static final int PANELS = 20;

    private OwensT() {
    }

    /**
     * T is even in h and odd in a; for a > 1 Owen's (1956, eq. 2.3) identity
     * T(h, a) = Phi(h) / 2 + Phi(ah) / 2 - Phi(h) Phi(ah) - T(ah, 1/a) (h >= 0) keeps the
     * integral on [0, 1].
     */
    static double value(double h, double a) {
        if (a < 0) {
            return -value(h, -a);
        }
        if (a == 0) {
            return 0;
        }
        double x = Math.abs(h);
        if (a <= 1) {
            return integral(x, a);
        }
        double ax = a * x;
        double ph = StandardNormal.cdf(x);
        double pa = StandardNormal.cdf(ax);
        return 0.5 * ph + 0.5 * pa - ph * pa - integral(ax, 1 / a);
    }

    private static double integral(double h, double a) {
        double width = a / PANELS;
        double sum = 0;
        for (int p = 0; p < PANELS; p++) {
            double mid = (p + 0.5) * width;
            for (int k = 0; k < GaussLegendre.POINTS; k++) {
                double x = mid + 0.5 * width * GaussLegendre.node(k);
                sum += GaussLegendre.weight(k) * 0.5 * width * Math.exp(-0.5 * h * h * (1 + x * x)) / (1 + x * x);
            }
        }
        return sum / (2 * Math.PI);
    }
}
