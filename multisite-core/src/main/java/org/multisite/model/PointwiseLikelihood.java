package org.multisite.model;

import org.multisite.mcmc.Draws;

/**
 * Site-level models whose sites' estimates have a marginal density given G's parameters, with
 * the site's effect integrated out: log p(y_j | draw i) = log integral N(y_j; theta, s_j^2)
 * dG_i(theta). These are the pointwise log likelihoods of leave-one-site-out cross-validation.
 */
public interface PointwiseLikelihood {
    double logLikelihood(Draws draws, int i, int j);

    /** log p(y_j | draw i) for every site j into {@code out}; models may share work across sites. */
    default void logLikelihoods(Draws draws, int i, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = logLikelihood(draws, i, j);
        }
    }
}
