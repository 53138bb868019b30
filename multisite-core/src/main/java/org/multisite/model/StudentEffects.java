package org.multisite.model;

import org.apache.commons.statistics.distribution.TDistribution;

/** G = t_nu(mu, tau): location mu, scale tau, nu degrees of freedom. Its SD is infinite for nu <= 2. */
public final class StudentEffects implements EffectDistribution {
    private final double mu;
    private final double tau;
    private final double nu;
    private final TDistribution t;

    public StudentEffects(double mu, double tau, double nu) {
        this.mu = mu;
        this.tau = tau;
        this.nu = nu;
        this.t = TDistribution.of(nu);
    }

    @Override
    public double density(double x) {
        return t.density((x - mu) / tau) / tau;
    }

    @Override
    public double cdf(double x) {
        return t.cumulativeProbability((x - mu) / tau);
    }

    @Override
    public double quantile(double p) {
        return mu + tau * t.inverseCumulativeProbability(p);
    }

    @Override
    public double mean() {
        return mu;
    }

    /** tau sqrt(nu / (nu - 2)), infinite for nu <= 2. */
    @Override
    public double sd() {
        return nu > 2 ? tau * Math.sqrt(nu / (nu - 2)) : Double.POSITIVE_INFINITY;
    }
}
