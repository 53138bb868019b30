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
}
