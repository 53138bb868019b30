package org.multisite.eb;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.multisite.data.InvalidParameterException;
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
 * solved by a primal active-set method, then a backtracking line search. Where mix-SQP makes
 * the passes over a large L cheap by a low-rank approximation of L, here each step's QP is
 * restricted to x's support and the grid points where the gradient shows missing mass (see
 * {@link #restrictedQp}); with x sparse from the start, a step costs one pass over L (the
 * gradient) and O(n |A|^2) for the Hessian on that set, and L's rows are built without
 * exponentials on an equally spaced grid. The rows of L are scaled by their maxima, which
 * changes nothing but the log likelihood's constant. It stops when the optimality (KKT)
 * conditions hold: the gradient (1 - (1/n) L'(1/Lx))_k is nonnegative to 1e-10 on the whole
 * grid and the weights sum to 1, or when three steps in a row no longer lower the objective
 * beyond its rounding error and the gradient is within {@link #CONVERGED} / 10 of it (the
 * attainable precision on fine grids whose Hessians are nearly singular); a larger gap left then
 * is closed by vertex-direction steps, whose length comes from the sign of f's derivative.
 */
public final class Npmle {
    /** Lindsay's condition to 1e-10: four orders below the 1e-6 the tests check; see the class comment for when rounding stops short of it. */
    private static final double KKT_TOLERANCE = 1e-10;
    /**
     * A cap: the tests' and the benchmark's data need 10 to 50 steps (woba 22; 100,000 sites
     * with SEs over three orders of magnitude 47, vertex steps among them).
     */
    private static final int MAX_ITERATIONS = 1000;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /**
     * About this many spread grid points start the first QP: NPMLEs have few support points
     * (tens on thousands of units), so the first QP starts near the size of the answer.
     */
    private static final int WARM_POINTS = 20;
    /** Bisections of a vertex-direction step's length: 2^-60 of [0, 1], below double precision. */
    private static final int VERTEX_BISECTIONS = 60;

    private Npmle() {
    }

    /**
     * The estimate: the grid, G's mass at each point, the log likelihood, each site's posterior
     * mean, SD and central 95% interval (quantiles of its discrete posterior), the SQP iterations,
     * and the largest violation of optimality at the end (max_k (1/n) sum_i L_ik / (Lw)_i - 1).
     */
    public record Result(double[] grid, double[] mass, double logLik, double[] mean, double[] sd, double[] lower,
                         double[] upper, int iterations, double kktGap) {
        /** Whether the optimality conditions hold to {@value #CONVERGED}: the weights are the NPMLE on the grid. */
        public boolean converged() {
            return kktGap <= CONVERGED;
        }
    }

    /** The largest optimality gap of an answer reported as the NPMLE (the tests check 1e-6 against REBayes-like solvers). */
    public static final double CONVERGED = 1e-6;

    /**
     * M equally spaced points from the smallest to the largest informative estimate (SE at most 3
     * times the median SE). REBayes' GLmix spans all the estimates; the two agree when the SEs are
     * alike, but a few nearly unconstrained estimates (separated logistic fits at +-20 among
     * effects of +-0.5 in the Bogota schools) would otherwise stretch the grid until its spacing
     * exceeds G's spread.
     */
    public static double[] automaticGrid(SiteData data, int points) {
        if (points < 2 || points > EfronFit.MAX_POINTS) {
            throw InvalidParameterException.of("grid_points", points, "expected 2 to " + EfronFit.MAX_POINTS);
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
        Likelihood lik = Likelihood.of(data, grid);
        double[] x = lik.sparseStart(WARM_POINTS);
        int iterations = 0;
        int stalled = 0;
        boolean polishing = false;
        double[] lx = lik.times(x);
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
            if (polishing) {
                // vertex steps only, until the gap is a tenth of what an answer may have
                double gap = -Arrays.stream(g).min().orElseThrow();
                double[] next = vertexStep(lik, x, lx, g);
                if (gap <= CONVERGED / 10 || Arrays.equals(next, x)) {
                    break;
                }
                x = next;
                lx = lik.times(x);
                continue;
            }
            // the QP in y = x + p: minimize y'Hy/2 + (g - Hx)'y over y >= 0, with Hx = (1/n) L'd = 1 - g
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                b[k] = g[k] - (1 - g[k]);
            }
            double[] y = restrictedQp(lik, d, b, x, g);
            double[] p = new double[m];
            double slope = 0;
            for (int k = 0; k < m; k++) {
                p[k] = y[k] - x[k];
                slope += g[k] * p[k];
            }
            double f0 = objective(lx, x);
            double alpha = 1;
            double[] next = new double[m];
            double[] nextLx = null;
            boolean descent = slope < 0;
            while (descent) {
                for (int k = 0; k < m; k++) {
                    next[k] = Math.max(0, x[k] + alpha * p[k]);
                }
                nextLx = lik.times(next);
                // Armijo's sufficient decrease with c = 0.01 (mix-SQP's Algorithm 1 uses a backtracking
                // search of this kind); a step below 1e-12 no longer changes x in double precision
                if (objective(nextLx, next) <= f0 + 0.01 * alpha * slope) {
                    break;
                }
                if (alpha < 1e-12) {
                    descent = false;
                    break;
                }
                alpha *= 0.5;
            }
            if (!descent) {
                // the QP's Hessian (1/n) L'D^2 L is numerically singular when a site's (Lx)_i is tiny
                // (its D_i huge): its step is then no descent; a vertex-direction step (below) puts
                // mass where the gradient is most negative, which restores that site, and the SQP goes on
                next = vertexStep(lik, x, lx, g);
                nextLx = lik.times(next);
            }
            // at the optimum the achievable decrease falls below the objective's rounding (a gradient
            // of 1e-7 off the support moves f by about 1e-14): stop when three steps gain nothing
            stalled = f0 - objective(nextLx, next) <= 1e-15 * Math.abs(f0) ? stalled + 1 : 0;
            x = next.clone();
            lx = nextLx;
            if (stalled >= 3) {
                // the SQP's steps no longer move f in double precision; a gap that remains (1.1e-6
                // on 100,000 sites, above CONVERGED) vertex steps can still close, as each one's
                // length comes from the sign of f's derivative, not from differences of f
                if (-Arrays.stream(g).min().orElseThrow() <= CONVERGED / 10) {
                    break;
                }
                polishing = true;
            }
        }
        double total = Arrays.stream(x).sum();
        double[] w = new double[m];
        for (int k = 0; k < m; k++) {
            w[k] = x[k] / total;
        }
        lx = lik.times(w);
        double logLik = lik.logScale;
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
        // each site's posterior on the grid; sites are independent, so in parallel
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] post = new double[m];
            double[] row = lik.rows[i];
            double sum = 0;
            for (int k = 0; k < m; k++) {
                post[k] = w[k] == 0 ? 0 : row[k] * w[k];
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
        });
        return new Result(grid.clone(), w, logLik, mean, sd, lower, upper, iterations, maxRatio - 1);
    }

    /**
     * A vertex-direction step (Lindsay 1983; Boehning 1995): from x on the simplex towards the
     * grid point k with the most negative gradient, x_t = (1 - t) x + t e_k, t in [0, 1] minimizing
     * -(1/n) sum_i log (L x_t)_i, a convex function of t whose derivative is found to vanish by
     * bisection. Slow as a method, but always a descent, whatever the Hessian's conditioning.
     */
    static double[] vertexStep(Likelihood lik, double[] x, double[] lx, double[] g) {
        int m = x.length;
        int best = 0;
        for (int k = 1; k < m; k++) {
            if (g[k] < g[best]) {
                best = k;
            }
        }
        double total = Arrays.stream(x).sum();
        double[] column = new double[lik.n];
        for (int i = 0; i < lik.n; i++) {
            column[i] = lik.rows[i][best];
        }
        double lo = 0;
        double hi = 1;
        // d/dt at t: -(1/n) sum_i (L_ik - (Lx)_i / s) / ((1 - t)(Lx)_i / s + t L_ik), s = sum x
        for (int iteration = 0; iteration < VERTEX_BISECTIONS; iteration++) {
            double t = 0.5 * (lo + hi);
            double derivative = 0;
            for (int i = 0; i < lik.n; i++) {
                double base = lx[i] / total;
                derivative -= (column[i] - base) / ((1 - t) * base + t * column[i]);
            }
            if (derivative < 0) {
                lo = t;
            } else {
                hi = t;
            }
        }
        double t = lo;
        double[] next = new double[m];
        for (int k = 0; k < m; k++) {
            next[k] = (1 - t) * x[k] / total;
        }
        next[best] += t;
        return next;
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

    /** The relaxed objective -(1/n) sum log Lx + sum x. */
    private static double objective(double[] lx, double[] x) {
        double s = 0;
        for (double v : lx) {
            s -= Math.log(v);
        }
        return s / lx.length + Arrays.stream(x).sum();
    }

    /** 1 - (1/n) L'd. */
    private static double[] gradient(Likelihood lik, double[] d) {
        double[] g = lik.transposeTimes(d);
        for (int k = 0; k < g.length; k++) {
            g[k] = 1 - g[k] / lik.n;
        }
        return g;
    }

    /**
     * The rows of L, each scaled by its maximum (the log likelihood keeps the scales' sum), and
     * the passes over them. Passes run over fixed blocks of rows in parallel and add the
     * blocks' partial sums in block order, so results do not depend on the number of threads.
     */
    static final class Likelihood {
        private static final int BLOCK = 4096;
        final double[][] rows;
        final int n;
        final int m;
        final double logScale;

        private Likelihood(double[][] rows, double logScale) {
            this.rows = rows;
            this.n = rows.length;
            this.m = rows[0].length;
            this.logScale = logScale;
        }

        /**
         * L_ik = phi((y_i - u_k) / s_i) / s_i divided by the row's maximum. On an equally spaced
         * grid each row is built outward from its peak by the recurrence of Gaussian ratios,
         * L_{k+1} / L_k = r_k, r_{k+1} = r_k exp(-delta^2), delta = spacing / s_i: two products an
         * entry instead of an exponential (relative error about m ulps, far below the 1e-10 the
         * solver works to).
         */
        static Likelihood of(SiteData data, double[] grid) {
            int n = data.size();
            int m = grid.length;
            double spacing = (grid[m - 1] - grid[0]) / Math.max(m - 1, 1);
            boolean equal = m > 1;
            for (int k = 1; k < m && equal; k++) {
                equal = Math.abs(grid[k] - grid[k - 1] - spacing) <= 1e-9 * Math.abs(spacing);
            }
            boolean recurrence = equal;
            double[][] rows = new double[n][];
            double[] scales = new double[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                double y = data.estimate(i);
                double s = data.se(i);
                double[] row = new double[m];
                // the peak: the grid point nearest y
                int peak = 0;
                if (recurrence) {
                    peak = (int) Math.max(0, Math.min(m - 1, Math.round((y - grid[0]) / spacing)));
                } else {
                    for (int k = 1; k < m; k++) {
                        if (Math.abs(y - grid[k]) < Math.abs(y - grid[peak])) {
                            peak = k;
                        }
                    }
                }
                double zPeak = (y - grid[peak]) / s;
                double logMax = -0.5 * zPeak * zPeak - Math.log(s) - LOG_SQRT_2PI;
                if (recurrence) {
                    double delta = spacing / s;
                    double q = Math.exp(-delta * delta);
                    row[peak] = 1;
                    // upward: L_{k+1} / L_k = exp(z_k delta - delta^2 / 2), z_k = (y - u_k) / s
                    double ratio = Math.exp(zPeak * delta - 0.5 * delta * delta);
                    for (int k = peak + 1; k < m; k++) {
                        row[k] = row[k - 1] * ratio;
                        ratio *= q;
                    }
                    // downward: L_{k-1} / L_k = exp(-z_k delta - delta^2 / 2)
                    ratio = Math.exp(-zPeak * delta - 0.5 * delta * delta);
                    for (int k = peak - 1; k >= 0; k--) {
                        row[k] = row[k + 1] * ratio;
                        ratio *= q;
                    }
                } else {
                    for (int k = 0; k < m; k++) {
                        double z = (y - grid[k]) / s;
                        row[k] = Math.exp(-0.5 * (z * z - zPeak * zPeak));
                    }
                }
                rows[i] = row;
                scales[i] = logMax;
            });
            double logScale = 0;
            for (double v : scales) {
                logScale += v;
            }
            return new Likelihood(rows, logScale);
        }

        /**
         * A sparse starting point: equal mass on about {@code points} spread grid points, plus
         * each row's peak where the row would otherwise see no mass (so that every (Lx)_i > 0).
         */
        double[] sparseStart(int points) {
            boolean[] chosen = new boolean[m];
            int stride = Math.max(1, m / points);
            for (int k = stride / 2; k < m; k += stride) {
                chosen[k] = true;
            }
            for (double[] row : rows) {
                double s = 0;
                int peak = 0;
                for (int k = 0; k < m; k++) {
                    if (chosen[k]) {
                        s += row[k];
                    }
                    if (row[k] == 1) {
                        peak = k;
                    }
                }
                if (!(s > 1e-100)) {
                    chosen[peak] = true;
                }
            }
            double[] x = new double[m];
            int count = 0;
            for (boolean c : chosen) {
                count += c ? 1 : 0;
            }
            for (int k = 0; k < m; k++) {
                x[k] = chosen[k] ? 1.0 / count : 0;
            }
            return x;
        }

        private int blocks() {
            return (n + BLOCK - 1) / BLOCK;
        }

        /** L x, using only the nonzero entries of x (G's support is sparse after the first steps). */
        double[] times(double[] x) {
            int[] idx = new int[m];
            int f = 0;
            for (int k = 0; k < m; k++) {
                if (x[k] != 0) {
                    idx[f++] = k;
                }
            }
            int size = f;
            double[] out = new double[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                double[] row = rows[i];
                double s = 0;
                for (int r = 0; r < size; r++) {
                    s += row[idx[r]] * x[idx[r]];
                }
                out[i] = s;
            });
            return out;
        }

        /** L'v: one pass over the rows. */
        double[] transposeTimes(double[] v) {
            double[][] partial = new double[blocks()][];
            IntStream.range(0, blocks()).parallel().forEach(c -> {
                double[] acc = new double[m];
                for (int i = c * BLOCK; i < Math.min(n, (c + 1) * BLOCK); i++) {
                    double vi = v[i];
                    if (vi != 0) {
                        double[] row = rows[i];
                        for (int k = 0; k < m; k++) {
                            acc[k] += row[k] * vi;
                        }
                    }
                }
                partial[c] = acc;
            });
            double[] out = new double[m];
            for (double[] acc : partial) {
                for (int k = 0; k < m; k++) {
                    out[k] += acc[k];
                }
            }
            return out;
        }

        /** sum_i w_i L_ia L_ic for each a in {@code a} and c in {@code c}: out[r][t] for a[r], c[t]. */
        double[][] weightedProducts(double[] w, int[] a, int[] c) {
            double[][][] partial = new double[blocks()][][];
            IntStream.range(0, blocks()).parallel().forEach(b -> {
                double[][] acc = new double[a.length][c.length];
                double[] la = new double[a.length];
                double[] lc = new double[c.length];
                for (int i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
                    double[] row = rows[i];
                    for (int r = 0; r < a.length; r++) {
                        la[r] = w[i] * row[a[r]];
                    }
                    for (int t = 0; t < c.length; t++) {
                        lc[t] = row[c[t]];
                    }
                    for (int r = 0; r < a.length; r++) {
                        double x = la[r];
                        double[] out = acc[r];
                        for (int t = 0; t < c.length; t++) {
                            out[t] += x * lc[t];
                        }
                    }
                }
                partial[b] = acc;
            });
            double[][] out = new double[a.length][c.length];
            for (double[][] acc : partial) {
                for (int r = 0; r < a.length; r++) {
                    for (int t = 0; t < c.length; t++) {
                        out[r][t] += acc[r][t];
                    }
                }
            }
            return out;
        }
    }

    /**
     * The SQP step's QP restricted to a set A of grid points: minimize y'Hy/2 + b'y over y >= 0
     * with y zero off A, H = (1/n) L' diag(d^2) L. A holds the support of x (so that x is
     * feasible and y improves on it: the direction y - x descends) and the local minima of the
     * gradient g where it is negative (where mass is missing: Lindsay's condition is violated).
     * H is formed on A only, in O(n |A|^2), never on the whole grid (O(n m^2)); the restricted
     * QP need not be the full one, since the outer loop's exact KKT test decides when to stop and
     * each step adds the points whose gradient is most negative, as a vertex-direction method
     * would, with mix-SQP's Newton step on the support.
     */
    static double[] restrictedQp(Likelihood lik, double[] d, double[] b, double[] x, double[] g) {
        int m = b.length;
        boolean[] allowed = new boolean[m];
        for (int k = 0; k < m; k++) {
            allowed[k] = x[k] > 0;
            boolean localMin = (k == 0 || g[k] <= g[k - 1]) && (k == m - 1 || g[k] <= g[k + 1]);
            if (localMin && g[k] < -KKT_TOLERANCE) {
                allowed[k] = true;
            }
        }
        int[] a = IntStream.range(0, m).filter(k -> allowed[k]).toArray();
        double[] d2 = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            d2[i] = d[i] * d[i];
        }
        double[][] h = lik.weightedProducts(d2, a, a);
        double[] bA = new double[a.length];
        double[] start = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            for (int t = 0; t < a.length; t++) {
                h[r][t] /= lik.n;
            }
            bA[r] = b[a[r]];
            start[r] = x[a[r]];
        }
        double[] yA = nonnegativeQp(h, bA, start);
        double[] y = new double[m];
        for (int r = 0; r < a.length; r++) {
            y[a[r]] = yA[r];
        }
        return y;
    }

    /**
     * Minimizes y'Hy/2 + b'y over y >= 0 (H small and dense) by a primal active-set method (as
     * Lawson and Hanson's NNLS) from a feasible start: solve on the free set (the start's
     * support), stepping back to the boundary when a free coordinate would turn negative; then
     * grow the free set by the most negative gradient and repeat. A ridge of 1e-10 (relative to
     * the largest diagonal) keeps the nearly singular grid Hessians solvable.
     */
    static double[] nonnegativeQp(double[][] h, double[] b, double[] start) {
        int m = b.length;
        double maxDiagonal = 0;
        for (int k = 0; k < m; k++) {
            maxDiagonal = Math.max(maxDiagonal, h[k][k]);
        }
        double ridge = 1e-10 * maxDiagonal;
        double[] y = new double[m];
        boolean[] free = new boolean[m];
        for (int k = 0; k < m; k++) {
            free[k] = start[k] > 0;
            y[k] = Math.max(start[k], 0);
        }
        boolean solve = anyFree(free);
        for (int outer = 0; outer < 10 * m; outer++) {
            if (!solve) {
                int enter = -1;
                // a coordinate enters when its gradient is negative beyond rounding of O(1) entries
                double most = -1e-13;
                for (int k = 0; k < m; k++) {
                    double grad = b[k];
                    for (int c = 0; c < m; c++) {
                        grad += h[k][c] * y[c];
                    }
                    if (!free[k] && grad < most) {
                        most = grad;
                        enter = k;
                    }
                }
                if (enter < 0) {
                    return y;
                }
                free[enter] = true;
            }
            solve = false;
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
                if (!anyFree(free)) {
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
    private static double[] solveFree(double[][] h, double[] b, boolean[] free, double ridge) {
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
                double v = h[idx[s]][idx[r]] + (r == s ? ridge : 0);
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
