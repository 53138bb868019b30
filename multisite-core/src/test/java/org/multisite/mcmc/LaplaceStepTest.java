package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.diagnostics.Diagnostics;

class LaplaceStepTest {
    /**
     * A correlated 2-D normal target: the Laplace approximation is the target itself, so every
     * proposal is accepted and the chain is a sequence of independent exact draws.
     */
    @Test
    void acceptsEveryProposalOfANormalTarget() {
        // precision [[2, 0.8], [0.8, 1]], mean (1, -1)
        double[] mean = {1, -1};
        LaplaceStep.Target normal = new LaplaceStep.Target() {
            @Override
            public double logDensity(double[] x) {
                double a = x[0] - mean[0];
                double b = x[1] - mean[1];
                return -0.5 * (2 * a * a + 1.6 * a * b + b * b);
            }

            @Override
            public void derivatives(double[] x, double[] gradient, double[] hessian) {
                double a = x[0] - mean[0];
                double b = x[1] - mean[1];
                gradient[0] = -(2 * a + 0.8 * b);
                gradient[1] = -(0.8 * a + b);
                hessian[0] = 2;
                hessian[2] = 0.8;
                hessian[3] = 1;
            }
        };
        UniformRandomProvider rng = SeedStreams.stream(5);
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        LaplaceStep step = new LaplaceStep(2);
        double[] x = {10, 10};
        double[] previous = new double[2];
        for (int t = 0; t < 200; t++) {
            System.arraycopy(x, 0, previous, 0, 2);
            step.step(x, normal, z, rng);
            assertThat(x).as("step %d moved", t).isNotEqualTo(previous);
        }
    }

    /**
     * A skewed log-concave target: independent coordinates, log p(x_k) = a_k x - b_k e^x - c e^-x,
     * the log of a generalized inverse Gaussian variable, whose curvature grows into both tails.
     * (An independence sampler needs tails no heavier than its proposal's: where the target's are
     * heavier it sticks there, and the log-spline G pairs this step with others for that reason;
     * the chains start near the mode for the same reason.) 4 chains of 4,000 steps: means and variances within 4 MCSE of the values by quadrature
     * (false-failure rate about 1e-4 per comparison).
     */
    @Test
    void samplesASkewedLogConcaveTarget() {
        double[] a = {1.5, 3};
        double[] b = {2, 1};
        LaplaceStep.Target logGamma = new LaplaceStep.Target() {
            @Override
            public double logDensity(double[] x) {
                return logDensity1(a[0], b[0], x[0]) + logDensity1(a[1], b[1], x[1]);
            }

            @Override
            public void derivatives(double[] x, double[] gradient, double[] hessian) {
                gradient[0] = a[0] - b[0] * Math.exp(x[0]) + C * Math.exp(-x[0]);
                gradient[1] = a[1] - b[1] * Math.exp(x[1]) + C * Math.exp(-x[1]);
                hessian[0] = b[0] * Math.exp(x[0]) + C * Math.exp(-x[0]);
                hessian[2] = 0;
                hessian[3] = b[1] * Math.exp(x[1]) + C * Math.exp(-x[1]);
            }
        };
        int chains = 4;
        int steps = 4000;
        double[][][] draws = new double[2][chains][steps];
        double[][][] squares = new double[2][chains][steps];
        for (int c = 0; c < chains; c++) {
            UniformRandomProvider rng = SeedStreams.stream(17, c);
            NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
            LaplaceStep step = new LaplaceStep(2);
            double[] x = {0.5 * z.sample(), 0.5 * z.sample()};
            for (int t = 0; t < steps; t++) {
                step.step(x, logGamma, z, rng);
                for (int k = 0; k < 2; k++) {
                    draws[k][c][t] = x[k];
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            double[] moments = moments(a[k], b[k]);
            double mean = moments[0];
            double variance = moments[1];
            for (int c = 0; c < chains; c++) {
                for (int t = 0; t < steps; t++) {
                    squares[k][c][t] = (draws[k][c][t] - mean) * (draws[k][c][t] - mean);
                }
            }
            assertThat(Diagnostics.rhat(draws[k])).isLessThan(1.01);
            assertThat(Math.abs(EllipticalSliceTest.average(draws[k]) - mean)).as("mean %d", k).isLessThan(4 * Diagnostics.mcseMean(draws[k]));
            assertThat(Math.abs(EllipticalSliceTest.average(squares[k]) - variance)).as("variance %d", k)
                    .isLessThan(4 * Diagnostics.mcseMean(squares[k]));
        }
    }

    private static final double C = 0.3;

    private static double logDensity1(double a, double b, double x) {
        return a * x - b * Math.exp(x) - C * Math.exp(-x);
    }

    /** Mean and variance of the 1-D target by the trapezoid rule on [-20, 10], step 1e-4 (error far below 1e-8). */
    private static double[] moments(double a, double b) {
        double h = 1e-4;
        double z = 0;
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i <= 300_000; i++) {
            double x = -20 + i * h;
            double w = (i == 0 || i == 300_000 ? 0.5 : 1) * Math.exp(logDensity1(a, b, x));
            z += w;
            m1 += w * x;
            m2 += w * x * x;
        }
        double mean = m1 / z;
        return new double[] {mean, m2 / z - mean * mean};
    }
}
