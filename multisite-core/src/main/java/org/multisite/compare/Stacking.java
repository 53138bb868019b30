package org.multisite.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.multisite.numeric.BracketedNewton;

/**
 * Stacking of predictive distributions (Yao, Vehtari, Simpson & Gelman 2018, eq. 4 with the
 * leave-one-out densities of section 3.2, as the loo package's {@code stacking_weights}): the
 * weights w on the simplex that maximize sum_i log sum_k w_k exp(elpd_{ik}), elpd_{ik} model
 * k's pointwise PSIS-LOO log predictive density of left-out point i.
 *
 * <p>The objective is concave in w. It is maximized by an active-set Newton method: Newton
 * steps on the face of the simplex where the free weights lie (the Hessian's system with the
 * weights' sum held, each step cut back until the objective rises, Armijo's rule), a weight that
 * reaches 0 leaving the free set, and a weight at 0 whose gradient says it should grow joining it
 * by a step toward its vertex (a Frank-Wolfe step, its length by bisection of the concave
 * objective's derivative along the segment). It stops when the optimality (KKT) conditions hold
 * to 1e-13: g_k <= 1 + 1e-13 for every k, with g_k = (1/n) sum_i p_ik / sum_l w_l p_il (p_ik =
 * exp(elpd_ik) shifted by each point's largest term), the gradient of the objective over n (the
 * objective is then within n 1e-13 of its maximum, as it is concave and sum_k w_k g_k = 1). If
 * the Newton phase has not got there in {@value #NEWTON_ITERATIONS} steps, the mixture-weight
 * fixed point w_k <- w_k g_k (EM for the weights of a mixture with known components, which
 * raises the objective at every step) finishes from a point inside the simplex. That fixed
 * point alone was the method before: where a weight tends to 0 it converges sublinearly, and on
 * 1,000 sites and six models it took some 300,000 passes (9 s); Newton takes a handful.
 */
public final class Stacking {
    /** The KKT gap at which the weights are optimal. */
    static final double TOLERANCE = 1e-13;
    /** EM updates at most after the Newton phase: a bound on the work. */
    static final int MAX_ITERATIONS = 1_000_000;
    /** Newton and release steps at most before EM takes over (quadratic convergence needs far fewer). */
    static final int NEWTON_ITERATIONS = 200;
    /** Armijo's sufficient-increase fraction, the customary 1e-4 (Nocedal &amp; Wright 2006, section 3.1). */
    private static final double ARMIJO = 1e-4;
    /** The most halvings of a step: 2^-60 of a step changes the objective below its rounding. */
    private static final int HALVINGS = 60;
    /** A gain in the objective over n below this is not resolved by its rounding (the objective is about 1 in size). */
    private static final double RESOLUTION = 1e-14;

    private Stacking() {
    }

