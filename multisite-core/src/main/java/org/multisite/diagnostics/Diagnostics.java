package org.multisite.diagnostics;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.multisite.numeric.Quantiles;
import org.multisite.numeric.RadixOrder;
import org.multisite.numeric.Vectors;

/**
 * Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021),
 * "Rank-normalization, folding, and localization: an improved R-hat for assessing convergence
 * of MCMC", Bayesian Analysis 16(2), following the semantics of the R package posterior
 * (R/convergence.R): rank-normalized split R-hat (the larger of bulk and folded), bulk and tail
 * ESS, and Monte Carlo standard errors of the mean and of quantiles.
 *
 * <p>Input is a matrix {@code x[chain][iteration]}. Each public diagnostic is a composition of
 * the primitives {@link #split}, {@link #zScale}, {@link #fold}, {@link #rhatBasic} and
 * {@link #essBasic}. Degenerate input (a constant quantity, any non-finite value, fewer than
 * 4 draws per chain) gives NaN, never an exception.
 */
public final class Diagnostics {
    /** Blom's offset in the rank normalization (r - 3/8) / (S + 1/4), Vehtari et al. (2021) eq. 14. */
    private static final double BLOM = 3.0 / 8.0;
    /** Normal probabilities one SD below and above the centre, for the MCSE of a quantile. */
    private static final double[] ONE_SD = {0.15865525393145707, 0.8413447460685429};
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Diagnostics() {
    }

    /** R-hat, bulk and tail ESS and the MCSE of the mean of one quantity. */
    public record Convergence(double rhat, double essBulk, double essTail, double mcseMean) {
    }

    /**
     * {@link #rhat}, {@link #essBulk}, {@link #essTail} and {@link #mcseMean} in one pass that
     * shares the rank normalization and the sort between them.
     */
    public static Convergence convergence(double[][] x) {
        double[] all = flatten(x);
        return convergence(x, RadixOrder.order(all));
    }

    /** {@link #convergence(double[][])} given the permutation that sorts all draws of x (chain after chain). */
    public static Convergence convergence(double[][] x, int[] order) {
        return convergence(flatten(x), x.length, order);
    }

    /**
     * {@link #convergence(double[][])} of draws laid out chain after chain ({@code chains} chains of
     * equal length), given the permutation that sorts them. With chains of even length, splitting
     * drops nothing and the split chains are the consecutive halves of {@code all}, so the ranks
     * over the split chains are the ranks over all draws, and the order of the draws folded about
     * their median follows from {@code order} by merging outward from the median: one sort serves
     * every diagnostic, and nothing is copied per chain.
     */
    public static Convergence convergence(double[] all, int chains, int[] order) {
        double[] sorted = new double[all.length];
        for (int k = 0; k < all.length; k++) {
            sorted[k] = all[order[k]];
        }
        return convergence(all, chains, order, sorted);
    }

