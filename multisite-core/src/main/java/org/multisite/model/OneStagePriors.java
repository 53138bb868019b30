package org.multisite.model;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;

/**
 * Priors of the one-stage models: G's ({@link NormalPriors}), the residual SD of each arm
 * (continuous outcome), the unit covariates' coefficients (normal or flat), the fixed
 * intercepts (normal or flat), and for random intercepts their mean alpha (normal) and SD
 * omega. Defaults, rounded to three significant digits, G's from the two-stage site estimates
 * and, for a continuous outcome, scaled to it: sigma ~ half_cauchy(0, sd(y)); gamma_k ~
 * normal(0, 10 sd(y) / sd(z_k)); a flat; alpha ~ normal(mean(y), 10 sd(y)); omega ~
 * half_cauchy(0, sd(y)). For a binary outcome, on the log-odds scale (Gelman, Jakulin, Pittau &
 * Su 2008): gamma_k ~ normal(0, 2.5 / sd(z_k)); a ~ normal(0, 5); alpha ~ normal(0, 5);
 * omega ~ half_cauchy(0, 1).
 */
public record OneStagePriors(NormalPriors g, Prior sigma, List<Prior> gamma, Prior intercept, Prior alpha, Prior omega) {
    public OneStagePriors {
        gamma = List.copyOf(gamma);
        for (Prior p : gamma) {
            if (!(p instanceof Prior.Normal) && !(p instanceof Prior.Flat)) {
                throw InvalidParameterException.prior("gamma", p, "the one-stage model needs a normal or flat prior on gamma");
            }
        }
        if (!(intercept instanceof Prior.Normal) && !(intercept instanceof Prior.Flat)) {
            throw InvalidParameterException.prior("a", intercept, "fixed intercepts need a normal or flat prior");
        }
        if (!(alpha instanceof Prior.Normal)) {
            throw InvalidParameterException.prior("alpha", alpha, "the intercepts' mean needs a normal prior");
        }
        if (!sigma.proper() || !sigma.positive()) {
            throw InvalidParameterException.prior("sigma", sigma, "the residual SDs need a proper prior on (0, infinity)");
        }
        if (!omega.proper() || !omega.positive()) {
            throw InvalidParameterException.prior("omega", omega, "the intercepts' SD needs a proper prior on (0, infinity)");
        }
    }

    public static OneStagePriors defaults(UnitData units, SiteData siteEstimates) {
        if (units.family() == org.multisite.data.Family.BINOMIAL) {
            List<Prior> gamma = new ArrayList<>();
            for (int k = 0; k < units.covariateNames().size(); k++) {
                gamma.add(Prior.normal(0, NormalPriors.round3(2.5 / covariateSd(units, k))));
            }
            return new OneStagePriors(NormalPriors.defaults(siteEstimates), Prior.halfCauchy(1), gamma,
                    Prior.normal(0, 5), Prior.normal(0, 5), Prior.halfCauchy(1));
        }
        double[] y = new double[units.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = units.outcome(i);
        }
        double sd = Vectors.sd(y);
        if (!(sd > 0)) {
            sd = 1;
        }
        List<Prior> gamma = new ArrayList<>();
        for (int k = 0; k < units.covariateNames().size(); k++) {
            gamma.add(Prior.normal(0, NormalPriors.round3(10 * sd / covariateSd(units, k))));
        }
        Prior halfCauchy = Prior.halfCauchy(NormalPriors.round3(sd));
        return new OneStagePriors(NormalPriors.defaults(siteEstimates), halfCauchy, gamma, Prior.flat(),
                Prior.normal(NormalPriors.round3(Vectors.mean(y)), NormalPriors.round3(10 * sd)), halfCauchy);
    }

    private static double covariateSd(UnitData units, int k) {
        double[] zk = new double[units.size()];
        for (int i = 0; i < zk.length; i++) {
            zk[i] = units.covariate(k, i);
        }
        double sz = Vectors.sd(zk);
        return sz > 0 ? sz : 1;
    }

    /** These priors with one replaced: sigma, gamma, gamma[NAME], a, alpha or omega (G's priors are its model's). */
    public OneStagePriors with(String target, Prior prior, List<String> covariateNames) {
        if (prior instanceof Prior.Fixed) {
            throw InvalidParameterException.prior(target, prior, "the one-stage model cannot hold " + target + " fixed; give it a prior");
        }
        switch (target) {
            case "sigma":
                return new OneStagePriors(g, prior, gamma, intercept, alpha, omega);
            case "a":
                return new OneStagePriors(g, sigma, gamma, prior, alpha, omega);
            case "alpha":
                return new OneStagePriors(g, sigma, gamma, intercept, prior, omega);
            case "omega":
                return new OneStagePriors(g, sigma, gamma, intercept, alpha, prior);
            case "gamma": {
                List<Prior> all = new ArrayList<>();
                for (int k = 0; k < gamma.size(); k++) {
                    all.add(prior);
                }
                return new OneStagePriors(g, sigma, all, intercept, alpha, omega);
            }
            default:
                if (target.startsWith("gamma[") && target.endsWith("]")) {
                    int k = covariateNames.indexOf(target.substring(6, target.length() - 1));
                    if (k < 0) {
                        throw InvalidParameterException.prior(target, prior, "no unit covariate of that name (" + covariateNames + ")");
                    }
                    List<Prior> all = new ArrayList<>(gamma);
                    all.set(k, prior);
                    return new OneStagePriors(g, sigma, all, intercept, alpha, omega);
                }
                if (target.startsWith("beta")) {
                    throw InvalidParameterException.prior(target, prior, "the one-stage model has no site covariates");
                }
                throw InvalidParameterException.prior(target, prior, "the one-stage model has no parameter '" + target
                        + "' (beside G's, it takes priors on sigma, gamma, gamma[NAME], a, alpha, omega)");
        }
    }
}
