package org.multisite.io;

import org.multisite.potential.NormalPotentialOutcomes;
import org.multisite.potential.PotentialOutcomesAnalysis;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.ThreeGoals;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** contract.md's {@code potential-outcomes} JSON, plus the unit-level effects' quantiles per rho and the diagnostics. */
public final class PotentialOutcomesJson {
    private PotentialOutcomesJson() {
    }

    public static String write(ObjectNode tree) {
        return JsonText.pretty(tree) + "\n";
    }

    public static ObjectNode tree(PotentialOutcomesAnalysis a) {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.put("model", a.model().label());
        ObjectNode priors = root.putObject("priors");
        a.model().priors().forEach(priors::put);
        ArrayNode r = root.putArray("rho");
        a.atRho().forEach(x -> r.add(x.rho()));
        ArrayNode estimands = root.putArray("estimands");
        for (PotentialOutcomesAnalysis.AtRho x : a.atRho()) {
            ObjectNode e = estimands.addObject();
            e.put("rho", x.rho());
            e.set("ate_sp", summary(x.ateSp()));
            e.set("ate_fs", summary(x.ateFs()));
            for (int k = 0; k < NormalPotentialOutcomes.QTE_PROBS.length; k++) {
                e.set("qte" + Math.round(100 * NormalPotentialOutcomes.QTE_PROBS[k]), summary(x.qte().get(k)));
            }
            ObjectNode effects = e.putObject("unit_effects");
            for (int k = 0; k < NormalPotentialOutcomes.EFFECT_PROBS.length; k++) {
                effects.set("q" + Math.round(100 * NormalPotentialOutcomes.EFFECT_PROBS[k]), summary(x.effects().get(k)));
            }
        }
        if (!a.sites().isEmpty()) {
            ArrayNode list = root.putArray("sites");
            for (PotentialOutcomesAnalysis.AtRho x : a.atRho()) {
                ThreeGoals goals = x.goals();
                for (int j = 0; j < a.sites().size(); j++) {
                    ObjectNode o = list.addObject();
                    o.put("site", a.sites().get(j));
                    o.put("rho", x.rho());
                    o.set("ate_fs", summary(x.siteAteFs().get(j)));
                    if (goals != null) {
                        o.put("cb", goals.cb(j)).put("gr", goals.gr(j)).put("rank", goals.rank(j))
                                .put("rank_mean", goals.rankMean(j)).put("rank_low", goals.rankLow(j))
                                .put("rank_high", goals.rankHigh(j));
                    }
                }
            }
        }
        root.put("units", a.units());
        root.put("treated", a.treated());
        FitJson.diagnostics(root, a.convergence());
        return root;
    }

    /** The page's data: the JSON and the posterior predictive's histograms ([centre, density] pairs). */
    public static ObjectNode page(PotentialOutcomesAnalysis a) {
        ObjectNode page = tree(a);
        ObjectNode o = page.putObject("predictive");
        PotentialOutcomesAnalysis.Predictive p = a.predictive();
        histogram(o.putArray("y0_observed"), p.y0Observed());
        histogram(o.putArray("y0_imputed"), p.y0Imputed());
        histogram(o.putArray("y1_observed"), p.y1Observed());
        histogram(o.putArray("y1_imputed"), p.y1Imputed());
        return page;
    }

    private static void histogram(ArrayNode a, PotentialOutcomesAnalysis.Histogram h) {
        for (int b = 0; b < h.centres().length; b++) {
            a.addArray().add(h.centres()[b]).add(h.density()[b]);
        }
    }

    /** {mean, sd, q2.5, q97.5}. */
    private static ObjectNode summary(ParameterSummary s) {
        ObjectNode o = JsonText.object();
        o.put("mean", s.mean());
        o.put("sd", s.sd());
        o.put("q2.5", s.q2_5());
        o.put("q97.5", s.q97_5());
        return o;
    }
}