    /** As {@link #convergence(double[], int, int[])}, given the draws sorted too (all[order[k]] = sorted[k]). */
    public static Convergence convergence(double[] all, int chains, int[] order, double[] sorted) {
        if (all.length % chains != 0) {
            throw new IllegalArgumentException(all.length + " draws are not " + chains + " chains of equal length");
        }
        int n = all.length / chains;
        if (n < 4 || degenerate(all)) {
            return new Convergence(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double median = Quantiles.type7(sorted, 0.5);
        double[] z;
        double[] zFold;
        double[] x;
        int halves = 2 * chains;
        if (n % 2 == 0) {
            // the work arrays are the thread's own, reused from quantity to quantity: a fit with
            // 100,000 sites summarizes 100,000 columns, and fresh arrays for each were most of the
            // 28 GB it allocated (each value computed as before: the same numbers)
            Scratch w = Scratch.of(all.length);
            x = all;
            z = normalScores(sorted, order, w.z);
            int[] foldedOrder = foldedOrder(sorted, order, median, w.foldedSorted, w.foldedOrder);
            zFold = normalScores(w.foldedSorted, foldedOrder, w.zFold);
        } else {
            double[][] byChain = byChain(all, chains);
            x = flatten(split(byChain));
            z = flatten(zScale(split(byChain)));
            zFold = flatten(zScale(split(fold(byChain, median))));
        }
        double rhat = Math.max(rhatBasic(z, halves), rhatBasic(zFold, halves));
        double essBulk = essBasic(z, halves);
        double essTail = Math.min(essIndicator(x, Quantiles.type7(sorted, 0.05), halves),
                essIndicator(x, Quantiles.type7(sorted, 0.95), halves));
        double mcse = Math.sqrt(Vectors.variance(all)) / Math.sqrt(essBasic(x, halves));
        return new Convergence(rhat, essBulk, essTail, mcse);
    }

    /**
     * The order of |x - median| from x sorted and its order: two cursors walk outward from the
     * median, taking the nearer value each step, so equal distances come out adjacent; the
     * distances in that order go to {@code foldedSorted}.
     */
    static int[] foldedOrder(double[] sorted, int[] order, double median, double[] foldedSorted) {
        return foldedOrder(sorted, order, median, foldedSorted, new int[order.length]);
    }

    /** As {@link #foldedOrder(double[], int[], double, double[])}, the order written to {@code out}, which it returns. */
    private static int[] foldedOrder(double[] sorted, int[] order, double median, double[] foldedSorted, int[] out) {
        int n = order.length;
        int right = 0;
        while (right < n && sorted[right] <= median) {
            right++;
        }
        int left = right - 1;
        for (int k = 0; k < n; k++) {
            // median - x is exactly |x - median| for x <= median, as x - median is for x above it
            if (right >= n || (left >= 0 && median - sorted[left] <= sorted[right] - median)) {
                foldedSorted[k] = median - sorted[left];
                out[k] = order[left--];
            } else {
                foldedSorted[k] = sorted[right] - median;
                out[k] = order[right++];
            }
        }
        return out;
    }

    /**
     * The rank normalization {@code zFromRanks(averageRanks(x))} from x sorted and its order:
     * each run of equal values gets the score of its average rank, read off the table when whole.
     * Without ties (continuous draws, the usual case) each value takes its rank's score in one
     * pass, after one pass that finds no two neighbours equal.
     */
    private static double[] normalScores(double[] sorted, int[] order, double[] z) {
        int s = sorted.length;
        double[] table = normalScores(s);
        boolean ties = false;
        for (int k = 1; k < s; k++) {
            ties |= sorted[k] == sorted[k - 1];
        }
        if (!ties) {
            for (int k = 0; k < s; k++) {
                z[order[k]] = table[k];
            }
            return z;
        }
        int i = 0;
        while (i < s) {
            int j = i;
            while (j + 1 < s && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            int whole = (int) r;
            double score = whole == r ? table[whole - 1] : score(r, s);
            for (int k = i; k <= j; k++) {
                z[order[k]] = score;
            }
            i = j + 1;
        }
        return z;
    }

    /** Phi^-1((r - 3/8) / (S + 1/4)) for each rank r. */
    private static double[] zFromRanks(double[] ranks) {
        int s = ranks.length;
        double[] table = normalScores(s);
        double[] z = new double[s];
        for (int k = 0; k < s; k++) {
            double r = ranks[k];
            int whole = (int) r;
            // a whole rank reads its score off the table; a tie's average rank is computed
            z[k] = whole == r && whole >= 1 && whole <= s ? table[whole - 1] : score(r, s);
        }
        return z;
    }

    /** The last table of normal scores: every column of one fit has the same number of draws. */
    private static volatile double[] scores = new double[0];

    /**
     * The normal scores of the whole ranks 1..s, computed once per s (the same numbers as
     * {@link #score}: a table, because the inverse normal CDF is most of a fit's diagnostics).
     */
    private static double[] normalScores(int s) {
        double[] table = scores;
        if (table.length != s) {
            table = new double[s];
            for (int r = 1; r <= s; r++) {
                table[r - 1] = score(r, s);
            }
            scores = table;
        }
        return table;
    }

    /** Blom's normal score of rank r of s. */
    private static double score(double r, int s) {
        return STANDARD_NORMAL.inverseCumulativeProbability((r - BLOM) / (s - 2 * BLOM + 1));
    }

    /** Cuts a chain-after-chain array into {@code chains} chains of equal length, {@code x[chain][iteration]}. */
    public static double[][] byChain(double[] all, int chains) {
        int n = all.length / chains;
        double[][] out = new double[chains][];
        for (int c = 0; c < chains; c++) {
            out[c] = Arrays.copyOfRange(all, c * n, (c + 1) * n);
        }
        return out;
    }

    /** Cuts a chain-after-chain array into the shape of x. */
    private static double[][] reshape(double[] all, double[][] like) {
        double[][] out = new double[like.length][];
        int k = 0;
        for (int c = 0; c < like.length; c++) {
            out[c] = Arrays.copyOfRange(all, k, k + like[c].length);
            k += like[c].length;
        }
        return out;
    }

    /** R-hat: max of the rank-normalized split R-hat of x and of x folded about its median. */
    public static double rhat(double[][] x) {
        if (degenerate(x)) {
            return Double.NaN;
        }
        double bulk = rhatBasic(zScale(split(x)));
        double tail = rhatBasic(zScale(split(fold(x))));
        return Math.max(bulk, tail);
    }

    /** Bulk ESS: the ESS of the rank-normalized split chains. */
    public static double essBulk(double[][] x) {
        if (degenerate(x)) {
            return Double.NaN;
        }
        return essBasic(zScale(split(x)));
    }

    /** Tail ESS: the smaller ESS of the 5% and 95% quantile indicators. */
    public static double essTail(double[][] x) {
        if (degenerate(x)) {
            return Double.NaN;
        }
        return Math.min(essQuantile(x, 0.05), essQuantile(x, 0.95));
    }

    /** ESS of the mean: the ESS of the split chains on the original scale. */
    public static double essMean(double[][] x) {
        if (degenerate(x)) {
            return Double.NaN;
        }
        return essBasic(split(x));
    }

    /** ESS of the quantile estimate at probability p: the ESS of the indicator I(x <= q_p). */
    public static double essQuantile(double[][] x, double p) {
        if (degenerate(x)) {
            return Double.NaN;
        }
        double[][] split = split(x);
        return essIndicator(flatten(split), Quantiles.type7(sortedAll(x), p), split.length);
    }

    /** MCSE of the mean: sd(x) / sqrt(ESS of the mean). */
    public static double mcseMean(double[][] x) {
        double[] all = flatten(x);
        return Math.sqrt(Vectors.variance(all)) / Math.sqrt(essMean(x));
    }

    /**
     * MCSE of the quantile at p: half the distance between the order statistics at the
     * Beta(ESS p + 1, ESS (1 - p) + 1) quantiles one SD either side (posterior's mcse_quantile).
     */
    public static double mcseQuantile(double[][] x, double p) {
        double ess = essQuantile(x, p);
        if (Double.isNaN(ess)) {
            return Double.NaN;
        }
        BetaDistribution beta = BetaDistribution.of(ess * p + 1, ess * (1 - p) + 1);
        double[] sorted = sortedAll(x);
        int s = sorted.length;
        // R's round() rounds half to even, as Math.rint does.
        int i1 = (int) Math.max(Math.rint(beta.inverseCumulativeProbability(ONE_SD[0]) * s), 1);
        int i2 = (int) Math.min(Math.rint(beta.inverseCumulativeProbability(ONE_SD[1]) * s), s);
        return (sorted[i2 - 1] - sorted[i1 - 1]) / 2;
    }

    /** Splits each chain into its first and second half (the middle draw of an odd chain is dropped). */
    public static double[][] split(double[][] x) {
        int n = x[0].length;
        int half = n / 2;
        double[][] out = new double[2 * x.length][];
        for (int c = 0; c < x.length; c++) {
            out[2 * c] = Arrays.copyOfRange(x[c], 0, half);
            out[2 * c + 1] = Arrays.copyOfRange(x[c], n - half, n);
        }
        return out;
    }

    /** |x - median(x)|, the median taken over all chains. */
    public static double[][] fold(double[][] x) {
        return fold(x, Quantiles.type7(sortedAll(x), 0.5));
    }

    private static double[][] fold(double[][] x, double med) {
        double[][] out = new double[x.length][];
        for (int c = 0; c < x.length; c++) {
            out[c] = new double[x[c].length];
            for (int i = 0; i < x[c].length; i++) {
                out[c][i] = Math.abs(x[c][i] - med);
            }
        }
        return out;
    }

    /**
     * Rank normalization: each value replaced by Phi^-1((r - 3/8) / (S + 1/4)), r its average
     * rank among all S values of all chains.
     */
    public static double[][] zScale(double[][] x) {
        return reshape(zFromRanks(averageRanks(flatten(x))), x);
    }

    /** Classic R-hat of (already split) chains: sqrt((B/W + n - 1) / n) with B = n var(chain means). */
    public static double rhatBasic(double[][] x) {
        return rhatBasic(flatten(x), x.length);
    }

    /** {@link #rhatBasic(double[][])} of the {@code m} consecutive chains of equal length that {@code x} holds. */
    static double rhatBasic(double[] x, int m) {
        int n = x.length / m;
        double[] means = new double[m];
        double w = 0;
        for (int c = 0; c < m; c++) {
            means[c] = Vectors.mean(x, c * n, n);
            w += Vectors.variance(x, c * n, n);
        }
        w /= m;
        double b = n * Vectors.variance(means);
        return Math.sqrt((b / w + n - 1) / n);
    }

    /**
     * ESS of (already split) chains by Geyer's initial monotone sequence on the combined
     * autocorrelations (Vehtari et al. 2021, eqs. 10-13), with the improved estimate of the
     * last term and the bound tau_hat >= 1 / log10(S) that posterior applies.
     */
    public static double essBasic(double[][] x) {
        return essBasic(flatten(x), x.length);
    }

    /** {@link #essBasic(double[][])} of the {@code m} consecutive chains of equal length that {@code x} holds. */
    static double essBasic(double[] x, int m) {
        int n = x.length / m;
        if (n < 3) {
            return Double.NaN;
        }
        if (constant(x)) {
            return Double.NaN;
        }
        double[] means = new double[m];
        Scratch w = Scratch.of(x.length);
        double[] centred = w.centred;
        for (int c = 0; c < m; c++) {
            means[c] = Vectors.mean(x, c * n, n);
            for (int i = c * n; i < (c + 1) * n; i++) {
                centred[i] = x[i] - means[c];
            }
        }
        return essFromAutocovariances(m, n, means, (t, acov) -> meanAutocovariances(centred, m, t, acov), w.rho);
    }

    /**
     * A thread's work arrays for quantities of {@code s} draws, kept while the thread's quantities
     * have that many (every column of a fit): the normal scores of the draws and of the folded
     * draws, the folded draws sorted and their order, the centred draws and their autocorrelations
     * ({@link #essBasic(double[], int)}, called for the scores and then for the draws, one after
     * the other). No array leaves the method that fills it.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> OWN = new ThreadLocal<>();
        final int s;
        final double[] z;
        final double[] zFold;
        final double[] foldedSorted;
        final int[] foldedOrder;
        final double[] centred;
        final double[] rho;

        private Scratch(int s) {
            this.s = s;
            this.z = new double[s];
            this.zFold = new double[s];
            this.foldedSorted = new double[s];
            this.foldedOrder = new int[s];
            this.centred = new double[s];
            this.rho = new double[s];
        }

        static Scratch of(int s) {
            Scratch w = OWN.get();
            if (w == null || w.s != s) {
                w = new Scratch(s);
                OWN.set(w);
            }
            return w;
        }
    }

    /** The mean over the chains of their autocovariances at lags t and t + 1, into acov[0] and acov[1]. */
    @FunctionalInterface
    private interface LagPair {
        void at(int t, double[] acov);
    }

    /** {@link #essBasic(double[], int)} from the chains' means and their mean autocovariances. */
    private static double essFromAutocovariances(int m, int n, double[] means, LagPair lags) {
        return essFromAutocovariances(m, n, means, lags, new double[n]);
    }

    /** As {@link #essFromAutocovariances(int, int, double[], LagPair)}, the autocorrelations in {@code rho} (at least n long). */
    private static double essFromAutocovariances(int m, int n, double[] means, LagPair lags, double[] rho) {
        // zeros where a fresh array had them: the last lag's entry is read whether or not it was set
        Arrays.fill(rho, 0, n, 0);
        // the mean autocovariances at lags t and t + 1, computed in one pass
        double[] acov = new double[2];
        lags.at(0, acov);
        double acov0 = acov[0];
        double meanVar = acov0 * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (m > 1) {
            varPlus += Vectors.variance(means);
        }
        int t = 0;
        double rhoEven = 1;
        rho[0] = rhoEven;
        double rhoOdd = 1 - (meanVar - acov[1]) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !Double.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
            t += 2;
            lags.at(t, acov);
            rhoEven = 1 - (meanVar - acov[0]) / varPlus;
            rhoOdd = 1 - (meanVar - acov[1]) / varPlus;
            if (rhoEven + rhoOdd >= 0) {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }
        int maxT = t;
        if (rhoEven > 0) {
            rho[maxT] = rhoEven;
        }
        // Geyer's initial monotone sequence
        t = 0;
        while (t <= maxT - 4) {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }
        double s = (double) m * n;
        double sum = 0;
        for (int i = 0; i < maxT; i++) {
            sum += rho[i];
        }
        double tauHat = -1 + 2 * sum + rho[maxT];
        tauHat = Math.max(tauHat, 1 / Math.log10(s));
        return s / tauHat;
    }

    /**
     * {@link #essBasic(double[], int)} of the indicators I(x_i <= q) of the m consecutive chains
     * of x, counted rather than summed: each chain's indicators are bits, and with p its share of
     * ones, the sum over i < n - t of (b_i - p)(b_(i+t) - p) is C - p (A + B) + (n - t) p^2, where
     * C = #(b_i = b_(i+t) = 1) is the bit count of the bits and the bits shifted by t, A the ones
     * before n - t and B the ones from t on. The same numbers as summing the centred indicators, up
     * to rounding, for a few word operations a lag instead of a pass over the draws.
     */
    static double essIndicator(double[] x, double q, int m) {
        int n = x.length / m;
        if (n < 3) {
            return Double.NaN;
        }
        int words = (n + 63) >>> 6;
        long[][] bits = new long[m][words + 1]; // a spare word of zeros past the end for the shifts
        int[] ones = new int[m];
        double[] means = new double[m];
        int total = 0;
        for (int c = 0; c < m; c++) {
            long[] b = bits[c];
            int base = c * n;
            for (int i = 0; i < n; i++) {
                if (x[base + i] <= q) {
                    b[i >>> 6] |= 1L << i;
                    ones[c]++;
                }
            }
            means[c] = (double) ones[c] / n;
            total += ones[c];
        }
        if (total == 0 || total == x.length) {
            return Double.NaN; // constant, as essBasic says
        }
        return essFromAutocovariances(m, n, means, (t, acov) -> {
            acov[0] = 0;
            acov[1] = 0;
            for (int c = 0; c < m; c++) {
                acov[0] += lagSum(bits[c], ones[c], n, t, means[c]) / n;
                if (t + 1 < n) {
                    acov[1] += lagSum(bits[c], ones[c], n, t + 1, means[c]) / n;
                }
            }
            acov[0] /= m;
            acov[1] /= m;
        });
    }

    /** sum over i < n - t of (b_i - p)(b_(i+t) - p), for the n bits b with {@code ones} ones and share p. */
    private static double lagSum(long[] b, int ones, int n, int t, double p) {
        int words = b.length - 1;
        int skip = t >>> 6;
        int shift = t & 63;
        long both = 0;
        for (int k = 0; k + skip < words; k++) {
            long later = b[k + skip] >>> shift;
            if (shift != 0) {
                later |= b[k + skip + 1] << (64 - shift);
            }
            both += Long.bitCount(b[k] & later);
        }
        long before = ones - onesFrom(b, n - t);
        long after = onesFrom(b, t);
        return both - p * (before + after) + (n - t) * p * p;
    }

    /** The ones at positions i >= from. */
    private static long onesFrom(long[] b, int from) {
        int word = from >>> 6;
        long count = 0;
        if (word < b.length) {
            count += Long.bitCount(b[word] & (-1L << (from & 63)));
        }
        for (int k = word + 1; k < b.length; k++) {
            count += Long.bitCount(b[k]);
        }
        return count;
    }

    /**
     * The means over the m consecutive chains of {@code centred} (each already centred) of their
     * biased autocovariances (divisor n, Geyer 1992) at lags t and t + 1, into out[0] and out[1],
     * in one pass: sum_i x_i x_{i+lag} / n over each chain.
     */
    static void meanAutocovariances(double[] centred, int m, int t, double[] out) {
        int n = centred.length / m;
        double sumT = 0;
        double sumNext = 0;
        for (int c = 0; c < m; c++) {
            int end = (c + 1) * n;
            // two running sums per lag, over even and odd i, so that the additions overlap
            double a0 = 0;
            double a1 = 0;
            double b0 = 0;
            double b1 = 0;
            int i = c * n;
            for (; i + t + 2 < end; i += 2) {
                double x0 = centred[i];
                double x1 = centred[i + 1];
                a0 += x0 * centred[i + t];
                b0 += x0 * centred[i + t + 1];
                a1 += x1 * centred[i + t + 1];
                b1 += x1 * centred[i + t + 2];
            }
            for (; i + t + 1 < end; i++) {
                a0 += centred[i] * centred[i + t];
                b0 += centred[i] * centred[i + t + 1];
            }
            if (i + t < end) {
                a0 += centred[i] * centred[i + t]; // lag t's last term
            }
            sumT += (a0 + a1) / n;
            sumNext += (b0 + b1) / n;
        }
        out[0] = sumT / m;
        out[1] = sumNext / m;
    }

    /**
     * Average ranks (1-based; ties get the mean of their ranks, as R's
     * {@code rank(ties.method = "average")}), from one index sort.
     */
    public static double[] averageRanks(double[] values) {
        return averageRanks(values, RadixOrder.order(values));
    }

    /** Average ranks given an order in which equal values are adjacent and values ascend. */
    static double[] averageRanks(double[] values, int[] order) {
        int n = values.length;
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = r;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static boolean degenerate(double[][] x) {
        return x.length == 0 || x[0].length < 4 || degenerate(flatten(x));
    }

    /** Any value not finite, or all one value. */
    private static boolean degenerate(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        return constant(x);
    }

    private static boolean constant(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    static double[] flatten(double[][] x) {
        int s = 0;
        for (double[] c : x) {
            s += c.length;
        }
        double[] out = new double[s];
        int k = 0;
        for (double[] c : x) {
            System.arraycopy(c, 0, out, k, c.length);
            k += c.length;
        }
        return out;
    }

    private static double[] sortedAll(double[][] x) {
        double[] all = flatten(x);
        Arrays.sort(all);
        return all;
    }
}
