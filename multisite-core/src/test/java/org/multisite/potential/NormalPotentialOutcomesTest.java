package org.multisite.potential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;
import org.multisite.numeric.Quantiles;

class NormalPotentialOutcomesTest {
    /**
     * The closed form, checked against the bivariate normal itself: 4 million pairs
     * (Y(0), Y(1)) with means (0.5, 1.3), SDs (1.2, 0.8) and rho 0.6; among those with Y(1)
     * within 0.005 of 1.9, the mean and variance of Y(0) match mu_c + rho (sigma_c / sigma_t)
     * (y - mu_t) and sigma_c^2 (1 - rho^2) within 4 Monte Carlo SEs (and the same for a control).
     */
    @Test
    void imputationMatchesTheBivariateNormalsConditional() {
        double muC = 0.5;
        double muT = 1.3;
        double sc = 1.2;
        double st = 0.8;
        double rho = 0.6;
        double y = 1.9;
        UniformRandomProvider rng = SeedStreams.stream(5);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        double sum0 = 0;
        double sq0 = 0;
        int n0 = 0;
        double sum1 = 0;
        double sq1 = 0;
        int n1 = 0;
        for (int i = 0; i < 4_000_000; i++) {
            double e1 = z.sample();
            double e2 = z.sample();
            double y0 = muC + sc * e1;
            double y1 = muT + st * (rho * e1 + Math.sqrt(1 - rho * rho) * e2);
            if (Math.abs(y1 - y) < 0.005) {
                sum0 += y0;
                sq0 += y0 * y0;
                n0++;
            }
            if (Math.abs(y0 - y) < 0.005) {
                sum1 += y1;
                sq1 += y1 * y1;
                n1++;
            }
        }
        var treated = NormalPotentialOutcomes.imputed(true, y, muC, muT, sc, st, rho);
        var control = NormalPotentialOutcomes.imputed(false, y, muC, muT, sc, st, rho);
        double m0 = sum0 / n0;
        double v0 = sq0 / n0 - m0 * m0;
        double m1 = sum1 / n1;
        double v1 = sq1 / n1 - m1 * m1;
        assertThat(treated.mean()).isCloseTo(m0, within(4 * Math.sqrt(v0 / n0)));
        assertThat(treated.variance()).isCloseTo(v0, within(4 * v0 * Math.sqrt(2.0 / n0)));
        assertThat(control.mean()).isCloseTo(m1, within(4 * Math.sqrt(v1 / n1)));
        assertThat(control.variance()).isCloseTo(v1, within(4 * v1 * Math.sqrt(2.0 / n1)));
        // and the formula as the issue states it
        assertThat(treated.mean()).isCloseTo(muC + rho * (sc / st) * (y - muT), within(1e-15));
        assertThat(treated.variance()).isCloseTo(sc * sc * (1 - rho * rho), within(1e-15));
    }

    /**
     * The acceptance: 200 simulated experiments of N = 500 (200 treated), Y(0) ~ N(1, 1),
     * Y(1) ~ N(1.25, 1) independent (rho = 0, as assumed). The 95% interval of the finite-sample
     * ATE covers the realized mean of Y(1) - Y(0) in at least 90% of them (binomial SE 1.5%: 3 SEs
     * below 95%) and at most 99%, and it is narrower than the super-population ATE's in every one.
     */
    @Test
    void finiteSampleAteIsNarrowerAndCovers() {
        int reps = 200;
        int[] covered = new int[reps];
        int[] narrower = new int[reps];
        java.util.stream.IntStream.range(0, reps).parallel().forEach(r -> {
            UniformRandomProvider rng = SeedStreams.stream(6, r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            int n = 500;
            int[] t = new int[n];
            double[] y = new double[n];
            double realized = 0;
            for (int i = 0; i < n; i++) {
                double y0 = 1 + z.sample();
                double y1 = 1.25 + z.sample();
                realized += (y1 - y0) / n;
                t[i] = i < 200 ? 1 : 0;
                y[i] = t[i] == 1 ? y1 : y0;
            }
            var data = new NormalPotentialOutcomes.Data(t, y, new double[n][0], new int[n], 1);
            // 400 draws: the 2.5% and 97.5% quantiles' Monte Carlo error is about 0.1 SD of the posterior
            var d = NormalPotentialOutcomes.sample(data, 0, 400, SeedStreams.stream(7, r));
            double[] fs = d.ateFs().clone();
            double[] sp = d.ateSp().clone();
            Arrays.sort(fs);
            Arrays.sort(sp);
            double lo = Quantiles.type7(fs, 0.025);
            double hi = Quantiles.type7(fs, 0.975);
            covered[r] = realized >= lo && realized <= hi ? 1 : 0;
            narrower[r] = hi - lo < Quantiles.type7(sp, 0.975) - Quantiles.type7(sp, 0.025) ? 1 : 0;
        });
        assertThat(Arrays.stream(covered).sum()).isBetween(180, 198);
        assertThat(Arrays.stream(narrower).sum()).isEqualTo(reps);
    }

    /** With covariates and sites: the estimands exist per site, and the same seed repeats them. */
    @Test
    void sitesAndDeterminism() {
        UniformRandomProvider rng = SeedStreams.stream(8);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = 300;
        int[] t = new int[n];
        double[] y = new double[n];
        double[][] x = new double[n][1];
        int[] site = new int[n];
        for (int i = 0; i < n; i++) {
            site[i] = i % 3;
            t[i] = (i / 3) % 2;
            x[i][0] = z.sample();
            y[i] = 1 + 0.5 * x[i][0] + t[i] * (0.2 + 0.3 * site[i]) + z.sample();
        }
        var data = new NormalPotentialOutcomes.Data(t, y, x, site, 3);
        var a = NormalPotentialOutcomes.sample(data, 0.5, 400, SeedStreams.stream(9));
        var b = NormalPotentialOutcomes.sample(data, 0.5, 400, SeedStreams.stream(9));
        assertThat(a.ateFs()).containsExactly(b.ateFs());
        assertThat(a.siteFs()).hasNumberOfRows(3);
        double mean2 = Arrays.stream(a.siteFs()[2]).average().orElseThrow();
        double mean0 = Arrays.stream(a.siteFs()[0]).average().orElseThrow();
        // site effects 0.2, 0.5, 0.8 in truth: the third site's finite-sample ATE exceeds the first's
        assertThat(mean2).isGreaterThan(mean0);
        assertThat(Arrays.stream(a.ateSp()).average().orElseThrow()).isCloseTo(0.5, within(0.3));
    }
}
