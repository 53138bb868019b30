package org.multisite.sim;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.GammaDraw;
import org.multisite.numeric.Decimals;

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
            if (!(informativeness > 0 && informativeness < 1)) {
                throw InvalidParameterException.of("informativeness", informativeness, "expected a number in (0, 1)");
            }
            if (!(varianceRatio >= 1) || !Double.isFinite(varianceRatio)) {
                throw InvalidParameterException.of("se_ratio", varianceRatio, "expected a number >= 1");
            }
        }

        /** R given as max s / min s. */
        public static Informativeness ofSeRatio(double informativeness, double seRatio) {
            if (!(seRatio >= 1) || !Double.isFinite(seRatio)) {
                throw InvalidParameterException.of("sd_ratio", seRatio, "expected a number >= 1");
            }
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
     * 1 / CV^2), rounded and redrawn while below {@code minimum}, or every site of the mean size
     * (rounded) when the CV is 0; s_j^2 = kappa / n_j (kappa = 4
     * for a difference in means of a unit-variance outcome with half the units treated).
     */
    record SiteSizes(double meanSize, double cv, int minimum, double kappa) implements SeDesign {
        /** The largest mean site size: far beyond any trial's, and within an int. */
        public static final double MAX_SIZE = 1e8;

        public SiteSizes {
            if (!(meanSize >= 1) || !(meanSize <= MAX_SIZE)) {
                throw InvalidParameterException.of("site_size", meanSize, "expected a mean site size from 1 to " + Decimals.format(MAX_SIZE));
            }
            if (!(cv >= 0) || !Double.isFinite(cv)) {
                throw InvalidParameterException.of("size_cv", cv, "expected a number >= 0");
            }
            if (minimum < 1 || minimum > 10 * meanSize) {
                throw InvalidParameterException.of("min_size", minimum, "expected 1 to 10 times the mean site size");
            }
            if (!(kappa > 0) || !Double.isFinite(kappa)) {
                throw InvalidParameterException.of("se_kappa", kappa, "expected a number > 0");
            }
        }

        /** The site's size. */
        public int size(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            if (cv == 0) {
                return (int) Math.max(minimum, Math.round(meanSize));
            }
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
