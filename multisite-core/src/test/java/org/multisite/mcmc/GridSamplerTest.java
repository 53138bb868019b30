package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

/**
 * The grid inversion against distributions with known quantiles. The final grid spans about
 * 18 SDs of a normal-like density in 2000 intervals, h = 0.009 SD; linear interpolation of
 * the density errs by at most h^2 / 8 max|f''| / f, about 1e-5 relative, so quantiles are
 * checked to 5e-5 SD (far below any Monte Carlo error of the draws).
 */
class GridSamplerTest {
    private static final double GRID_TOLERANCE_SD = 5e-5;

    @Test
    void normalQuantilesAndMean() {
        NormalDistribution n = NormalDistribution.of(2, 0.5);
        GridSampler g = GridSampler.of(n::logDensity, -50, 50);
        for (double p : new double[] {0.001, 0.025, 0.3, 0.5, 0.9, 0.999}) {
            assertThat(g.inverseCdf(p)).isCloseTo(n.inverseCumulativeProbability(p), within(GRID_TOLERANCE_SD * 0.5));
        }
        assertThat(g.mean()).isCloseTo(2, within(GRID_TOLERANCE_SD * 0.5));
    }

    @Test
    void skewedDensityOnTheLogScale() {
        // u = log X, X ~ Gamma(0.5, 1): density of u is f(e^u) e^u, spiky and skewed
        GammaDistribution gamma = GammaDistribution.of(0.5, 1);
        GridSampler g = GridSampler.of(u -> gamma.logDensity(Math.exp(u)) + u, -60, 10);
        for (double p : new double[] {0.01, 0.1, 0.5, 0.9, 0.99}) {
            assertThat(Math.exp(g.inverseCdf(p))).isCloseTo(gamma.inverseCumulativeProbability(p),
                    within(2 * GRID_TOLERANCE_SD * gamma.inverseCumulativeProbability(p)));
        }
    }

    @Test
    void boundedSupportIsRespected() {
        GridSampler g = GridSampler.of(x -> x < 0 || x > 1 ? Double.NEGATIVE_INFINITY : 0, -1, 2);
        var rng = SeedStreams.stream(1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(g.sample(rng)).isBetween(-1.0, 2.0);
        }
        // uniform on [0, 1], up to one coarse grid cell at each edge
        assertThat(g.inverseCdf(0.5)).isCloseTo(0.5, within(0.02));
    }
}
