package org.multisite.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.model.EffectDistribution;
import org.multisite.model.SiteModel;

/** Builds a {@link FitSummary} from a model's draws. */
public final class Summarizer {
    /** R-hat above this fails the check (Vehtari et al. 2021, section 4). */
    public static final double RHAT_LIMIT = 1.01;
    /** Bulk and tail ESS below this many per chain fail the check (Vehtari et al. 2021: 100 per chain). */
    public static final double ESS_PER_CHAIN = 100;

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
        double[][] theta = new double[sites][];
        ParameterSummary[] effects = new ParameterSummary[sites];
        double[] pm = new double[sites];
        for (int j = 0; j < sites; j++) {
            theta[j] = draws.column(SiteModel.siteEffectName(j));
        }
        // each site's summary depends on its own draws only and lands in its own slot, so the
        // parallel loop gives the same result in any order
        IntStream.range(0, sites).parallel().forEach(j -> effects[j] = ParameterSummary.of(theta[j], chains));
        for (int j = 0; j < sites; j++) {
            pm[j] = effects[j].mean();
        }
        ThreeGoals goals = ThreeGoals.of(theta, tieBreaker);
        double[] shrinkage = model.shrinkage(draws);
        List<SiteSummary> siteSummaries = new ArrayList<>();
        for (int j = 0; j < sites; j++) {
            siteSummaries.add(new SiteSummary(data.id(j), data.estimate(j), data.se(j), effects[j],
                    fractionPositive(theta[j]), shrinkage[j], goals.rankMean(j), goals.rank(j),
                    goals.rankLow(j), goals.rankHigh(j), goals.rank(j) / (sites + 1.0), goals.cb(j), goals.gr(j),
                    goals.probTop(j), goals.probBottom(j)));
        }
        Map<String, List<ParameterSummary>> extras = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : model.siteQuantities().entrySet()) {
            ParameterSummary[] s = new ParameterSummary[sites];
            IntStream.range(0, sites).parallel().forEach(j ->
                    s[j] = ParameterSummary.of(draws.column(q.getKey() + "[" + (j + 1) + "]"), chains));
            extras.put(q.getValue(), List.of(s));
        }
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
        return new FitSummary(parameters, ParameterSummary.of(informativeness, chains), siteSummaries, extras,
                distribution, goals.expectedEdf(distribution.grid()), convergence(parameters, siteSummaries, extras, distribution, chains));
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

    private static FitSummary.Convergence convergence(Map<String, ParameterSummary> parameters,
                                                      List<SiteSummary> sites,
                                                      Map<String, List<ParameterSummary>> extras,
                                                      DistributionSummary distribution, int chains) {
        Map<String, ParameterSummary> all = new LinkedHashMap<>(parameters);
        for (int j = 0; j < sites.size(); j++) {
            all.put(SiteModel.siteEffectName(j), sites.get(j).effect());
        }
        for (int k = 0; k < distribution.quantileProbs().length; k++) {
            all.put("G's " + org.multisite.prior.PriorParser.format(100 * distribution.quantileProbs()[k]) + "% quantile",
                    distribution.quantileSummaries().get(k));
        }
        extras.forEach((name, list) -> {
            for (int j = 0; j < list.size(); j++) {
                all.put(name + "[" + (j + 1) + "]", list.get(j));
            }
        });
        double maxRhat = Double.NaN;
        double minBulk = Double.NaN;
        double minTail = Double.NaN;
        String worstRhat = null;
        String worstBulk = null;
        String worstTail = null;
        for (Map.Entry<String, ParameterSummary> e : all.entrySet()) {
            ParameterSummary s = e.getValue();
            if (!(s.rhat() <= maxRhat) && !Double.isNaN(s.rhat())) {
                maxRhat = s.rhat();
                worstRhat = e.getKey();
            }
            if (!(s.essBulk() >= minBulk) && !Double.isNaN(s.essBulk())) {
                minBulk = s.essBulk();
                worstBulk = e.getKey();
            }
            if (!(s.essTail() >= minTail) && !Double.isNaN(s.essTail())) {
                minTail = s.essTail();
                worstTail = e.getKey();
            }
        }
        List<String> warnings = new ArrayList<>();
        double essLimit = ESS_PER_CHAIN * chains;
        if (maxRhat > RHAT_LIMIT) {
            warnings.add(String.format(Locale.ROOT, "R-hat of %s is %.3f > %.2f: the chains disagree; run more iterations",
                    worstRhat, maxRhat, RHAT_LIMIT));
        }
        if (minBulk < essLimit) {
            warnings.add(String.format(Locale.ROOT, "bulk ESS of %s is %.0f < %.0f: run more draws", worstBulk, minBulk, essLimit));
        }
        if (minTail < essLimit) {
            warnings.add(String.format(Locale.ROOT, "tail ESS of %s is %.0f < %.0f: run more draws", worstTail, minTail, essLimit));
        }
        return new FitSummary.Convergence(maxRhat, minBulk, minTail, List.copyOf(warnings));
    }
}
