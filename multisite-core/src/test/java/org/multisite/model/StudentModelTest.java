package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

class StudentModelTest {
    @Test
    void studentEffectsByHand() {
        StudentEffectsPrior.Distribution g = new StudentEffectsPrior.Distribution(1, 2, 5);
        TDistribution t = TDistribution.of(5);
        assertThat(g.density(3)).isCloseTo(t.density(1) / 2, within(1e-15));
        assertThat(g.cdf(3)).isCloseTo(t.cumulativeProbability(1), within(1e-15));
        assertThat(g.quantile(0.9)).isCloseTo(1 + 2 * t.inverseCumulativeProbability(0.9), within(1e-12));
        // SD of t_5 scaled by 2: 2 sqrt(5/3); infinite at nu = 2
        assertThat(g.sd()).isCloseTo(2 * Math.sqrt(5.0 / 3), within(1e-15));
        assertThat(new StudentEffectsPrior.Distribution(0, 1, 2).sd()).isInfinite();
    }

    @Test
    void marginalOfASiteMatchesDirectIntegration() {
        // log integral N(y; theta, v) t_nu(theta; mu, tau) d theta by brute force (a fine trapezoid
        // over theta, 200,001 points on mu +- 400 tau) against the scale-mixture quadrature
        double[] y = {1.3, 0.2, 0.9};
        double[] se = {0.5, 0.3, 2.0};
        SiteData data = SiteData.of(List.of("a", "b", "c"), y, se);
        StudentEffectsPrior g = new StudentEffectsPrior(data, NormalPriors.defaults(data), StudentEffectsPrior.defaultNu());
        for (double[] par : new double[][] {{0.5, 0.4, 3}, {0, 1, 0.7}, {1, 0.05, 30}}) {
            Draws d = single(par);
            for (int j = 0; j < 3; j++) {
                TDistribution t = TDistribution.of(par[2]);
                double lo = par[0] - 400 * par[1];
                double hi = par[0] + 400 * par[1];
                int n = 200_000;
                double h = (hi - lo) / n;
                double sum = 0;
                for (int k = 0; k <= n; k++) {
                    double theta = lo + k * h;
                    double f = t.density((theta - par[0]) / par[1]) / par[1]
                            * Math.exp(-0.5 * (y[j] - theta) * (y[j] - theta) / (se[j] * se[j])) / (se[j] * Math.sqrt(2 * Math.PI));
                    sum += (k == 0 || k == n ? 0.5 : 1) * f * h;
                }
                // the brute force misses the mass beyond 400 scales: below 1e-4 relative for nu >= 0.7
                assertThat(g.logMarginal(d, 0, j, y[j], se[j] * se[j])).isCloseTo(Math.log(sum), within(2e-4));
            }
        }
    }

    /** One draw with mu, tau, nu = par. */
    private static Draws single(double[] par) {
        return Draws.of(List.of("mu", "tau", "nu"), 1, new double[][] {{par[0]}, {par[1]}, {par[2]}});
    }

    /**
     * Simulation-based calibration (Talts et al. 2018): 500 data sets of 8 sites with se 0.5 to
     * 1.5, mu ~ N(0, 1), tau ~ half_normal(0, 1), nu ~ gamma(2, 0.1), u_j ~ t_nu(0, tau); 100
     * draws from one chain after 300 warm-up sweeps, thinned by 15 (nu mixes slowly: thinned by 5,
     * 2,000 data sets show its autocorrelation as over-concentrated ranks). Ranks of mu, tau, nu and
     * theta_1 in 10 bins, chi-square at 0.1% (27.88): a correct sampler fails one of the four
     * with probability about 0.4%.
     */
    @Test
    void simulationBasedCalibration() {
        double[] se = {0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 0.6, 1.0};
        Prior mu = Prior.normal(0, 1);
        Prior tau = Prior.halfNormal(1);
        Prior nu = StudentEffectsPrior.defaultNu();
        RankHistogram ranks = new RankHistogram(List.of("mu", "tau", "nu", "theta[1]"), 99);
        for (int r = 0; r < RankHistogram.replications(500); r++) {
            UniformRandomProvider rng = SeedStreams.stream(404, r);
            var z = ZigguratSampler.NormalizedGaussian.of(rng);
            double m = mu.sample(rng);
            double t = tau.sample(rng);
            double df = nu.sample(rng);
            double[] theta = new double[se.length];
            double[] y = new double[se.length];
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < se.length; j++) {
                theta[j] = m + t * TDistribution.of(df).createSampler(rng).sample();
                y[j] = theta[j] + se[j] * z.sample();
                ids.add("s" + j);
            }
            SiteData data = SiteData.of(ids, y, se);
            EffectsPrior g = new StudentEffectsPrior(data, new NormalPriors(mu, ScalePrior.onTau(tau), List.of()), nu);
            Draws d = ChainRunner.run(new SiteLevelModel(data, g), new SamplerConfig(1, 300, 99, 15, 8_000 + r, 1));
            ranks.add(d, m, t, df, theta[0]);
        }
        ranks.assertUniform("t");
    }

    @Test
    void heavyTailsAreFoundAndDiagnosticsPass() {
        // 60 sites with t_2 effects (scale 0.3) and small se: nu's posterior sits well below 10
        UniformRandomProvider rng = SeedStreams.stream(12);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        var t2 = TDistribution.of(2).createSampler(rng);
        List<String> ids = new ArrayList<>();
        double[] y = new double[60];
        double[] se = new double[60];
        for (int j = 0; j < 60; j++) {
            ids.add("s" + j);
            se[j] = 0.05;
            y[j] = 0.3 * t2.sample() + se[j] * z.sample();
        }
        SiteData data = SiteData.of(ids, y, se);
        FitResult fit = Fitter.fit(new SiteLevelModel(data, new StudentEffectsPrior(data, NormalPriors.defaults(data),
                StudentEffectsPrior.defaultNu())), SamplerConfig.defaults());
        var s = fit.summary();
        assertThat(s.convergence().maxRhat()).isLessThan(1.01);
        assertThat(s.parameters().get("nu").q97_5()).isLessThan(10);
        assertThat(s.parameters().get("tau").mean()).isCloseTo(0.3, within(4 * s.parameters().get("tau").sd()));
        assertThat(fit.model().priors()).containsEntry("nu", "gamma(2, 0.1)");
        assertThat(s.informativeness().mean()).isBetween(0.0, 1.0);
    }
}
