package org.multisite.eb;

import java.util.Arrays;
import org.multisite.data.SiteData;

/**
 * The Kiefer-Wolfowitz nonparametric maximum likelihood estimate of G on a fixed grid u_1..u_m:
 * the weights w on the simplex that maximize sum_i log sum_k L_ik w_k, with
 * L_ik = phi((y_i - u_k) / s_i) / s_i, each site with its own standard error.
 *
 * <p>Solved by sequential quadratic programming as in mix-SQP (Kim, Carbonetto, Stephens and
 * Anitescu 2020, J. Comput. Graph. Stat. 29, Algorithm 1): minimize the relaxed objective
 * f(x) = -(1/n) sum_i log (Lx)_i + sum_k x_k over x >= 0 (its minimizer lies on the simplex),
 * each step a nonnegative quadratic program in the exact Hessian (1/n) L' D^2 L, D = diag(1/Lx),
 * solved by a primal active-set method, then a backtracking line search. The rows of L are
 * scaled by their maxima, which changes nothing but the log likelihood's constant. It stops when
 * the optimality (KKT) conditions hold: the gradient (1 - (1/n) L'(1/Lx))_k is nonnegative to
 * 1e-10 on the whole grid and the weights sum to 1, or when three steps in a row no longer
 * lower the objective beyond its rounding error (then the condition typically holds to 1e-7,
 * the attainable precision on fine grids whose Hessians are nearly singular).
 */
public final class Npmle {
    private static final double KKT_TOLERANCE = 1e-10;
    private static final int MAX_ITERATIONS = 200;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private Npmle() {
    }

    /**
     * The estimate: the grid, G's mass at each point, the log likelihood, each site's posterior
     * mean, SD and central 95% interval (quantiles of its discrete posterior), the SQP iterations,
     * and the largest violation of optimality at the end (max_k (1/n) sum_i L_ik / (Lw)_i - 1).
     */
    public record Result(double[] grid, double[] mass, double logLik, double[] mean, double[] sd, double[] lower,
                         double[] upper, int iterations, double kktGap) {
    }

