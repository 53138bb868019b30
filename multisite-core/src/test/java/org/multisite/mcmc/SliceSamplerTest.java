package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.numeric.Vectors;

/**
 * The slice sampler's draws against known moments, to 5 Monte Carlo standard errors (from
 * the draws' own ESS), so a correct sampler fails a check with probability below 6e-7.
 */
class SliceSamplerTest {
    private static double[] chain(SliceSampler s, java.util.function.DoubleUnaryOperator f, double x0, int n, long seed) {
        UniformRandomProvider rng = SeedStreams.stream(seed);
        double[] x = new double[n];
        double v = x0;
        for (int i = 0; i < n; i++) {
            v = s.sample(f, v, rng);
            x[i] = v;
        }
        return x;
    }

    private static void assertMean(double[] x, double expected) {
        double mcse = Diagnostics.mcseMean(new double[][] {x});
        assertThat(Vectors.mean(x)).isCloseTo(expected, within(5 * mcse));
    }

    @Test
    void standardNormal() {
        double[] x = chain(new SliceSampler(1, 50, "x"), v -> -0.5 * v * v, 3, 20_000, 1);
        assertMean(x, 0);
        double[] sq = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sq[i] = x[i] * x[i];
        }
        assertMean(sq, 1);
    }

    @Test
    void skewedGammaOnItsLogScaleWithABadWidth() {
        // u = log X, X ~ Gamma(3, scale 2): E[X] = 6; a width 20 times too small must still work
        GammaDistribution g = GammaDistribution.of(3, 2);
        double[] u = chain(new SliceSampler(0.05, 1000, "x"), v -> g.logDensity(Math.exp(v)) + v, 0, 20_000, 2);
        double[] x = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = Math.exp(u[i]);
        }
        assertMean(x, 6);
    }

    @Test
    void boundedSupport() {
        // uniform on [0, 1]: mean 1/2, never outside
        double[] x = chain(new SliceSampler(3, 10, "x"), v -> v < 0 || v > 1 ? Double.NEGATIVE_INFINITY : 0, 0.5, 10_000, 3);
        for (double v : x) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        assertMean(x, 0.5);
    }

    /**
     * Issue 14, item 4: a start outside the target's support used to loop forever (the bracket
     * shrinking towards a point of zero density); it is refused, naming the parameter.
     */
    @Test
    void aStartOutsideTheSupportIsRefusedNotLoopedOn() {
        SliceSampler s = new SliceSampler(1, 50, "nu");
        assertThatThrownBy(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> s.sample(v -> v < 3.4 || v > 3.7 ? Double.NEGATIVE_INFINITY : 0, 1.6, SeedStreams.stream(4))))
                .isInstanceOf(SamplerException.class).hasMessageStartingWith("nu: the chain is at 1.6");
    }
}
