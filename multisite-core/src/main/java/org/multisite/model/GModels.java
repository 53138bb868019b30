package org.multisite.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.prior.Prior;

/**
 * The registry of models of G, one entry each (design.md section 2). A new G is its Gibbs
 * block (an {@link EffectsPrior} with its {@link EffectDistribution} nested), one entry here,
 * and its tests; the command line, study specs, Spark and the benchmarks find it by name.
 */
public final class GModels {
    /** G = N(mu, tau^2); on site estimates, the exact sampler ({@link NormalModel}). */
    public static final GModel NORMAL = new GModel("normal", "N(mu, tau^2), sampled exactly on site estimates",
            List.of("mu", "tau", "tau2", "beta"), List.of(), List.of(),
            sites -> normalDefaults(sites, Map.of()),
            (sites, priors, options) -> new NormalEffectsPrior(sites, normalPriors(priors)),
            (sites, priors, options) -> NormalModel.of(sites, normalPriors(priors)));

    /** G = t_nu(mu, tau), nu estimated or fixed ({@code nu=fixed(5)}). */
    public static final GModel T = new GModel("t", "t_nu(mu, tau) with nu estimated (or fixed), by scale mixtures",
            List.of("mu", "tau", "tau2", "nu", "beta"), List.of("nu"), List.of(),
            sites -> normalDefaults(sites, Map.of("nu", StudentEffectsPrior.defaultNu())),
            (sites, priors, options) -> new StudentEffectsPrior(sites, normalPriors(priors), priors.get("nu")));

    /** K normals with Dirichlet(1) weights. */
    public static final GModel MIXTURE = new GModel("mixture", "a mixture of K normals, weights Dirichlet(1)",
            List.of("mu", "tau", "tau2", "beta"), List.of(),
            List.of(new GModel.Option("components", 2, 1, MixtureEffectsPrior.MAX_COMPONENTS, "number of normal components")),
            sites -> mixtureDefaults(sites, Map.of()),
            (sites, priors, options) -> MixtureEffectsPrior.mixture(sites, options.get("components"), location(priors),
                    priors.scale(), priors.beta()));

    /** A Dirichlet process mixture of normals, stick-breaking truncated. */
    public static final GModel DP = new GModel("dp", "a Dirichlet process mixture of normals (blocked Gibbs)",
            List.of("mu", "tau", "tau2", "alpha", "beta"), List.of(),
            List.of(new GModel.Option("truncation", 0, 0, MixtureEffectsPrior.MAX_COMPONENTS,
                    "components of the stick-breaking truncation (0: chosen from alpha's prior)")),
            sites -> mixtureDefaults(sites, Map.of("alpha", Prior.gamma(1, 1))),
            (sites, priors, options) -> MixtureEffectsPrior.dirichletProcess(sites, options.get("truncation") == 0
                            ? MixtureEffectsPrior.truncationFor(concentration(priors)) : options.get("truncation"),
                    location(priors), priors.scale(), concentration(priors), priors.beta()));

    /** A Dirichlet process directly on the site effects (DPpackage's DPmeta): a discrete G. */
    public static final GModel DPMETA = new GModel("dpmeta",
            "a Dirichlet process on the site effects themselves, normal base measure (DPmeta; G discrete)",
            List.of("mu", "tau", "tau2", "alpha", "beta"), List.of(),
            List.of(new GModel.Option("passes", DpMetaEffectsPrior.DEFAULT_PASSES, 1, DpMetaEffectsPrior.MAX_PASSES,
                    "allocation passes a sweep, each followed by alpha's update")),
            sites -> normalDefaults(sites, Map.of("alpha", Prior.gamma(1, 1))),
            (sites, priors, options) -> new DpMetaEffectsPrior(sites, location(priors), priors.scale(), concentration(priors),
                    priors.beta(), options.get("passes")));

    /** Efron's log-spline G on a grid, fully Bayes. */
    public static final GModel LOGSPLINE = new GModel("logspline", "Efron's log-spline G on a grid, fully Bayes",
            List.of("alpha_sd", "beta"), List.of(),
            List.of(new GModel.Option("df", LogsplineEffectsPrior.DEFAULT_DF, 2, 20, "spline columns"),
                    new GModel.Option("grid_points", LogsplineEffectsPrior.DEFAULT_GRID_POINTS, 4, 2000,
                            "grid points over the estimates' range, at least twice df")),
            sites -> new GPriors(Map.of("alpha_sd", LogsplineEffectsPrior.defaultScale()), null,
                    NormalPriors.defaults(sites).beta(), sites.covariateNames()),
            (sites, priors, options) -> new LogsplineEffectsPrior(sites, LogsplineEffectsPrior.defaultGrid(sites,
                    options.get("grid_points"), options.get("df")), options.get("df"), priors.get("alpha_sd"), priors.beta()));

    /** Every model of G, in the order outputs and help list them. */
    public static final List<GModel> ALL = List.of(NORMAL, T, MIXTURE, DP, DPMETA, LOGSPLINE);

    private GModels() {
    }

    /** The names of every model, in registry order. */
    public static List<String> names() {
        return ALL.stream().map(GModel::name).toList();
    }

    /**
     * The model named {@code name}.
     *
     * @throws InvalidParameterException (parameter {@code model}) if there is none
     */
    public static GModel named(String name) {
        for (GModel g : ALL) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw InvalidParameterException.of("model", name, "not available in this version (available: "
                + String.join(", ", names()) + ")");
    }

    /** The normal model's defaults (NormalPriors#defaults) as targets, with {@code extra} named ones after mu. */
    private static GPriors normalDefaults(SiteData sites, Map<String, Prior> extra) {
        NormalPriors d = NormalPriors.defaults(sites);
        Map<String, Prior> named = new LinkedHashMap<>();
        named.put("mu", d.mu());
        named.putAll(extra);
        return new GPriors(named, d.tau(), d.beta(), sites.covariateNames());
    }

    /** The mixtures' defaults: the components' location and scale, the normal model's beta. */
    private static GPriors mixtureDefaults(SiteData sites, Map<String, Prior> extra) {
        Map<String, Prior> named = new LinkedHashMap<>();
        named.put("mu", MixtureEffectsPrior.defaultLocation(sites));
        named.putAll(extra);
        return new GPriors(named, MixtureEffectsPrior.defaultScale(sites), NormalPriors.defaults(sites).beta(),
                sites.covariateNames());
    }

    private static NormalPriors normalPriors(GPriors p) {
        return new NormalPriors(p.get("mu"), p.scale(), p.beta());
    }

    private static Prior.Normal location(GPriors p) {
        if (!(p.get("mu") instanceof Prior.Normal n)) {
            throw InvalidParameterException.prior("mu", p.get("mu"), "the components' or atoms' locations need a normal prior");
        }
        return n;
    }

    private static Prior.Gamma concentration(GPriors p) {
        if (!(p.get("alpha") instanceof Prior.Gamma g)) {
            throw InvalidParameterException.prior("alpha", p.get("alpha"), "the DP concentration needs a gamma prior");
        }
        return g;
    }
}
