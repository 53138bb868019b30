package org.multisite.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.estimate.Effect;
import org.multisite.estimate.SiteEstimator;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.OneStageModel;
import org.multisite.model.OneStagePriors;
import org.multisite.numeric.Vectors;
import org.multisite.sim.UnitSimulator;

/** Leave-one-unit-out PSIS-LOO of the one-stage models. */
class UnitLooTest {
    private static final SamplerConfig CONFIG = SamplerConfig.defaults().withSeed(8);

    private static UnitData simulate(Family family, long seed) {
        return UnitSimulator.simulate(new UnitSimulator.Design(8, 12, 20, 0.5, 0.3, family == Family.BINOMIAL ? 0 : 2, 0.5,
                0.8, 1.0, 1.3, family), SeedStreams.stream(seed)).data();
    }

    private static FitResult fit(UnitData units) {
        SiteData sites = SiteEstimator.estimate(units, new SiteEstimator.Options(Effect.defaultFor(units.family()), 2, 0))
                .toSiteData();
        return Fitter.fit(OneStageModel.of(units, sites, OneStageModel.Intercepts.FIXED,
                OneStagePriors.defaults(units, sites)), CONFIG);
    }

    /**
     * Each unit's log likelihood recomputed from the records in their own order, with
     * eta = a_j + theta_j T + (z - site mean of z) gamma: the same values (as a multiset) at a
     * first and a last draw, for a gaussian and a binary outcome.
     */
    @Test
    void unitLogLikelihoodsMatchARecomputationFromTheRecords() {
        for (Family family : List.of(Family.GAUSSIAN, Family.BINOMIAL)) {
            UnitData units = simulate(family, family == Family.GAUSSIAN ? 1 : 2);
            FitResult fit = fit(units);
            OneStageModel model = (OneStageModel) fit.model();
            Draws d = fit.draws();
            assertThat(model.unitCount()).isEqualTo(units.size());
            Map<String, int[]> bySite = units.bySite();
            for (int s : new int[] {0, d.size() - 1}) {
                double[] expected = new double[units.size()];
                int next = 0;
                for (int j = 0; j < model.data().size(); j++) {
                    int[] members = bySite.get(model.data().id(j));
                    double zMean = 0;
                    for (int i : members) {
                        zMean += units.covariate(0, i) / members.length;
                    }
                    for (int i : members) {
                        double eta = d.get(d.indexOf("a[" + (j + 1) + "]"), s)
                                + units.treatment(i) * d.get(d.indexOf("theta[" + (j + 1) + "]"), s)
                                + (units.covariate(0, i) - zMean) * d.get(d.indexOf("gamma[z]"), s);
                        double y = units.outcome(i);
                        if (family == Family.GAUSSIAN) {
                            double sigma = d.get(d.indexOf(units.treatment(i) == 1 ? "sigma[treated]" : "sigma[control]"), s);
                            expected[next++] = -0.5 * Math.pow((y - eta) / sigma, 2) - Math.log(sigma * Math.sqrt(2 * Math.PI));
                        } else {
                            double p = 1 / (1 + Math.exp(-eta));
                            expected[next++] = Math.log(y == 1 ? p : 1 - p);
                        }
                    }
                }
                double[] actual = new double[units.size()];
                double[] column = new double[d.size()];
                for (int u = 0; u < units.size(); u++) {
                    model.unitLogLikelihoods(d, u, column);
                    actual[u] = column[s];
                }
                Arrays.sort(expected);
                Arrays.sort(actual);
                for (int u = 0; u < expected.length; u++) {
                    assertThat(actual[u]).as("%s draw %d", family, s).isCloseTo(expected[u], within(1e-12));
                }
            }
        }
    }

    /**
     * PSIS-LOO against exact leave-one-unit-out: refit without the unit and average its
     * likelihood over the refit's draws, log mean_s p(y_i | draw s). Gaussian records without
     * covariates (so that leaving a unit out changes no other unit's centring), three units.
     * 4,000 draws: the MC error of either side is below 0.005 (a unit's likelihood varies by a
     * few percent over the posterior), and PSIS's own bias with k < 0.5 is smaller still; 0.02 is
     * what the eight schools' site-level check allows too.
     */
    @Test
    void agreesWithExactLeaveOneUnitOut() {
        UnitData all = simulate(Family.GAUSSIAN, 3);
        int n = all.size();
        List<String> siteOf = new ArrayList<>();
        int[] treatment = new int[n];
        double[] outcome = new double[n];
        for (int i = 0; i < n; i++) {
            siteOf.add(all.site(i));
            treatment[i] = all.treatment(i);
            outcome[i] = all.outcome(i);
        }
        UnitData units = UnitData.of(siteOf, treatment, outcome, List.of(), new double[0][], Family.GAUSSIAN);
        FitResult full = fit(units);
        OneStageModel model = (OneStageModel) full.model();
        ModelComparison loo = ModelComparison.of(List.of(full));
        assertThat(loo.leftOut()).isEqualTo(ModelComparison.UNIT);
        // the internal order: sites in the model's order, each site's units in record order
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < model.data().size(); j++) {
            for (int i : units.bySite().get(model.data().id(j))) {
                order.add(i);
            }
        }
        for (int u : new int[] {0, n / 2, n - 1}) {
            int left = order.get(u);
            List<String> s = new ArrayList<>(siteOf);
            s.remove(left);
            int[] t = new int[n - 1];
            double[] y = new double[n - 1];
            for (int i = 0, k = 0; i < n; i++) {
                if (i != left) {
                    t[k] = treatment[i];
                    y[k++] = outcome[i];
                }
            }
            FitResult refit = fit(UnitData.of(s, t, y, List.of(), new double[0][], Family.GAUSSIAN));
            Draws d = refit.draws();
            int j = indexOf(refit.model().data(), all.site(left));
            int a = d.indexOf("a[" + (j + 1) + "]");
            int theta = d.indexOf("theta[" + (j + 1) + "]");
            int sigma = d.indexOf(treatment[left] == 1 ? "sigma[treated]" : "sigma[control]");
            double[] ll = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                double eta = d.get(a, i) + treatment[left] * d.get(theta, i);
                double z = (outcome[left] - eta) / d.get(sigma, i);
                ll[i] = -0.5 * z * z - Math.log(d.get(sigma, i) * Math.sqrt(2 * Math.PI));
            }
            double exact = Vectors.logSumExp(ll) - Math.log(ll.length);
            assertThat(loo.loo().get(0).paretoK()[u]).isLessThan(0.5);
            assertThat(loo.loo().get(0).pointwise()[u]).as("unit %d", left).isCloseTo(exact, within(0.02));
        }
    }

    private static int indexOf(SiteData sites, String id) {
        for (int j = 0; j < sites.size(); j++) {
            if (sites.id(j).equals(id)) {
                return j;
            }
        }
        throw new AssertionError(id);
    }
}
