package org.multisite.mcmc;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Univariate slice sampling with stepping out and shrinkage (Neal 2003, "Slice sampling",
 * Annals of Statistics 31(3), figures 3 and 5). One call is one transition that leaves the
 * target, given by its log density up to a constant, invariant.
 */
public final class SliceSampler {
    private final double width;
    private final int maxSteps;

    /**
     * @param width initial bracket width w (of the order of the target's scale)
     * @param maxSteps limit m on the stepping out, in widths
     */
    public SliceSampler(double width, int maxSteps) {
        if (!(width > 0) || maxSteps < 1) {
            throw new IllegalArgumentException("width must be > 0 and maxSteps >= 1");
        }
        this.width = width;
        this.maxSteps = maxSteps;
    }

    /**
     * The sampler every model uses for a parameter on the log scale (a log SD, log df, log
     * scale): width 1, an e-fold, about the posterior SD of such a parameter or more, as Neal
     * (2003, section 4) advises a width of the order of the slice's size (stepping out and
     * shrinkage correct a poor guess at the cost of evaluations); at most 50 widths of stepping
     * out, far beyond any posterior on that scale.
     */
    public static SliceSampler onLogScale() {
        return new SliceSampler(1, 50);
    }

    /**
     * One transition from x0.
     *
     * @param logDensity log of the target up to a constant; -infinity outside its support
     * @param x0 current point, where the log density is finite
     */
    public double sample(DoubleUnaryOperator logDensity, double x0, UniformRandomProvider rng) {
        double logY = logDensity.applyAsDouble(x0) + Math.log(rng.nextDouble()); // the slice height (fig. 3)
        // stepping out (fig. 3): randomly placed interval, extended until both ends are outside
        double left = x0 - width * rng.nextDouble();
        double right = left + width;
        int j = (int) Math.floor(maxSteps * rng.nextDouble());
        int k = maxSteps - 1 - j;
        while (j > 0 && logDensity.applyAsDouble(left) > logY) {
            left -= width;
            j--;
        }
        while (k > 0 && logDensity.applyAsDouble(right) > logY) {
            right += width;
            k--;
        }
        // shrinkage (fig. 5)
        while (true) {
            double x1 = left + (right - left) * rng.nextDouble();
            if (logDensity.applyAsDouble(x1) > logY) {
                return x1;
            }
            if (x1 < x0) {
                left = x1;
            } else {
                right = x1;
            }
            if (right - left < 1e-300) {
                return x0;
            }
        }
    }
}
