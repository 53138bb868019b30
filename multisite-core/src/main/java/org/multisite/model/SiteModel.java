package org.multisite.model;

import java.util.List;
import java.util.Map;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Model;
import org.multisite.prior.Prior;

/**
 * A hierarchical model of site effects: y_j ~ N(theta_j, s_j^2), theta_j = x_j' beta + u_j,
 * u_j ~ G. Each model of G is one implementation; summaries, diagnostics and reports work on
 * this interface alone.
 *
 * <p>Recorded quantities include the {@link #hyperparameters()} and {@code theta[1]} ..
 * {@code theta[J]} in the order of the data.
 */
public interface SiteModel extends Model {
    /** The model's name as the CLI and JSON spell it: {@code normal}, {@code t}, ... */
    String name();

    /** A short description of the sampling algorithm, for the output's provenance. */
    String samplerMethod();

    SiteData data();

    /** The priors in use, by target ({@code mu}, {@code tau} or {@code tau2}, {@code beta[NAME]}), as readable strings. */
    Map<String, String> priors();

    /** Scalar parameters summarized under "parameters" ({@code mu}, {@code tau}, {@code beta[NAME]}, ...). */
    List<String> hyperparameters();

    /** The name under which site j's effect (0-based j) is recorded. */
    static String siteEffectName(int j) {
        return "theta[" + (j + 1) + "]";
    }

    /**
     * Further per-site quantities the model records, by prefix ({@code a} for {@code a[1]} ..
     * {@code a[J]}), with the name under which outputs summarize them ({@code intercepts}).
     */
    default Map<String, String> siteQuantities() {
        return Map.of();
    }

    /** {@link EffectsPrior#concentration()} of the model's G; null without one. */
    default Prior.Gamma concentration() {
        return null;
    }

    /** {@link EffectsPrior#distributionNote()} of the model's G; null for a continuous G. */
    default String distributionNote() {
        return null;
    }

    /** G implied by draw i. */
    EffectDistribution distribution(Draws draws, int i);

    /**
     * The numbers G of one draw holds: the summaries keep G of every draw, so their memory grows
     * with this (2 for a normal G, the grid for a log-spline one).
     */
    int distributionSize();

    /** The summaries keep G of every draw beside the draws. */
    @Override
    default int heldPerDraw() {
        return distributionSize();
    }

    /** The three goals pool every site effect of every draw. */
    @Override
    default int pooledPerDraw() {
        return data().size();
    }

    /**
     * Posterior mean of each site's shrinkage factor, the weight of the prior mean in the
     * site's conditional posterior mean: s_j^2 / (s_j^2 + v_j) with v_j the site's prior variance.
     */
    double[] shrinkage(Draws draws);
}
