package org.multisite.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;

/**
 * Gamma(shape, 1) draws for a shape that changes from draw to draw, without allocation
 * (the library's samplers fix the shape at construction): Marsaglia & Tsang (2000), "A simple
 * method for generating gamma variables", ACM TOMS 26(3), section 2 for shape >= 1, and the
 * boost Gamma(a) = Gamma(a + 1) U^(1/a) of their section 6 for shape < 1.
 */
public final class GammaDraw {
    private GammaDraw() {
    }

    /** One draw of Gamma(shape, rate 1), shape > 0. */
    public static double sample(double shape, UniformRandomProvider rng, NormalizedGaussianSampler gaussian) {
        if (shape < 1) {
            return sample(shape + 1, rng, gaussian) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian.sample();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            // the squeeze, then the exact log test (their eq. on p. 369)
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
