package org.multisite.compare;

import java.util.function.ObjIntConsumer;
import java.util.stream.IntStream;
import org.multisite.numeric.Vectors;

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
        return of(logLik.length, logLik[0].length, (out, j) -> System.arraycopy(logLik[j], 0, out, 0, out.length));
    }

    /**
     * As {@link #of(double[][])} for observations whose log likelihoods are computed one at a time
     * by {@code fill.accept(out, j)} (log p(y_j | draw s) into out[s]), in parallel: the memory is
     * a few rows, not the n x draws matrix. Each observation's terms depend on it alone, and the
     * sums run in order afterwards, so the result does not depend on the threads.
     */
    public static Loo of(int n, int draws, ObjIntConsumer<double[]> fill) {
        double[] pointwise = new double[n];
        double[] ks = new double[n];
        double[] lpds = new double[n];
        IntStream.range(0, n).parallel().forEach(j -> {
            double[] ll = new double[draws];
            fill.accept(ll, j);
            double[] ratios = new double[draws];
            for (int i = 0; i < draws; i++) {
                ratios[i] = -ll[i];
            }
            Psis.Result r = Psis.smooth(ratios);
            double[] weighted = new double[draws];
            for (int i = 0; i < draws; i++) {
                weighted[i] = r.logWeights()[i] + ll[i];
            }
            pointwise[j] = Vectors.logSumExp(weighted) - Vectors.logSumExp(r.logWeights());
            ks[j] = r.k();
            lpds[j] = Vectors.logSumExp(ll) - Math.log(draws);
        });
        double elpd = 0;
        double lpd = 0;
        double kMax = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            elpd += pointwise[j];
            lpd += lpds[j];
            kMax = Math.max(kMax, Double.isNaN(ks[j]) ? kMax : ks[j]);
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
