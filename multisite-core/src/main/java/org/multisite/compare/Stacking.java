package org.multisite.compare;

/**
 * Stacking of predictive distributions (Yao, Vehtari, Simpson & Gelman 2018, eq. 4 with the
 * leave-one-out densities of section 3.2, as the loo package's {@code stacking_weights}): the
 * weights w on the simplex that maximize sum_i log sum_k w_k exp(elpd_{ik}), elpd_{ik} model
 * k's pointwise PSIS-LOO log predictive density of left-out point i.
 *
 * <p>The objective is concave in w; it is maximized by the fixed point of the mixture-weight
 * update w_k <- w_k g_k, g_k = (1/n) sum_i p_ik / sum_l w_l p_il (p_ik = exp(elpd_ik) shifted
 * by each point's largest term), which increases the objective at every step (it is EM for the
 * weights of a mixture with known components). It stops when the optimality (KKT) conditions
 * hold to 1e-13: g_k <= 1 + 1e-13 for every k (the objective is then within n 1e-13 of its
 * maximum, as it is concave and sum_k w_k g_k = 1).
 */
public final class Stacking {
    /** The KKT gap at which the weights are optimal. */
    static final double TOLERANCE = 1e-13;
    /** Updates at most: far more than the gap needs when the optimum is interior (a bound on the work). */
    static final int MAX_ITERATIONS = 1_000_000;

    private Stacking() {
    }

    /**
     * @param pointwise pointwise[k][i]: model k's elpd for point i (every model the same points)
     * @return the stacking weight of each model, summing to 1
     * @throws IllegalArgumentException for no models, no points, or models of different lengths
     */
    public static double[] weights(double[][] pointwise) {
        int models = pointwise.length;
        if (models == 0 || pointwise[0].length == 0) {
            throw new IllegalArgumentException("stacking needs at least one model and one point");
        }
        int n = pointwise[0].length;
        double[][] p = new double[n][models];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < models; k++) {
                if (pointwise[k].length != n) {
                    throw new IllegalArgumentException("every model needs the same " + n + " pointwise values");
                }
                max = Math.max(max, pointwise[k][i]);
            }
            for (int k = 0; k < models; k++) {
                p[i][k] = Math.exp(pointwise[k][i] - max);
            }
        }
        double[] w = new double[models];
        java.util.Arrays.fill(w, 1.0 / models);
        double[] g = new double[models];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i < n; i++) {
                double f = 0;
                for (int k = 0; k < models; k++) {
                    f += w[k] * p[i][k];
                }
                for (int k = 0; k < models; k++) {
                    g[k] += p[i][k] / f / n;
                }
            }
            double gap = 0;
            for (int k = 0; k < models; k++) {
                gap = Math.max(gap, g[k] - 1);
            }
            if (gap <= TOLERANCE) {
                break;
            }
            double total = 0;
            for (int k = 0; k < models; k++) {
                w[k] *= g[k];
                total += w[k];
            }
            for (int k = 0; k < models; k++) {
                w[k] /= total;
            }
        }
        return w;
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
