package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
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
import org.multisite.summary.FitSummary;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.Summarizer;

class NormalModelTest {
    /** Rubin (1981) eight schools, as in Gelman et al. BDA3 table 5.2. */
    static final double[] Y = {28, 8, -3, 7, -1, 1, 18, 12};
    static final double[] SE = {15, 10, 16, 11, 9, 11, 10, 18};

    static SiteData eightSchools() {
        return SiteData.of(List.of("A", "B", "C", "D", "E", "F", "G", "H"), Y, SE);
    }

    static NormalPriors acceptancePriors() {
        return new NormalPriors(Prior.normal(0, 5), ScalePrior.onTau(Prior.halfCauchy(5)), List.of());
    }

    /**
     * E[mu | y] and E[tau | y] for the eight schools under mu ~ N(0, 5^2), tau ~ half-Cauchy(0, 5),
     * by direct trapezoid quadrature over tau on [0, 400] (10^6 intervals): mu integrates out
     * as an extra observation 0 with variance 25. Written independently of the model's code
     * (tau scale, not log tau; no grid adaptation).
     */
    static double[] quadrature() {
        int n = 1_000_000;
        double hi = 400;
        double h = hi / n;
        double z = 0;
        double mu = 0;
        double tau = 0;
        double tau2 = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double prec = 1 / 25.0;
            double wy = 0;
            double wyy = 0;
            double logw = 0;
            for (int j = 0; j < Y.length; j++) {
                double w = 1 / (SE[j] * SE[j] + t * t);
                prec += w;
                wy += w * Y[j];
                wyy += w * Y[j] * Y[j];
                logw += Math.log(w);
            }
            double muHat = wy / prec;
            double logPost = -Math.log1p(t * t / 25) + 0.5 * logw - 0.5 * Math.log(prec) - 0.5 * (wyy - prec * muHat * muHat);
            double f = Math.exp(logPost) * (i == 0 || i == n ? 0.5 : 1);
            z += f;
            mu += f * muHat;
            tau += f * t;
            tau2 += f * t * t;
        }
        return new double[] {mu / z, tau / z, Math.sqrt(tau2 / z - (tau / z) * (tau / z))};
    }

    @Test
    void eightSchoolsMatchesQuadratureAndThePublishedPosterior() {
        double[] exact = quadrature();
        // Published reference (issue 2; Stan/baggr runs): E[mu] 4.40, E[tau] 3.59, sd(tau) 3.22,
        // each an MCMC estimate with Monte Carlo error about sd / sqrt(ESS) ~ 0.05 for 4000 draws.
        assertThat(exact[0]).isCloseTo(4.40, within(0.05));
        assertThat(exact[1]).isCloseTo(3.59, within(0.05));
        assertThat(exact[2]).isCloseTo(3.22, within(0.05));

        FitResult fit = Fitter.fit(NormalModel.of(eightSchools(), acceptancePriors()), SamplerConfig.defaults());
        ParameterSummary mu = fit.summary().parameters().get("mu");
        ParameterSummary tau = fit.summary().parameters().get("tau");
        // within 4 Monte Carlo standard errors of the exact values (false-failure rate 6e-5 per check)
        assertThat(mu.mean()).isCloseTo(exact[0], within(4 * mu.mcseMean()));
        assertThat(tau.mean()).isCloseTo(exact[1], within(4 * tau.mcseMean()));
        assertThat(mu.sd()).isCloseTo(3.32, within(0.15));
        assertThat(tau.sd()).isCloseTo(3.22, within(0.15));
        assertThat(fit.summary().convergence().maxRhat()).isLessThan(1.01);
        assertThat(fit.summary().convergence().ok()).isTrue();
    }

    @Test
    void drawsDoNotDependOnTheNumberOfThreads() {
        NormalModel m = NormalModel.of(eightSchools(), acceptancePriors());
        SamplerConfig c = SamplerConfig.defaults().withDraws(200).withWarmup(10).withSeed(42);
        Draws one = ChainRunner.run(m, c.withThreads(1));
        Draws four = ChainRunner.run(m, c.withThreads(4));
        for (int p = 0; p < one.names().size(); p++) {
            assertThat(four.column(p)).containsExactly(one.column(p));
        }
        Draws otherSeed = ChainRunner.run(m, c.withSeed(43));
        assertThat(otherSeed.column("tau")).isNotEqualTo(one.column("tau"));
    }

    @Test
    void chainsAreDistinctStreams() {
        Draws d = ChainRunner.run(NormalModel.of(eightSchools(), acceptancePriors()),
                SamplerConfig.defaults().withDraws(50).withWarmup(0).withThreads(1));
        double[] tau = d.column("tau");
        assertThat(tau[0]).isNotEqualTo(tau[50]);
    }

    @Test
    void tauNearZeroAndHugeStandardErrorsAreHandled() {
        // identical estimates: the posterior of tau piles up at 0; two sites with se ~ 5000,
        // like the separated Bogota schools, carry no information and are left at the prior mean.
        List<String> ids = new ArrayList<>();
        double[] y = new double[12];
        double[] se = new double[12];
        for (int j = 0; j < 12; j++) {
            ids.add("s" + j);
            y[j] = 0.3;
            se[j] = 0.2;
        }
        y[10] = 18;
        se[10] = 5000;
        y[11] = -19;
        se[11] = 7900;
        SiteData d = SiteData.of(ids, y, se);
        FitResult fit = Fitter.fit(NormalModel.of(d, NormalPriors.defaults(d)), SamplerConfig.defaults());
        var s = fit.summary();
        assertThat(s.parameters().get("mu").mean()).isCloseTo(0.3, within(0.05));
        assertThat(s.parameters().get("tau").median()).isLessThan(0.15);
        assertThat(s.sites().get(10).shrinkage()).isGreaterThan(0.999999);
        assertThat(s.sites().get(10).effect().mean()).isCloseTo(s.parameters().get("mu").mean(), within(0.05));
        for (double t : fit.draws().column("tau")) {
            assertThat(t).isFinite().isNotNegative();
        }
    }

    @Test
    void flatPriorsAreRefusedWhereThePosteriorIsImproper() {
        SiteData two = SiteData.of(List.of("a", "b"), new double[] {1, 2}, new double[] {1, 1});
        NormalPriors flat = new NormalPriors(Prior.flat(), ScalePrior.onTau(Prior.flat()), List.of());
        assertThatThrownBy(() -> NormalModel.of(two, flat)).hasMessageContaining("improper");
        SiteData three = SiteData.of(List.of("a", "b", "c"), new double[] {1, 2, 4}, new double[] {1, 1, 1});
        assertThat(NormalModel.of(three, flat).parameterNames()).startsWith("mu", "tau");
        NormalPriors flatVariance = new NormalPriors(Prior.flat(), ScalePrior.onVariance(Prior.flat()), List.of());
        assertThatThrownBy(() -> NormalModel.of(three, flatVariance)).hasMessageContaining("J - 1 >= 3");
        assertThatThrownBy(() -> new NormalPriors(Prior.studentT(3, 0, 1), ScalePrior.onTau(Prior.halfCauchy(1)), List.of()))
                .hasMessageContaining("needs a normal or flat prior");
    }

    @Test
    void defaultsAreScaledToTheDataAndRounded() {
        NormalPriors p = NormalPriors.defaults(eightSchools());
        assertThat(p.mu()).isEqualTo(Prior.normal(0, 280)); // 10 * max|y| = 10 * 28
        // max(sd(y), sqrt(GM(se^2))) = max(10.4382..., 12.1357...) rounded to three significant digits:
        // the eight schools' estimates vary less than their SEs
        assertThat(p.tau().prior()).isEqualTo(Prior.halfCauchy(12.1));
        NormalPriors changed = p.with("tau2", Prior.invGamma(1, 1), List.of());
        assertThat(changed.tau().onVariance()).isTrue();
        assertThatThrownBy(() -> p.with("nu", Prior.gamma(2, 0.1), List.of())).hasMessageContaining("no parameter 'nu'");
    }

    @Test
    void covariateEffectIsRecovered() {
        // y_j = 1 + 2 (x_j - mean x) exactly, small se: beta close to 2, mu close to 1
        List<String> ids = new ArrayList<>();
        double[] x = new double[20];
        double[] y = new double[20];
        double[] se = new double[20];
        for (int j = 0; j < 20; j++) {
            ids.add("s" + j);
            x[j] = j;
            y[j] = 1 + 2 * (j - 9.5);
            se[j] = 0.01;
        }
        SiteData d = SiteData.of(ids, y, se, List.of("x"), new double[][] {x});
        FitResult fit = Fitter.fit(NormalModel.of(d, NormalPriors.defaults(d)), SamplerConfig.defaults());
        assertThat(fit.summary().parameters()).containsKeys("mu", "tau", "beta[x]");
        assertThat(fit.summary().parameters().get("beta[x]").mean()).isCloseTo(2, within(0.01));
        assertThat(fit.summary().parameters().get("mu").mean()).isCloseTo(1, within(0.01));
    }

    /**
     * Issue 14, item 10: estimates 0.001 apart with SEs of 1 made the defaults mu ~ normal(0,
     * 0.02) and tau ~ half_cauchy(0, 0.0002): priors saying far more than the data. The scales
     * now take the SEs too (the mixture's likewise), and are never 0.
     */
    @Test
    void defaultPriorsTakeTheSesIntoAccount() {
        SiteData tight = SiteData.of(List.of("a", "b", "c", "d", "e"), new double[] {0.001, 0.0012, 0.0008, 0.0011, 0.0009},
                new double[] {1, 1.1, 0.9, 1, 1});
        NormalPriors p = NormalPriors.defaults(tight);
        // sqrt(GM(se^2)) = GM(se) = (1.1 x 0.9)^(1/5) = 0.998: mu's sd 10 x 0.998, tau's scale 0.998, the
        // mixture's component SD 0.998 and location SD 2 x 0.998 (they were 0.02, 0.0002, 0.0001, 0.0003)
        assertThat(((Prior.Normal) p.mu()).sd()).isGreaterThan(9);
        assertThat(((Prior.HalfCauchy) p.tau().prior()).scale()).isGreaterThan(0.9);
        assertThat(((Prior.HalfNormal) MixtureEffectsPrior.defaultScale(tight).prior()).sd()).isGreaterThan(0.9);
        assertThat(MixtureEffectsPrior.defaultLocation(tight).sd()).isGreaterThan(1.8);
        // and when the estimates vary more than their SEs, the estimates set them as before: 10 max|y| = 80
        SiteData spread = SiteData.of(List.of("a", "b", "c"), new double[] {-5, 1, 8}, new double[] {0.1, 0.1, 0.1});
        assertThat(((Prior.Normal) NormalPriors.defaults(spread).mu()).sd()).isEqualTo(80);
        // estimates that are all (numerically) 0, as from binary outcomes that are all 0: the SEs scale them,
        // mu's sd 10 x GM(se) = 20 and tau's scale GM(se) = 2
        SiteData zeros = SiteData.of(List.of("a", "b", "c"), new double[] {-5e-16, -5e-16, -5e-16}, new double[] {2, 2, 2});
        assertThat(((Prior.Normal) NormalPriors.defaults(zeros).mu()).sd()).isEqualTo(20);
        assertThat(((Prior.HalfCauchy) NormalPriors.defaults(zeros).tau().prior()).scale()).isEqualTo(2);
    }

    /**
     * The site effects are not stored but recomputed on each read: by column, by draw and by rows
     * of draws they are the same numbers, and the summaries of the recomputed draws are exactly
     * those of the same draws held in arrays.
     */
    @Test
    void recomputedSiteEffectsReadAlikeAndSummarizeAsIfStored() {
        NormalModel m = NormalModel.of(eightSchools(), acceptancePriors());
        Draws d = ChainRunner.run(m, SamplerConfig.defaults().withDraws(300).withSeed(9));
        int first = d.indexOf("theta[1]");
        assertThat(d.stored(first)).isFalse();
        assertThat(d.stored(d.indexOf("tau"))).isTrue();
        int sites = Y.length;
        double[] rows = new double[30 * sites];
        d.rows(first, sites, 450, 480, rows);
        double[][] columns = new double[d.names().size()][];
        for (int p = 0; p < columns.length; p++) {
            columns[p] = d.column(p).clone();
        }
        for (int j = 0; j < sites; j++) {
            double[] theta = columns[first + j];
            assertThat(d.column(first + j)).containsExactly(theta);
            for (int i = 0; i < d.size(); i += 37) {
                assertThat(d.get(first + j, i)).isEqualTo(theta[i]);
            }
            for (int i = 450; i < 480; i++) {
                assertThat(rows[(i - 450) * sites + j]).isEqualTo(theta[i]);
            }
        }
        Draws stored = Draws.of(d.names(), d.chains(), columns);
        FitSummary recomputed = Summarizer.summarize(m, d, SeedStreams.rankTies(9));
        FitSummary held = Summarizer.summarize(m, stored, SeedStreams.rankTies(9));
        assertThat(recomputed.sites()).isEqualTo(held.sites());
        assertThat(recomputed.expectedEdf()).containsExactly(held.expectedEdf());
        assertThat(recomputed.parameters()).isEqualTo(held.parameters());
    }

    /**
     * The verdict judges mu, tau and G, not the site effects drawn exactly given them: over
     * 3,000 sites the largest of their R-hats passes 1.01 by chance (the precondition, checked),
     * which would have warned to run longer where longer changes nothing.
     */
    @Test
    void exactlyDrawnSiteEffectsDoNotSwayTheVerdict() {
        SiteData data = org.multisite.sim.SiteSimulator.gaussian(3000, 0, 1, 0.5, 10, SeedStreams.data(4)).data();
        FitResult fit = Fitter.fit(NormalModel.of(data, NormalPriors.defaults(data)),
                SamplerConfig.defaults().withDraws(250).withSeed(4));
        double worstSite = fit.summary().sites().stream().mapToDouble(s -> s.effect().rhat()).max().orElseThrow();
        assertThat(worstSite).isGreaterThan(1.01);
        assertThat(fit.summary().convergence().worstRhat()).doesNotStartWith("theta");
        assertThat(fit.summary().convergence().maxRhat()).isLessThan(1.01);
    }
}
