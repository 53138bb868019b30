package org.multisite.model;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.Draws;
import org.multisite.prior.Prior;

/**
 * A model of G, the distribution of site effects, as a Gibbs block: given normal
 * "observations" yhat_j ~ N(theta_j, v_j) of the site effects (site estimates and their
 * variances, or the collapsed statistics of a one-stage model), one update draws G's parameters
 * and the theta_j. Site-level and one-stage models both sample through this interface, so a new
 * G is one implementation plus its tests.
 */
public interface EffectsPrior {
    /** The name of a covariate's coefficient in draws, summaries and priors: beta[name]. */
    static String betaName(String covariate) {
        return "beta[" + covariate + "]";
    }

    /** beta[name] for each covariate, in order. */
    static List<String> betaNames(List<String> covariates) {
        return covariates.stream().map(EffectsPrior::betaName).toList();
    }

    /**
     * Refuses a covariate coefficient's prior that is neither normal nor flat: the blocks draw
     * the coefficients from their normal conditional.
     *
     * @throws InvalidParameterException naming the prior
     */
    static void requireLocationPriors(List<Prior> beta) {
        for (Prior b : beta) {
            if (!(b instanceof Prior.Normal) && !(b instanceof Prior.Flat)) {
                throw InvalidParameterException.prior("beta", b, "covariate coefficients need a normal or flat prior");
            }
        }
    }

    /** The covariates' coefficients' priors, beta[NAME] to its prior, added to {@code out} in order. */
    static void putBetaPriors(Map<String, String> out, List<String> covariates, List<Prior> beta) {
        for (int k = 0; k < covariates.size(); k++) {
            out.put(betaName(covariates.get(k)), beta.get(k).toString());
        }
    }

    /**
     * x_j' beta in draw i: site j's shift by its centred covariates (row-major x, p = the
     * number of covariates), the coefficients recorded under beta[NAME] in covariate order.
     */
    static double covariateShift(Draws draws, int i, List<String> covariates, double[] x, int j) {
        int p = covariates.size();
        if (p == 0) {
            return 0;
        }
        int first = draws.indexOf(betaName(covariates.get(0)));
        double shift = 0;
        for (int k = 0; k < p; k++) {
            shift += x[j * p + k] * draws.get(first + k, i);
        }
        return shift;
    }

    /** The model's name as the CLI spells it: {@code normal}, {@code t}, ... */
    String name();

    /** Names of G's recorded parameters ({@code mu}, {@code tau}, ..., {@code beta[NAME]}), in record order. */
    List<String> parameterNames();

    /**
     * The recorded parameters that are summarized and checked for convergence under
     * "parameters": all of them by default; a mixture leaves out its label-dependent components.
     */
    default List<String> summarizedParameters() {
        return parameterNames();
    }

    /** The priors of G's parameters, by target, as readable strings. */
    Map<String, String> priors();

    /**
     * The gamma prior on a Dirichlet process's concentration alpha, for the models that have
     * one (outputs print the prior number of clusters it implies); null for the others.
     */
    default Prior.Gamma concentration() {
        return null;
    }

    /** What G's summaries mean when it is not a continuous distribution (outputs print it); null when it is. */
    default String distributionNote() {
        return null;
    }

    /** A short description of the block's updates. */
    String method();

    /** A new chain's state of G's parameters, dispersed by {@code rng}. */
    State newState(UniformRandomProvider rng);

    /** G implied by draw i, the parameters recorded under {@link #parameterNames()}. */
    EffectDistribution distribution(Draws draws, int i);

    /** The numbers G of one draw holds ({@link #distribution}), for sizing the summaries' memory. */
    int distributionSize();

    /** Site j's prior variance of theta_j in draw i (tau^2 for a normal G), for shrinkage summaries. */
    double priorVariance(Draws draws, int i, int j);

    /**
     * log p(y | draw i) for site j's estimate y with sampling variance v: the site's effect
     * integrated over G (and its covariates' shift).
     */
    double logMarginal(Draws draws, int i, int j, double y, double v);

    /** {@link #logMarginal} for every site at once; models may share the work that does not depend on the site. */
    default void logMarginals(Draws draws, int i, double[] y, double[] v, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = logMarginal(draws, i, j, y[j], v[j]);
        }
    }

    /** One chain's parameters of G. Updates allocate nothing. */
    interface State {
        /** One Gibbs update of G's parameters and theta given the observations; fills {@code theta}. */
        void update(double[] yhat, double[] v, double[] theta, UniformRandomProvider rng);

        /** Writes the parameters, in {@link EffectsPrior#parameterNames()} order, from {@code offset}. */
        void record(double[] out, int offset);
    }
}
