package org.multisite.hetop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.RankHistogram;

class FhHetopLogsplineTest {
    /** The calibration chains: warm-up sweeps and thinning (bench/sbc sets longer ones, see below). */
    private static final int WARMUP = Integer.getInteger("multisite.sbc.hetop.warmup", 300);
    private static final int THIN = Integer.getInteger("multisite.sbc.hetop.thin", 10);

    private static FhHetopLogspline defaults(int[][] counts) {
        double[] fixed = {-1, 0};
        return new FhHetopLogspline(counts, fixed, List.of(), new double[counts.length][0], List.of(),
                new double[counts.length][0], FhHetopLogspline.Grids.defaults(fixed), FhHetopLogspline.Priors.defaults());
    }

    /**
     * The convergence acceptance on groups_k4.csv with the log-spline priors at their
     * defaults: 4 chains x 1000 draws after 1000 warm-up sweeps; every group mean with R-hat below
     * 1.01 and bulk ESS above 400; the free cut near its true 0.8 (the MLE's is 0.78).
     */
    @Test
    void convergesOnTheSharedGroups() throws IOException {
        int[][] counts = HetopMleTest.groupsK4();
        Draws d = ChainRunner.run(defaults(counts), new SamplerConfig(4, 1000, 1000, 1, 7, 2));
        for (int g = 1; g <= counts.length; g++) {
            double[][] chains = Diagnostics.byChain(d.column("mu[" + g + "]"), 4);
            assertThat(Diagnostics.rhat(chains)).as("R-hat mu[%d]", g).isLessThan(1.01);
            assertThat(Diagnostics.essBulk(chains)).as("ESS mu[%d]", g).isGreaterThan(400);
        }
        double cut = Arrays.stream(d.column("cut[3]")).average().orElseThrow();
        assertThat(cut).isCloseTo(0.8, within(0.15));
    }

    /** P(i) proportional to exp(q a)_i, drawn by inversion. */
    private static int draw(double[][] q, double[] a, UniformRandomProvider rng) {
        double[] p = new double[q.length];
        org.multisite.numeric.Vectors.softmax(q, a, p);
        double u = rng.nextDouble();
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return p.length - 1;
    }

    /**
     * Simulation-based calibration (Talts et al. 2018) at small G: 5 groups of 40 units, K = 4,
     * 20-point grids with 5 degrees of freedom, everything drawn from fh_hetop's priors (alpha,
     * gamma, the free cut, then each group's grid positions); 1 chain of 99 draws thinned by 10
     * after 300 warm-up sweeps (by default); ranks of gamma, mu[1], sigma[1] (on the grid: ties broken at
     * random), the free cut, and the log-spline distributions' mean and SD, uniform by chi-square
     * at 0.1%. When 5 groups say little, the priors' wide alpha makes both grid distributions
     * nearly one point and gamma moves slowly, which enough data sets detect as a U-shaped
     * histogram: chains of 200 warm-up sweeps thinned by 5 fail at 1,000 data sets, and these
     * (300, 10) at 2,000; bench/sbc's 2,000 therefore run 1,000 warm-up sweeps thinned by 30,
     * which pass with and without covariates.
     */
    @Test
    void simulationBasedCalibration() {
        calibrate(false, List.of("gamma", "mu[1]", "sigma[1]", "cut[3]", "g_mu_mean", "g_log_sigma_sd"), 92);
    }

    /**
     * As {@link #simulationBasedCalibration()} with a covariate of the means and of the log SDs
     * (0, 1, 0, 1, 0: two classes of groups, each with its own grid probabilities; beta_sigma
     * with the SD positions summed out, then those positions drawn), on 12-point grids with 4
     * degrees of freedom: ranks of both coefficients too.
     */
    @Test
    void simulationBasedCalibrationWithCovariates() {
        calibrate(true, List.of("gamma", "beta_mu[x]", "beta_sigma[x]", "mu[1]", "sigma[1]", "cut[3]"), 94);
    }

