package org.multisite.mcmc;

import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Elliptical slice sampling (Murray, Adams & MacKay 2010, "Elliptical slice sampling", AISTATS,
 * figure 2) for a vector with a zero-mean Gaussian prior: one transition that leaves
 * prior x likelihood invariant, with no step size to tune.
 */
public final class EllipticalSlice {
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
     * @return the log likelihood at the new x
     */
    public static double step(double[] x, double[] nu, double[] work, ToDoubleFunction<double[]> logLikelihood,
                              double current, UniformRandomProvider rng) {
        double logY = current + Math.log(rng.nextDouble());
        double angle = 2 * Math.PI * rng.nextDouble();
        double lo = angle - 2 * Math.PI;
        double hi = angle;
        while (true) {
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
    }
}
