package org.multisite.mcmc;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.DoubleStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.numeric.Vectors;

/**
 * Independent draws from a one-dimensional density known up to a constant, by inversion of
 * its CDF on an adaptive grid (the tau step of BDA3 section 5.4, made automatic).
 *
 * <p>The log density is evaluated on a coarse grid over a wide bracket and again on a medium
 * grid over the region where it is within {@value #LOG_DROP} of its maximum. The final grid
 * merges a uniform grid over that region with a dense one over the core, where the log
 * density is within {@value #CORE_DROP} of its maximum (so long thin tails, such as the
 * lower tail of log tau, do not dilute the resolution of the bulk). On the final grid the density
 * is taken as piecewise linear, its CDF integrates exactly (trapezoids), and a draw inverts
 * the CDF by solving the quadratic within the segment. The neglected mass outside the region
 * is below exp(-{@value #LOG_DROP}) relative to the mode's neighbourhood.
 */
public final class GridSampler {
    /** Log-density drop from the maximum at which the region is cut. */
    static final double LOG_DROP = 40;
    /** Log-density drop that bounds the densely gridded core. */
    static final double CORE_DROP = 12;
    private static final int COARSE = 200;
    private static final int MEDIUM = 400;
    private static final int WIDE = 1001;
    private static final int CORE = 2001;

    private final double[] x;
    private final double[] density;
    private final double[] cdf;

    private GridSampler(double[] x, double[] density, double[] cdf) {
        this.x = x;
        this.density = density;
        this.cdf = cdf;
    }

    /** Grid points evaluated per task of the parallel loop. */
    private static final int POINTS_PER_TASK = 32;

    /** As {@link #of(Supplier, double, double)} for a log density that threads may share (no scratch space). */
    public static GridSampler of(DoubleUnaryOperator logDensity, double lower, double upper) {
        return of(() -> logDensity, lower, upper);
    }

    /**
     * Builds the sampler for the log density that {@code evaluators} gives on [lower, upper].
     * The grid's points are evaluated in parallel, each by its thread's own evaluator (a log
     * density may keep scratch space), each value in its own slot: the same grid on any number
     * of threads.
     *
     * @param evaluators a new evaluator of the log of the unnormalized density (-infinity where
     *                   it is 0) for each thread that asks
     * @throws IllegalArgumentException if the density is nowhere positive and finite on the bracket
     */
    public static GridSampler of(Supplier<DoubleUnaryOperator> evaluators, double lower, double upper) {
        ThreadLocal<DoubleUnaryOperator> logDensity = ThreadLocal.withInitial(evaluators);
        double[] coarse = grid(lower, upper, COARSE);
        double[] region = region(coarse, evaluate(logDensity, coarse), LOG_DROP, lower, upper);
        double[] medium = grid(region[0], region[1], MEDIUM);
        double[] mediumLogp = evaluate(logDensity, medium);
        double[] wide = region(medium, mediumLogp, LOG_DROP, lower, upper);
        double[] core = region(medium, mediumLogp, CORE_DROP, lower, upper);
        double[] x = DoubleStream.concat(Arrays.stream(grid(wide[0], wide[1], WIDE)),
                Arrays.stream(grid(core[0], core[1], CORE))).sorted().distinct().toArray();
        int n = x.length;
        double[] logp = evaluate(logDensity, x);
        double max = Vectors.max(logp);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.exp(logp[i] - max);
        }
        double[] c = new double[n];
        for (int i = 1; i < n; i++) {
            c[i] = c[i - 1] + 0.5 * (d[i - 1] + d[i]) * (x[i] - x[i - 1]);
        }
        return new GridSampler(x, d, c);
    }

    /** The part of grid x where logp is within {@code drop} of its maximum, one grid step wider. */
    private static double[] region(double[] x, double[] logp, double drop, double lower, double upper) {
        int n = x.length;
        double max = Vectors.max(logp);
        if (!Double.isFinite(max)) {
            throw new IllegalArgumentException("the density is not positive and finite anywhere on ["
                    + lower + ", " + upper + "]");
        }
        int lo = 0;
        while (logp[lo] < max - drop) {
            lo++;
        }
        int hi = n - 1;
        while (logp[hi] < max - drop) {
            hi--;
        }
        return new double[] {x[Math.max(lo - 1, 0)], x[Math.min(hi + 1, n - 1)]};
    }

    private static double[] grid(double lower, double upper, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lower + (upper - lower) * i / (n - 1);
        }
        x[n - 1] = upper;
        return x;
    }

    private static double[] evaluate(ThreadLocal<DoubleUnaryOperator> f, double[] x) {
        double[] out = new double[x.length];
        Workers.forEach(x.length, POINTS_PER_TASK, i -> {
            double v = f.get().applyAsDouble(x[i]);
            out[i] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        });
        return out;
    }

    /** One draw: inverts the piecewise-quadratic CDF at a uniform variate. */
    public double sample(UniformRandomProvider rng) {
        return inverseCdf(rng.nextDouble());
    }

    /** The point where the grid CDF equals p (0 <= p < 1). */
    public double inverseCdf(double p) {
        double target = p * cdf[cdf.length - 1];
        int lo = 0;
        int hi = cdf.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double h = x[hi] - x[lo];
        double r = target - cdf[lo];
        double b = density[lo];
        double a = (density[hi] - density[lo]) / (2 * h);
        // integral of the linear density over [x_lo, x_lo + t] is b t + a t^2 = r; stable root
        double disc = Math.max(b * b + 4 * a * r, 0);
        double t = b + Math.sqrt(disc) == 0 ? 0 : 2 * r / (b + Math.sqrt(disc));
        return x[lo] + Math.min(Math.max(t, 0), h);
    }

    /** The mean of the grid density (exact for the piecewise-linear density). */
    public double mean() {
        double m = 0;
        for (int i = 1; i < x.length; i++) {
            double h = x[i] - x[i - 1];
            // integral of x d(x) over a segment with linear d: h/6 (d0 (2 x0 + x1) + d1 (x0 + 2 x1))
            m += h / 6 * (density[i - 1] * (2 * x[i - 1] + x[i]) + density[i] * (x[i - 1] + 2 * x[i]));
        }
        return m / cdf[cdf.length - 1];
    }

    /** Lower end of the grid. */
    public double lower() {
        return x[0];
    }

    /** Upper end of the grid. */
    public double upper() {
        return x[x.length - 1];
    }
}