    /**
     * @param pointwise pointwise[k][i]: model k's elpd for point i (every model the same points)
     * @return the stacking weight of each model, summing to 1
     * @throws IllegalArgumentException for no models, no points, models of different lengths, or a
     *     value NaN or +infinity (a point where every model has -infinity is left out)
     */
    public static double[] weights(double[][] pointwise) {
        int count = pointwise.length;
        if (count == 0 || pointwise[0].length == 0) {
            throw new IllegalArgumentException("stacking needs at least one model and one point");
        }
        // models with the very same pointwise values are one model whose weight they share
        // equally (any split is optimal; an equal one says they are the same)
        int[] group = new int[count];
        List<double[]> distinct = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            group[k] = -1;
            for (int d = 0; d < distinct.size() && group[k] < 0; d++) {
                if (Arrays.equals(distinct.get(d), pointwise[k])) {
                    group[k] = d;
                }
            }
            if (group[k] < 0) {
                group[k] = distinct.size();
                distinct.add(pointwise[k]);
            }
        }
        double[] shared = distinctWeights(distinct.toArray(new double[0][]));
        int[] members = new int[shared.length];
        for (int d : group) {
            members[d]++;
        }
        double[] w = new double[count];
        for (int k = 0; k < count; k++) {
            w[k] = shared[group[k]] / members[group[k]];
        }
        return w;
    }

    /** {@link #weights} of models whose pointwise values differ. */
    private static double[] distinctWeights(double[][] pointwise) {
        int models = pointwise.length;
        int n = pointwise[0].length;
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < models; k++) {
                if (pointwise[k].length != n) {
                    throw new IllegalArgumentException("every model needs the same " + n + " pointwise values");
                }
                double v = pointwise[k][i];
                if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("model " + (k + 1) + "'s pointwise value " + (i + 1) + " is " + v);
                }
                max = Math.max(max, v);
            }
            // a point that every model gives density 0 says nothing of the weights (the
            // objective is -infinity whatever they are): it is left out
            if (max > Double.NEGATIVE_INFINITY) {
                double[] row = new double[models];
                for (int k = 0; k < models; k++) {
                    row[k] = Math.exp(pointwise[k][i] - max);
                }
                rows.add(row);
            }
        }
        double[][] p = rows.toArray(new double[0][]);
        double[] w = new double[models];
        Arrays.fill(w, 1.0 / models);
        if (p.length == 0) {
            return w; // no point tells the models apart
        }
        if (newton(p, w)) {
            return w;
        }
        // EM from inside the simplex (a weight at exactly 0 would stay there)
        for (int k = 0; k < models; k++) {
            w[k] = 0.5 * w[k] + 0.5 / models;
        }
        double[] g = new double[models];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            if (gradient(p, w, g, null) <= TOLERANCE) {
                break;
            }
            for (int k = 0; k < models; k++) {
                w[k] *= g[k];
            }
            normalize(w);
        }
        return w;
    }

    /**
     * g_k = (1/n) sum_i p_ik / f_i with f_i = sum_k w_k p_ik into {@code g}, and, unless {@code
     * curvature} is null, the negative Hessian over n, (1/n) sum_i p_ik p_il / f_i^2. Returns the
     * KKT gap max_k (g_k - 1).
     */
    private static double gradient(double[][] p, double[] w, double[] g, double[][] curvature) {
        int models = w.length;
        int n = p.length;
        Arrays.fill(g, 0);
        if (curvature != null) {
            for (double[] row : curvature) {
                Arrays.fill(row, 0);
            }
        }
        for (double[] pi : p) {
            double f = density(pi, w);
            for (int k = 0; k < models; k++) {
                g[k] += pi[k] / f / n;
            }
            if (curvature != null) {
                double f2 = f * f * n;
                for (int k = 0; k < models; k++) {
                    for (int l = 0; l <= k; l++) {
                        curvature[k][l] += pi[k] * pi[l] / f2;
                    }
                }
            }
        }
        double gap = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < models; k++) {
            gap = Math.max(gap, g[k] - 1);
        }
        return gap;
    }

    /** The objective over n, (1/n) sum_i log sum_k w_k p_ik; -infinity where a point has no mass. */
    private static double mean(double[][] p, double[] w) {
        double sum = 0;
        for (double[] pi : p) {
            sum += Math.log(density(pi, w));
        }
        return sum / p.length;
    }

    /** A point's mixture density over its largest term, f_i = sum_k w_k p_ik. */
    private static double density(double[] pi, double[] w) {
        double f = 0;
        for (int k = 0; k < w.length; k++) {
            f += w[k] * pi[k];
        }
        return f;
    }

    /**
     * The active-set Newton phase of the class comment, on w in place (every weight positive at
     * the start). Returns whether the KKT conditions hold to {@link #TOLERANCE}.
     */
    private static boolean newton(double[][] p, double[] w) {
        int models = w.length;
        boolean[] free = new boolean[models];
        double[] g = new double[models];
        double[][] h = new double[models][models];
        double[] d = new double[models];
        double[] trial = new double[models];
        for (int it = 0; it < NEWTON_ITERATIONS; it++) {
            double gap = gradient(p, w, g, h);
            if (!(gap > TOLERANCE)) {
                return gap <= TOLERANCE;
            }
            // the free set is the positive weights (a step toward a vertex may zero the rest)
            for (int k = 0; k < models; k++) {
                free[k] = w[k] > 0;
            }
            // a weight at 0 that should grow: toward its vertex
            int enter = -1;
            for (int k = 0; k < models; k++) {
                if (!free[k] && g[k] > 1 + TOLERANCE && (enter < 0 || g[k] > g[enter])) {
                    enter = k;
                }
            }
            if (enter >= 0) {
                towardVertex(p, w, enter);
                continue;
            }
            if (!direction(h, g, free, d)) {
                return false;
            }
            // the longest step that keeps every weight nonnegative, and which weight it stops
            double longest = 1;
            int blocking = -1;
            double slope = 0;
            for (int k = 0; k < models; k++) {
                // g' d, with g_k - 1 for g_k: the same as sum d = 0, without the cancellation
                // of sum g_k d_k when every g_k is near 1
                slope += (g[k] - 1) * d[k];
                if (d[k] < 0 && -w[k] / d[k] < longest) {
                    longest = -w[k] / d[k];
                    blocking = k;
                }
            }
            if (!(slope > 0)) {
                return false; // no ascent left at this precision
            }
            // Armijo's rule, unless the step's whole gain is below what the objective (about 1,
            // rounded to 1e-16) resolves: near the optimum the full Newton step, judged by the KKT gap
            boolean resolved = longest * slope > RESOLUTION;
            double before = resolved ? mean(p, w) : 0;
            double t = longest;
            boolean moved = false;
            for (int halving = 0; halving < HALVINGS && !moved; halving++) {
                for (int k = 0; k < models; k++) {
                    trial[k] = free[k] ? Math.max(0, w[k] + t * d[k]) : 0;
                }
                if (t == longest && blocking >= 0) {
                    trial[blocking] = 0;
                }
                normalize(trial);
                if (!resolved || mean(p, trial) >= before + ARMIJO * t * slope) {
                    moved = true;
                } else {
                    t *= 0.5;
                }
            }
            if (!moved) {
                return false;
            }
            System.arraycopy(trial, 0, w, 0, models);
        }
        return gradient(p, w, g, null) <= TOLERANCE;
    }

    /**
     * The Newton direction on the free weights with their sum held: H d = g - lambda 1, 1' d = 0,
     * H the negative Hessian on the free set (positive semidefinite; a ridge of 1e-12 of its
     * trace keeps it positive definite when models nearly coincide), by EJML's Cholesky. Returns
     * false if it cannot be solved.
     */
    private static boolean direction(double[][] h, double[] g, boolean[] free, double[] d) {
        int models = g.length;
        int[] index = new int[models];
        int m = 0;
        for (int k = 0; k < models; k++) {
            if (free[k]) {
                index[m++] = k;
            }
        }
        Arrays.fill(d, 0);
        if (m < 2) {
            return m == 1;
        }
        double trace = 0;
        for (int a = 0; a < m; a++) {
            trace += h[index[a]][index[a]];
        }
        double ridge = 1e-12 * trace / m;
        DMatrixRMaj system = new DMatrixRMaj(m, m);
        DMatrixRMaj rhs = new DMatrixRMaj(m, 2);
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                system.set(a, b, h[Math.max(index[a], index[b])][Math.min(index[a], index[b])] + (a == b ? ridge : 0));
            }
            rhs.set(a, 0, g[index[a]]);
            rhs.set(a, 1, 1);
        }
        // H^-1 g and H^-1 1 by Cholesky; lambda makes the step's sum 0
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(m);
        if (!cholesky.setA(system)) {
            return false;
        }
        DMatrixRMaj x = new DMatrixRMaj(m, 2);
        cholesky.solve(rhs, x);
        double sumG = 0;
        double sumOnes = 0;
        for (int a = 0; a < m; a++) {
            sumG += x.get(a, 0);
            sumOnes += x.get(a, 1);
        }
        double lambda = sumG / sumOnes;
        for (int a = 0; a < m; a++) {
            d[index[a]] = x.get(a, 0) - lambda * x.get(a, 1);
        }
        return Double.isFinite(lambda);
    }

    /**
     * w <- (1 - s) w + s e_k with s in (0, 1] maximizing the objective along the segment: its
     * derivative in s, (1/n) sum_i (p_ik - f_i) / (f_i + s (p_ik - f_i)), falls with s (the
     * objective is concave) and is g_k - 1 > 0 at s = 0, so s is where it crosses 0 (found by
     * {@link BracketedNewton} on the derivative's negative, with its own derivative), or 1 if it
     * never does.
     */
    private static void towardVertex(double[][] p, double[] w, int k) {
        int n = p.length;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = density(p[i], w);
        }
        BracketedNewton.Function falling = (s, slope) -> {
            double sum = 0;
            double curvature = 0;
            for (int i = 0; i < n; i++) {
                double delta = p[i][k] - f[i];
                double r = delta / (f[i] + s * delta);
                sum += r;
                curvature += r * r;
            }
            slope[0] = curvature;
            return -sum;
        };
        double s = falling.value(1, new double[1]) <= 0 ? 1 : BracketedNewton.solve(falling, 0, 1, 0.5);
        for (int l = 0; l < w.length; l++) {
            w[l] = (1 - s) * w[l] + (l == k ? s : 0);
        }
    }

    /** Scales w to sum to 1. */
    private static void normalize(double[] w) {
        double total = 0;
        for (double v : w) {
            total += v;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= total;
        }
    }

    /** The stacking objective sum_i log sum_k w_k exp(elpd_ik). */
    public static double objective(double[][] pointwise, double[] w) {
        double sum = 0;
        for (int i = 0; i < pointwise[0].length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double[] model : pointwise) {
                max = Math.max(max, model[i]);
            }
            double f = 0;
            for (int k = 0; k < pointwise.length; k++) {
                f += w[k] * Math.exp(pointwise[k][i] - max);
            }
            sum += max + Math.log(f);
        }
        return sum;
    }
}
