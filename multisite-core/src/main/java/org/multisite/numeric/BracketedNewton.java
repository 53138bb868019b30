package org.multisite.numeric;

/**
 * The root of an increasing function by Newton steps kept inside a bracket that bisection
 * shrinks whenever a step leaves it (a safeguarded Newton method, Press et al., Numerical
 * Recipes, 3rd ed., section 9.4, {@code rtsafe}): quadratic convergence where the slope is
 * informative, never worse than bisection where it is not (a zero or undefined slope).
 */
public final class BracketedNewton {
    /** Relative tolerance on the step and on the bracket. */
    private static final double TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 200;

    /** An increasing function and its slope. */
    public interface Function {
        /** f(x), with f'(x) written to slope[0]. */
        double value(double x, double[] slope);
    }

    private BracketedNewton() {
    }

    /**
     * The root of f in [lo, hi] (f(lo) <= 0 <= f(hi)), from x: stops when a Newton step or the
     * bracket is within 1e-12 of the point's magnitude (plus 1).
     */
    public static double solve(Function f, double lo, double hi, double x) {
        double[] slope = new double[1];
        for (int it = 0; it < MAX_ITERATIONS && hi - lo > TOLERANCE * (1 + Math.abs(lo) + Math.abs(hi)); it++) {
            double v = f.value(x, slope);
            if (v == 0) {
                return x;
            }
            if (v < 0) {
                lo = x;
            } else {
                hi = x;
            }
            double next = x - v / slope[0];
            if (Math.abs(next - x) <= TOLERANCE * (1 + Math.abs(x))) {
                // converged: x itself may now be an end of the bracket, so return Newton's point
                return next;
            }
            x = next >= lo && next <= hi && Double.isFinite(next) ? next : 0.5 * (lo + hi);
        }
        return x;
    }
}
