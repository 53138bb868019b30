package org.multisite.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

class LooTest {
    @Test
    void paretoShapeIsRecoveredFromGeneralizedParetoDraws() {
        // 2000 draws of GPD(k, sigma = 1) by inversion; the estimate's SE is about (1 + k) / sqrt(n) = 0.03
        for (double k : new double[] {0.2, 0.5, 0.9}) {
            UniformRandomProvider rng = SeedStreams.stream(8, (long) (k * 10));
            double[] x = new double[2000];
            for (int i = 0; i < x.length; i++) {
                x[i] = Psis.gpdQuantile(rng.nextDouble(), k, 1);
            }
            double[] fit = Psis.gpdFit(x);
            // the weak prior pulls k towards 0.5 by 10 / (n + 10): negligible here
            assertThat(fit[0]).as("k = %s", k).isCloseTo(k, within(0.12));
            assertThat(fit[1]).as("sigma, k = %s", k).isCloseTo(1, within(0.15));
        }
    }

    @Test
    void gpdQuantileByHand() {
        // k = 0.5, sigma = 2, p = 0.75: 2 ((1 - 0.75)^(-0.5) - 1) / 0.5 = 4; k = 0: -sigma log(1 - p)
        assertThat(Psis.gpdQuantile(0.75, 0.5, 2)).isCloseTo(4, within(1e-12));
        assertThat(Psis.gpdQuantile(0.75, 0, 2)).isCloseTo(-2 * Math.log(0.25), within(1e-12));
    }

    @Test
    void equalLikelihoodsGiveLpdAndNoEffectiveParameters() {
        double[][] ll = new double[3][1000];
        for (int j = 0; j < 3; j++) {
            java.util.Arrays.fill(ll[j], -1.5 - j);
        }
        Loo loo = Loo.of(ll);
        assertThat(loo.elpd()).isCloseTo(-1.5 - 2.5 - 3.5, within(1e-12));
        assertThat(loo.pLoo()).isCloseTo(0, within(1e-12));
    }

    /**
     * PSIS-LOO of the eight schools' normal model against exact leave-one-out: each school's
     * log predictive density by refitting without it (exact sampler, 20,000 draws) and averaging
     * N(y_j; mu, s_j^2 + tau^2) over those draws. Both are Monte Carlo estimates; with 20,000
     * draws each, a school's values agree to about 0.01, the sum to 0.05.
     */
    @Test
    void psisLooAgreesWithExactLeaveOneOut() {
        double[] y = {28, 8, -3, 7, -1, 1, 18, 12};
        double[] se = {15, 10, 16, 11, 9, 11, 10, 18};
        List<String> ids = List.of("A", "B", "C", "D", "E", "F", "G", "H");
        NormalPriors priors = new NormalPriors(Prior.normal(0, 5), ScalePrior.onTau(Prior.halfCauchy(5)), List.of());
        SamplerConfig config = new SamplerConfig(4, 0, 5000, 1, 11, 2);
        NormalModel full = NormalModel.of(SiteData.of(ids, y, se), priors);
        Draws draws = ChainRunner.run(full, config);
        double[][] ll = new double[8][draws.size()];
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < draws.size(); i++) {
                ll[j][i] = full.logLikelihood(draws, i, j);
            }
        }
        Loo loo = Loo.of(ll);
        double exactSum = 0;
        for (int j = 0; j < 8; j++) {
            List<String> rest = new ArrayList<>(ids);
            double[] yr = new double[7];
            double[] sr = new double[7];
            for (int i = 0, k = 0; i < 8; i++) {
                if (i != j) {
                    yr[k] = y[i];
                    sr[k++] = se[i];
                }
            }
            rest.remove(j);
            Draws d = ChainRunner.run(NormalModel.of(SiteData.of(rest, yr, sr), priors), config);
            double sum = 0;
            for (int i = 0; i < d.size(); i++) {
                double tau = d.get(1, i);
                sum += NormalDistribution.of(d.get(0, i), Math.sqrt(se[j] * se[j] + tau * tau)).density(y[j]);
            }
            double exact = Math.log(sum / d.size());
            exactSum += exact;
            assertThat(loo.pointwise()[j]).as("school %s", ids.get(j)).isCloseTo(exact, within(0.02));
        }
        assertThat(loo.elpd()).isCloseTo(exactSum, within(0.05));
        assertThat(loo.paretoKMax()).isLessThan(0.7);
        assertThat(loo.pLoo()).isBetween(0.0, 3.0);
    }
}
