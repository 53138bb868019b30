package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EffectDistributionTest {
    /** A G that only knows its CDF: the default quantile inverts it by bisection. */
    private static EffectDistribution cdfOnly(NormalEffectsPrior.Distribution n) {
        return new EffectDistribution() {
            @Override
            public double density(double x) {
                return n.density(x);
            }

            @Override
            public double cdf(double x) {
                return n.cdf(x);
            }

            @Override
            public double mean() {
                return n.mean();
            }

            @Override
            public double sd() {
                return n.sd();
            }
        };
    }

    @Test
    void defaultQuantileInvertsTheCdf() {
        NormalEffectsPrior.Distribution n = new NormalEffectsPrior.Distribution(3, 0.7);
        EffectDistribution g = cdfOnly(n);
        for (double p : new double[] {1e-6, 0.025, 0.5, 0.9, 0.999999}) {
            assertThat(g.quantile(p)).isCloseTo(n.quantile(p), within(1e-9));
        }
    }

    @Test
    void normalEffectsByHand() {
        NormalEffectsPrior.Distribution n = new NormalEffectsPrior.Distribution(1, 2);
        // phi(0) / 2 at the mean; Phi(1) = 0.8413447460685429 one SD above
        assertThat(n.density(1)).isCloseTo(1 / Math.sqrt(2 * Math.PI) / 2, within(1e-15));
        assertThat(n.cdf(3)).isCloseTo(0.8413447460685429, within(1e-15));
        assertThat(n.quantile(0.8413447460685429)).isCloseTo(3, within(1e-12));
        NormalEffectsPrior.Distribution point = new NormalEffectsPrior.Distribution(1, 0);
        assertThat(point.cdf(0.999)).isZero();
        assertThat(point.cdf(1)).isEqualTo(1);
    }

    /**
     * Draws of a new site's effect follow G: for a normal (by inversion), a t (inversion of its
     * closed-form quantile), a two-component mixture and a discrete dpmeta G (component or atom
     * chosen by weight), 40,000 draws each; the empirical CDF at nine points within 5 binomial SEs
     * of cdf(), and for the discrete G the share drawn at each atom within 5 SEs of its weight.
     */
    @Test
    void drawsFollowG() {
        org.apache.commons.rng.UniformRandomProvider rng = org.multisite.mcmc.SeedStreams.stream(41);
        EffectDistribution[] gs = {
            new NormalEffectsPrior.Distribution(0.5, 2),
            new StudentEffectsPrior.Distribution(0, 1, 3),
            new MixtureEffectsPrior.Distribution(new double[] {0.7, 0.3}, new double[] {-1.5, 2}, new double[] {0.3, 0.5}),
            new DpMetaEffectsPrior.Distribution(new double[] {0.3, 0.5}, new double[] {-1, 2}, new double[] {-1, 2},
                    new double[] {0.1, 0.1}, 0.2, 0, 1)};
        int n = 40_000;
        for (EffectDistribution g : gs) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = g.sample(rng);
            }
            for (double p : new double[] {0.02, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.98}) {
                double t = g.quantile(p) + 1e-9;
                double expected = g.cdf(t);
                long below = java.util.Arrays.stream(x).filter(v -> v <= t).count();
                assertThat(below / (double) n).as(g.getClass().getSimpleName() + " at " + p)
                        .isCloseTo(expected, within(5 * Math.sqrt(expected * (1 - expected) / n) + 1e-9));
            }
        }
        double[] discrete = new double[n];
        for (int i = 0; i < n; i++) {
            discrete[i] = gs[3].sample(rng);
        }
        long atMinusOne = java.util.Arrays.stream(discrete).filter(v -> v == -1).count();
        long atTwo = java.util.Arrays.stream(discrete).filter(v -> v == 2).count();
        assertThat(atMinusOne / (double) n).isCloseTo(0.3, within(5 * Math.sqrt(0.3 * 0.7 / n)));
        assertThat(atTwo / (double) n).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / n)));
    }

    /** The standard normal quantile inverts the CDF in both tails. */
    @Test
    void standardNormalQuantileInvertsTheCdf() {
        // the upper tail only to 5: beyond it cdf(z) rounds to 1 - 1e-16 steps and carries no more digits
        for (double z : new double[] {-37, -8, -1.5, 0, 0.3, 2, 5}) {
            double p = org.multisite.numeric.StandardNormal.cdf(z);
            assertThat(org.multisite.numeric.StandardNormal.quantile(p)).isCloseTo(z, within(1e-9 * (1 + Math.abs(z))));
        }
    }

    /**
     * The t quantile by Newton steps agrees with the library's general inversion of the same CDF
     * (commons-statistics' TDistribution, its own accuracy about 1e-16) to 1e-13 relative, where
     * the CDF carries the digits (the lower tail, and the upper tail from q = 1 - p, exact there):
     * nu from 1 (the Cauchy) to 10^5, p from 1e-10 to 1 - 1e-6; and it is odd about p = 1/2.
     */
    @Test
    void studentQuantileAgreesWithTheLibrarysInversion() {
        for (double nu : new double[] {1, 1.5, 2.5, 4, 7.3, 30, 200, 1e5}) {
            var t = org.apache.commons.statistics.distribution.TDistribution.of(nu);
            for (double p : new double[] {1e-10, 1e-4, 0.005, 0.025, 0.05, 0.25, 0.4, 0.5}) {
                double x = StudentEffectsPrior.Distribution.standardQuantile(t, nu, p);
                double expected = t.inverseCumulativeProbability(p);
                assertThat(x).as("nu %s, p %s", nu, p).isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
                // odd: the upper quantile at 1 - p is minus the lower one at 1 - (1 - p), which is p
                // where 1 - p has p's digits
                double back = 1 - (1 - p);
                assertThat(StudentEffectsPrior.Distribution.standardQuantile(t, nu, 1 - p))
                        .isEqualTo(p == 0.5 ? 0 : -StudentEffectsPrior.Distribution.standardQuantile(t, nu, back));
            }
            // the upper tail: the library solves F(x) = p there, with F's absolute error about 1e-16
            for (double p : new double[] {0.75, 0.95, 0.975, 0.995, 1 - 1e-6}) {
                double x = StudentEffectsPrior.Distribution.standardQuantile(t, nu, p);
                assertThat(t.cumulativeProbability(x)).as("nu %s, p %s", nu, p).isCloseTo(p, within(2e-16));
            }
        }
        // t_4's quantile in closed form (Shaw 2006, "Sampling Student's T distribution", J. Computational Finance 9(4)):
        // 2 sqrt(cos(arccos(sqrt(a)) / 3) / sqrt(a) - 1), a = 4 p (1 - p); A&S table 26.10: 2.776
        double a = 4 * 0.975 * 0.025;
        double t4 = 2 * Math.sqrt(Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a) - 1);
        assertThat(t4).isCloseTo(2.776, within(5e-4));
        assertThat(new StudentEffectsPrior.Distribution(2, 3, 4).quantile(0.975)).isCloseTo(2 + 3 * t4, within(1e-12));
        var t = org.apache.commons.statistics.distribution.TDistribution.of(3);
        assertThat(StudentEffectsPrior.Distribution.standardQuantile(t, 3, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(StudentEffectsPrior.Distribution.standardQuantile(t, 3, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(StudentEffectsPrior.Distribution.standardQuantile(t, 3, Double.NaN)).isNaN();
    }
}
