package org.multisite.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.GSpec;

class PredictiveChecksTest {
    /**
     * The statistics by hand: (-1, -1, 1, 1) has SD 1, skewness 0, excess kurtosis 1 - 3 = -2,
     * and two groups explain all of it; (0, 1, 2): either cut explains 1.5 of the sum of squares 2.
     */
    @Test
    void statisticsByHand() {
        double[] m = PredictiveChecks.moments(new double[] {-1, -1, 1, 1});
        assertThat(m[0]).isCloseTo(1, within(1e-15));
        assertThat(m[1]).isCloseTo(0, within(1e-15));
        assertThat(m[2]).isCloseTo(-2, within(1e-15));
        assertThat(PredictiveChecks.twoGroups(new double[] {1, -1, 1, -1})).isCloseTo(1, within(1e-15));
        assertThat(PredictiveChecks.twoGroups(new double[] {2, 0, 1})).isCloseTo(0.75, within(1e-15));
        // 19 zeros and one far value: with 20 values each group needs 2, so the best cut puts one
        // zero beside the far value: 18 * 2 / 20 * (0 - 5)^2 = 45 of the total 95, where cutting
        // off the far value alone would explain all of it
        double[] outlier = new double[20];
        outlier[19] = 10;
        assertThat(PredictiveChecks.twoGroups(outlier)).isCloseTo(18.0 * 2 / 20 * 25 / 95, within(1e-14));
        // a right tail: one far value gives positive skewness
        assertThat(PredictiveChecks.moments(new double[] {0, 0, 0, 0, 10})[1]).isGreaterThan(1);
    }

    /**
     * Two well-separated groups of sites (J = 100, I = 0.9: 0.7 N(-1.5, 0.3^2) + 0.3 N(2, 0.3^2),
     * standardized): the normal model's replicates rarely split into two groups as cleanly as the
     * estimates do (two_groups p < 0.05); the two-component mixture's do (p > 0.1).
     */
    @Test
    void theNormalModelFailsTheTwoGroupsCheckOnBimodalSites() {
        UniformRandomProvider rng = SeedStreams.stream(2024);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        int sites = 100;
        double[] y = new double[sites];
        double[] se = new double[sites];
        List<String> ids = new ArrayList<>();
        // G's variance: 0.7 0.09 + 0.3 0.09 + 0.21 3.5^2 = 2.6625; GM(se^2) = (1 - I) / I of it
        double seValue = Math.sqrt((1 - 0.9) / 0.9 * 2.6625);
        for (int j = 0; j < sites; j++) {
            boolean low = rng.nextDouble() < 0.7;
            se[j] = seValue;
            y[j] = (low ? -1.5 : 2) + 0.3 * z.sample() + se[j] * z.sample();
            ids.add("s" + j);
        }
        SiteData data = SiteData.of(ids, y, se);
        SamplerConfig config = SamplerConfig.defaults().withSeed(5);
        FitResult normal = Fitter.fit(GSpec.of("normal").siteLevel(data), config);
        FitResult mixture = Fitter.fit(new GSpec("mixture", List.of(), Map.of()).siteLevel(data), config);
        double pNormal = pValue(PredictiveChecks.of(normal.model(), normal.draws(), SeedStreams.stream(7)), "two_groups");
        double pMixture = pValue(PredictiveChecks.of(mixture.model(), mixture.draws(), SeedStreams.stream(7)), "two_groups");
        assertThat(pNormal).isLessThan(0.05);
        assertThat(pMixture).isGreaterThan(0.1);
    }

    private static double pValue(List<PredictiveChecks.Check> checks, String statistic) {
        return checks.stream().filter(c -> c.statistic().equals(statistic)).findFirst().orElseThrow().pValue();
    }
}
