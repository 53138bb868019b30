package org.multisite.summary;

/**
 * What the fit says of one site: its data (estimate, se), the posterior of its effect theta_j
 * ({@link ParameterSummary}), P(theta_j > 0), its shrinkage factor, and the three-goal
 * estimates ({@link ThreeGoals}): rank summaries, constrained Bayes (CB) and triple-goal (GR),
 * and the probabilities of being among the top and bottom 10% of sites.
 */
public record SiteSummary(String site, double estimate, double se, ParameterSummary effect,
                          double probPositive, double shrinkage, double rankMean, int rank,
                          int rankLow, int rankHigh, double percentile, double cb, double gr,
                          double probTop, double probBottom) {
}
