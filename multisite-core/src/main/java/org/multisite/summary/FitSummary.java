package org.multisite.summary;

import java.util.List;
import java.util.Map;

/**
 * Everything a fit reports: hyperparameter summaries by name (in the model's order), the
 * informativeness I = sd(G)^2 / (sd(G)^2 + GM(s^2)), the sites in input order, further
 * per-site quantities by output name (the one-stage models' intercepts), G, the posterior
 * expected EDF of the site effects on G's grid, and the convergence verdict.
 */
public record FitSummary(Map<String, ParameterSummary> parameters, ParameterSummary informativeness,
                         List<SiteSummary> sites, Map<String, List<ParameterSummary>> siteQuantities,
                         DistributionSummary distribution, double[] expectedEdf, Convergence convergence) {

    /** Worst R-hat and smallest ESS over all parameters and site effects, and the warnings they raise. */
    public record Convergence(double maxRhat, double minEssBulk, double minEssTail, List<String> warnings) {
        public boolean ok() {
            return warnings.isEmpty();
        }
    }
}
