package org.multisite.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.prior.DpPrior;
import org.multisite.prior.Prior;
import org.multisite.prior.PriorParser;

/**
 * A model of G as a user chooses it: the registry's name, prior assignments {@code TARGET=DIST}
 * (each target once; {@code beta} for every coefficient and then {@code beta[NAME]} for one),
 * and integer options. Plain
 * data: a study ships it to its workers, which rebuild the model through the registry.
 *
 * @param model a name in {@link GModels}
 * @param priors assignments such as {@code tau=half_cauchy(0, 5)}, each a target the model takes
 * @param options integer options the model has, such as {@code components}; the rest take their defaults
 * @param dpPrior for a Dirichlet process, alpha's prior chosen from the number of sites ({@link DpPrior}), or null
 */
public record GSpec(String model, List<String> priors, Map<String, Integer> options, String dpPrior) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws InvalidParameterException for an unknown model, an assignment that is not
     *     {@code NAME=DIST} or names a target the model does not take, or an option it does not have
     */
    public GSpec {
        priors = List.copyOf(priors);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        GModel g = GModels.named(model);
        checkDistinct(priors);
        for (String a : priors) {
            String target = target(a);
            if (!g.accepts(target)) {
                throw InvalidParameterException.prior(target, distribution(a), "the " + model
                        + " model has no parameter '" + target + "' (it takes priors on " + String.join(", ", g.targets())
                        + (g.targets().contains("beta") ? ", beta[NAME]" : "") + ")");
            }
            if (prior(a) instanceof Prior.Fixed && !g.fixable().contains(target)) {
                throw InvalidParameterException.prior(target, distribution(a), "the " + model
                        + " model cannot hold " + target + " fixed" + (g.fixable().isEmpty() ? "" : " (it can fix "
                        + String.join(", ", g.fixable()) + ")") + "; give it a prior");
            }
        }
        g.options(options);
        if (dpPrior != null) {
            if (!g.targets().contains("alpha")) {
                throw InvalidParameterException.of("dp_prior", dpPrior, "applies to a Dirichlet process ("
                        + String.join(", ", GModels.ALL.stream().filter(m -> m.targets().contains("alpha")).map(GModel::name).toList())
                        + "), not to the " + model + " model");
            }
            if (priors.stream().anyMatch(a -> target(a).equals("alpha"))) {
                throw InvalidParameterException.of("dp_prior", dpPrior, "and a prior on alpha both set alpha's prior: give one");
            }
            try {
                DpPrior.check(dpPrior);
            } catch (IllegalArgumentException e) {
                throw InvalidParameterException.of("dp_prior", dpPrior, e.getMessage());
            }
        }
    }

    /** A model without a DP prior chosen from the number of sites. */
    public GSpec(String model, List<String> priors, Map<String, Integer> options) {
        this(model, priors, options, null);
    }

    /** The model with its defaults. */
    public static GSpec of(String model) {
        return new GSpec(model, List.of(), Map.of());
    }

    /** The registry's entry. */
    public GModel g() {
        return GModels.named(model);
    }

    /**
     * The target of an assignment {@code TARGET=DIST}.
     *
     * @throws InvalidParameterException (parameter {@code prior}) if it is not of that form
     */
    public static String target(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw InvalidParameterException.of("prior", assignment, "expected NAME=DIST, e.g. tau=half_cauchy(0, 5)");
        }
        return assignment.substring(0, eq).trim();
    }

    /**
     * Refuses assignments that set one prior twice: the same target, or both {@code tau} and
     * {@code tau2} (one scale, two priors). Resolving them silently, the last one winning, hid
     * a typo or a forgotten earlier option.
     *
     * @throws InvalidParameterException naming the target given twice
     */
    public static void checkDistinct(List<String> assignments) {
        // each target seen, by the prior it sets (tau and tau2 set the same one)
        Map<String, String> seen = new LinkedHashMap<>();
        for (String a : assignments) {
            String target = target(a);
            for (String earlier : seen.values()) {
                if (earlier.startsWith(target + "[")) {
                    throw InvalidParameterException.prior(target, distribution(a),
                            "a prior on every " + target + " after one on " + earlier + " would replace it: give " + target + " first");
                }
            }
            String earlier = seen.putIfAbsent(target.equals("tau2") ? "tau" : target, target);
            if (earlier != null) {
                throw InvalidParameterException.prior(target, distribution(a), "a prior on " + (earlier.equals(target)
                        ? target + " is given twice" : "the scale is given twice (" + earlier + " and " + target + ")") + ": give one");
            }
        }
    }

    /** The distribution of an assignment {@code TARGET=DIST}, as written. */
    private static String distribution(String assignment) {
        return assignment.substring(assignment.indexOf('=') + 1).trim();
    }

    /**
     * The prior of an assignment {@code TARGET=DIST}.
     *
     * @throws InvalidParameterException naming the target if the distribution cannot be read
     */
    public static Prior prior(String assignment) {
        String target = target(assignment);
        String text = distribution(assignment);
        try {
            return PriorParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw InvalidParameterException.prior(target, text, e.getMessage());
        }
    }

    /** Of {@code assignments}, those whose target {@code model} takes, in order. */
    public static List<String> accepted(String model, List<String> assignments) {
        GModel g = GModels.named(model);
        List<String> out = new ArrayList<>();
        for (String a : assignments) {
            if (g.accepts(target(a))) {
                out.add(a);
            }
        }
        return out;
    }

    /** Every option's value, defaults filled in. */
    public Map<String, Integer> resolvedOptions() {
        return g().options(options);
    }

    /**
     * The data-scaled defaults for {@code sites} with every assignment applied in order.
     *
     * @throws InvalidParameterException naming the target of an assignment it cannot apply
     */
    public GPriors priors(SiteData sites) {
        GPriors p = g().defaults().apply(sites);
        for (String a : priors) {
            p = p.with(target(a), prior(a));
        }
        if (dpPrior != null) {
            try {
                p = p.with("alpha", DpPrior.resolve(dpPrior, sites.size()));
            } catch (IllegalArgumentException e) {
                throw InvalidParameterException.of("dp_prior", dpPrior, e.getMessage());
            }
        }
        return p;
    }

    /**
     * G as a Gibbs block for these sites (site-level or one-stage models).
     *
     * @throws InvalidParameterException naming the prior or option the model refuses
     */
    public EffectsPrior effects(SiteData sites) {
        return g().effects().build(sites, priors(sites), resolvedOptions());
    }

    /**
     * The model of these site estimates.
     *
     * @throws InvalidParameterException naming the prior or option the model refuses
     */
    public SiteModel siteLevel(SiteData sites) {
        return g().siteLevel().build(sites, priors(sites), resolvedOptions());
    }
}