    /**
     * M equally spaced points from the smallest to the largest informative estimate (SE at most 3
     * times the median SE). REBayes' GLmix spans all the estimates; the two agree when the SEs are
     * alike, but a few nearly unconstrained estimates (separated logistic fits at +-20 among
     * effects of +-0.5 in the Bogota schools) would otherwise stretch the grid until its spacing
     * exceeds G's spread.
     */
    public static double[] automaticGrid(SiteData data, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 points");
        }
        double[] informative = data.informativeEstimates();
        double lo = Arrays.stream(informative).min().orElseThrow();
        double hi = Arrays.stream(informative).max().orElseThrow();
        if (!(hi > lo)) {
            throw new IllegalArgumentException("the estimates are all equal; give a grid");
        }
        double[] grid = new double[points];
        for (int k = 0; k < points; k++) {
            grid[k] = lo + (hi - lo) * k / (points - 1);
        }
        return grid;
    }

    public static Result fit(SiteData data, double[] grid) {
        int n = data.size();
        int m = grid.length;
        double[][] lik = new double[n][m];
        double logScale = 0;
        for (int i = 0; i < n; i++) {
            double y = data.estimate(i);
            double s = data.se(i);
            double[] logRow = new double[m];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                double z = (y - grid[k]) / s;
                logRow[k] = -0.5 * z * z - Math.log(s) - LOG_SQRT_2PI;
                max = Math.max(max, logRow[k]);
            }
            logScale += max;
            for (int k = 0; k < m; k++) {
                lik[i][k] = Math.exp(logRow[k] - max);
            }
        }
        double[] x = new double[m];
        Arrays.fill(x, 1.0 / m);
        int iterations = 0;
        int stalled = 0;
        double[] lx = times(lik, x);
        while (iterations < MAX_ITERATIONS) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = 1 / lx[i];
            }
            double[] g = gradient(lik, d);
            // KKT of the relaxed problem: g >= 0 and x'g = sum x - 1 = 0
            if (Arrays.stream(g).min().orElseThrow() >= -KKT_TOLERANCE
                    && Math.abs(Arrays.stream(x).sum() - 1) <= KKT_TOLERANCE) {
                break;
            }
            iterations++;
            HessianColumns h = new HessianColumns(lik, d);
            // the QP in y = x + p: minimize y'Hy/2 + (g - Hx)'y over y >= 0, with Hx = (1/n) L'd
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                b[k] = g[k] - (1 - g[k]);
            }
            double[] y = nonnegativeQp(h, b);
            double[] p = new double[m];
            double slope = 0;
            for (int k = 0; k < m; k++) {
                p[k] = y[k] - x[k];
                slope += g[k] * p[k];
            }
            double f0 = objective(lx, x);
            double alpha = 1;
            double[] next = new double[m];
            double[] nextLx;
            while (true) {
                for (int k = 0; k < m; k++) {
                    next[k] = Math.max(0, x[k] + alpha * p[k]);
                }
                nextLx = times(lik, next);
                // Armijo's sufficient decrease with c = 0.01 (mix-SQP's Algorithm 1 uses a backtracking
                // search of this kind); a step below 1e-12 no longer changes x in double precision
                if (objective(nextLx, next) <= f0 + 0.01 * alpha * slope || alpha < 1e-12) {
                    break;
                }
                alpha *= 0.5;
            }
            // at the optimum the achievable decrease falls below the objective's rounding (a gradient
            // of 1e-7 off the support moves f by about 1e-14): stop when three steps gain nothing
            stalled = f0 - objective(nextLx, next) <= 1e-15 * Math.abs(f0) ? stalled + 1 : 0;
            x = next.clone();
            lx = nextLx;
            if (stalled >= 3) {
                break;
            }
        }
        double total = Arrays.stream(x).sum();
        double[] w = new double[m];
        for (int k = 0; k < m; k++) {
            w[k] = x[k] / total;
        }
        lx = times(lik, w);
        double logLik = logScale;
        double maxRatio = 0;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            logLik += Math.log(lx[i]);
            d[i] = 1 / lx[i];
        }
        double[] g = gradient(lik, d);
        for (double gk : g) {
            maxRatio = Math.max(maxRatio, 1 - gk);
        }
        double[] mean = new double[n];
        double[] sd = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] post = new double[m];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < m; k++) {
                post[k] = lik[i][k] * w[k];
                sum += post[k];
            }
            double m1 = 0;
            for (int k = 0; k < m; k++) {
                post[k] /= sum;
                m1 += post[k] * grid[k];
            }
            double m2 = 0;
            for (int k = 0; k < m; k++) {
                m2 += post[k] * (grid[k] - m1) * (grid[k] - m1);
            }
            mean[i] = m1;
            sd[i] = Math.sqrt(m2);
            lower[i] = quantile(grid, post, 0.025);
            upper[i] = quantile(grid, post, 0.975);
        }
        return new Result(grid.clone(), w, logLik, mean, sd, lower, upper, iterations, maxRatio - 1);
    }

    /** The smallest grid point whose posterior CDF reaches p (grid ascending). */
    static double quantile(double[] grid, double[] post, double p) {
        double cdf = 0;
        for (int k = 0; k < grid.length; k++) {
            cdf += post[k];
            if (cdf >= p - 1e-12) { // the posterior sums to 1 only to rounding
                return grid[k];
            }
        }
        return grid[grid.length - 1];
    }

    private static double[] times(double[][] lik, double[] x) {
        double[] out = new double[lik.length];
        for (int i = 0; i < lik.length; i++) {
            double s = 0;
            double[] row = lik[i];
            for (int k = 0; k < x.length; k++) {
                s += row[k] * x[k];
            }
            out[i] = s;
        }
        return out;
    }

    /** The relaxed objective -(1/n) sum log Lx + sum x. */
    private static double objective(double[] lx, double[] x) {
        double s = 0;
        for (double v : lx) {
            s -= Math.log(v);
        }
        return s / lx.length + Arrays.stream(x).sum();
    }

    /** 1 - (1/n) L'd. */
    private static double[] gradient(double[][] lik, double[] d) {
        int n = lik.length;
        int m = lik[0].length;
        double[] g = new double[m];
        for (int i = 0; i < n; i++) {
            double[] row = lik[i];
            for (int k = 0; k < m; k++) {
                g[k] += row[k] * d[i];
            }
        }
        for (int k = 0; k < m; k++) {
            g[k] = 1 - g[k] / n;
        }
        return g;
    }

    /**
     * Columns of the Hessian (1/n) L' diag(d^2) L, each computed when first asked for, in O(nm):
     * the QP touches only the columns of its free set (G's support and its neighbours, tens of
     * points), so the m x m matrix (O(n m^2)) is never formed.
     */
    static final class HessianColumns {
        private final double[][] lik;
        private final double[] d2;
        private final double[][] columns;
        private final double maxDiagonal;

        HessianColumns(double[][] lik, double[] d) {
            this.lik = lik;
            int n = lik.length;
            int m = lik[0].length;
            d2 = new double[n];
            double[] diagonal = new double[m];
            for (int i = 0; i < n; i++) {
                d2[i] = d[i] * d[i];
                double[] row = lik[i];
                for (int k = 0; k < m; k++) {
                    diagonal[k] += d2[i] * row[k] * row[k];
                }
            }
            double max = 0;
            for (double v : diagonal) {
                max = Math.max(max, v / n);
            }
            maxDiagonal = max;
            columns = new double[m][];
        }

        double[] column(int k) {
            if (columns[k] == null) {
                int n = lik.length;
                double[] col = new double[columns.length];
                for (int i = 0; i < n; i++) {
                    double coefficient = d2[i] * lik[i][k] / n;
                    if (coefficient != 0) {
                        double[] row = lik[i];
                        for (int c = 0; c < col.length; c++) {
                            col[c] += coefficient * row[c];
                        }
                    }
                }
                columns[k] = col;
            }
            return columns[k];
        }
    }

    /**
     * Minimizes y'Hy/2 + b'y over y >= 0 by a primal active-set method (as Lawson and Hanson's
     * NNLS): grow the free set by the most negative gradient, solve on it, and step back to the
     * boundary when a free coordinate would turn negative. A ridge of 1e-10 (relative to the
     * diagonal) keeps the nearly singular grid Hessians solvable.
     */
    static double[] nonnegativeQp(HessianColumns h, double[] b) {
        int m = b.length;
        double ridge = 1e-10 * h.maxDiagonal;
        double[] y = new double[m];
        boolean[] free = new boolean[m];
        for (int outer = 0; outer < 10 * m; outer++) {
            double[] grad = b.clone();
            for (int a = 0; a < m; a++) {
                if (y[a] != 0) {
                    double[] col = h.column(a);
                    for (int c = 0; c < m; c++) {
                        grad[c] += col[c] * y[a];
                    }
                }
            }
            int enter = -1;
            // a coordinate enters when its gradient is negative beyond rounding of O(1) entries
            double most = -1e-13;
            for (int k = 0; k < m; k++) {
                if (!free[k] && grad[k] < most) {
                    most = grad[k];
                    enter = k;
                }
            }
            if (enter < 0) {
                return y;
            }
            free[enter] = true;
            while (true) {
                double[] z = solveFree(h, b, free, ridge);
                double step = 1;
                int leave = -1;
                for (int k = 0; k < m; k++) {
                    if (free[k] && z[k] <= 0) {
                        double t = y[k] / (y[k] - z[k]);
                        if (t < step) {
                            step = t;
                            leave = k;
                        }
                    }
                }
                if (leave < 0) {
                    y = z;
                    break;
                }
                for (int k = 0; k < m; k++) {
                    if (free[k]) {
                        y[k] += step * (z[k] - y[k]);
                        if (y[k] <= 1e-300 || k == leave) {
                            y[k] = 0;
                            free[k] = false;
                        }
                    }
                }
                if (Arrays.stream(y).allMatch(v -> v == 0) && !anyFree(free)) {
                    break;
                }
            }
        }
        return y;
    }

    private static boolean anyFree(boolean[] free) {
        for (boolean f : free) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** Solves H_FF z_F = -b_F (with the ridge) by Cholesky; zero off the free set. */
    private static double[] solveFree(HessianColumns h, double[] b, boolean[] free, double ridge) {
        int m = b.length;
        int[] idx = new int[m];
        int f = 0;
        for (int k = 0; k < m; k++) {
            if (free[k]) {
                idx[f++] = k;
            }
        }
        double[][] c = new double[f][f];
        for (int r = 0; r < f; r++) {
            for (int s = 0; s <= r; s++) {
                double v = h.column(idx[s])[idx[r]] + (r == s ? ridge : 0);
                for (int t = 0; t < s; t++) {
                    v -= c[r][t] * c[s][t];
                }
                c[r][s] = r == s ? Math.sqrt(Math.max(v, 1e-300)) : v / c[s][s];
            }
        }
        double[] z = new double[f];
        for (int r = 0; r < f; r++) {
            double v = -b[idx[r]];
            for (int t = 0; t < r; t++) {
                v -= c[r][t] * z[t];
            }
            z[r] = v / c[r][r];
        }
        for (int r = f - 1; r >= 0; r--) {
            double v = z[r];
            for (int t = r + 1; t < f; t++) {
                v -= c[t][r] * z[t];
            }
            z[r] = v / c[r][r];
        }
        double[] out = new double[m];
        for (int r = 0; r < f; r++) {
            out[idx[r]] = z[r];
        }
        return out;
    }
}
