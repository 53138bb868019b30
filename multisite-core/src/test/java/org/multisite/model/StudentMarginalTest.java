package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.numbers.gamma.LogGamma;
import org.junit.jupiter.api.Test;

class StudentMarginalTest {
    /**
     * A reference by brute force: the trapezoid rule with 100,001 equal steps in u = log lambda
     * over a bracket wide enough for every case below (the gamma's tails to e^-60 and beyond,
     * and 20 below the peak of an outlier's normal part at u* = log(tau^2 / d^2)).
     */
    private static double reference(double d2, double v, double tau2, double nu) {
        double h = nu / 2;
        double norm = h * Math.log(h) - LogGamma.value(h);
        double sd = Math.sqrt(1 / h);
        double lo = Math.max(-800, Math.min(Math.min(-60 / h - 40, -15 * sd), Math.log(tau2 / Math.max(d2, 1e-300)) - 20));
        double hi = Math.max(Math.log1p(60 / h) + 2, 15 * sd);
        int n = 100_001;
        double step = (hi - lo) / (n - 1);
        double[] t = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double u = lo + k * step;
            double var = v + tau2 * Math.exp(-u);
            t[k] = norm + h * u - h * Math.exp(u) - 0.5 * (Math.log(2 * Math.PI * var) + d2 / var) + Math.log(step);
            max = Math.max(max, t[k]);
        }
        double s = 0;
        for (double a : t) {
            s += Math.exp(a - max);
        }
        return max + Math.log(s);
    }

    /**
     * Against the brute force to 1e-10 on the log scale, from nu = 0.3 to 10^5, tau^2 / v from
     * 1e-8 to 1e12, and sites from their prior mean to 100 marginal SDs out: where the fixed
     * 221-node grid this replaced missed the mass of outliers (a log error of 94 for a site 20
     * SDs out at nu = 20) and half the gamma's at nu = 10^5 (0.57).
     */
    @Test
    void agreesWithBruteForce() {
        for (double nu : new double[] {0.3, 1, 3, 20, 1e3, 1e5}) {
            for (double tau2 : new double[] {1e-8, 0.01, 1, 1e4, 1e12}) {
                for (double z2 : new double[] {0, 1, 9, 400, 1e4}) {
                    double d2 = z2 * (1 + tau2);
                    double expected = reference(d2, 1, tau2, nu);
                    assertThat(new StudentMarginal(nu, tau2).logDensity(d2, 1)).as("nu %s, tau2 %s, z2 %s", nu, tau2, z2)
                            .isCloseTo(expected, within(1e-10 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    /** The limits: nu to infinity gives N(0, v + tau^2); tau = 0 gives N(0, v); scaling d, v and tau together shifts by log of the scale. */
    @Test
    void limitsAndScaling() {
        double v = 0.7;
        double tau2 = 2.3;
        double d2 = 1.9;
        double normal = -0.5 * (Math.log(2 * Math.PI * (v + tau2)) + d2 / (v + tau2));
        // t_nu's log density differs from the normal's by O(1 / nu)
        assertThat(new StudentMarginal(1e9, tau2).logDensity(d2, v)).isCloseTo(normal, within(1e-7));
        assertThat(new StudentMarginal(5, 0).logDensity(d2, v)).isCloseTo(-0.5 * (Math.log(2 * Math.PI * v) + d2 / v), within(1e-15));
        double c = 1e-6;
        assertThat(new StudentMarginal(4, tau2 * c * c).logDensity(d2 * c * c, v * c * c))
                .isCloseTo(new StudentMarginal(4, tau2).logDensity(d2, v) - Math.log(c), within(1e-10));
    }
}
