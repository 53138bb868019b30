package org.multisite.hetop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.GammaDraw;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.RankHistogram;

class FhHetopTest {
    private static int[][] groupsK4() throws IOException {
        return HetopMleTest.groupsK4();
    }

    /**
     * The convergence acceptance on groups_k4.csv: 4 chains x 2000 draws after 1000
     * warm-up sweeps; every group mean with R-hat below 1.01 and bulk ESS above 400; the free
     * cut near its true 0.8.
     */
    @Test
    void convergesOnTheSharedGroups() throws IOException {
        int[][] counts = groupsK4();
        FhHetop model = new FhHetop(counts, new double[] {-1, 0}, List.of(), new double[counts.length][0], List.of(),
                new double[counts.length][0], FhHetop.Priors.defaults());
        Draws d = ChainRunner.run(model, new SamplerConfig(4, 1000, 2000, 1, 7, 2));
        for (int g = 1; g <= counts.length; g++) {
            double[][] chains = Diagnostics.byChain(d.column("mu[" + g + "]"), 4);
            assertThat(Diagnostics.rhat(chains)).as("R-hat mu[%d]", g).isLessThan(1.01);
            assertThat(Diagnostics.essBulk(chains)).as("ESS mu[%d]", g).isGreaterThan(400);
        }
        double cut = java.util.Arrays.stream(d.column("cut[3]")).average().orElseThrow();
        assertThat(cut).isCloseTo(0.8, within(0.15));
    }

    /**
     * Simulation-based calibration (Talts et al. 2018) at small G: 5 groups of 40 units, K = 4,
     * everything drawn from the priors (beta, Sigma, the free cut's log gap, then the groups);
     * 1 chain of 99 draws thinned by 5 after 200 warm-up sweeps; ranks of beta_mu, tau_mu,
     * mu[1], sigma[1] and the free cut uniform by chi-square at 0.1%.
     */
    @Test
    void simulationBasedCalibration() {
        int groups = 5;
        FhHetop.Priors priors = FhHetop.Priors.defaults();
        RankHistogram ranks = new RankHistogram(List.of("beta_mu[(intercept)]", "tau_mu", "mu[1]", "sigma[1]", "cut[3]"), 99);
        UniformRandomProvider ties = SeedStreams.stream(91);
        for (int r = 0; r < RankHistogram.replications(300); r++) {
            UniformRandomProvider rng = SeedStreams.stream(90, r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            double b1 = priors.betaSd() * z.sample();
            double b2 = priors.betaSd() * z.sample();
            // Sigma ~ IW(nu0, s0 I): its inverse ~ Wishart(nu0, I / s0), by Bartlett
            double nu = priors.wishartDf();
            double t11 = Math.sqrt(2 * GammaDraw.sample(nu / 2, rng, z));
            double t22 = Math.sqrt(2 * GammaDraw.sample((nu - 1) / 2, rng, z));
            double t21 = z.sample();
            double c = 1 / Math.sqrt(priors.wishartScale());
            double w11 = c * c * t11 * t11;
            double w12 = c * c * t11 * t21;
            double w22 = c * c * (t21 * t21 + t22 * t22);
            double dw = w11 * w22 - w12 * w12;
            double s11 = w22 / dw;
            double s12 = -w12 / dw;
            double s22 = w11 / dw;
            double gap = priors.gapSd() * z.sample();
            double[] cuts = {-1, 0, Math.exp(gap)};
            double[] mu = new double[groups];
            double[] sigma = new double[groups];
            double l11 = Math.sqrt(s11);
            double l21 = s12 / l11;
            double l22 = Math.sqrt(s22 - l21 * l21);
            for (int g = 0; g < groups; g++) {
                double e1 = z.sample();
                double e2 = z.sample();
                mu[g] = b1 + l11 * e1;
                sigma[g] = Math.exp(b2 + l21 * e1 + l22 * e2);
            }
            int[][] counts = HetopMleTest.simulate(mu, sigma, 40, cuts, 1000L + r);
            FhHetop model = new FhHetop(counts, new double[] {-1, 0}, List.of(), new double[groups][0], List.of(),
                    new double[groups][0], priors);
            Draws d = ChainRunner.run(model, new SamplerConfig(1, 200, 99, 5, 5000 + r, 1));
            ranks.add(d, ties, b1, Math.sqrt(s11), mu[0], sigma[0], cuts[2]);
        }
        ranks.assertUniform("fh-hetop");
    }
}
