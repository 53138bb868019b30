package org.multisite.model;

import org.multisite.numeric.StandardNormal;

/** G = sum_k w_k N(mu_k, tau_k^2), a finite mixture of normals (weights sum to 1). */
public final class MixtureEffects implements EffectDistribution {

    private final double[] w;
    private final double[] mu;
    private final double[] tau;

    public MixtureEffects(double[] w, double[] mu, double[] tau) {
        this.w = w.clone();
        this.mu = mu.clone();
        this.tau = tau.clone();
    }

    @Override
    public double density(double x) {
        double d = 0;
        for (int k = 0; k < w.length; k++) {
            double z = (x - mu[k]) / tau[k];
            d += w[k] * StandardNormal.density(z) / tau[k];
        }
        return d;
    }

    @Override
    public double cdf(double x) {
        double f = 0;
        for (int k = 0; k < w.length; k++) {
            f += w[k] * StandardNormal.cdf((x - mu[k]) / tau[k]);
        }
        return f;
    }

    @Override
    public double mean() {
        double m = 0;
        for (int k = 0; k < w.length; k++) {
            m += w[k] * mu[k];
        }
        return m;
    }

    /** sqrt(sum_k w_k (tau_k^2 + mu_k^2) - mean^2). */
    @Override
    public double sd() {
        double second = 0;
        for (int k = 0; k < w.length; k++) {
            second += w[k] * (tau[k] * tau[k] + mu[k] * mu[k]);
        }
        double m = mean();
        return Math.sqrt(Math.max(second - m * m, 0));
    }
}