    private static void calibrate(boolean covariates, List<String> names, long seed) {
        int groups = 5;
        double[] fixed = {-1, 0};
        FhHetopLogspline.Priors priors = FhHetopLogspline.Priors.defaults();
        // with covariates each group has its own table, so coarser grids keep the test's time down
        int points = covariates ? 12 : 20;
        int df = covariates ? 4 : 5;
        // the default ranges for fixed cuts (-1, 0): the midpoint -0.5 +- 5, SDs 0.1 to 5 (Grids.defaults)
        FhHetopLogspline.Grids grids = new FhHetopLogspline.Grids(-5.5, 4.5, points, df, Math.log(0.1), Math.log(5), points, df);
        List<String> covariateNames = covariates ? List.of("x") : List.of();
        RankHistogram ranks = new RankHistogram(names, 99);
        UniformRandomProvider ties = SeedStreams.stream(seed + 1);
        for (int r = 0; r < RankHistogram.replications(300); r++) {
            UniformRandomProvider rng = SeedStreams.stream(seed, r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            double[][] x = new double[groups][covariates ? 1 : 0];
            double mean = 0;
            for (int g = 0; g < groups && covariates; g++) {
                x[g][0] = g % 2;
                mean += x[g][0] / groups;
            }
            FhHetopLogspline shape = new FhHetopLogspline(new int[groups][4], fixed, List.of(), new double[groups][0], List.of(),
                    new double[groups][0], grids, priors);
            double[] m = shape.meanGrid();
            double[] s = shape.logSdGrid();
            double[][] qm = shape.meanBasis();
            double[][] qs = shape.sdBasis();
            double[] am = alphaDraw(qm[0].length, priors, z);
            double[] as = alphaDraw(qs[0].length, priors, z);
            double gamma = priors.gammaSd() * z.sample();
            double betaMu = covariates ? priors.betaSd() * z.sample() : 0;
            double betaSigma = covariates ? priors.betaSd() * z.sample() : 0;
            double cut = Math.abs(priors.cutSd() * z.sample()); // N(0, 10^2) truncated below at the second fixed cut, 0
            double[] mu = new double[groups];
            double[] sigma = new double[groups];
            for (int g = 0; g < groups; g++) {
                int i = draw(qm, am, rng);
                int j = draw(qs, as, rng);
                // the sampler's own expressions, so that a draw on the grid equals the truth exactly
                double a = covariates ? (x[g][0] - mean) * betaMu : 0;
                double b = covariates ? (x[g][0] - mean) * betaSigma : 0;
                mu[g] = a + gamma * s[j] + m[i];
                sigma[g] = Math.exp(b + s[j]);
            }
            double[] gm = moments(qm, am, m);
            double[] gs = moments(qs, as, s);
            int[][] counts = HetopMleTest.simulate(mu, sigma, 40, new double[] {-1, 0, cut}, seed * 1000 + r);
            FhHetopLogspline model = new FhHetopLogspline(counts, fixed, covariateNames, x, covariateNames, x, grids, priors);
            Draws d = ChainRunner.run(model, new SamplerConfig(1, WARMUP, 99, THIN, seed * 10000 + r, 1));
            double[] truth = covariates ? new double[] {gamma, betaMu, betaSigma, mu[0], sigma[0], cut}
                    : new double[] {gamma, mu[0], sigma[0], cut, gm[0], gs[1]};
            ranks.add(d, ties, truth);
        }
        ranks.assertUniform("fh-hetop logspline" + (covariates ? " with covariates" : ""));
    }

    /** alpha ~ N(0, alpha0Sd^2 11' + devSd^2 I), as alpha_k = alpha0 + dev_k. */
    private static double[] alphaDraw(int p, FhHetopLogspline.Priors priors, NormalizedGaussianSampler z) {
        double[] a = new double[p];
        double a0 = priors.alpha0Sd() * z.sample();
        for (int k = 0; k < p; k++) {
            a[k] = a0 + priors.alphaDevSd() * z.sample();
        }
        return a;
    }

    private static double[] moments(double[][] q, double[] a, double[] grid) {
        double[] p = new double[q.length];
        org.multisite.numeric.Vectors.softmax(q, a, p);
        double mean = 0;
        for (int i = 0; i < grid.length; i++) {
            mean += p[i] * grid[i];
        }
        double var = 0;
        for (int i = 0; i < grid.length; i++) {
            var += p[i] * (grid[i] - mean) * (grid[i] - mean);
        }
        return new double[] {mean, Math.sqrt(var)};
    }
}
