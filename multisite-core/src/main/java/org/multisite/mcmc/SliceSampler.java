package org.multisite.mcmc;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Univariate slice sampling with stepping out and shrinkage (Neal 2003, "Slice sampling",
 * Annals of Statistics 31(3), figures 3 and 5). One call is one transition that leaves the
 * target, given by its log density up to a constant, invariant.
 *
 * <p>Every loop is bounded: the stepping out by m widths, the shrinkage by
 * {@value #MAX_SHRINKS} steps or until the bracket cannot shrink in double precision, after which
 * the chain stays at x0 (a point of the slice: the transition is still valid). A start where the
 * target is zero or undefined is refused, naming the parameter.
 */
public final class SliceSampler {
    /**
     * Shrinkage steps before the chain stays where it is: each step cuts the bracket by a uniform
     * fraction, so 200 steps reach 2^-100 of it in expectation, far below the precision of a double.
     */
    static final int MAX_SHRINKS = 200;

    private final double width;
    private final int maxSteps;
    private final String parameter;

    /**
     * @param width initial bracket width w (of the order of the target's scale)
     * @param maxSteps limit m on the stepping out, in widths
     * @param parameter what it samples, for messages
     */
    public SliceSampler(double width, int maxSteps, String parameter) {
        if (!(width > 0) || maxSteps < 1) {
            throw new IllegalArgumentException("width must be > 0 and maxSteps >= 1");
        }
        this.width = width;
        this.maxSteps = maxSteps;
        this.parameter = parameter;
    }

    /**
     * The sampler every model uses for a parameter on the log scale (a log SD, log df, log
     * scale): width 1, an e-fold, about the posterior SD of such a parameter or more, as Neal
     * (2003, section 4) advises a width of the order of the slice's size (stepping out and
     * shrinkage correct a poor guess at the cost of evaluations); at most 50 widths of stepping
     * out, far beyond any posterior on that scale.
     */
    public static SliceSampler onLogScale(String parameter) {
        return new SliceSampler(1, 50, parameter);
    }

    /**
     * One transition from x0.
     *
     * @param logDensity log of the target up to a constant; -infinity outside its support
     * @param x0 current point, where the log density is finite
     * @throws SamplerException if the log density at x0 is not finite
     */
    public double sample(DoubleUnaryOperator logDensity, double x0, UniformRandomProvider rng) {
        double f0 = logDensity.applyAsDouble(x0);
        if (!(f0 > Double.NEGATIVE_INFINITY) || f0 == Double.POSITIVE_INFINITY) {
            throw new SamplerException(parameter, "the chain is at " + x0 + " where the posterior's log density is " + f0
                    + " (outside the prior's support, or the data's likelihood underflowed)");
        }
        double logY = f0 + Math.log(rng.nextDouble()); // the slice height (fig. 3)
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
        // shrinkage (fig. 5), towards x0, which is in the slice
        for (int step = 0; step < MAX_SHRINKS; step++) {
            double x1 = left + (right - left) * rng.nextDouble();
            if (logDensity.applyAsDouble(x1) > logY) {
                return x1;
            }
            if (x1 < x0) {
                left = x1;
            } else {
                right = x1;
            }
            if (right - left < 1e-300 || x1 == x0 || !(left < right)) {
                return x0;
            }
        }
        return x0;
    }
}
