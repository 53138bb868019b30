package org.multisite.prior;

/**
 * A prior on the scale tau of G, stated either on tau itself ({@code tau=half_cauchy(0, 5)})
 * or on the variance tau^2 ({@code tau2=inv_gamma(1, 1)}).
 *
 * <p>{@link #logDensityTau(double)} is always the log density of tau: for a prior on the
 * variance, p(tau) = p_{tau^2}(tau^2) * 2 tau.
 */
public record ScalePrior(Prior prior, boolean onVariance) {
    public ScalePrior {
        if (prior.proper() && !prior.positive()) {
            throw new IllegalArgumentException((onVariance ? "tau2" : "tau") + ": prior " + prior
                    + " puts mass on negative values; use a distribution on (0, infinity) such as half_cauchy(0, 1)");
        }
    }

    public static ScalePrior onTau(Prior prior) {
        return new ScalePrior(prior, false);
    }

    public static ScalePrior onVariance(Prior prior) {
        return new ScalePrior(prior, true);
    }

    /** log p(tau), for tau >= 0. */
    public double logDensityTau(double tau) {
        if (!onVariance) {
            return prior.logDensity(tau);
        }
        return prior.logDensity(tau * tau) + Prior.LOG_2 + Math.log(tau);
    }

    /** A chain's starting tau: {@code preferred} where the prior's density is positive, else a tau inside its support. */
    public double startTau(double preferred) {
        if (logDensityTau(preferred) > Double.NEGATIVE_INFINITY) {
            return preferred;
        }
        return onVariance ? Math.sqrt(prior.inSupport(preferred * preferred)) : prior.inSupport(preferred);
    }

    /** {@link #startTau} on the log scale: {@code logPreferred} itself (unchanged) when tau is in the support. */
    public double logStartTau(double logPreferred) {
        double tau = Math.exp(logPreferred);
        return logDensityTau(tau) > Double.NEGATIVE_INFINITY ? logPreferred : Math.log(startTau(tau));
    }

    /** The parameter the prior is stated on: {@code tau} or {@code tau2}. */
    public String target() {
        return onVariance ? "tau2" : "tau";
    }

    @Override
    public String toString() {
        return target() + " ~ " + prior;
    }
}
