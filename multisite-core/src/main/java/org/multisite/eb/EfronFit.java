package org.multisite.eb;

import java.util.Arrays;
import java.util.List;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;

/**
 * Efron's g-modeling of one data set with deconvolveR's semantics ({@code deconv}), as a result:
 * the fit on its grid, each unit's posterior mean and SD, the units with the input columns they
 * are shown with, and what the family adds (the Poisson support and its zero-truncated g).
 *
 * @param family normal, poisson or binomial
 * @param likelihood how the units enter, in words: "each unit's own se", "unit noise, 39 bins", ...
 * @param units the units and their input columns
 * @param thinned the Poisson family's zero-truncated g ({@code tg}), or null
 * @param support the Poisson family's n (support 1..n, or 0..n-1 with zeros), or 0
 * @param bins the binned unit-noise family's number of bin edges, or 0
 */
public record EfronFit(String family, String likelihood, Units units, EfronDeconvolution.Result fit, double[] posteriorMean,
                       double[] posteriorSd, int df, double penalty, double[] thinned, int support, boolean ignoreZero,
                       int bins) {
    /** deconvolveR deconv's defaults: pDegree 5, c0 1, n 40. */
    public static final int DEFAULT_DF = 5;
    public static final double DEFAULT_PENALTY = 1;
    public static final int DEFAULT_BINS = 40;
    /** The default grid size: REBayes GLmix's default of 300 points (normal and Poisson families). */
    public static final int DEFAULT_POINTS = 300;
    /** deconvolveR's vignette grid for the binomial family, seq(0.01, 0.99, 0.01). */
    public static final int BINOMIAL_POINTS = 99;
    /** Guard on grid points and bins: the likelihood matrix is units x points. */
    public static final int MAX_POINTS = 100_000;

    /**
     * The units of an EB fit as outputs show them: ids and named input columns
     * ({@code estimate} and {@code se} for the normal family).
     */
    public record Units(List<String> ids, List<String> names, double[][] columns) {
        public static Units of(SiteData sites) {
            return new Units(sites.ids(), List.of("estimate", "se"), new double[][] {sites.estimates(), sites.ses()});
        }

        public int size() {
            return ids.size();
        }
    }

    /**
     * The normal family, each unit with its own standard error.
     *
     * @param grid G's support, or null for {@code points} points over the informative estimates (as the NPMLE's)
     */
    public static EfronFit normal(SiteData sites, double[] grid, int points, int df, double c0) {
        double[] support = grid != null ? grid : Npmle.automaticGrid(sites, checkedPoints(points));
        check(df, c0, support);
        EfronDeconvolution.Result r = EfronDeconvolution.normalUnits(sites.estimates(), sites.ses(), support, df, c0);
        double[][] post = EfronDeconvolution.posterior(r, sites.estimates(), sites.ses());
        return new EfronFit("normal", "each unit's own se", Units.of(sites), r, post[0], post[1], df, c0, null, 0, false, 0);
    }

    /**
     * The normal family with N(0, 1) noise and, as deconv, the estimates counted in the {@code bins}
     * - 1 intervals between {@code bins} edges spanning their range rounded to one decimal.
     */
    public static EfronFit normalBinned(SiteData sites, double[] grid, int points, int bins, int df, double c0) {
        if (bins < 3 || bins > MAX_POINTS) {
            throw InvalidParameterException.of("bins", bins, "expected 3 to " + MAX_POINTS);
        }
        double[] support = grid != null ? grid : Npmle.automaticGrid(sites, checkedPoints(points));
        check(df, c0, support);
        EfronDeconvolution.Result r = EfronDeconvolution.normalBinned(sites.estimates(), support, bins, df, c0);
        double[][] post = EfronDeconvolution.posterior(r, sites.estimates(), sites.ses());
        return new EfronFit("normal", "unit noise, " + (bins - 1) + " bins", Units.of(sites), r, post[0], post[1], df, c0, null,
                0, false, bins);
    }

    /**
     * deconv's Poisson family: counts with frequency weights, support 1..n zero-truncated (or
     * 0..n-1 with {@code keepZeros}), n = {@code support} or the largest count (plus one with
     * zeros); the default grid log-spaced from 0.02 times the smallest positive count to the
     * largest, as deconvolveR's vignette grid exp(seq(-4, 4.5, .025)) spans the Shakespeare counts 1..100.
     *
     * @param support deconv's n, or null for the default
     * @throws InvalidParameterException naming the counts, the support, the grid or df
     */
    public static EfronFit poisson(List<String> ids, int[] counts, double[] weights, double[] grid, int points, Integer support,
                                   boolean keepZeros, int df, double c0) {
        int max = Arrays.stream(counts).max().orElse(0);
        int minPositive = Arrays.stream(counts).filter(v -> v > 0).min().orElse(1);
        if (max == 0) {
            throw InvalidParameterException.of("value", "0", "every count is 0; nothing to deconvolve");
        }
        if (support != null && (support < 3 || support > MAX_POINTS)) {
            throw InvalidParameterException.of("bins", support, "expected 3 to " + MAX_POINTS);
        }
        boolean ignoreZero = !keepZeros;
        int n = support != null ? support : ignoreZero ? max : max + 1;
        double[] tau = grid;
        if (tau == null) {
            int count = checkedPoints(points);
            double lo = Math.log(0.02 * minPositive);
            double hi = Math.log(max);
            tau = new double[count];
            for (int k = 0; k < count; k++) {
                tau[k] = Math.exp(lo + (hi - lo) * k / (count - 1));
            }
        }
        check(df, c0, tau);
        EfronDeconvolution.Result r = EfronDeconvolution.poisson(counts, weights, tau, n, ignoreZero, df, c0);
        double[][] post = EfronDeconvolution.poissonPosterior(r, counts, ignoreZero);
        double[] estimate = Arrays.stream(counts).asDoubleStream().toArray();
        Units units = new Units(List.copyOf(ids), List.of("estimate", "count", "weight"), new double[][] {estimate, estimate,
            weights});
        return new EfronFit("poisson", "Poisson counts " + (ignoreZero ? "1.." + n + ", zero-truncated" : "0.." + (n - 1)), units,
                r, post[0], post[1], df, c0, ignoreZero ? EfronDeconvolution.thinned(r) : null, n, ignoreZero, 0);
    }

    /**
     * deconv's binomial family: each unit's trials and successes keep their own likelihood; the
     * default grid is deconvolveR's vignette grid seq(0.01, 0.99, 0.01), or {@code points} equally
     * spaced over [0.01, 0.99].
     *
     * @param points the grid's points, or 0 for the vignette's 99
     * @throws InvalidParameterException (unit i, 0-based, as {@code trials[i]} or {@code successes[i]}) for impossible counts
     */
    public static EfronFit binomial(List<String> ids, int[] trials, int[] successes, double[] grid, int points, int df,
                                    double c0) {
        double[] estimate = new double[trials.length];
        for (int i = 0; i < trials.length; i++) {
            if (trials[i] < 1) {
                throw InvalidParameterException.of("trials[" + i + "]", trials[i], "trials must be at least 1");
            }
            if (successes[i] > trials[i]) {
                throw InvalidParameterException.of("successes[" + i + "]", successes[i], successes[i] + " successes in "
                        + trials[i] + " trials");
            }
            estimate[i] = (double) successes[i] / trials[i];
        }
        double[] tau = grid;
        if (tau == null) {
            int count = points == 0 ? BINOMIAL_POINTS : checkedPoints(points);
            tau = new double[count];
            for (int k = 0; k < count; k++) {
                tau[k] = 0.01 + 0.98 * k / (count - 1);
            }
        }
        check(df, c0, tau);
        EfronDeconvolution.Result r = EfronDeconvolution.binomial(trials, successes, tau, df, c0);
        double[][] post = EfronDeconvolution.binomialPosterior(r, trials, successes);
        Units units = new Units(List.copyOf(ids), List.of("estimate", "trials", "successes"), new double[][] {estimate,
            Arrays.stream(trials).asDoubleStream().toArray(), Arrays.stream(successes).asDoubleStream().toArray()});
        return new EfronFit("binomial", "binomial trials and successes", units, r, post[0], post[1], df, c0, null, 0, false, 0);
    }

    private static int checkedPoints(int points) {
        if (points < 2 || points > MAX_POINTS) {
            throw InvalidParameterException.of("grid_points", points, "expected 2 to " + MAX_POINTS);
        }
        return points;
    }

    private static void check(int df, double c0, double[] grid) {
        if (df < 1 || df > grid.length - 2) {
            throw InvalidParameterException.of("df", df, "the grid has " + grid.length + " points; df must be 1 to "
                    + (grid.length - 2));
        }
        if (!(c0 >= 0) || !Double.isFinite(c0)) {
            throw InvalidParameterException.of("penalty", c0, "expected a number >= 0");
        }
    }
}
