package org.multisite.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidParameterException;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

/**
 * The priors of a model of G's parameters, by target: named scalar targets ({@code mu},
 * {@code nu}, {@code alpha}, {@code alpha_sd}, ...), a scale given on tau or on its square
 * ({@code tau} or {@code tau2}) where the model has one, and one prior per site covariate's
 * coefficient ({@code beta} for all, {@code beta[NAME]} for one). Immutable: {@link #with}
 * returns new priors.
 */
public final class GPriors {
    private final Map<String, Prior> named;
    private final ScalePrior scale;
    private final List<Prior> beta;
    private final List<String> covariates;

    /**
     * @param named the scalar targets and their priors, in the order outputs list them
     * @param scale the prior of G's scale (on tau or tau^2), or null if the model has no such target
     * @param beta one prior per covariate, in {@code covariates}' order
     */
    public GPriors(Map<String, Prior> named, ScalePrior scale, List<Prior> beta, List<String> covariates) {
        if (beta.size() != covariates.size()) {
            throw new IllegalArgumentException(beta.size() + " beta priors for " + covariates.size() + " covariates");
        }
        this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        this.scale = scale;
        this.beta = List.copyOf(beta);
        this.covariates = List.copyOf(covariates);
    }

    /** The prior of the scalar target {@code name}. */
    public Prior get(String name) {
        Prior p = named.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no prior named " + name + " (targets: " + targets() + ")");
        }
        return p;
    }

    /** The prior of G's scale, on tau or on tau^2. */
    public ScalePrior scale() {
        if (scale == null) {
            throw new IllegalArgumentException("this model of G has no scale prior (targets: " + targets() + ")");
        }
        return scale;
    }

    /** The covariates' coefficients' priors, in the covariates' order. */
    public List<Prior> beta() {
        return beta;
    }

    /** The targets these priors take: the named ones, tau and tau2 when there is a scale, beta and beta[NAME]. */
    public List<String> targets() {
        List<String> out = new ArrayList<>(named.keySet());
        if (scale != null) {
            out.add("tau");
            out.add("tau2");
        }
        out.add("beta");
        out.add("beta[NAME]");
        return out;
    }

    /** Whether {@code target} names one of these priors. */
    public boolean accepts(String target) {
        return named.containsKey(target) || (scale != null && (target.equals("tau") || target.equals("tau2")))
                || isBeta(target);
    }

    /** {@code beta} or {@code beta[NAME]}. */
    static boolean isBeta(String target) {
        return target.equals("beta") || (target.startsWith("beta[") && target.endsWith("]"));
    }

    /**
     * These priors with {@code target}'s replaced.
     *
     * @throws InvalidParameterException if no prior has that target, or it names no covariate
     */
    public GPriors with(String target, Prior prior) {
        if (named.containsKey(target)) {
            Map<String, Prior> next = new LinkedHashMap<>(named);
            next.put(target, prior);
            return new GPriors(next, scale, beta, covariates);
        }
        if (scale != null && target.equals("tau")) {
            return new GPriors(named, ScalePrior.onTau(prior), beta, covariates);
        }
        if (scale != null && target.equals("tau2")) {
            return new GPriors(named, ScalePrior.onVariance(prior), beta, covariates);
        }
        if (target.equals("beta")) {
            if (covariates.isEmpty()) {
                throw InvalidParameterException.prior(target, prior, "there are no site covariates");
            }
            return new GPriors(named, scale, Collections.nCopies(covariates.size(), prior), covariates);
        }
        if (isBeta(target)) {
            String name = target.substring(5, target.length() - 1);
            int k = covariates.indexOf(name);
            if (k < 0) {
                throw InvalidParameterException.prior(target, prior, "no covariate named '" + name + "' (covariates: "
                        + covariates + ")");
            }
            List<Prior> all = new ArrayList<>(beta);
            all.set(k, prior);
            return new GPriors(named, scale, all, covariates);
        }
        throw InvalidParameterException.prior(target, prior, "no parameter '" + target + "' (it takes priors on "
                + String.join(", ", targets()) + ")");
    }
}
