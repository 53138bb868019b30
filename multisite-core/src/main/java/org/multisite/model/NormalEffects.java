package org.multisite.model;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.multisite.numeric.StandardNormal;

/** G = N(mean, sd^2); sd may be 0 (a point mass). */
public record NormalEffects(double mean, double sd) implements EffectDistribution {
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    @Override
    public double density(double x) {
        if (sd == 0) {
            return x == mean ? Double.POSITIVE_INFINITY : 0;
        }
        double z = (x - mean) / sd;
        return StandardNormal.density(z) / sd;
    }

    @Override
    public double cdf(double x) {
        if (sd == 0) {
            return x >= mean ? 1 : 0;
        }
        return StandardNormal.cdf((x - mean) / sd);
    }

    @Override
    public double quantile(double p) {
        return mean + sd * STANDARD.inverseCumulativeProbability(p);
    }
}
