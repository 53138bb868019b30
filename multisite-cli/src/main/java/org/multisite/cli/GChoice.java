package org.multisite.cli;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.SiteData;
import org.multisite.io.InputException;
import org.multisite.model.EffectsPrior;
import org.multisite.model.LogsplineEffectsPrior;
import org.multisite.model.MixtureEffectsPrior;
import org.multisite.model.NormalEffectsPrior;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import org.multisite.model.SiteLevelModel;
import org.multisite.model.SiteModel;
import org.multisite.model.StudentEffectsPrior;
import org.multisite.prior.Prior;
import org.multisite.prior.PriorParser;
import org.multisite.prior.ScalePrior;

/**
 * The model of G named by {@code --model}, with its {@code --prior} assignments: the G
 * targets (mu, tau, tau2, beta, beta[NAME]; nu for the t; alpha for the DP) are taken here; the
 * rest are returned for the caller (the one-stage model's sigma, gamma, a, alpha, omega). For
 * the mixture and the DP, mu and tau (or tau2) name the priors of every component's location
 * and scale.
 */
final class GChoice {
    static final List<String> AVAILABLE = List.of("normal", "t", "mixture", "dp", "logspline");
    /** Default number of mixture components and DP truncation. */
    static final int DEFAULT_COMPONENTS = 2;
    static final int DEFAULT_TRUNCATION = 20;

    private final String model;
    private NormalPriors priors;
    private Prior nu = StudentEffectsPrior.defaultNu();
    private Prior location;
    private ScalePrior componentScale;
    private Prior alpha = Prior.gamma(1, 1);
    private int components = DEFAULT_COMPONENTS;
    private Prior alphaSd = LogsplineEffectsPrior.defaultScale();
    private int df = LogsplineEffectsPrior.DEFAULT_DF;
    private int gridPoints = DEFAULT_GRID_POINTS;
    /** Default grid size of the log-spline G. */
    static final int DEFAULT_GRID_POINTS = 101;
    private final List<String> rest = new ArrayList<>();

    private GChoice(String model, SiteData sites) {
        this.model = model;
        this.priors = NormalPriors.defaults(sites);
        this.location = MixtureEffectsPrior.defaultLocation(sites);
        this.componentScale = MixtureEffectsPrior.defaultScale(sites);
        this.components = model.equals("dp") ? DEFAULT_TRUNCATION : DEFAULT_COMPONENTS;
    }

    /** Sets K: the mixture's components or the DP's truncation. */
    GChoice withComponents(Integer k, String option) {
        if (k != null) {
            if (k < (model.equals("dp") ? 2 : 1)) {
                throw new InputException(option + " must be >= " + (model.equals("dp") ? 2 : 1) + ", got " + k);
            }
            components = k;
        }
        return this;
    }

    /** The log-spline G's spline columns and grid size. */
    GChoice withSpline(Integer splineDf, Integer points) {
        if (splineDf != null) {
            if (splineDf < 2 || splineDf > 20) {
                throw new InputException("--df must be between 2 and 20, got " + splineDf);
            }
            df = splineDf;
        }
        if (points != null) {
            if (points < 2 * df || points > 2000) {
                throw new InputException("--grid-points must be between " + 2 * df + " and 2000, got " + points);
            }
            gridPoints = points;
        }
        return this;
    }

    /** The DP's prior on alpha, as elicited from the expected number of clusters. */
    GChoice withAlpha(Prior elicited) {
        alpha = elicited;
        return this;
    }

    private boolean mixtureLike() {
        return model.equals("mixture") || model.equals("dp");
    }

