package org.multisite.sim;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.multisite.mcmc.GammaDraw;

/** How simulated sites get their standard errors (design.md section 6). */
public sealed interface SeDesign {
    /**
     * The informativeness design: s_j^2 log-spaced over the sites with geometric mean
     * GM = (1 - I) / I tau^2, so that I = tau^2 / (tau^2 + GM(s^2)), and spread so that
     * max s^2 / min s^2 = {@code varianceRatio}. Use {@link #ofSeRatio} to give the ratio of
     * the standard errors instead (its square is the variance ratio).
     */
    record Informativeness(double informativeness, double varianceRatio) implements SeDesign {
        public Informativeness {
            if (!(informativeness > 0 && informativeness < 1) || !(varianceRatio >= 1)) {
                throw new IllegalArgumentException("need 0 < I < 1 and a ratio >= 1");
            }
        }

        /** R given as max s / min s. */
        public static Informativeness ofSeRatio(double informativeness, double seRatio) {
            return new Informativeness(informativeness, seRatio * seRatio);
        }

        @Override
        public double se(int j, int sites, double tau, UniformRandomProvider rng, NormalizedGaussianSampler z) {
            double gm = (1 - informativeness) / informativeness * tau * tau;
            // log s_j^2 evenly spaced over log GM +- log(R) / 2
            double position = sites == 1 ? 0 : (double) j / (sites - 1) - 0.5;
            return Math.sqrt(gm * Math.pow(varianceRatio, position));
        }
    }

    /**
     * Site sizes: n_j from a gamma with the given mean and coefficient of variation (shape
     * 1 / CV^2), rounded and redrawn while below {@code minimum}; s_j^2 = kappa / n_j (kappa = 4
     * for a difference in means of a unit-variance outcome with half the units treated).
     */
    record SiteSizes(double meanSize, double cv, int minimum, double kappa) implements SeDesign {
        public SiteSizes {
            if (!(meanSize >= 1) || !(cv > 0) || minimum < 1 || !(kappa > 0) || minimum > 10 * meanSize) {
                throw new IllegalArgumentException("need mean size >= 1, CV > 0, 1 <= minimum <= 10 x mean, kappa > 0");
            }
        }

        /** The site's size. */
        public int size(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            double shape = 1 / (cv * cv);
            while (true) {
                long n = Math.round(GammaDraw.sample(shape, rng, z) * meanSize / shape);
                if (n >= minimum) {
                    return (int) Math.min(n, Integer.MAX_VALUE);
                }
            }
        }

        @Override
        public double se(int j, int sites, double tau, UniformRandomProvider rng, NormalizedGaussianSampler z) {
            return Math.sqrt(kappa / size(rng, z));
        }
    }

    /** Site j's standard error (0-based, of {@code sites}); drawn from {@code rng} when the design is random. */
    double se(int j, int sites, double tau, UniformRandomProvider rng, NormalizedGaussianSampler z);
}
