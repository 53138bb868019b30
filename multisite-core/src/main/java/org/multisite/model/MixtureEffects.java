package org.multisite.model;

import org.apache.commons.numbers.gamma.Erfc;

/** G = sum_k w_k N(mu_k, tau_k^2), a finite mixture of normals (weights sum to 1). */
public final class MixtureEffects implements EffectDistribution {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2 = Math.sqrt(2);

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
            d += w[k] * INV_SQRT_2PI / tau[k] * Math.exp(-0.5 * z * z);
        }
        return d;
    }

    @Override
    public double cdf(double x) {
        double f = 0;
        for (int k = 0; k < w.length; k++) {
            f += w[k] * 0.5 * Erfc.value(-(x - mu[k]) / (tau[k] * SQRT_2));
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
