package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.prior.Prior;

class LogsplineModelTest {
    @Test
    void gridEffectsByHand() {
        LogsplineEffectsPrior.Distribution g = new LogsplineEffectsPrior.Distribution(new double[] {0, 1, 2}, new double[] {0.25, 0.5, 0.25});
        assertThat(g.mean()).isCloseTo(1, within(1e-15));
        assertThat(g.sd()).isCloseTo(Math.sqrt(0.5), within(1e-15));
        // mass spread over unit cells: density 0.5 on [0.5, 1.5); CDF 0.25 at 0.5, 0.5 at 1
        assertThat(g.density(1.2)).isCloseTo(0.5, within(1e-15));
        assertThat(g.cdf(0.5)).isCloseTo(0.25, within(1e-15));
        assertThat(g.cdf(1)).isCloseTo(0.5, within(1e-15));
        assertThat(g.cdf(9)).isEqualTo(1);
    }

    @Test
    void splineBasisColumnsAreCentredWithUnitRootMeanSquare() {
        double[] x = new double[51];
        for (int m = 0; m < x.length; m++) {
            x[m] = -2 + 0.08 * m;
        }
        double[][] q = LogsplineEffectsPrior.basis(x, 5);
        for (int k = 0; k < 5; k++) {
            double sum = 0;
            double squares = 0;
            for (double[] row : q) {
                sum += row[k];
                squares += row[k] * row[k];
            }
            assertThat(sum).isCloseTo(0, within(1e-12));
            assertThat(squares / x.length).isCloseTo(1, within(1e-12));
        }
        // natural: linear beyond the boundary knots, so the second difference vanishes at the ends
        for (int k = 0; k < 5; k++) {
            assertThat(q[0][k] - 2 * q[1][k] + q[2][k]).isCloseTo(0, within(1e-2));
        }
    }

    /**
     * SBC (Talts et al. 2018) on a fixed grid (41 points on [-3, 3], 4 spline columns, alpha_sd ~
     * half_normal(0, 2)): 500 data sets of 8 sites, alpha ~ N(0, alpha_sd^2 I), site effects drawn
     * from g, se 0.4 to 0.8; 100 draws after 300 warm-up sweeps, thinned by 5. Ranks of G's mean
     * and SD, alpha_sd and theta_1 (on the grid: ties with the truth broken at random), chi-square at 0.1%.
     */
    @Test
    void simulationBasedCalibration() {
        double[] grid = new double[41];
        for (int m = 0; m < grid.length; m++) {
            grid[m] = -3 + 0.15 * m;
        }
        double[] se = {0.4, 0.5, 0.6, 0.7, 0.8, 0.45, 0.55, 0.65};
        Prior scalePrior = Prior.halfNormal(2);
        double[][] basis = LogsplineEffectsPrior.basis(grid, 4);
        RankHistogram ranks = new RankHistogram(List.of("mu", "tau", "alpha_sd", "theta[1]"), 99);
        UniformRandomProvider ties = SeedStreams.stream(71);
        for (int r = 0; r < RankHistogram.replications(500); r++) {
            UniformRandomProvider rng = SeedStreams.stream(70, r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            double scale = scalePrior.sample(rng);
            double[] alpha = new double[4];
            for (int k = 0; k < 4; k++) {
                alpha[k] = z.sample() * scale;
            }
            double[] g = new double[grid.length];
            double total = 0;
            for (int m = 0; m < grid.length; m++) {
                double e = 0;
                for (int k = 0; k < 4; k++) {
                    e += basis[m][k] * alpha[k];
                }
                g[m] = Math.exp(e);
                total += g[m];
            }
            for (int m = 0; m < grid.length; m++) {
                g[m] /= total;
            }
            LogsplineEffectsPrior.Distribution truth = new LogsplineEffectsPrior.Distribution(grid, g);
            double[] theta = new double[se.length];
            double[] y = new double[se.length];
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < se.length; j++) {
                double u = rng.nextDouble();
                int m = 0;
                while (m < grid.length - 1 && u > g[m]) {
                    u -= g[m];
                    m++;
                }
                theta[j] = grid[m];
                y[j] = theta[j] + se[j] * z.sample();
                ids.add("s" + j);
            }
            SiteData data = SiteData.of(ids, y, se);
            LogsplineEffectsPrior prior = new LogsplineEffectsPrior(data, grid, 4, scalePrior, List.of());
            Draws d = ChainRunner.run(new SiteLevelModel(data, prior), new SamplerConfig(1, 300, 99, 5, 4_000 + r, 1));
            ranks.add(d, ties, truth.mean(), truth.sd(), scale, theta[0]);
        }
        ranks.assertUniform("logspline");
    }

    /**
     * Issue 14, item 9: estimates within 0.02 of each other with SEs of 0.5. The grid spanned only
     * the estimates, and G's mean came out within [0.991, 1.012] where the normal model gives an
     * interval 40 times as wide; the grid now reaches 3 SEs beyond them, and the two agree.
     */
    @Test
    void theGridCoversWhatTheSesAllow() {
        double[] y = {0.99, 1.0, 1.01, 1.005, 0.995, 1.0};
        double[] se = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        SiteData d = SiteData.of(java.util.List.of("a", "b", "c", "d", "e", "f"), y, se);
        double[] grid = LogsplineEffectsPrior.defaultGrid(d);
        // 3 median SEs = 1.5 beyond the estimates (1.4 leaves room for rounding to the grid)
        assertThat(grid[0]).isLessThan(0.99 - 1.4);
        assertThat(grid[grid.length - 1]).isGreaterThan(1.01 + 1.4);
        var config = org.multisite.mcmc.SamplerConfig.defaults().withDraws(500).withWarmup(300).withSeed(4);
        var logspline = org.multisite.fit.Fitter.fit(GSpec.of("logspline").siteLevel(d), config).summary().parameters().get("mu");
        var normal = org.multisite.fit.Fitter.fit(GSpec.of("normal").siteLevel(d), config).summary().parameters().get("mu");
        double ratio = (logspline.q97_5() - logspline.q2_5()) / (normal.q97_5() - normal.q2_5());
        assertThat(ratio).as("width of mu's 95%% interval, log-spline over normal").isBetween(0.5, 2.0);
    }
}
