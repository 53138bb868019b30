package org.multisite.model;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.statistics.distribution.NormalDistribution;

/** G = N(mean, sd^2); sd may be 0 (a point mass). */
public record NormalEffects(double mean, double sd) implements EffectDistribution {
    private static final double SQRT_2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    @Override
    public double density(double x) {
        if (sd == 0) {
            return x == mean ? Double.POSITIVE_INFINITY : 0;
        }
        double z = (x - mean) / sd;
        return INV_SQRT_2PI / sd * Math.exp(-0.5 * z * z);
    }

    @Override
    public double cdf(double x) {
        if (sd == 0) {
            return x >= mean ? 1 : 0;
        }
        return 0.5 * Erfc.value(-(x - mean) / (sd * SQRT_2));
    }

    @Override
    public double quantile(double p) {
        return mean + sd * STANDARD.inverseCumulativeProbability(p);
    }
}
