package org.multisite.numeric;

import java.util.Arrays;

/**
 * Order statistics and counts of the values of several arrays pooled (every site's draws),
 * without copying and sorting them all: the values are counted into equal-width bins between
 * the smallest and the largest, and only the bins that hold an asked-for order statistic or
 * point are gathered and sorted (a bucket selection, Knuth TAOCP vol. 3, 5.2.5 and 5.3.3).
 * The bin of a value is a monotone function of it, so bins hold consecutive order statistics and
 * the answers are exactly those of the sorted pool. Values must not be NaN; a pool whose values
 * crowd into one bin (all equal, or one far outlier) costs a sort of that bin, no more.
 */
public final class PooledOrder {
    /** Values per bin on average: enough to keep the counts small, few enough to sort a bin fast. */
    private static final int PER_BIN = 16;
    private static final int MAX_BINS = 1 << 22;

    private final double[][] parts;
    private final long n;
    private final double min;
    private final double scale;
    private final int bins;
    /** start[b]: the number of values in bins below b; start[bins] = n. */
    private final long[] start;

    private PooledOrder(double[][] parts, long n, double min, double scale, int bins, long[] start) {
        this.parts = parts;
        this.n = n;
        this.min = min;
        this.scale = scale;
        this.bins = bins;
        this.start = start;
    }

    /** The pool of every value of {@code parts} (held, not copied: do not modify them), at least one value. */
    public static PooledOrder of(double[]... parts) {
        long n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] part : parts) {
            n += part.length;
            for (double x : part) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no values to pool");
        }
        int bins = bins(n);
        double scale = bins / (max - min);
        if (!(scale < Double.POSITIVE_INFINITY)) {
            scale = 0; // one value, or a range too narrow or too wide to divide: one bin
        }
        PooledOrder pool = new PooledOrder(parts, n, min, scale, bins, null);
        // counted in ints, half the memory the random increments touch (a bin holds fewer than
        // 2^31 values: the pool is no larger than an array), then summed into longs
        int[] count = new int[bins];
        for (double[] part : parts) {
            for (double x : part) {
                count[pool.bin(x)]++;
            }
        }
        long[] start = new long[bins + 1];
        for (int b = 0; b < bins; b++) {
            start[b + 1] = start[b] + count[b];
        }
        return new PooledOrder(parts, n, min, scale, bins, start);
    }

    /** The number of bins a pool of n values is counted into: one per 16 values, at most 2^22. */
    public static int bins(long n) {
        return (int) Math.max(1, Math.min(MAX_BINS, n / PER_BIN));
    }

    /**
     * The bin of x: rounding keeps (x - min) scale monotone in x, and so the bin; a point below
     * the pool (or an infinite one times a zero scale, NaN) falls in the first, above it in the last.
     */
    private int bin(double x) {
        double h = (x - min) * scale;
        return h >= bins ? bins - 1 : h > 0 ? (int) h : 0;
    }

    public long size() {
        return n;
    }

    /**
     * Type 7 quantiles ({@link Quantiles#type7}) of the pool at each of {@code probs} (any order),
     * exactly as on the sorted pool.
     */
    public double[] type7(double[] probs) {
        long[] positions = new long[2 * probs.length];
        for (int i = 0; i < probs.length; i++) {
            double h = (n - 1) * probs[i];
            long lo = (long) Math.floor(h);
            positions[2 * i] = Math.min(lo, n - 1);
            positions[2 * i + 1] = Math.min(lo + 1, n - 1);
        }
        double[] x = orderStatistics(positions);
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            double h = (n - 1) * probs[i];
            long lo = (long) Math.floor(h);
            out[i] = lo >= n - 1 ? x[2 * i] : x[2 * i] + (h - lo) * (x[2 * i + 1] - x[2 * i]);
        }
        return out;
    }

    /** The order statistics at {@code positions} (0 = the smallest, any order). */
    double[] orderStatistics(long[] positions) {
        int[] binOf = new int[positions.length];
        boolean[] wanted = new boolean[bins];
        for (int i = 0; i < positions.length; i++) {
            binOf[i] = binHolding(positions[i]);
            wanted[binOf[i]] = true;
        }
        Gathered g = gather(wanted);
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int b = binOf[i];
            out[i] = g.values[g.offset[b] + (int) (positions[i] - start[b])];
        }
        return out;
    }

    /** The share of the pool at or below each point of {@code points} (any order). */
    public double[] shareAtMost(double[] points) {
        int[] binOf = new int[points.length];
        boolean[] wanted = new boolean[bins];
        for (int k = 0; k < points.length; k++) {
            binOf[k] = bin(points[k]);
            wanted[binOf[k]] = true;
        }
        Gathered g = gather(wanted);
        double[] out = new double[points.length];
        for (int k = 0; k < points.length; k++) {
            int b = binOf[k];
            // every value of a lower bin is below the point, of a higher bin above it
            long count = start[b];
            int from = g.offset[b];
            int to = from + (int) (start[b + 1] - start[b]);
            for (int q = from; q < to && g.values[q] <= points[k]; q++) {
                count++;
            }
            out[k] = (double) count / n;
        }
        return out;
    }

    /** The bin holding the order statistic at {@code position}: the last b with start[b] <= position. */
    private int binHolding(long position) {
        int lo = 0;
        int hi = bins - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= position) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The values of the wanted bins, each bin's sorted in its own segment from offset[b]. */
    private record Gathered(double[] values, int[] offset) {
    }

    private Gathered gather(boolean[] wanted) {
        int[] offset = new int[bins];
        long total = 0;
        for (int b = 0; b < bins; b++) {
            if (wanted[b]) {
                offset[b] = (int) total;
                total += start[b + 1] - start[b];
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(total + " values in the bins asked for: more than an array holds");
        }
        double[] values = new double[(int) total];
        int[] cursor = offset.clone();
        for (double[] part : parts) {
            for (double x : part) {
                int b = bin(x);
                if (wanted[b]) {
                    values[cursor[b]++] = x;
                }
            }
        }
        for (int b = 0; b < bins; b++) {
            if (wanted[b]) {
                Arrays.sort(values, offset[b], cursor[b]);
            }
        }
        return new Gathered(values, offset);
    }
}