    /** Parses {@code assignments}, keeping those that concern G. */
    static GChoice of(String model, SiteData sites, List<String> assignments) {
        if (!AVAILABLE.contains(model)) {
            throw new InputException("--model " + model + ": not available in this version (available: "
                    + String.join(", ", AVAILABLE) + ")");
        }
        GChoice c = new GChoice(model, sites);
        List<String> names = sites.covariateNames();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            String target = eq > 0 ? a.substring(0, eq).trim() : "";
            boolean g = target.equals("mu") || target.equals("tau") || target.equals("tau2") || target.startsWith("beta")
                    || (target.equals("nu") && model.equals("t")) || (target.equals("alpha") && model.equals("dp"))
                    || (target.equals("alpha_sd") && model.equals("logspline"));
            if (model.equals("logspline") && (target.equals("mu") || target.equals("tau") || target.equals("tau2"))) {
                g = false;
            }
            if (!g) {
                c.rest.add(a);
                continue;
            }
            try {
                Prior prior = PriorParser.parse(a.substring(eq + 1));
                if (target.equals("nu")) {
                    c.nu = prior;
                } else if (target.equals("alpha_sd")) {
                    c.alphaSd = prior;
                } else if (target.equals("alpha")) {
                    c.alpha = prior;
                } else if (c.mixtureLike() && target.equals("mu")) {
                    c.location = prior;
                } else if (c.mixtureLike() && (target.equals("tau") || target.equals("tau2"))) {
                    c.componentScale = target.equals("tau") ? ScalePrior.onTau(prior) : ScalePrior.onVariance(prior);
                } else {
                    c.priors = c.priors.with(target, prior, names);
                }
            } catch (IllegalArgumentException e) {
                throw new InputException("--prior " + a + ": " + e.getMessage());
            }
        }
        return c;
    }

    /**
     * Drops {@code others} from the assignments that do not concern this G: compare gives every
     * model all the priors, and those that another compared model's G takes are not errors here.
     */
    GChoice ignoring(java.util.Collection<String> others) {
        rest.removeAll(others);
        return this;
    }

    /** The assignments that do not concern G. */
    List<String> rest() {
        return rest;
    }

    /** G as a Gibbs block, for the one-stage model. */
    EffectsPrior effects(SiteData sites) {
        try {
            switch (model) {
                case "t":
                    return new StudentEffectsPrior(sites, priors, nu);
                case "mixture":
                    return MixtureEffectsPrior.mixture(sites, components, normalLocation(), componentScale, priors.beta());
                case "dp":
                    if (!(alpha instanceof Prior.Gamma g)) {
                        throw new InputException("--prior alpha=" + alpha + ": the DP concentration needs a gamma prior");
                    }
                    return MixtureEffectsPrior.dirichletProcess(sites, components, normalLocation(), componentScale, g,
                            priors.beta());
                case "logspline":
                    return new LogsplineEffectsPrior(sites, grid(sites), df, alphaSd, priors.beta());
                default:
                    return new NormalEffectsPrior(sites, priors);
            }
        } catch (IllegalArgumentException e) {
            throw new InputException("--prior: " + e.getMessage());
        }
    }

    /** The estimates' range widened by 10% at each end, {@code gridPoints} points. */
    private double[] grid(SiteData sites) {
        double[] full = LogsplineEffectsPrior.defaultGrid(sites);
        double lo = full[0];
        double hi = full[full.length - 1];
        double[] g = new double[gridPoints];
        for (int m = 0; m < gridPoints; m++) {
            g[m] = lo + (hi - lo) * m / (gridPoints - 1);
        }
        return g;
    }

    private Prior.Normal normalLocation() {
        if (!(location instanceof Prior.Normal n)) {
            throw new InputException("--prior mu=" + location + ": the components' locations need a normal prior");
        }
        return n;
    }

    /** The site-level model: the exact sampler for the normal G, Gibbs for the others. */
    SiteModel siteLevel(SiteData sites) {
        return siteLevel(sites, true);
    }

    /**
     * As {@link #siteLevel(SiteData)}; with {@code strict} false, priors on parameters this
     * model does not have are ignored (compare applies each prior to the models that have it).
     */
    SiteModel siteLevel(SiteData sites, boolean strict) {
        for (String a : strict ? rest : List.<String>of()) {
            int eq = a.indexOf('=');
            throw new InputException("--prior " + a + ": " + (eq <= 0 ? "expected NAME=DIST, e.g. tau=half_cauchy(0, 5)"
                    : "the " + model + " model has no parameter '" + a.substring(0, eq).trim() + "'"));
        }
        try {
            return model.equals("normal") ? NormalModel.of(sites, priors) : new SiteLevelModel(sites, effects(sites));
        } catch (IllegalArgumentException e) {
            throw new InputException("--prior: " + e.getMessage());
        }
    }
}
