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
 * Simulation-based calibration (Talts et al. 2018) of the one-stage gaussian model: 500 data
 * sets of 5 sites with 6 to 9 units each, parameters drawn from proper priors (fixed intercepts
 * are location parameters with flat priors that the within-site contrasts do not see, so any
 * values serve), 100 draws kept from one chain after 200 warm-up sweeps, thinned by 4 so the
 * kept draws are close to independent. Ranks of mu, tau, sigma[treated], gamma and theta_1 in 10
 * bins, chi-square with 9 df against its 0.1% point 27.88 (random intercepts add alpha and
 * omega): a correct sampler fails a check with probability 0.1%, about 0.5% for the test.
 */
class OneStageGaussianCalibrationTest {
    private static final int REPLICATIONS = RankHistogram.replications(500);
    private static final int DRAWS = 99;

    @ParameterizedTest
    @EnumSource(OneStageModel.Intercepts.class)
    void ranksOfTheTruthAreUniform(OneStageModel.Intercepts intercepts) {
        Prior mu = Prior.normal(0, 1);
        Prior tau = Prior.halfNormal(1);
        Prior sigma = Prior.halfNormal(1);
        Prior gammaPrior = Prior.normal(0, 1);
        Prior alphaPrior = Prior.normal(1, 1);
        Prior omegaPrior = Prior.halfNormal(1);
        boolean random = intercepts == OneStageModel.Intercepts.RANDOM;
        List<String> names = new ArrayList<>(List.of("mu", "tau", "sigma[treated]", "gamma[z]", "theta[1]"));
        if (random) {
            names.addAll(List.of("alpha", "omega"));
        }
        RankHistogram ranks = new RankHistogram(names, DRAWS);
        for (int r = 0; r < REPLICATIONS; r++) {
            UniformRandomProvider rng = SeedStreams.stream(77, intercepts.ordinal(), r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            double m = mu.sample(rng);
            double t = tau.sample(rng);
            double s0 = sigma.sample(rng);
            double s1 = sigma.sample(rng);
            double g = gammaPrior.sample(rng);
            double alpha = alphaPrior.sample(rng);
            double omega = omegaPrior.sample(rng);
            int sites = 5;
            double[] theta = new double[sites];
            UnitData.Builder records = UnitData.builder(List.of("z"), Family.GAUSSIAN);
            for (int j = 0; j < sites; j++) {
                theta[j] = m + t * z.sample();
                double a = random ? alpha + omega * z.sample() : 3 * z.sample();
                int n = 6 + rng.nextInt(4);
                double[] zj = new double[n];
                for (int i = 0; i < n; i++) {
                    zj[i] = z.sample();
                }
                double zbar = Arrays.stream(zj).average().orElseThrow();
                for (int i = 0; i < n; i++) {
                    int ti = i % 2;
                    // the model centres z within sites; simulate on that scale
                    double yi = a + theta[j] * ti + g * (zj[i] - zbar) + (ti == 1 ? s1 : s0) * z.sample();
                    records.add("s" + j, ti, yi, zj[i]);
                }
            }
            UnitData units = records.build();
            SiteData siteData = SiteEstimator.estimate(units, new SiteEstimator.Options(Effect.DIFF, 2, 0)).toSiteData();
            OneStagePriors priors = new OneStagePriors(new NormalPriors(mu, ScalePrior.onTau(tau), List.of()), sigma,
                    List.of(gammaPrior), Prior.flat(), alphaPrior, omegaPrior);
            Draws d = ChainRunner.run(OneStageModel.of(units, siteData, intercepts, priors),
                    new SamplerConfig(1, 200, DRAWS, 4, 9_000 + r, 1));
            ranks.add(d, m, t, s1, g, theta[0], alpha, omega);
        }
        ranks.assertUniform(intercepts.name());
    }
}
