package org.multisite.io;

import java.util.List;
import java.util.Map;
import org.multisite.estimate.DroppedSite;
import org.multisite.estimate.SiteEstimate;
import org.multisite.fit.FitResult;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.SiteModel;
import org.multisite.prior.ClusterElicitation;
import org.multisite.prior.Prior;
import org.multisite.prior.PriorParser;
import org.multisite.summary.Convergence;
import org.multisite.summary.DistributionSummary;
import org.multisite.summary.FitSummary;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.SiteSummary;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fit's JSON summary, in the schema of docs/contract.md ({@code fit}). Keys keep a fixed
 * order and numbers their shortest round-trip form, so identical fits give identical bytes
 * (but for {@code seconds}). Non-finite numbers are written as null.
 */
public final class FitJson {
    private FitJson() {
    }

    public static String write(FitResult fit, DataDescription source) {
        return JsonText.pretty(tree(fit, source)) + "\n";
    }

    public static ObjectNode tree(FitResult fit, DataDescription source) {
        SiteModel model = fit.model();
        FitSummary s = fit.summary();
        ObjectNode root = Provenance.tool(JsonText.object());

        ObjectNode m = root.putObject("model");
        m.put("name", model.name());
        ObjectNode priors = m.putObject("priors");
        model.priors().forEach(priors::put);
        concentration(m, model.concentration(), model.data().size());
        ArrayNode covs = m.putArray("covariates");
        model.data().covariateNames().forEach(covs::add);

        ObjectNode data = root.putObject("data");
        data.put("level", source.level());
        data.put("sites", model.data().size());
        ArrayNode dropped = data.putArray("dropped");
        for (DroppedSite d : source.dropped()) {
            ObjectNode o = dropped.addObject();
            o.put("site", d.site());
            o.put("reason", d.reason());
        }
        data.put("gm_se2", model.data().geometricMeanVariance());
        source.details().forEach((k, v) -> data.set(k, JsonText.node(v)));

        SamplerConfig c = fit.sampler();
        ObjectNode sampler = root.putObject("sampler");
        sampler.put("method", model.samplerMethod());
        sampler.put("chains", c.chains());
        sampler.put("warmup", c.warmup());
        sampler.put("draws", c.draws());
        sampler.put("thin", c.thin());
        sampler.put("seed", c.seed());

        ObjectNode parameters = root.putObject("parameters");
        for (Map.Entry<String, ParameterSummary> e : s.parameters().entrySet()) {
            parameter(parameters.putObject(e.getKey()), e.getValue());
        }
        parameter(root.putObject("informativeness"), s.informativeness());

        ArrayNode sites = root.putArray("sites");
        for (SiteSummary site : s.sites()) {
            ObjectNode o = sites.addObject();
            ParameterSummary e = site.effect();
            o.put("site", site.site());
            num(o, "estimate", site.estimate());
            num(o, "se", site.se());
            SiteEstimate from = source.siteEstimates().get(site.site());
            if (from != null) {
                o.put("method", from.method());
                o.put("n_treated", from.nTreated());
                o.put("n_control", from.nControl());
            }
            location(o, e);
            num(o, "prob_positive", site.probPositive());
            num(o, "rank_mean", site.rankMean());
            o.put("rank", site.rank());
            o.put("rank_q2.5", site.rankLow());
            o.put("rank_q97.5", site.rankHigh());
            num(o, "percentile", site.percentile());
            num(o, "cb", site.cb());
            num(o, "gr", site.gr());
            num(o, "prob_top10", site.probTop());
            num(o, "prob_bottom10", site.probBottom());
            num(o, "shrinkage", site.shrinkage());
            num(o, "rhat", e.rhat());
            num(o, "ess_bulk", e.essBulk());
            num(o, "ess_tail", e.essTail());
        }

        for (Map.Entry<String, List<ParameterSummary>> e : s.siteQuantities().entrySet()) {
            ArrayNode list = root.putArray(e.getKey());
            for (int j = 0; j < e.getValue().size(); j++) {
                ObjectNode o = list.addObject();
                o.put("site", s.sites().get(j).site());
                parameter(o, e.getValue().get(j));
            }
        }

        DistributionSummary d = s.distribution();
        ObjectNode dist = root.putObject("distribution");
        num(dist, "mean", d.mean());
        num(dist, "sd", d.sd());
        if (model.distributionNote() != null) {
            dist.put("note", model.distributionNote());
        }
        if (d.sdUndefinedDraws() > 0) {
            dist.put("sd_undefined_draws", d.sdUndefinedDraws());
        }
        ObjectNode q = dist.putObject("quantiles");
        for (int k = 0; k < d.quantiles().length; k++) {
            num(q, PriorParser.format(d.quantileProbs()[k]), d.quantiles()[k]);
        }
        ObjectNode qd = dist.putObject("quantile_summaries");
        for (int k = 0; k < d.quantiles().length; k++) {
            parameter(qd.putObject(PriorParser.format(d.quantileProbs()[k])), d.quantileSummaries().get(k));
        }
        array(dist.putArray("grid"), d.grid());
        band(dist, "density", d.density());
        band(dist, "cdf", d.cdf());
        array(dist.putArray("edf"), s.expectedEdf());
        ObjectNode pred = dist.putObject("predictive");
        num(pred, "mean", d.predictiveMean());
        num(pred, "q2.5", d.predictiveLow());
        num(pred, "q97.5", d.predictiveHigh());

        diagnostics(root, s.convergence());
        root.put("seconds", Math.round(fit.seconds() * 1000) / 1000.0);
        return root;
    }

