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
}
