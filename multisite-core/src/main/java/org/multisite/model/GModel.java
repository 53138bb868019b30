package org.multisite.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;

/**
 * One model of G in the registry ({@link GModels}): its name, the prior targets it takes with
 * their data-scaled defaults, its integer options, and the factories that build it for site
 * data. Front ends (the command line, study specs, benchmarks) build every model through these.
 *
 * @param name the name users give ({@code --model}, a study spec's {@code models})
 * @param description one line for help texts
 * @param targets the prior targets it takes: named scalars, {@code tau} and {@code tau2} (its
 *     scale), {@code beta} (covariates' coefficients, also as {@code beta[NAME]})
 * @param fixable the targets that may be held at a value ({@code fixed(V)}) instead of sampled
 * @param options its integer options, with their defaults and bounds
 * @param defaults the data-scaled default priors
 * @param effects G as a Gibbs block, for site-level and one-stage models
 * @param siteLevel the model of site estimates (a faster exact sampler where there is one)
 */
public record GModel(String name, String description, List<String> targets, List<String> fixable, List<Option> options,
                     Function<SiteData, GPriors> defaults, Factory<EffectsPrior> effects, Factory<SiteModel> siteLevel) {

    /** Builds a model part from site data, resolved priors and options (every option present). */
    @FunctionalInterface
    public interface Factory<T> {
        /** @throws InvalidParameterException naming the prior or option it refuses */
        T build(SiteData sites, GPriors priors, Map<String, Integer> options);
    }

    /** An integer option: its name as study specs spell it, default, bounds and meaning. */
    public record Option(String name, int defaultValue, int min, int max, String description) {
    }

    public GModel {
        targets = List.copyOf(targets);
        fixable = List.copyOf(fixable);
        options = List.copyOf(options);
    }

    /** A model sampled through its Gibbs block on site-level data too. */
    public GModel(String name, String description, List<String> targets, List<String> fixable, List<Option> options,
                  Function<SiteData, GPriors> defaults, Factory<EffectsPrior> effects) {
        this(name, description, targets, fixable, options, defaults, effects,
                (sites, priors, o) -> new SiteLevelModel(sites, effects.build(sites, priors, o)));
    }

    /** Whether {@code target} names a prior of this model ({@code beta[NAME]} when it takes {@code beta}). */
    public boolean accepts(String target) {
        return targets.contains(target) || (targets.contains("beta") && GPriors.isBeta(target));
    }

    /** Whether it has the option {@code name}. */
    public boolean hasOption(String name) {
        return options.stream().anyMatch(o -> o.name().equals(name));
    }

    /**
     * Every option's value: as given, or its default.
     *
     * @throws InvalidParameterException for an option the model does not have, or a value out of bounds
     */
    public Map<String, Integer> options(Map<String, Integer> given) {
        for (String k : given.keySet()) {
            if (!hasOption(k)) {
                throw InvalidParameterException.of(k, given.get(k), "the " + name + " model has no such option"
                        + (options.isEmpty() ? "" : " (options: " + String.join(", ", options.stream().map(Option::name).toList())
                        + ")"));
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Option o : options) {
            int v = given.getOrDefault(o.name(), o.defaultValue());
            if (v < o.min() || v > o.max()) {
                throw InvalidParameterException.of(o.name(), v, "must be between " + o.min() + " and " + o.max());
            }
            out.put(o.name(), v);
        }
        return out;
    }
}
