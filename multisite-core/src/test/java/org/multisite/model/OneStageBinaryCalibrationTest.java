package org.multisite.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.estimate.Effect;
import org.multisite.estimate.SiteEstimator;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

/**
 * Simulation-based calibration (Talts et al. 2018) of the one-stage binary model (Polya-Gamma
 * augmentation): 300 data sets of 4 sites with 16 to 23 units each, every parameter drawn from
 * its proper prior (fixed intercepts a_j ~ N(0, 1); random ones from alpha and omega), 100 draws
 * from one chain after 200 warm-up sweeps, thinned by 4. Ranks of mu, tau, gamma, theta_1 and
 * a_1 (random: alpha, omega) in 10 bins, chi-square with 9 df against its 0.1% point 27.88: a
 * correct sampler fails a check with probability 0.1%.
 */
class OneStageBinaryCalibrationTest {
    private static final int REPLICATIONS = RankHistogram.replications(300);
    private static final int DRAWS = 99;

    @ParameterizedTest
    @EnumSource(OneStageModel.Intercepts.class)
    void ranksOfTheTruthAreUniform(OneStageModel.Intercepts intercepts) {
        Prior mu = Prior.normal(0, 0.7);
        Prior tau = Prior.halfNormal(0.7);
        Prior gammaPrior = Prior.normal(0, 0.5);
        Prior interceptPrior = Prior.normal(0, 1);
        Prior alphaPrior = Prior.normal(0, 1);
        Prior omegaPrior = Prior.halfNormal(0.7);
        boolean random = intercepts == OneStageModel.Intercepts.RANDOM;
        List<String> names = new ArrayList<>(List.of("mu", "tau", "gamma[z]", "theta[1]", "a[1]"));
        if (random) {
            names.addAll(List.of("alpha", "omega"));
        }
        RankHistogram ranks = new RankHistogram(names, DRAWS);
        for (int r = 0; r < REPLICATIONS; r++) {
            UniformRandomProvider rng = SeedStreams.stream(99, intercepts.ordinal(), r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            double m = mu.sample(rng);
            double t = tau.sample(rng);
            double g = gammaPrior.sample(rng);
            double alpha = alphaPrior.sample(rng);
            double omega = omegaPrior.sample(rng);
            int sites = 4;
            double[] theta = new double[sites];
            double[] a = new double[sites];
            UnitData.Builder records = UnitData.builder(List.of("z"), Family.BINOMIAL);
            for (int j = 0; j < sites; j++) {
                theta[j] = m + t * z.sample();
                a[j] = random ? alpha + omega * z.sample() : interceptPrior.sample(rng);
                int n = 16 + rng.nextInt(8);
                double[] zj = new double[n];
                for (int i = 0; i < n; i++) {
                    zj[i] = z.sample();
                }
                double zbar = Arrays.stream(zj).average().orElseThrow();
                for (int i = 0; i < n; i++) {
                    int ti = i % 2;
                    double eta = a[j] + theta[j] * ti + g * (zj[i] - zbar);
                    records.add("s" + j, ti, rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1.0 : 0.0, zj[i]);
                }
            }
            UnitData units = records.build();
            // the site estimates only name the sites here (Firth where an arm is all 0 or all 1)
            SiteData siteData = SiteEstimator.estimate(units, new SiteEstimator.Options(Effect.LOGODDS, 1, 0)).toSiteData();
            OneStagePriors priors = new OneStagePriors(new NormalPriors(mu, ScalePrior.onTau(tau), List.of()),
                    Prior.halfCauchy(1), List.of(gammaPrior), interceptPrior, alphaPrior, omegaPrior);
            Draws d = ChainRunner.run(OneStageModel.of(units, siteData, intercepts, priors),
                    new SamplerConfig(1, 200, DRAWS, 4, 5_000 + r, 1));
            ranks.add(d, m, t, g, theta[0], a[0], alpha, omega);
        }
        ranks.assertUniform(intercepts.name());
    }
}
