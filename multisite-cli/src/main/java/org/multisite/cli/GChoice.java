package org.multisite.cli;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.SiteData;
import org.multisite.io.InputException;
import org.multisite.model.EffectsPrior;
import org.multisite.model.NormalEffectsPrior;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import org.multisite.model.SiteLevelModel;
import org.multisite.model.SiteModel;
import org.multisite.model.StudentEffectsPrior;
import org.multisite.prior.Prior;
import org.multisite.prior.PriorParser;

/**
 * The model of G named by {@code --model}, with its {@code --prior} assignments: the G
 * targets (mu, tau, tau2, beta, beta[NAME], and nu for the t) are taken here; the rest are
 * returned for the caller (the one-stage model's sigma, gamma, a, alpha, omega).
 */
final class GChoice {
    static final List<String> AVAILABLE = List.of("normal", "t");

    private final String model;
    private NormalPriors priors;
    private Prior nu = StudentEffectsPrior.defaultNu();
    private final List<String> rest = new ArrayList<>();

    private GChoice(String model, SiteData sites) {
        this.model = model;
        this.priors = NormalPriors.defaults(sites);
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
                    || (target.equals("nu") && model.equals("t"));
            if (!g) {
                c.rest.add(a);
                continue;
            }
            try {
                Prior prior = PriorParser.parse(a.substring(eq + 1));
                if (target.equals("nu")) {
                    c.nu = prior;
                } else {
                    c.priors = c.priors.with(target, prior, names);
                }
            } catch (IllegalArgumentException e) {
                throw new InputException("--prior " + a + ": " + e.getMessage());
            }
        }
        return c;
    }

    /** The assignments that do not concern G. */
    List<String> rest() {
        return rest;
    }

    /** G as a Gibbs block, for the one-stage model. */
    EffectsPrior effects(SiteData sites) {
        try {
            return model.equals("t") ? new StudentEffectsPrior(sites, priors, nu) : new NormalEffectsPrior(sites, priors);
        } catch (IllegalArgumentException e) {
            throw new InputException("--prior: " + e.getMessage());
        }
    }

    /** The site-level model: the exact sampler for the normal G, Gibbs for the others. */
    SiteModel siteLevel(SiteData sites) {
        for (String a : rest) {
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
