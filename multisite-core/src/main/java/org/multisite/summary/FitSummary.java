package org.multisite.summary;

import java.util.List;
import java.util.Map;

/**
 * Everything a fit reports: hyperparameter summaries by name (in the model's order), the
 * informativeness I = sd(G)^2 / (sd(G)^2 + GM(s^2)), the sites in input order, further
 * per-site quantities by output name (the one-stage models' intercepts), G, the posterior
 * expected EDF of the site effects on G's grid, and the convergence verdict over all of these.
 */
public record FitSummary(Map<String, ParameterSummary> parameters, ParameterSummary informativeness,
                         List<SiteSummary> sites, Map<String, List<ParameterSummary>> siteQuantities,
                         DistributionSummary distribution, double[] expectedEdf, Convergence convergence) {
}