    /**
     * {@code concentration_prior}: a DP's gamma prior on alpha, {@code a} and {@code b} (rate),
     * and the prior mean and SD of the number of clusters among the sites it implies; nothing
     * for a G without one.
     */
    public static void concentration(ObjectNode model, Prior.Gamma g, int sites) {
        if (g == null) {
            return;
        }
        double[] k = ClusterElicitation.clusters(g, sites);
        ObjectNode c = model.putObject("concentration_prior");
        num(c, "a", g.shape());
        num(c, "b", g.rate());
        num(c, "clusters_mean", k[0]);
        num(c, "clusters_sd", k[1]);
    }

    /** {@code diagnostics}: max R-hat, min bulk and tail ESS, and the warnings in words, as every sampled result writes them. */
    public static ObjectNode diagnostics(ObjectNode root, Convergence c) {
        ObjectNode diag = root.putObject("diagnostics");
        num(diag, "max_rhat", c.maxRhat());
        num(diag, "min_ess_bulk", c.minEssBulk());
        num(diag, "min_ess_tail", c.minEssTail());
        ArrayNode warnings = diag.putArray("warnings");
        ConvergenceText.warnings(c).forEach(warnings::add);
        return diag;
    }

    private static void parameter(ObjectNode o, ParameterSummary p) {
        location(o, p);
        num(o, "rhat", p.rhat());
        num(o, "ess_bulk", p.essBulk());
        num(o, "ess_tail", p.essTail());
        num(o, "mcse_mean", p.mcseMean());
    }

    /** mean, sd, median and the 2.5/5/95/97.5% quantiles. */
    private static void location(ObjectNode o, ParameterSummary p) {
        num(o, "mean", p.mean());
        num(o, "sd", p.sd());
        num(o, "median", p.median());
        num(o, "q2.5", p.q2_5());
        num(o, "q5", p.q5());
        num(o, "q95", p.q95());
        num(o, "q97.5", p.q97_5());
    }

    private static void band(ObjectNode o, String name, DistributionSummary.Band b) {
        array(o.putArray(name), b.mean());
        array(o.putArray(name + "_q2.5"), b.q2_5());
        array(o.putArray(name + "_q5"), b.q5());
        array(o.putArray(name + "_q95"), b.q95());
        array(o.putArray(name + "_q97.5"), b.q97_5());
    }

    private static void array(ArrayNode a, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
    }

    static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
