package org.multisite.summary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.multisite.mcmc.Workers;
import org.multisite.model.EffectDistribution;
import org.multisite.numeric.BracketedNewton;
import org.multisite.numeric.Quantiles;
import org.multisite.numeric.Vectors;

/**
 * The posterior of G, the distribution of site effects: its mean and SD (posterior means of
 * G's mean and of its SD over the draws where the SD exists; a t with nu <= 2 has none, and
 * {@code sdUndefinedDraws} counts those draws), posterior means of its quantiles, density and CDF on a grid with
 * pointwise 90% and 95% bands, and the predictive distribution of a new site's effect (the
 * posterior mean of G, whose quantiles invert the averaged CDF).
 *
 * @param quantileProbs probabilities of {@code quantiles}
 */
public record DistributionSummary(double mean, double sd, int sdUndefinedDraws, double[] quantileProbs, double[] quantiles,
                                  List<ParameterSummary> quantileSummaries, double[] grid, Band density, Band cdf,
                                  double predictiveMean, double predictiveLow, double predictiveHigh) {
    /** Probabilities at which G's quantiles are reported. */
    public static final double[] QUANTILE_PROBS = {0.05, 0.25, 0.5, 0.75, 0.95};
    /** Predictive tail probability left outside the grid at each end. */
    static final double GRID_TAIL = 0.005;
    /** Number of grid points for density and CDF. */
    public static final int GRID_POINTS = 101;
    /** Draws per task of the parallel loops over draws. */
    private static final int DRAWS_PER_TASK = 64;

    /** Pointwise posterior mean and 2.5/5/95/97.5% quantiles of a function of G on the grid. */
    public record Band(double[] mean, double[] q2_5, double[] q5, double[] q95, double[] q97_5) {
    }

    /**
     * @param g G of each posterior draw, chain after chain
     * @param siteMeans posterior means of the site effects (the grid covers them)
     * @param chains number of chains, for the diagnostics of G's quantiles
     */
    public static DistributionSummary of(List<EffectDistribution> g, double[] siteMeans, int chains) {
        int s = g.size();
        double[] means = new double[s];
        double[] sds = new double[s];
        for (int i = 0; i < s; i++) {
            means[i] = g.get(i).mean();
            sds[i] = g.get(i).sd();
        }
        // each draw's quantiles of G, summarized with their own R-hat and ESS
        double[] q = new double[QUANTILE_PROBS.length];
        List<ParameterSummary> qs = new ArrayList<>();
        for (int k = 0; k < q.length; k++) {
            ParameterSummary summary = ParameterSummary.of(quantilePerDraw(g, QUANTILE_PROBS[k]), chains);
            qs.add(summary);
            q[k] = summary.mean();
        }
        double predLo = predictiveQuantile(g, 0.025);
        double predHi = predictiveQuantile(g, 0.975);
        // the grid covers the sites and the predictive's central 99% (not its far tails, which
        // for a heavy-tailed G would leave the bulk a sliver of the plot)
        double lo = Math.min(predictiveQuantile(g, GRID_TAIL), min(siteMeans));
        double hi = Math.max(predictiveQuantile(g, 1 - GRID_TAIL), max(siteMeans));
        double pad = 0.05 * (hi - lo);
        if (!(pad > 0)) {
            pad = 1;
        }
        double[] grid = new double[GRID_POINTS];
        for (int i = 0; i < GRID_POINTS; i++) {
            grid[i] = lo - pad + (hi - lo + 2 * pad) * i / (GRID_POINTS - 1);
        }
        Band density = band(g, grid, true);
        Band cdf = band(g, grid, false);
        double[] finite = Arrays.stream(sds).filter(Double::isFinite).toArray();
        return new DistributionSummary(Vectors.mean(means), finite.length == 0 ? Double.POSITIVE_INFINITY : Vectors.mean(finite),
                s - finite.length, QUANTILE_PROBS.clone(), q, List.copyOf(qs),
                grid, density, cdf, Vectors.mean(means), predLo, predHi);
    }

    /**
     * The posterior means of G's quantiles at {@link #QUANTILE_PROBS}: the {@code quantiles} of
     * {@link #of}, the same numbers, without its bands, predictive and diagnostics (which a
     * simulation study's quantile metric does not read, and which cost it most of its time).
     */
    public static double[] meanQuantiles(List<EffectDistribution> g) {
        double[] q = new double[QUANTILE_PROBS.length];
        for (int k = 0; k < q.length; k++) {
            q[k] = Vectors.mean(quantilePerDraw(g, QUANTILE_PROBS[k]));
        }
        return q;
    }

    /** Each draw's p-quantile of G, computed in parallel into its own slot. */
    private static double[] quantilePerDraw(List<EffectDistribution> g, double p) {
        double[] perDraw = new double[g.size()];
        Workers.forEach(perDraw.length, DRAWS_PER_TASK, i -> perDraw[i] = g.get(i).quantile(p));
        return perDraw;
    }

    private static Band band(List<EffectDistribution> g, double[] grid, boolean density) {
        int m = grid.length;
        double[] mean = new double[m];
        double[] q2 = new double[m];
        double[] q5 = new double[m];
        double[] q95 = new double[m];
        double[] q97 = new double[m];
        // grid points are independent and each fills its own slots: parallel and still deterministic
        Workers.forEach(m, 1, k -> {
            double[] values = new double[g.size()];
            for (int i = 0; i < values.length; i++) {
                EffectDistribution d = g.get(i);
                values[i] = density ? d.density(grid[k]) : d.cdf(grid[k]);
            }
            mean[k] = Vectors.mean(values);
            double[] q = Quantiles.type7Unsorted(values, 0.025, 0.05, 0.95, 0.975);
            q2[k] = q[0];
            q5[k] = q[1];
            q95[k] = q[2];
            q97[k] = q[3];
        });
        return new Band(mean, q2, q5, q95, q97);
    }

    /**
     * Quantile of the predictive distribution F(x) = mean_s G_s(x): Newton steps with the
     * mixture density, kept inside a bracket that bisection shrinks whenever Newton leaves it.
     * The p-quantile lies between the smallest and largest component p-quantiles.
     */
    static double predictiveQuantile(List<EffectDistribution> g, double p) {
        int s = g.size();
        // each draw's quantile, CDF and density computed in parallel into its own slot, then
        // summed in the draws' order: the same numbers on any number of threads
        double[] q = new double[s];
        Workers.forEach(s, DRAWS_PER_TASK, i -> q[i] = g.get(i).quantile(p));
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double x = 0;
        for (double v : q) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            x += v / s;
        }
        double[] cdf = new double[s];
        double[] density = new double[s];
        return BracketedNewton.solve((t, slope) -> {
            Workers.forEach(s, DRAWS_PER_TASK, i -> {
                cdf[i] = g.get(i).cdf(t);
                density[i] = g.get(i).density(t);
            });
            double f = 0;
            double d = 0;
            for (int i = 0; i < s; i++) {
                f += cdf[i];
                d += density[i];
            }
            slope[0] = d / s;
            return f / s - p;
        }, lo, hi, x);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
