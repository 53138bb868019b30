package org.multisite.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Workers;
import org.multisite.model.EffectDistribution;
import org.multisite.model.SiteModel;
import org.multisite.numeric.Vectors;
import org.multisite.prior.PriorParser;

/** Builds a {@link FitSummary} from a model's draws. */
public final class Summarizer {
    /** Sites summarized per task: a few milliseconds of work, so the threads finish together. */
    private static final int SITES_PER_TASK = 8;

    private Summarizer() {
    }

    /**
     * @param tieBreaker generator for the random tie-breaking of site ranks
     */
    public static FitSummary summarize(SiteModel model, Draws draws, UniformRandomProvider tieBreaker) {
        SiteData data = model.data();
        int chains = draws.chains();
        Map<String, ParameterSummary> parameters = new LinkedHashMap<>();
        for (String name : model.hyperparameters()) {
            parameters.put(name, ParameterSummary.of(draws.column(name), chains));
        }
        int sites = data.size();
        SiteDraws theta = siteDraws(draws, sites);
        // the site effects' draws are read twice: draw by draw for the ranks (and the posterior
        // means, which G's grid covers), then site by site for each site's summaries, whose
        // sorted draws gather the GR estimates and the expected EDF on the grid as they pass
        ThreeGoals.Ranking ranking = ThreeGoals.rank(theta);
        double[] pm = ranking.means();
        List<EffectDistribution> g = new ArrayList<>(draws.size());
        double gm = data.geometricMeanVariance();
        double[] informativeness = new double[draws.size()];
        for (int i = 0; i < draws.size(); i++) {
            EffectDistribution d = model.distribution(draws, i);
            g.add(d);
            double v = d.sd() * d.sd();
            // = v / (v + GM), and 1 where G's variance is infinite
            informativeness[i] = 1 / (1 + gm / v);
        }
        DistributionSummary distribution = DistributionSummary.of(g, pm, chains);
        ThreeGoals.Gathering gathering = ranking.gathering(distribution.grid(), tieBreaker);
        ParameterSummary[] effects = new ParameterSummary[sites];
        double[] variance = new double[sites];
        double[] positive = new double[sites];
        // each site's summary depends on its own draws only and lands in its own slot, so the
        // parallel loop gives the same result in any order (and the gathering sorts what it
        // gathers); recomputed draws are not held: each thread recomputes them into its one buffer
        ThreadLocal<double[]> buffers = ThreadLocal.withInitial(() -> new double[draws.size()]);
        Workers.forEach(sites, SITES_PER_TASK, j -> {
            double[] x = theta.column(j, buffers.get());
            variance[j] = Vectors.variance(x);
            effects[j] = ParameterSummary.of(x, chains, variance[j], gathering::add);
            positive[j] = fractionPositive(x);
        });
        Map<String, List<ParameterSummary>> extras = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : model.siteQuantities().entrySet()) {
            ParameterSummary[] s = new ParameterSummary[sites];
            Workers.forEach(sites, SITES_PER_TASK, j ->
                    s[j] = ParameterSummary.of(draws.column(q.getKey() + "[" + (j + 1) + "]"), chains));
            extras.put(q.getValue(), List.of(s));
        }
        ThreeGoals goals = gathering.finish(variance);
        double[] shrinkage = model.shrinkage(draws);
        List<SiteSummary> siteSummaries = new ArrayList<>();
        for (int j = 0; j < sites; j++) {
            siteSummaries.add(new SiteSummary(data.id(j), data.estimate(j), data.se(j), effects[j],
                    positive[j], shrinkage[j], goals.rankMean(j), goals.rank(j),
                    goals.rankLow(j), goals.rankHigh(j), goals.rank(j) / (sites + 1.0), goals.cb(j), goals.gr(j),
                    goals.probTop(j), goals.probBottom(j)));
        }
        return new FitSummary(parameters, ParameterSummary.of(informativeness, chains), siteSummaries, extras,
                distribution, goals.expectedEdf(distribution.grid()), convergence(parameters,
                        exactSites(draws) ? List.of() : siteSummaries, extras, distribution, chains, lastStick(draws)));
    }

    /**
     * Whether the site effects are recomputed from the stored draws ({@link
     * org.multisite.mcmc.Regenerated}): drawn exactly given the other parameters, which the
     * verdict judges, so that their own R-hat and ESS only measure Monte Carlo noise. Judged
     * too, the largest of J such R-hats passes 1.01 by chance at many sites (100,000 sites, 4 x
     * 355 draws: theta[64078] at 1.013), a warning to run longer where longer changes nothing.
     */
    private static boolean exactSites(Draws draws) {
        return !draws.stored(draws.indexOf(SiteModel.siteEffectName(0)));
    }

    /** The site effects' columns: consecutive in the draws, as every site model records them (checked). */
    private static SiteDraws siteDraws(Draws draws, int sites) {
        int first = draws.indexOf(SiteModel.siteEffectName(0));
        for (int j = 1; j < sites; j++) {
            if (draws.indexOf(SiteModel.siteEffectName(j)) != first + j) {
                throw new IllegalStateException("the site effects' draws are not consecutive");
            }
        }
        return SiteDraws.of(draws, first, sites);
    }

    private static double fractionPositive(double[] x) {
        int k = 0;
        for (double v : x) {
            if (v > 0) {
                k++;
            }
        }
        return (double) k / x.length;
    }

    /**
     * The verdict over the parameters, the site effects judged (none where they are drawn
     * exactly given the parameters), G's quantiles and the further site quantities.
     */
    private static Convergence convergence(Map<String, ParameterSummary> parameters, List<SiteSummary> sites,
                                           Map<String, List<ParameterSummary>> extras, DistributionSummary distribution,
                                           int chains, double lastStick) {
        Map<String, ParameterSummary> all = new LinkedHashMap<>(parameters);
        for (int j = 0; j < sites.size(); j++) {
            all.put(SiteModel.siteEffectName(j), sites.get(j).effect());
        }
        for (int k = 0; k < distribution.quantileProbs().length; k++) {
            all.put("G's " + PriorParser.format(100 * distribution.quantileProbs()[k]) + "% quantile",
                    distribution.quantileSummaries().get(k));
        }
        extras.forEach((name, list) -> {
            for (int j = 0; j < list.size(); j++) {
                all.put(name + "[" + (j + 1) + "]", list.get(j));
            }
        });
        return Convergence.of(all, chains, lastStick);
    }

    /** A truncated DP's largest mean mass in the last stick over the chains ({@code w_last}); NaN without one. */
    static double lastStick(Draws draws) {
        if (!draws.names().contains("w_last")) {
            return Double.NaN;
        }
        double[] w = draws.column("w_last");
        int per = draws.drawsPerChain();
        double worst = 0;
        for (int c = 0; c < draws.chains(); c++) {
            double sum = 0;
            for (int i = 0; i < per; i++) {
                sum += w[c * per + i];
            }
            worst = Math.max(worst, sum / per);
        }
        return worst;
    }
}
