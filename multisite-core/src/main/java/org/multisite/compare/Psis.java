package org.multisite.compare;

import java.util.Arrays;
import org.multisite.numeric.RadixOrder;

/**
 * Pareto smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto
 * smoothed importance sampling", JMLR 25) as the R package loo applies it to leave-one-out
 * cross-validation (Vehtari, Gelman & Gabry 2017): the largest M = ceil(min(0.2 S, 3 sqrt(S)))
 * importance ratios (relative efficiency 1) are replaced by quantiles of a generalized Pareto
 * distribution fitted to them (Zhang & Stephens 2009, as loo's {@code gpdfit}), and no smoothed
 * weight may exceed the largest raw one. The fitted shape k is the diagnostic: above 0.7 the
 * estimate is unreliable.
 */
public final class Psis {
    /** Pareto k above which PSIS estimates are unreliable (Vehtari et al. 2024, for S in the thousands). */
    public static final double K_THRESHOLD = 0.7;
    /** The Zhang-Stephens prior constant and loo's grid size 80 + floor(sqrt(N)). */
    private static final double GPD_PRIOR = 3;
    private static final int GPD_MIN_GRID = 80;

    private Psis() {
    }

    /** Smoothed log weights and the Pareto k of one vector of log importance ratios. */
    public record Result(double[] logWeights, double k) {
    }

    /** PSIS of {@code logRatios} (for LOO: minus the log likelihood of one observation in each draw). */
    public static Result smooth(double[] logRatios) {
        int s = logRatios.length;
        double max = Arrays.stream(logRatios).max().orElse(0);
        double[] lw = new double[s];
        for (int i = 0; i < s; i++) {
            lw[i] = logRatios[i] - max;
        }
        int tail = (int) Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s)));
        if (tail < 5) {
            return new Result(shiftBack(lw, max), Double.NaN);
        }
        // the ascending order, ties in index order (Double.compare's order, stable): as a
        // comparator sort of boxed indices had it, at a tenth of the cost
        int[] order = RadixOrder.order(lw);
        double cutoff = Math.exp(lw[order[s - tail - 1]]);
        double[] x = new double[tail];
        boolean constant = true;
        for (int i = 0; i < tail; i++) {
            x[i] = Math.exp(lw[order[s - tail + i]]) - cutoff;
            constant &= x[i] == x[0];
        }
        if (constant) {
            return new Result(shiftBack(lw, max), Double.NaN);
        }
        double[] fit = gpdFit(x);
        double k = fit[0];
        double sigma = fit[1];
        if (Double.isFinite(k)) {
            for (int i = 0; i < tail; i++) {
                double p = (i + 0.5) / tail;
                double q = cutoff + gpdQuantile(p, k, sigma);
                // truncated at the largest raw weight, exp(0) after the shift
                lw[order[s - tail + i]] = Math.min(Math.log(q), 0);
            }
        }
        return new Result(shiftBack(lw, max), k);
    }

    private static double[] shiftBack(double[] lw, double max) {
        for (int i = 0; i < lw.length; i++) {
            lw[i] += max;
        }
        return lw;
    }

    /** Quantile of the generalized Pareto distribution with location 0, shape k and scale sigma. */
    static double gpdQuantile(double p, double k, double sigma) {
        if (k == 0) {
            return -sigma * Math.log1p(-p);
        }
        return sigma * Math.expm1(-k * Math.log1p(-p)) / k;
    }

    /**
     * {k, sigma} of a generalized Pareto distribution fitted to exceedances x >= 0 by the
     * empirical Bayes method of Zhang & Stephens (2009), with loo's weakly informative
     * adjustment of k towards 0.5 (k (n / (n + 10)) + 0.5 (10 / (n + 10))).
     */
    static double[] gpdFit(double[] exceedances) {
        double[] x = exceedances.clone();
        Arrays.sort(x);
        int n = x.length;
        int m = GPD_MIN_GRID + (int) Math.floor(Math.sqrt(n));
        int quarter = (int) Math.floor(n / 4.0 + 0.5);
        double[] b = new double[m];
        double[] l = new double[m];
        for (int j = 0; j < m; j++) {
            b[j] = 1 / x[n - 1] + (1 - Math.sqrt(m / (j + 0.5))) / GPD_PRIOR / x[quarter - 1];
            l[j] = n * profileLogLikelihood(b[j], x);
        }
        double bdotw = 0;
        for (int j = 0; j < m; j++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += Math.exp(l[i] - l[j]);
            }
            bdotw += b[j] / sum;
        }
        double k = 0;
        for (double v : x) {
            k += Math.log1p(-bdotw * v);
        }
        k /= n;
        // k here is already the usual shape (the negative of Zhang & Stephens' k), as in loo
        double sigma = -k / bdotw;
        double a = 10;
        k = k * n / (n + a) + a * 0.5 / (n + a);
        return new double[] {k, sigma};
    }

    /** The profile log likelihood per observation at theta = -b (Zhang & Stephens 2009, eq. 4). */
    private static double profileLogLikelihood(double b, double[] x) {
        double a = -b;
        double k = 0;
        for (double v : x) {
            k += Math.log1p(a * v);
        }
        k /= x.length;
        return Math.log(a / k) - k - 1;
    }
}
