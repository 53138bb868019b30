package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;

/** Every model of G in the registry with a site covariate: 60 sites, theta_j = 0.5 + 0.8 (x_j - mean x) + N(0, 0.3^2), se 0.2. */
class CovariateModelsTest {
    @Test
    void everyModelRecoversTheSlope() {
        UniformRandomProvider rng = SeedStreams.stream(33);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        int sites = 60;
        double[] x = new double[sites];
        double[] y = new double[sites];
        double[] se = new double[sites];
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < sites; j++) {
            x[j] = z.sample();
            se[j] = 0.2;
            ids.add("s" + j);
        }
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        for (int j = 0; j < sites; j++) {
            y[j] = 0.5 + 0.8 * (x[j] - mean) + 0.3 * z.sample() + se[j] * z.sample();
        }
        SiteData data = SiteData.of(ids, y, se, List.of("x"), new double[][] {x});
        // every model in the registry, as its Gibbs block, with its defaults (the DP truncated at 10 components)
        List<EffectsPrior> models = GModels.ALL.stream().map(g -> new GSpec(g.name(), List.of(),
                g.hasOption("truncation") ? java.util.Map.of("truncation", 10) : java.util.Map.of()).effects(data)).toList();
        for (EffectsPrior g : models) {
            FitResult fit = Fitter.fit(new SiteLevelModel(data, g), SamplerConfig.defaults().withSeed(2));
            var beta = fit.summary().parameters().get("beta[x]");
            // the slope's posterior SD is about 0.36 / sqrt(60) = 0.05; within 4 SDs of the truth
            assertThat(beta.mean()).as(g.name()).isCloseTo(0.8, within(4 * beta.sd()));
            assertThat(beta.sd()).as(g.name()).isLessThan(0.15);
            assertThat(fit.summary().parameters().get("beta[x]").rhat()).as(g.name()).isLessThan(1.05);
        }
    }
}
