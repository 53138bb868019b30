package org.multisite.mcmc;

import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Elliptical slice sampling (Murray, Adams & MacKay 2010, "Elliptical slice sampling", AISTATS,
 * figure 2) for a vector with a zero-mean Gaussian prior: one transition that leaves
 * prior x likelihood invariant, with no step size to tune.
 *
 * <p>The bracket of angles is the full turn, or narrower when the caller says: a bracket of width w
 * placed uniformly at random around 0 and shrunk towards it without stepping out is Neal (2003,
 * "Slice sampling", Ann. Statist. 31, section 4)'s randomly positioned initial interval on the
 * angle, which leaves the target invariant for any w; it bounds a step's angle by w, and saves
 * evaluations when the likelihood confines the accepted angles to far less than a turn.
 *
 * <p>The bracket of angles shrinks towards 0, the current point, which is on the slice; the loop
 * is bounded by {@value #MAX_SHRINKS} shrinkages (each cuts the bracket by a uniform fraction),
 * after which the current point is kept. A current point whose log likelihood is not finite is
 * refused: no slice can be drawn from it.
 */
public final class EllipticalSlice {
    /** Shrinkages of the bracket of angles before the current point is kept: the slice sampler's bound, for the same reason. */
    static final int MAX_SHRINKS = SliceSampler.MAX_SHRINKS;

    private EllipticalSlice() {
    }

    /**
     * One transition of {@code x} (updated in place).
     *
     * @param x the current value, a deviation from the prior's mean
     * @param nu a fresh draw from the prior N(0, C), filled by the caller
     * @param work scratch of x's length, receives the proposals passed to {@code logLikelihood}
     * @param logLikelihood log likelihood of a proposal
     * @param current the log likelihood at x
     * @param parameter what x is, for messages
     * @return the log likelihood at the new x
     * @throws SamplerException if {@code current} is not finite
     */
    public static double step(double[] x, double[] nu, double[] work, ToDoubleFunction<double[]> logLikelihood,
                              double current, UniformRandomProvider rng, String parameter) {
        return step(x, nu, work, logLikelihood, current, rng, parameter, 2 * Math.PI);
    }

    /**
     * As {@link #step(double[], double[], double[], ToDoubleFunction, double, UniformRandomProvider, String)}
     * with a bracket of angles of width {@code bracket} (at most 2 pi, the full turn) around 0.
     */
    public static double step(double[] x, double[] nu, double[] work, ToDoubleFunction<double[]> logLikelihood,
                              double current, UniformRandomProvider rng, String parameter, double bracket) {
        if (!(bracket > 0 && bracket <= 2 * Math.PI)) {
            throw new IllegalArgumentException("the bracket of angles must be in (0, 2 pi], not " + bracket);
        }
        if (!(current > Double.NEGATIVE_INFINITY) || current == Double.POSITIVE_INFINITY) {
            throw new SamplerException(parameter, "the log likelihood at the chain's current point is " + current
                    + " (the data's likelihood underflowed or is undefined there)");
        }
        double logY = current + Math.log(rng.nextDouble());
        double angle = bracket * rng.nextDouble();
        double lo = angle - bracket;
        double hi = angle;
        for (int shrink = 0; shrink < MAX_SHRINKS; shrink++) {
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            for (int k = 0; k < x.length; k++) {
                work[k] = x[k] * c + nu[k] * s;
            }
            double candidate = logLikelihood.applyAsDouble(work);
            if (candidate > logY) {
                System.arraycopy(work, 0, x, 0, x.length);
                return candidate;
            }
            if (angle < 0) {
                lo = angle;
            } else {
                hi = angle;
            }
            angle = lo + (hi - lo) * rng.nextDouble();
        }
        return current;
    }
}
