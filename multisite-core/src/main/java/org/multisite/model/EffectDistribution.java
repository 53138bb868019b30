package org.multisite.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.numeric.BracketedNewton;
import org.multisite.numeric.StandardNormal;

/**
 * The distribution G of site effects implied by one posterior draw of a model's parameters
 * (for a site at the mean of the covariates). Summaries of G (density and CDF bands,
 * quantiles, the predictive distribution of a new site) are computed over draws from these.
 */
public interface EffectDistribution {
    double density(double x);

    double cdf(double x);

    double mean();

    /**
     * A draw from G (a new site's effect, for predictive checks): by inversion of the CDF,
     * {@link #quantile} at a uniform draw; models override it where a direct draw is cheaper.
     */
    default double sample(UniformRandomProvider rng) {
        return quantile(openUnit(rng));
    }

    /** A uniform draw on (0, 1): a 0 from the generator becomes 2^-53, so that quantiles stay finite. */
    static double openUnit(UniformRandomProvider rng) {
        double u = rng.nextDouble();
        return u > 0 ? u : 0x1.0p-53;
    }

    /** A standard normal draw by inversion (one uniform, so draws do not depend on a sampler's state). */
    static double standardNormal(UniformRandomProvider rng) {
        return StandardNormal.quantile(openUnit(rng));
    }

    double sd();

    /**
     * The p-quantile. The default inverts {@link #cdf} by Newton steps with {@link #density}
     * inside a bracket that bisection keeps ({@link BracketedNewton}), for models without a
     * closed form whose density is the CDF's derivative; a G with atoms, whose CDF jumps, takes
     * {@link #bisection} instead.
     */
    default double quantile(double p) {
        double[] b = bracket(this, p);
        return BracketedNewton.solve((t, slope) -> {
            slope[0] = density(t);
            return cdf(t) - p;
        }, b[0], b[1], 0.5 * (b[0] + b[1]));
    }

    /** The p-quantile of d by bisection of its CDF to 1e-12 of its magnitude: where the CDF may jump. */
    static double bisection(EffectDistribution d, double p) {
        double[] b = bracket(d, p);
        double lo = b[0];
        double hi = b[1];
        for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + Math.abs(lo)); i++) {
            double mid = 0.5 * (lo + hi);
            if (d.cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** An interval [lo, hi] with cdf(lo) <= p <= cdf(hi): mean -/+ sd, widened in doubling steps. */
    private static double[] bracket(EffectDistribution d, double p) {
        double lo = d.mean() - d.sd();
        double hi = d.mean() + d.sd();
        double step = Math.max(d.sd(), 1e-12);
        while (d.cdf(lo) > p) {
            lo -= step;
            step *= 2;
        }
        step = Math.max(d.sd(), 1e-12);
        while (d.cdf(hi) < p) {
            hi += step;
            step *= 2;
        }
        return new double[] {lo, hi};
    }
}
