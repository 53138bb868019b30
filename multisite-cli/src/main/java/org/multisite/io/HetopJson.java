package org.multisite.io;

import java.util.List;
import java.util.Locale;
import org.multisite.hetop.FhHetopFit;
import org.multisite.hetop.HetopMle;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** contract.md's {@code hetop} JSON, for the MLE and for FH-HETOP. */
public final class HetopJson {
    private HetopJson() {
    }

    public static String write(ObjectNode tree) {
        return JsonText.pretty(tree) + "\n";
    }

    /**
     * FH-HETOP: posterior means and SDs of each group's mean and SD, 95% intervals of the mean,
     * its CB, GR and rank; the standardized scale's posterior means; the ICC; diagnostics; WAIC.
     * Extra: cutpoints (posterior means), hyperparameters, p_waic, warnings.
     */
    public static ObjectNode fh(List<String> ids, int[][] n, FhHetopFit fit) {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.put("method", "fh");
        root.put("prior", fit.model().prior());
        ObjectNode priors = root.putObject("priors");
        fit.model().priors().forEach(priors::put);
        root.put("categories", n[0].length);
        ArrayNode cuts = root.putArray("cutpoints");
        double[] fixed = fit.model().fixedCuts();
        cuts.add(fixed[0]);
        cuts.add(fixed[1]);
        for (int k = 3; k < n[0].length; k++) {
            cuts.add(fit.parameters().get("cut[" + k + "]").mean());
        }
        ArrayNode groups = root.putArray("groups");
        ArrayNode standardized = root.putObject("standardized").putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            FhHetopFit.Group x = fit.groups().get(g);
            groups.addObject().put("group", ids.get(g)).put("n", total(n[g])).put("mu", x.mu().mean()).put("sigma", x.sigma().mean())
                    .put("mu_sd", x.mu().sd()).put("sigma_sd", x.sigma().sd()).put("mu_q2.5", x.mu().q2_5())
                    .put("mu_q97.5", x.mu().q97_5()).put("mu_cb", x.cb()).put("mu_gr", x.gr()).put("mu_rank", x.rank())
                    .put("mu_rank_mean", x.rankMean()).put("mu_rank_low", x.rankLow()).put("mu_rank_high", x.rankHigh())
                    .put("mu_rhat", x.mu().rhat()).put("mu_ess_bulk", x.mu().essBulk());
            standardized.addObject().put("group", ids.get(g)).put("mu", x.muStar().mean()).put("sigma", x.sigmaStar().mean())
                    .put("mu_sd", x.muStar().sd()).put("sigma_sd", x.sigmaStar().sd());
        }
        root.put("icc", fit.icc().mean());
        root.put("icc_sd", fit.icc().sd());
        ObjectNode hyper = root.putObject("hyperparameters");
        fit.parameters().forEach((name, s) -> {
            if (FhHetopFit.isHyperparameter(name)) {
                hyper.putObject(name).put("mean", s.mean()).put("sd", s.sd()).put("q2.5", s.q2_5()).put("q97.5", s.q97_5())
                        .put("rhat", s.rhat()).put("ess_bulk", s.essBulk());
            }
        });
        FitJson.diagnostics(root, fit.convergence());
        root.put("waic", fit.waic());
        root.put("p_waic", fit.pWaic());
        ArrayNode warnings = root.putArray("warnings");
        ConvergenceText.warnings(fit.convergence()).forEach(warnings::add);
        root.put("seconds", fit.seconds());
        return root;
    }

    /** The MLE, plus every scale and each group's estimation status. */
    public static ObjectNode mle(List<String> ids, int[][] n, HetopMle.Result r) {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.put("method", "mle");
        root.put("categories", n[0].length);
        ArrayNode cuts = root.putArray("cutpoints");
        for (double c : r.fc().cuts()) {
            cuts.add(c);
        }
        ArrayNode groups = root.putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            groups.addObject().put("group", ids.get(g)).put("n", total(n[g])).put("mu", r.fc().mu()[g])
                    .put("sigma", r.fc().sigma()[g])
                    .put("mu_status", r.muStatus()[g].name().toLowerCase(Locale.ROOT))
                    .put("sigma_status", r.sigmaStatus()[g].name().toLowerCase(Locale.ROOT));
        }
        root.set("standardized", scale(ids, r.star()));
        root.put("icc", r.fc().icc());
        ObjectNode scales = root.putObject("scales");
        scales.set("fc", scale(ids, r.fc()));
        scales.set("zero", scale(ids, r.zero()));
        scales.set("star", scale(ids, r.star()));
        if (r.starbc() != null) {
            scales.set("starbc", scale(ids, r.starbc()));
        }
        root.put("loglik", r.logLik());
        return root;
    }

    private static ObjectNode scale(List<String> ids, HetopMle.Scale s) {
        ObjectNode o = JsonText.object();
        ArrayNode groups = o.putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            groups.addObject().put("group", ids.get(g)).put("mu", s.mu()[g]).put("sigma", s.sigma()[g]);
        }
        ArrayNode cuts = o.putArray("cutpoints");
        for (double c : s.cuts()) {
            cuts.add(c);
        }
        o.put("icc", s.icc());
        return o;
    }

    /** A group's units: the sum of its counts. */
    public static int total(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }
}
