package org.multisite.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

/**
 * Priors of the normal model: mu and each beta normal or flat (so that they integrate out in
 * closed form), and a prior on tau or on tau^2.
 *
 * <p>Data-scaled defaults ({@link #defaults(SiteData)}), with A = max(max_j |y_j|, sqrt(GM(s^2)))
 * and values rounded to three significant digits: mu ~ normal(0, 10 A), tau ~ half_cauchy(0,
 * max(sd(y), sqrt(GM(s^2)))), beta_k ~ normal(0, 10 A / sd(x_k)).
 */
public record NormalPriors(Prior mu, ScalePrior tau, List<Prior> beta) {
    public NormalPriors {
        requireLocation("mu", mu);
        beta = List.copyOf(beta);
        for (Prior b : beta) {
            requireLocation("beta", b);
        }
    }

    private static void requireLocation(String target, Prior prior) {
        if (!(prior instanceof Prior.Normal) && !(prior instanceof Prior.Flat)) {
            throw InvalidParameterException.prior(target, prior,
                    "the normal model integrates " + target + " out exactly and needs a normal or flat prior");
        }
    }

    /**
     * The data-scaled default priors. The scales take the estimates and their SEs together, so
     * that estimates tighter than their SEs (0.001 apart with SEs of 1) do not make the priors
     * say more than the data can: A = max(max_j |y_j|, sqrt(GM(s^2))) and the scale of tau
     * max(sd(y), sqrt(GM(s^2))); never 0, as SEs are positive.
     */
    public static NormalPriors defaults(SiteData data) {
        double[] y = data.estimates();
        double floor = Math.sqrt(data.geometricMeanVariance());
        double a = Math.max(Vectors.maxAbs(y), floor);
        double sd = Vectors.sd(y);
        sd = sd > floor ? sd : floor;
        List<Prior> beta = new ArrayList<>();
        for (int k = 0; k < data.covariateCount(); k++) {
            beta.add(Prior.normal(0, round3(10 * a / Vectors.sd(data.covariate(k)))));
        }
        return new NormalPriors(Prior.normal(0, round3(10 * a)), ScalePrior.onTau(Prior.halfCauchy(round3(sd))), beta);
    }

    /** Rounds to three significant digits, so printed priors are exactly the ones used. */
    static double round3(double x) {
        return new BigDecimal(x).round(new MathContext(3)).doubleValue();
    }

    /**
     * These priors with one replaced: target {@code mu}, {@code tau}, {@code tau2},
     * {@code beta} (every coefficient) or {@code beta[NAME]}.
     *
     * @throws org.multisite.data.InvalidParameterException for an unknown target or a prior the target cannot take
     */
    public NormalPriors with(String target, Prior prior, List<String> covariateNames) {
        GPriors g = new GPriors(java.util.Map.of("mu", mu), tau, beta, covariateNames).with(target, prior);
        return new NormalPriors(g.get("mu"), g.scale(), g.beta());
    }

    /**
     * The bracket in log tau for a grid or slice sampler: log(scale) +- width, cut to the
     * support the prior of tau allows.
     */
    double[] logTauBracket(double scale, double width) {
        double lower = Math.log(scale) - width;
        double upper = Math.log(scale) + width;
        double[] support = tauSupport();
        if (support[0] > 0) {
            lower = Math.max(lower, Math.log(support[0]));
        }
        if (Double.isFinite(support[1])) {
            upper = Math.min(upper, Math.log(support[1]));
        }
        if (!(upper > lower)) {
            upper = lower + 1;
        }
        return new double[] {lower, upper};
    }

    /** The support of tau allowed by its prior: {lower, upper}. */
    double[] tauSupport() {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        if (tau.prior() instanceof Prior.Uniform u) {
            lo = Math.max(0, u.lower());
            hi = u.upper();
            if (tau.onVariance()) {
                lo = Math.sqrt(lo);
                hi = Math.sqrt(hi);
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * Checks that the posterior is proper. With k flat coefficients, p(y | tau) falls like
     * tau^-(J - k) as tau grows, so a flat prior on tau needs J - k >= 2 and a flat prior on
     * tau^2 (density proportional to tau in tau) needs J - k >= 3.
     *
     * @throws IllegalArgumentException naming the prior that makes it improper
     */
    void checkFor(SiteData data) {
        if (beta.size() != data.covariateCount()) {
            throw new IllegalArgumentException(beta.size() + " beta priors for " + data.covariateCount() + " covariates");
        }
        int flat = mu.proper() ? 0 : 1;
        for (Prior b : beta) {
            flat += b.proper() ? 0 : 1;
        }
        if (!tau.prior().proper()) {
            int need = tau.onVariance() ? 3 : 2;
            int j = data.size();
            if (j - flat < need) {
                throw InvalidParameterException.prior(tau.target(), tau.prior(), "with " + j + " sites and " + flat
                        + " flat coefficient prior" + (flat == 1 ? "" : "s") + " the posterior is improper (needs J - "
                        + flat + " >= " + need + "); use a proper prior such as half_cauchy(0, 1)");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("mu ~ " + mu + ", " + tau);
        for (Prior p : beta) {
            b.append(", beta ~ ").append(p);
        }
        return b.toString();
    }
}
