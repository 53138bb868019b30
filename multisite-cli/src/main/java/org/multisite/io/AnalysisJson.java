package org.multisite.io;

import org.multisite.analysis.Analysis;
import org.multisite.analysis.ModelAnalysis;
import org.multisite.analysis.Verdict;
import org.multisite.compare.PredictiveChecks;
import org.multisite.eb.Heterogeneity;
import org.multisite.summary.ParameterSummary;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code analysis.json} of {@code multisite analyze} (docs/output.md): the heterogeneity table,
 * each model's fit JSON with its analysis (LOO against the normal, stacking weight, predictive
 * checks, shape evidence, P(effect > threshold) per site), the LOO table as compare's, and the
 * {@code verdict} object.
 */
public final class AnalysisJson {
    private AnalysisJson() {
    }

    public static String write(Analysis a, DataDescription source) {
        return JsonText.pretty(tree(a, source)) + "\n";
    }

    public static ObjectNode tree(Analysis a, DataDescription source) {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.set("verdict", verdict(a.verdict()));
        FitJson.num(root, "threshold", a.threshold());
        root.set("heterogeneity", heterogeneityTree(a.heterogeneity()));
        ArrayNode models = root.putArray("models");
        for (ModelAnalysis m : a.models()) {
            ObjectNode tree = FitJson.tree(m.fit(), source);
            tree.put("label", m.label());
            ArrayNode sites = (ArrayNode) tree.get("sites");
            for (int j = 0; j < sites.size(); j++) {
                ObjectNode site = (ObjectNode) sites.get(j);
                FitJson.num(site, "prob_above_threshold", m.probAbove()[j]);
                FitJson.num(site, "prob_above_mean", m.probAboveMean()[j]);
            }
            ObjectNode o = tree.putObject("analysis");
            o.put("converged", m.converged());
            FitJson.num(o, "elpd_diff_normal", m.elpdDiff());
            FitJson.num(o, "se_diff_normal", m.elpdDiffSe());
            o.put("pareto_k_high", m.paretoHigh());
            FitJson.num(o, "stacking_weight", m.stackingWeight());
            FitJson.num(o, "prob_two_groups", m.probTwoGroups());
            if (m.twoGroups() != null && m.twoGroups().probability() > 0) {
                ObjectNode groups = o.putObject("two_groups");
                FitJson.num(groups, "lower_share", m.twoGroups().lowerShare());
                FitJson.num(groups, "lower_share_q5", m.twoGroups().lowerShareLow());
                FitJson.num(groups, "lower_share_q95", m.twoGroups().lowerShareHigh());
                FitJson.num(groups, "lower_mode", m.twoGroups().lowerPeak());
                FitJson.num(groups, "upper_mode", m.twoGroups().upperPeak());
            }
            FitJson.num(o, "prob_nu_below_" + (int) Verdict.HEAVY_NU, m.probHeavyTails());
            FitJson.num(o, "share_above_threshold", m.shareAbove());
            ParameterSummary mean = m.gMean();
            ObjectNode g = o.putObject("g_mean");
            FitJson.num(g, "mean", mean.mean());
            FitJson.num(g, "q2.5", mean.q2_5());
            FitJson.num(g, "q97.5", mean.q97_5());
            FitJson.num(g, "prob_positive", m.probMeanPositive());
            ArrayNode checks = o.putArray("checks");
            for (PredictiveChecks.Check c : m.checks()) {
                ObjectNode k = checks.addObject();
                k.put("statistic", c.statistic());
                FitJson.num(k, "observed", c.observed());
                FitJson.num(k, "replicated_mean", c.replicatedMean());
                FitJson.num(k, "p_value", c.pValue());
            }
            models.add(tree);
        }
        root.set("loo", CompareJson.tree(a.comparison(), source).get("loo"));
        root.put("left_out", a.comparison().leftOut());
        return root;
    }

    public static ObjectNode heterogeneityTree(Heterogeneity h) {
        ObjectNode o = JsonText.object();
        o.put("sites", h.sites());
        o.put("df", h.df());
        FitJson.num(o, "q", h.q());
        FitJson.num(o, "q_p_value", h.qPValue());
        FitJson.num(o, "tau2", h.tau2());
        FitJson.num(o, "tau2_low", h.tau2Low());
        FitJson.num(o, "tau2_high", h.tau2High());
        FitJson.num(o, "tau", Math.sqrt(h.tau2()));
        FitJson.num(o, "tau_low", Math.sqrt(h.tau2Low()));
        FitJson.num(o, "tau_high", Math.sqrt(h.tau2High()));
        FitJson.num(o, "i2", h.i2(h.tau2()));
        FitJson.num(o, "i2_low", h.i2(h.tau2Low()));
        FitJson.num(o, "i2_high", h.i2(h.tau2High()));
        FitJson.num(o, "h2", h.h2(h.tau2()));
        FitJson.num(o, "h2_low", h.h2(h.tau2Low()));
        FitJson.num(o, "h2_high", h.h2(h.tau2High()));
        FitJson.num(o, "mu", h.mu());
        FitJson.num(o, "mu_se", h.muSe());
        FitJson.num(o, "prediction_low", h.predictionLow());
        FitJson.num(o, "prediction_high", h.predictionHigh());
        FitJson.num(o, "informativeness", h.informativeness());
        return o;
    }

    static ObjectNode verdict(Verdict v) {
        ObjectNode o = JsonText.object();
        o.put("shape", v.shape());
        o.put("headline", v.headline());
        o.put("text", v.text());
        ArrayNode sentences = o.putArray("sentences");
        v.sentences().forEach(sentences::add);
        o.put("model", v.model());
        FitJson.num(o, "mean", v.mean().mean());
        FitJson.num(o, "mean_low", v.mean().q2_5());
        FitJson.num(o, "mean_high", v.mean().q97_5());
        FitJson.num(o, "prob_mean_positive", v.probPositive());
        ArrayNode above = o.putArray("sites_above");
        v.above().forEach(above::add);
        ArrayNode below = o.putArray("sites_below");
        v.below().forEach(below::add);
        ArrayNode evidence = o.putArray("evidence");
        v.evidence().forEach(evidence::add);
        ArrayNode failed = o.putArray("not_converged");
        v.notConverged().forEach(failed::add);
        return o;
    }
}
