package org.multisite.compare;

import org.multisite.data.Vectors;

/**
 * PSIS-LOO (Vehtari, Gelman & Gabry 2017): from a matrix of pointwise log likelihoods
 * log p(y_j | draw s), each observation's expected log predictive density with it left out,
 * elpd_j = log(sum_s w_js p(y_j | s) / sum_s w_js) with Pareto smoothed weights of the ratios
 * 1 / p(y_j | s); elpd_loo = sum_j elpd_j with standard error sqrt(J var(elpd_j)); p_loo =
 * lpd - elpd_loo, lpd = sum_j log mean_s p(y_j | s); the largest Pareto k.
 */
public record Loo(double elpd, double se, double pLoo, double paretoKMax, double[] pointwise, double[] paretoK) {

    /** @param logLik logLik[j][s]: log p(y_j | draw s) */
    public static Loo of(double[][] logLik) {
        int n = logLik.length;
        double[] pointwise = new double[n];
        double[] ks = new double[n];
        double lpd = 0;
        double kMax = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double[] ll = logLik[j];
            int s = ll.length;
            double[] ratios = new double[s];
            for (int i = 0; i < s; i++) {
                ratios[i] = -ll[i];
            }
            Psis.Result r = Psis.smooth(ratios);
            double[] weighted = new double[s];
            for (int i = 0; i < s; i++) {
                weighted[i] = r.logWeights()[i] + ll[i];
            }
            pointwise[j] = Vectors.logSumExp(weighted) - Vectors.logSumExp(r.logWeights());
            ks[j] = r.k();
            kMax = Math.max(kMax, Double.isNaN(r.k()) ? kMax : r.k());
            lpd += Vectors.logSumExp(ll) - Math.log(s);
        }
        double elpd = 0;
        for (double e : pointwise) {
            elpd += e;
        }
        return new Loo(elpd, standardError(pointwise), lpd - elpd, kMax, pointwise, ks);
    }

    /** sqrt(J var(values)), the standard error of a sum of J pointwise values. */
    static double standardError(double[] values) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(n * ss / (n - 1));
    }

    /** The difference of elpd with {@code other} (this minus other) and its standard error, pointwise. */
    public double[] difference(Loo other) {
        double[] d = new double[pointwise.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = pointwise[j] - other.pointwise[j];
        }
        return new double[] {elpd - other.elpd, standardError(d)};
    }
}
