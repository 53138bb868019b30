package org.multisite.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.compare.Loo;
import org.multisite.compare.ModelComparison;
import org.multisite.compare.PredictiveChecks;
import org.multisite.compare.Psis;
import org.multisite.data.SiteData;
import org.multisite.eb.Heterogeneity;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Progress;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.EffectDistribution;
import org.multisite.model.GModels;
import org.multisite.model.GSpec;
import org.multisite.model.SiteModel;
import org.multisite.summary.ParameterSummary;

/**
 * The whole analysis of a multi-site trial: heterogeneity at a glance ({@link Heterogeneity}),
 * every model of G with its diagnostics, PSIS-LOO and stacking ({@link ModelComparison}),
 * posterior predictive checks ({@link PredictiveChecks}), the three goals with P(theta_j > c) per
 * model, and the verdict in words ({@link Verdict}).
 *
 * @param sites the site estimates the heterogeneity table and the checks read
 * @param threshold c of P(theta_j > c)
 */
public record Analysis(SiteData sites, Heterogeneity heterogeneity, ModelComparison comparison, List<ModelAnalysis> models,
                       double threshold, Verdict verdict) {
    /**
     * How many times longer a model whose diagnostics failed is sampled again: our choice, for
     * an ESS that grows about this many times (a mixture's weights reached bulk ESS 157 of the 400
     * needed at the default 1x on the seed's bimodal truth, J = 100).
     */
    public static final int RETRY = 4;

    /**
     * @param sites the site estimates (for one-stage fits, the two-stage estimates of the same
     *     sites: the predictive checks of a one-stage model's G replicate them)
     * @param fits the fitted models, the normal model first
     * @param labels each model's label
     * @param rng the source of the predictive checks' replicates
     * @throws IllegalArgumentException if the first fit is not the normal model
     */
    public static Analysis of(SiteData sites, List<FitResult> fits, List<String> labels, double threshold,
                              UniformRandomProvider rng) {
        Heterogeneity h = Heterogeneity.of(sites);
        ModelComparison comparison = ModelComparison.of(fits, labels);
        double[] weights = comparison.stackingWeights();
        double[] range = range(sites);
        List<ModelAnalysis> models = new ArrayList<>();
        Loo normalLoo = comparison.loo().get(0);
        for (int m = 0; m < fits.size(); m++) {
            FitResult fit = fits.get(m);
            Loo loo = comparison.loo().get(m);
            double[] diff = m == 0 ? new double[] {0, 0} : loo.difference(normalLoo);
            int high = 0;
            for (double k : loo.paretoK()) {
                high += k > Psis.K_THRESHOLD ? 1 : 0;
            }
            List<PredictiveChecks.Check> ppc = sites.size() > 2 + sites.covariateCount()
                    ? PredictiveChecks.of(fit.model(), fit.draws(), rng) : List.of();
            String name = fit.model().name();
            ShapeEvidence.TwoGroups twoGroups = name.equals("mixture") || name.equals("logspline")
                    ? ShapeEvidence.twoGroups(fit.model(), fit.draws(), range[0], range[1]) : null;
            double heavy = name.equals("t") && fit.draws().has("nu")
                    ? ShapeEvidence.probabilityBelow(fit.draws(), "nu", Verdict.HEAVY_NU) : Double.NaN;
            models.add(goals(labels.get(m), fit, diff, high, weights[m], ppc, twoGroups, heavy, threshold));
        }
        return new Analysis(sites, h, comparison, List.copyOf(models), threshold, Verdict.of(h, models, threshold));
    }

    /**
     * Every model of the registry at its defaults (the normal model first), fitted to {@code
     * sites} with {@code config}, and the analysis; the predictive checks draw from a stream of
     * the sampler's seed.
     */
    public static Analysis everyModel(SiteData sites, SamplerConfig config, double threshold) {
        List<FitResult> fits = new ArrayList<>();
        for (String m : GModels.names()) {
            fits.add(fit(GSpec.of(m).siteLevel(sites), config, Progress.NONE));
        }
        return of(sites, fits, GModels.names(), threshold, checksRandom(config));
    }

    /** The predictive checks' generator for fits sampled with {@code config}: their own purpose under its seed. */
    public static UniformRandomProvider checksRandom(SamplerConfig config) {
        return SeedStreams.of(config.seed(), SeedStreams.Purpose.PREDICTIVE_CHECKS);
    }

    /**
     * The model fitted with {@code config}; if its diagnostics fail, fitted again, once, with
     * {@value #RETRY} times the warm-up and the thinning: the same number of kept draws (and
     * memory) from {@value #RETRY} times the sweeps, which is what slowly mixing parameters (a
     * mixture's weights, a DP's cluster count) need. The second fit is kept whatever its verdict.
     */
    public static FitResult fit(SiteModel model, SamplerConfig config, Progress progress) {
        return fit(model, config, progress, () -> { });
    }

    /** As {@link #fit(SiteModel, SamplerConfig, Progress)}, running {@code beforeRetry} before the second fit. */
    public static FitResult fit(SiteModel model, SamplerConfig config, Progress progress, Runnable beforeRetry) {
        FitResult fit = Fitter.fit(model, config, progress);
        if (fit.summary().convergence().ok()) {
            return fit;
        }
        beforeRetry.run();
        return Fitter.fit(model, longer(config), progress);
    }

    /** {@code config} with {@value #RETRY} times the warm-up and thinning. */
    public static SamplerConfig longer(SamplerConfig config) {
        return config.withWarmup((int) Math.min(Integer.MAX_VALUE, (long) RETRY * config.warmup()))
                .withThin((int) Math.min(Integer.MAX_VALUE, (long) RETRY * config.thin()));
    }

    /** The estimates' range widened by a quarter on each side: where G's groups would show. */
    static double[] range(SiteData sites) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double y : sites.estimates()) {
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        double pad = 0.25 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /** P(theta_j > c), P(theta_j > G's mean), the expected share above c, and G's mean, over the draws. */
    private static ModelAnalysis goals(String label, FitResult fit, double[] diff, int high, double weight,
                                       List<PredictiveChecks.Check> ppc, ShapeEvidence.TwoGroups twoGroups, double heavy,
                                       double threshold) {
        SiteModel model = fit.model();
        Draws draws = fit.draws();
        int sites = model.data().size();
        int n = draws.size();
        double[] gMean = new double[n];
        for (int i = 0; i < n; i++) {
            EffectDistribution g = model.distribution(draws, i);
            gMean[i] = g.mean();
        }
        double[] above = new double[sites];
        double[] aboveMean = new double[sites];
        for (int j = 0; j < sites; j++) {
            double[] theta = draws.column(SiteModel.siteEffectName(j));
            int a = 0;
            int b = 0;
            for (int i = 0; i < n; i++) {
                a += theta[i] > threshold ? 1 : 0;
                b += theta[i] > gMean[i] ? 1 : 0;
            }
            above[j] = a / (double) n;
            aboveMean[j] = b / (double) n;
        }
        double share = 0;
        for (double v : above) {
            share += v / sites;
        }
        int positive = 0;
        for (double v : gMean) {
            positive += v > 0 ? 1 : 0;
        }
        return new ModelAnalysis(label, fit, diff[0], diff[1], high, weight, ppc, twoGroups, heavy, above, share, aboveMean,
                ParameterSummary.of(gMean, draws.chains()), positive / (double) n);
    }
}
