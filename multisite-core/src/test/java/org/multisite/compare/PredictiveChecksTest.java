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
    /** The moments by hand: (-1, -1, 1, 1) has SD 1, skewness 0, excess kurtosis 1 - 3 = -2. */
    @Test
    void momentsByHand() {
        double[] m = PredictiveChecks.moments(new double[] {-1, -1, 1, 1});
        assertThat(m[0]).isCloseTo(1, within(1e-15));
        assertThat(m[1]).isCloseTo(0, within(1e-15));
        assertThat(m[2]).isCloseTo(-2, within(1e-15));
        // a right tail: one far value gives positive skewness
        assertThat(PredictiveChecks.moments(new double[] {0, 0, 0, 0, 10})[1]).isGreaterThan(1);
    }

    /**
     * Two tight groups far apart (14 values about -1, 6 about 2, spread 0.01): each value belongs
     * to its group with probability 1 to double precision, so the best mixture is the groups'
     * own: weights 0.7 and 0.3, their means, the pooled within-group variance v, and
     * l_2 = 14 log 0.7 + 6 log 0.3 - n/2 log(2 pi v) - n/2, against l_1 = -n/2 (log(2 pi s^2) + 1).
     */
    @Test
    void twoGroupsByHand() {
        double[] r = new double[20];
        for (int i = 0; i < 20; i++) {
            r[i] = (i < 14 ? -1 : 2) + 0.01 * ((i * 7) % 5 - 2);
        }
        double m1 = java.util.Arrays.stream(r, 0, 14).average().orElseThrow();
        double m2 = java.util.Arrays.stream(r, 14, 20).average().orElseThrow();
        double mean = java.util.Arrays.stream(r).average().orElseThrow();
        double within = 0;
        double total = 0;
        for (int i = 0; i < 20; i++) {
            within += Math.pow(r[i] - (i < 14 ? m1 : m2), 2);
            total += Math.pow(r[i] - mean, 2);
        }
        double l2 = 14 * Math.log(0.7) + 6 * Math.log(0.3) - 10 * Math.log(2 * Math.PI * within / 20) - 10;
        double l1 = -10 * (Math.log(2 * Math.PI * total / 20) + 1);
        assertThat(PredictiveChecks.twoGroups(r)).isCloseTo(2 * (l2 - l1), within(1e-9 * 2 * (l2 - l1)));
    }

    /**
     * EM reaches the best mixture: on 30 lopsided values, no point of a grid over the weight
     * (0.1 to 0.9), both means and the SD gives a larger likelihood than the statistic's; the
     * grid's best (a coarse grid refined about its best point) comes within 0.01 of it. Constant
     * values give 0.
     */
    @Test
    void twoGroupsBeatsAGridSearch() {
        UniformRandomProvider rng = SeedStreams.stream(77);
        double[] r = new double[30];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble() < 0.75 ? rng.nextDouble() : 1.5 + 2 * rng.nextDouble();
        }
        double mean = java.util.Arrays.stream(r).average().orElseThrow();
        double var = java.util.Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / r.length;
        double l1 = -0.5 * r.length * (Math.log(2 * Math.PI * var) + 1);
        // a coarse grid, then a fine one about its best point
        double[] at = {0.1, 0, 0, 0.05};
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a <= 16; a++) {
            for (int b = 0; b <= 40; b++) {
                for (int c = b; c <= 40; c++) {
                    for (int d = 1; d <= 40; d++) {
                        double ll = mixtureLogLik(r, 0.1 + 0.05 * a, -0.5 + 0.1 * b, -0.5 + 0.1 * c, 0.05 * d);
                        if (ll > best) {
                            best = ll;
                            at = new double[] {0.1 + 0.05 * a, -0.5 + 0.1 * b, -0.5 + 0.1 * c, 0.05 * d};
                        }
                    }
                }
            }
        }
        double[] centre = at.clone();
        for (int a = -10; a <= 10; a++) {
            double w = Math.min(0.9, Math.max(0.1, centre[0] + 0.005 * a));
            for (int b = -10; b <= 10; b++) {
                for (int c = -10; c <= 10; c++) {
                    for (int d = -10; d <= 10; d++) {
                        double sd = centre[3] + 0.005 * d;
                        if (sd > 0) {
                            best = Math.max(best, mixtureLogLik(r, w, centre[1] + 0.01 * b, centre[2] + 0.01 * c, sd));
                        }
                    }
                }
            }
        }
        double lr = PredictiveChecks.twoGroups(r);
        assertThat(lr).isGreaterThanOrEqualTo(2 * (best - l1) - 1e-9);
        assertThat(lr).isCloseTo(2 * (best - l1), within(0.01));
        assertThat(PredictiveChecks.twoGroups(new double[] {3, 3, 3, 3, 3})).isZero();
    }

    /**
     * heavy_tails is the best t's log likelihood ratio over the normal: against a grid over the
     * location and the log scale (refined about its best point) for each degrees of freedom
     * tried, on 40 draws of a t with 2 df; it is large there, and near 0 on 40 normal draws.
     */
    @Test
    void heavyTailsBeatsAGridSearch() {
        UniformRandomProvider rng = SeedStreams.stream(78);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] t = new double[40];
        double[] normal = new double[40];
        for (int i = 0; i < t.length; i++) {
            double u = z.sample();
            double v = z.sample();
            double chi2 = u * u + v * v;
            t[i] = z.sample() / Math.sqrt(chi2 / 2);
            normal[i] = z.sample();
        }
        double mean = java.util.Arrays.stream(t).average().orElseThrow();
        double var = java.util.Arrays.stream(t).map(v -> (v - mean) * (v - mean)).sum() / t.length;
        double l1 = -0.5 * t.length * (Math.log(2 * Math.PI * var) + 1);
        double best = l1;
        for (double nu : PredictiveChecks.TAIL_DF) {
            double[] at = {0, 0};
            double coarse = Double.NEGATIVE_INFINITY;
            for (int a = -40; a <= 40; a++) {
                for (int b = -60; b <= 40; b++) {
                    double ll = tLogLik(t, nu, 0.05 * a, 0.05 * b);
                    if (ll > coarse) {
                        coarse = ll;
                        at = new double[] {0.05 * a, 0.05 * b};
                    }
                }
            }
            for (int a = -50; a <= 50; a++) {
                for (int b = -50; b <= 50; b++) {
                    best = Math.max(best, tLogLik(t, nu, at[0] + 0.001 * a, at[1] + 0.001 * b));
                }
            }
        }
        double lr = PredictiveChecks.heavyTails(t);
        assertThat(lr).isGreaterThanOrEqualTo(2 * (best - l1) - 1e-9).isCloseTo(2 * (best - l1), within(0.01)).isGreaterThan(10);
        assertThat(PredictiveChecks.heavyTails(normal)).isBetween(0.0, 4.0);
    }

    /** The t log likelihood with location m and log scale ls. */
    private static double tLogLik(double[] r, double nu, double m, double ls) {
        double s = Math.exp(ls);
        double ll = 0;
        for (double v : r) {
            double d = (v - m) / s;
            ll += org.apache.commons.numbers.gamma.LogGamma.value((nu + 1) / 2) - org.apache.commons.numbers.gamma.LogGamma.value(nu / 2)
                    - 0.5 * Math.log(nu * Math.PI) - ls - (nu + 1) / 2 * Math.log1p(d * d / nu);
        }
        return ll;
    }

    private static double mixtureLogLik(double[] r, double w, double m1, double m2, double sd) {
        double ll = 0;
        for (double v : r) {
            ll += Math.log(w * Math.exp(-0.5 * (v - m1) * (v - m1) / (sd * sd))
                    + (1 - w) * Math.exp(-0.5 * (v - m2) * (v - m2) / (sd * sd))) - Math.log(Math.sqrt(2 * Math.PI) * sd);
        }
        return ll;
    }

    /**
     * Two well-separated groups of sites (J = 100, I = 0.9: 0.7 N(-1.5, 0.3^2) + 0.3 N(2, 0.3^2),
     * standardized): the normal model's replicates rarely fit two groups as much better than one
     * as the estimates do (two_groups p < 0.05); the two-component mixture's do (p > 0.1).
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
