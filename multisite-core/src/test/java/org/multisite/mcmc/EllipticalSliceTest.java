package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.diagnostics.Diagnostics;

class EllipticalSliceTest {
    /**
     * Prior N(0, I) in 2-D, likelihood N(y; x, s^2 I) with y = (1.5, -2), s = 0.5: the posterior
     * is N(y / (1 + s^2), s^2 / (1 + s^2) I) (conjugate). 4 chains of 5,000 steps: each
     * coordinate's mean within 4 MCSE of 1.2 and -1.6, and its second moment within 4 MCSE of
     * its exact value, both read off the chains by the project's diagnostics. With the full turn
     * as the bracket of angles, and with a quarter and a 50th of a turn (a narrower bracket moves
     * less per step but must leave the same posterior: 20,000 steps).
     */
    @Test
    void samplesTheConjugatePosterior() {
        samplesTheConjugatePosterior(2 * Math.PI, 5000);
        samplesTheConjugatePosterior(Math.PI / 2, 5000);
        samplesTheConjugatePosterior(2 * Math.PI / 50, 20_000);
    }

    private static void samplesTheConjugatePosterior(double bracket, int steps) {
        double s2 = 0.25;
        double[] y = {1.5, -2};
        ToDoubleFunction<double[]> logLik = v -> -0.5 * ((v[0] - y[0]) * (v[0] - y[0]) + (v[1] - y[1]) * (v[1] - y[1])) / s2;
        int chains = 4;
        double[][][] draws = new double[2][chains][steps];
        for (int c = 0; c < chains; c++) {
            UniformRandomProvider rng = SeedStreams.stream(31, c);
            NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] x = {0, 0};
            double[] nu = new double[2];
            double[] work = new double[2];
            double current = logLik.applyAsDouble(x);
            for (int t = 0; t < steps; t++) {
                nu[0] = z.sample();
                nu[1] = z.sample();
                current = EllipticalSlice.step(x, nu, work, logLik, current, rng, "x", bracket);
                assertThat(current).isEqualTo(logLik.applyAsDouble(x));
                draws[0][c][t] = x[0];
                draws[1][c][t] = x[1];
            }
        }
        double variance = s2 / (1 + s2);
        for (int k = 0; k < 2; k++) {
            double mean = y[k] / (1 + s2);
            assertThat(Diagnostics.rhat(draws[k])).as("bracket %s", bracket).isLessThan(1.01);
            assertThat(Math.abs(average(draws[k]) - mean)).as("mean %d, bracket %s", k, bracket).isLessThan(4 * Diagnostics.mcseMean(draws[k]));
            double[][] squares = new double[chains][steps];
            for (int c = 0; c < chains; c++) {
                for (int t = 0; t < steps; t++) {
                    squares[c][t] = draws[k][c][t] * draws[k][c][t];
                }
            }
            assertThat(Math.abs(average(squares) - (variance + mean * mean))).as("second moment %d, bracket %s", k, bracket)
                    .isLessThan(4 * Diagnostics.mcseMean(squares));
        }
    }

    /**
     * Issue 14, item 3: a likelihood of zero at the current point (it underflowed) left no slice
     * to find and the step looped forever; it is refused, naming the parameter. And with a
     * likelihood that is finite only very near the current point, the step ends (bounded) there.
     */
    /** A bracket of angles outside (0, 2 pi] is refused before any draw. */
    @Test
    void aBracketOutsideOneTurnIsRefused() {
        UniformRandomProvider rng = SeedStreams.stream(10);
        double[] x = {0.3};
        for (double bracket : new double[] {0, -1, 7, Double.NaN}) {
            assertThatThrownBy(() -> EllipticalSlice.step(x, new double[] {1}, new double[1], a -> 0, 0, rng, "x", bracket))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bracket");
        }
    }

    @Test
    void aZeroLikelihoodIsRefusedAndEveryStepEnds() {
        UniformRandomProvider rng = SeedStreams.stream(9);
        double[] x = {0.3, -0.2};
        double[] nu = {1, 1};
        double[] work = new double[2];
        assertThatThrownBy(() -> EllipticalSlice.step(x, nu, work, v -> Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, rng,
                "alpha")).isInstanceOf(SamplerException.class).hasMessageStartingWith("alpha: the log likelihood");
        // finite only within 1e-300 of x: no proposal reaches it, and the step keeps x
        double[] start = x.clone();
        ToDoubleFunction<double[]> spike = v -> Math.abs(v[0] - start[0]) + Math.abs(v[1] - start[1]) < 1e-300 ? 0
                : Double.NEGATIVE_INFINITY;
        double after = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> EllipticalSlice.step(x, nu, work, spike, 0, rng, "alpha"));
        assertThat(after).isZero();
        assertThat(x).containsExactly(start);
    }

    /** The mean of every chain's draws pooled (shared with the other kernels' tests). */
    static double average(double[][] x) {
        double s = 0;
        int n = 0;
        for (double[] row : x) {
            for (double v : row) {
                s += v;
                n++;
            }
        }
        return s / n;
    }
}
