package org.multisite.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.analysis.Verdict;
import org.multisite.compare.Loo;
import org.multisite.compare.ModelComparison;
import org.multisite.data.SiteData;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.EffectDistribution;
import org.multisite.model.PointwiseLikelihood;
import org.multisite.model.SiteModel;
import org.multisite.numeric.Vectors;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;
import org.multisite.summary.DistributionSummary;
import org.multisite.summary.ThreeGoals;

/**
 * One replication of one cell of a study, a pure function of (study seed, cell, replication):
 * its data come from a stream derived from the seed, a hash of the cell's key and the replication
 * number, and each model's sampler from that path and the model's place in the spec; so results
 * are the same whatever runs them, in whatever order, on however many workers.
 */
public final class Study {
    private Study() {
    }

    /** Every row of replication {@code replication} of {@code cell}: each model's metrics, in spec order. */
    public static List<Row> replicate(StudySpec spec, Map<String, String> cell, int replication) {
        String key = StudySpec.key(cell);
        SiteSimulator.Design design = Designs.design(cell);
        long cellHash = hash(key);
        SiteSimulator.Simulated sim = SiteSimulator.simulate(design, SeedStreams.data(spec.seed(), cellHash, replication));
        SiteData data = sim.data();
        double[] theta = sim.trueEffects();
        List<Row> rows = new ArrayList<>();
        for (Metric metric : spec.metrics()) {
            if (metric instanceof DataMetric dm) {
                rows.add(new Row(key, replication, Row.NO_MODEL, Row.NO_ESTIMATOR, dm.label(), dm.value(data)));
            }
        }
        Loo first = null;
        for (int m = 0; m < spec.models().size(); m++) {
            StudySpec.Model model = spec.models().get(m);
            // the sampler's seed: the replication's, and the model's place in the spec
            SamplerConfig config = spec.sampler().withSeed(SeedStreams.data(spec.seed(), cellHash, replication, m + 1).nextLong());
            SiteModel fitted = model.g().siteLevel(data);
            Draws draws = ChainRunner.run(fitted, config);
            Estimates estimates = Estimates.of(draws, data.size(), SeedStreams.rankTies(config.seed()));
            for (Estimator e : spec.estimators()) {
                double[] est = e.estimates(data, estimates);
                for (Metric metric : spec.metrics()) {
                    if (metric instanceof SiteMetric s) {
                        rows.add(new Row(key, replication, model.label(), e.label(), s.label(), s.value(est, theta, data, design)));
                    }
                }
            }
            boolean loo = spec.metrics().contains(ModelMetric.LOO_PREFERRED);
            Loo own = loo ? loo(fitted, draws) : null;
            double preferred = Double.NaN;
            if (loo && m == 0) {
                first = own;
            } else if (loo) {
                double[] diff = own.difference(first);
                preferred = Verdict.looPrefers(diff[0], diff[1]) ? 1 : 0;
            }
            ModelMetric.Fit g = null;
            for (Metric metric : spec.metrics()) {
                if (metric instanceof ModelMetric mm && !(mm == ModelMetric.LOO_PREFERRED && m == 0)) {
                    g = g == null ? modelFit(fitted, draws, estimates, design, spec.metrics(), theta, preferred) : g;
                    rows.add(new Row(key, replication, model.label(), Row.NO_ESTIMATOR, mm.label(), mm.value(g)));
                }
            }
        }
        return rows;
    }

    /**
     * What the estimators need from a fit: the posterior means and the three goals (CB, GR),
     * computed as the fit's summary computes them (the same numbers), without the diagnostics
     * and G's bands a study does not use.
     */
    record Estimates(double[] posteriorMeans, ThreeGoals goals) {
        static Estimates of(Draws draws, int sites, UniformRandomProvider tieBreaker) {
            double[][] theta = new double[sites][];
            double[] pm = new double[sites];
            for (int j = 0; j < sites; j++) {
                theta[j] = draws.column(SiteModel.siteEffectName(j));
                pm[j] = Vectors.mean(theta[j]);
            }
            return new Estimates(pm, ThreeGoals.of(theta, tieBreaker));
        }
    }

    /**
     * G's mean and SD in every draw, G's quantiles, the share of the true top sites flagged (each
     * only where a metric needs it: null or NaN otherwise), and whether LOO preferred the model.
     */
    private static ModelMetric.Fit modelFit(SiteModel model, Draws draws, Estimates estimates, SiteSimulator.Design design,
                                            List<Metric> metrics, double[] theta, double looPreferred) {
        boolean quantiles = metrics.contains(ModelMetric.QUANTILE_SEL);
        int s = draws.size();
        double[] mu = new double[s];
        double[] sd = new double[s];
        List<EffectDistribution> all = new ArrayList<>(quantiles ? s : 0);
        for (int i = 0; i < s; i++) {
            EffectDistribution g = model.distribution(draws, i);
            mu[i] = g.mean();
            sd[i] = g.sd();
            if (quantiles) {
                all.add(g);
            }
        }
        return new ModelMetric.Fit(ModelMetric.Posterior.of(mu), ModelMetric.Posterior.of(sd),
                quantiles ? DistributionSummary.meanQuantiles(all) : null, design,
                metrics.contains(ModelMetric.TOP_FLAGGED) ? topFlagged(estimates.goals(), theta) : Double.NaN, looPreferred);
    }

    /**
     * The share of the ceil(J / 10) sites with the largest true effects whose posterior
     * probability of being among the ceil(J / 10) largest (the three goals' P(top 10%)) exceeds
     * {@link ModelMetric#FLAG_PROBABILITY} ({@link ModelMetric#TOP_FLAGGED}).
     */
    static double topFlagged(ThreeGoals goals, double[] theta) {
        double[] sorted = theta.clone();
        java.util.Arrays.sort(sorted);
        double cut = sorted[sorted.length - ThreeGoals.tenPercent(theta.length)];
        int truly = 0;
        int flagged = 0;
        for (int j = 0; j < theta.length; j++) {
            if (theta[j] >= cut) {
                truly++;
                flagged += goals.probTop(j) > ModelMetric.FLAG_PROBABILITY ? 1 : 0;
            }
        }
        return (double) flagged / truly;
    }

    /** The model's PSIS-LOO over the sites. */
    private static Loo loo(SiteModel model, Draws draws) {
        if (!(model instanceof PointwiseLikelihood likelihood)) {
            throw new IllegalArgumentException("the " + model.name() + " model has no pointwise likelihood for loo_preferred");
        }
        return ModelComparison.siteLoo(likelihood, model.data().size(), draws);
    }

    /** FNV-1a over the key's UTF-16 units: a cell's stable 64-bit identity for its seed. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
