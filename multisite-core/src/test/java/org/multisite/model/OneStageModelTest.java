package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.estimate.Effect;
import org.multisite.estimate.SiteEstimator;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.UnitSimulator;
import org.multisite.summary.FitSummary;
import org.multisite.summary.ParameterSummary;

class OneStageModelTest {
    /** 20 sites of 40-80 units, theta ~ N(0.5, 0.3^2), sigma 1 (control) and 1.3 (treated), one covariate. */
    static UnitSimulator.Simulated simulated(long seed) {
        return UnitSimulator.simulate(new UnitSimulator.Design(20, 40, 80, 0.5, 0.3, 2, 1, 0.8, 1.0, 1.3, Family.GAUSSIAN),
                SeedStreams.stream(seed));
    }

    @Test
    void oneStageAndTwoStageAgreeAndRecoverTheTruth() {
        UnitSimulator.Simulated sim = simulated(11);
        SiteEstimator.Result estimates = SiteEstimator.estimate(sim.data(), new SiteEstimator.Options(Effect.DIFF, 2, 0));
        SiteData sites = estimates.toSiteData();
        assertThat(sites.size()).isEqualTo(20);
        SamplerConfig config = SamplerConfig.defaults().withSeed(3);
        FitSummary one = Fitter.fit(OneStageModel.of(sim.data(), sites, OneStageModel.Intercepts.FIXED,
                OneStagePriors.defaults(sim.data(), sites)), config).summary();
        FitSummary two = Fitter.fit(NormalModel.of(sites, NormalPriors.defaults(sites)), config).summary();
        assertThat(one.convergence().maxRhat()).isLessThan(1.01);
        assertThat(one.convergence().minEssBulk()).isGreaterThan(400);
        // the two paths differ only in treating the site SEs as known (two-stage) or estimating
        // sigma (one-stage), and in covariate adjustment: means agree to a fraction of a posterior SD
        ParameterSummary mu1 = one.parameters().get("mu");
        ParameterSummary mu2 = two.parameters().get("mu");
        assertThat(mu1.mean()).isCloseTo(mu2.mean(), within(0.5 * mu2.sd()));
        assertThat(one.parameters().get("tau").mean()).isCloseTo(two.parameters().get("tau").mean(),
                within(0.5 * two.parameters().get("tau").sd()));
        for (int j = 0; j < 20; j++) {
            assertThat(one.sites().get(j).effect().mean()).as("site %d", j)
                    .isCloseTo(two.sites().get(j).effect().mean(), within(0.5 * two.sites().get(j).effect().sd()));
        }
        // truth within 4 posterior SDs (a correct posterior misses by more with probability 6e-5;
        // a 95% interval would miss 5% of data sets: this seed's 20 effects average 0.63, not 0.5)
        assertWithin4Sd(one.parameters().get("mu"), 0.5);
        assertWithin4Sd(one.parameters().get("sigma[control]"), 1.0);
        assertWithin4Sd(one.parameters().get("sigma[treated]"), 1.3);
        assertWithin4Sd(one.parameters().get("gamma[z]"), 0.8);
        int covered = 0;
        for (int j = 0; j < 20; j++) {
            ParameterSummary t = one.sites().get(j).effect();
            covered += sim.trueEffects()[j] >= t.q2_5() && sim.trueEffects()[j] <= t.q97_5() ? 1 : 0;
        }
        // 95% intervals: 19 expected of 20; fewer than 16 has probability < 0.3%
        assertThat(covered).isGreaterThanOrEqualTo(16);
        assertThat(one.siteQuantities().get("intercepts")).hasSize(20);
    }

    @Test
    void randomInterceptsRecoverTheirDistribution() {
        UnitSimulator.Simulated sim = simulated(12);
        SiteData sites = SiteEstimator.estimate(sim.data(), new SiteEstimator.Options(Effect.DIFF, 2, 0)).toSiteData();
        FitResult fit = Fitter.fit(OneStageModel.of(sim.data(), sites, OneStageModel.Intercepts.RANDOM,
                OneStagePriors.defaults(sim.data(), sites)), SamplerConfig.defaults().withSeed(4));
        FitSummary s = fit.summary();
        assertThat(s.convergence().maxRhat()).isLessThan(1.01);
        assertWithin4Sd(s.parameters().get("alpha"), 2.0);
        assertWithin4Sd(s.parameters().get("omega"), 1.0);
        assertThat(fit.model().priors()).containsKeys("alpha", "omega", "sigma", "gamma[z]");
    }

    private static void assertWithin4Sd(ParameterSummary p, double truth) {
        assertThat(p.mean()).isCloseTo(truth, within(4 * p.sd()));
    }

    @Test
    void binaryOneStageAgreesWithTwoStageAndRejectsFlatIntercepts() {
        // 25 sites of 150-250 units: log odds ratios N(0.5, 0.4^2), intercepts N(-0.3, 0.5^2)
        UnitSimulator.Simulated sim = UnitSimulator.simulate(new UnitSimulator.Design(25, 150, 250, 0.5, 0.4, -0.3, 0.5,
                0.6, 1, 1, Family.BINOMIAL), SeedStreams.stream(21));
        SiteData sites = SiteEstimator.estimate(sim.data(), new SiteEstimator.Options(Effect.LOGODDS, 2, 0)).toSiteData();
        OneStagePriors priors = OneStagePriors.defaults(sim.data(), sites);
        SamplerConfig config = SamplerConfig.defaults().withSeed(8);
        FitSummary one = Fitter.fit(OneStageModel.of(sim.data(), sites, OneStageModel.Intercepts.FIXED, priors), config)
                .summary();
        FitSummary two = Fitter.fit(NormalModel.of(sites, NormalPriors.defaults(sites)), config).summary();
        assertThat(one.convergence().maxRhat()).isLessThan(1.01);
        assertThat(one.parameters()).doesNotContainKey("sigma[control]");
        // large sites: the logistic likelihood is close to normal, so the paths agree closely
        assertThat(one.parameters().get("mu").mean()).isCloseTo(two.parameters().get("mu").mean(),
                within(0.5 * two.parameters().get("mu").sd()));
        assertWithin4Sd(one.parameters().get("mu"), 0.5);
        assertWithin4Sd(one.parameters().get("gamma[z]"), 0.6);
        assertThatThrownBy(() -> OneStageModel.of(sim.data(), sites, OneStageModel.Intercepts.FIXED,
                priors.with("a", org.multisite.prior.Prior.flat(), java.util.List.of("z"))))
                .hasMessageContaining("improper");
    }
}
