package org.multisite.numeric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Order statistics and counts of the values of several parts pooled (every site's draws, held
 * in arrays or recomputed on each read), without copying and sorting them all: the values are
 * counted into equal-width bins between the smallest and the largest (by this class, or by
 * whoever reads the values anyway: {@link Binning}), and only the bins that hold an asked-for
 * order statistic or point are gathered, in one more reading, and sorted (a bucket selection,
 * Knuth TAOCP vol. 3, 5.2.5 and 5.3.3).
 * The bin of a value is a monotone function of it, so bins hold consecutive order statistics and
 * the answers are exactly those of the sorted pool. Values must not be NaN; a pool whose values
 * crowd into one bin (all equal, or one far outlier) costs a sort of that bin, no more.
 */
public final class PooledOrder {
    /** Values per bin on average: enough to keep the counts small, few enough to sort a bin fast. */
    private static final int PER_BIN = 16;
    private static final int MAX_BINS = 1 << 22;
    /** Ranges of parts a gathering reads at once: one per core of a 4-core machine. */
    private static final int GATHER_RANGES = 4;

    /**
     * The pooled values, read part by part: parts are arrays held, or values recomputed on each
     * read (the site effects of a model that does not store them), so the pool is read once to
     * count and once to gather.
     */
    public interface Parts {
        /** The number of parts. */
        int count();

        /**
         * Calls {@code body} with every part, the parts of each of {@code chunks} consecutive
         * ranges in order and on one thread; ranges may be read at once on several threads.
         */
        void scan(int chunks, PartBody body);
    }

    /** What {@link Parts#scan} calls with each part. */
    @FunctionalInterface
    public interface PartBody {
        /** Part {@code part}'s values, in the range {@code chunk}; {@code values} is valid during the call only. */
        void accept(int chunk, int part, double[] values);
    }

    /** Arrays held as the parts, read on the calling thread. */
    public static Parts parts(double[]... arrays) {
        return new Parts() {
            @Override
            public int count() {
                return arrays.length;
            }

            @Override
            public void scan(int chunks, PartBody body) {
                for (int t = 0; t < chunks; t++) {
                    for (int k = chunkStart(t, arrays.length, chunks); k < chunkStart(t + 1, arrays.length, chunks); k++) {
                        body.accept(t, k, arrays[k]);
                    }
                }
            }
        };
    }

    /**
     * The first of the parts in range t when n parts are cut into {@code chunks} consecutive
     * ranges of nearly equal size: ceil(t n / chunks); range t ends where range t + 1 starts.
     */
    public static int chunkStart(int t, int n, int chunks) {
        return (int) (((long) t * n + chunks - 1) / chunks);
    }

    private final Parts parts;
    private final Binning binning;
    private final long n;
    /** start[b]: the number of values in bins below b; start[bins] = n. */
    private final long[] start;
    /** The bins gathered last, kept for the next question about the same bins; null before. */
    private BitSet gatheredBins;
    private Gathered gathered;

    private PooledOrder(Parts parts, Binning binning, long[] start) {
        this.parts = parts;
        this.binning = binning;
        this.n = start[start.length - 1];
        this.start = start;
    }

    /**
     * Equal-width bins between the smallest and the largest of n values: counts taken by whoever
     * reads the values ({@link #bin}, into arrays from {@link #newCounts}) make the pool.
     */
    public static final class Binning {
        private final double min;
        private final double scale;
        private final int bins;

        private Binning(long n, double min, double max) {
            this.bins = PooledOrder.bins(n);
            double scale = bins / (max - min);
            // one value, or a range too narrow or too wide to divide: one bin
            this.scale = scale < Double.POSITIVE_INFINITY ? scale : 0;
            this.min = min;
        }

        public int bins() {
            return bins;
        }

        /**
         * The bin of x: rounding keeps (x - min) scale monotone in x, and so the bin; a point below
         * the pool (or an infinite one times a zero scale, NaN) falls in the first, above it in the last.
         */
        public int bin(double x) {
            double h = (x - min) * scale;
            return h >= bins ? bins - 1 : h > 0 ? (int) h : 0;
        }

        /** Counts of the values per bin, to fill with {@link #bin} (ints: a bin holds fewer than 2^31 values). */
        public int[] newCounts() {
            return new int[bins];
        }

        /** The pool of the values of {@code parts}, counted into {@code counts} (summed over the arrays). */
        public PooledOrder pool(Parts parts, List<int[]> counts) {
            long[] start = new long[bins + 1];
            for (int b = 0; b < bins; b++) {
                long sum = 0;
                for (int[] count : counts) {
                    sum += count[b];
                }
                start[b + 1] = start[b] + sum;
            }
            return new PooledOrder(parts, this, start);
        }
    }

    /** The bins of n values (at least one) between {@code min} and {@code max}. */
    public static Binning binning(long n, double min, double max) {
        if (n <= 0) {
            throw new IllegalArgumentException("no values to pool");
        }
        return new Binning(n, min, max);
    }

    /** The pool of every value of {@code parts} (held, not copied: do not modify them), at least one value. */
    public static PooledOrder of(double[]... parts) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long n = 0;
        for (double[] part : parts) {
            n += part.length;
            for (double x : part) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return of(parts(parts), 1, n, min, max);
    }

    /**
     * The pool of the {@code n} values of {@code parts}, whose smallest and largest are {@code
     * min} and {@code max}, counted in {@code chunks} ranges that may be read at once.
     */
    public static PooledOrder of(Parts parts, int chunks, long n, double min, double max) {
        Binning binning = binning(n, min, max);
        int ranges = Math.max(1, Math.min(chunks, parts.count()));
        List<int[]> counts = new ArrayList<>();
        for (int t = 0; t < ranges; t++) {
            counts.add(binning.newCounts());
        }
        parts.scan(ranges, (chunk, part, values) -> {
            int[] count = counts.get(chunk);
            for (double x : values) {
                count[binning.bin(x)]++;
            }
        });
        return binning.pool(parts, counts);
    }

    /** The number of bins a pool of n values is counted into: one per 16 values, at most 2^22. */
    public static int bins(long n) {
        return (int) Math.max(1, Math.min(MAX_BINS, n / PER_BIN));
    }

    private int bin(double x) {
        return binning.bin(x);
    }

    public long size() {
        return n;
    }

    /**
     * Type 7 quantiles ({@link Quantiles#type7}) of the pool at each of {@code probs} (any order),
     * exactly as on the sorted pool.
     */
    public double[] type7(double[] probs) {
        double[] x = orderStatistics(type7Positions(probs));
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            double h = (n - 1) * probs[i];
            long lo = (long) Math.floor(h);
            out[i] = lo >= n - 1 ? x[2 * i] : x[2 * i] + (h - lo) * (x[2 * i + 1] - x[2 * i]);
        }
        return out;
    }

    /** The two order statistics (0 = the smallest) between which each type 7 quantile at {@code probs} lies. */
    private long[] type7Positions(double[] probs) {
        long[] positions = new long[2 * probs.length];
        for (int i = 0; i < probs.length; i++) {
            double h = (n - 1) * probs[i];
            long lo = (long) Math.floor(h);
            positions[2 * i] = Math.min(lo, n - 1);
            positions[2 * i + 1] = Math.min(lo + 1, n - 1);
        }
        return positions;
    }

    /**
     * Reads the pool once for both {@link #type7} at {@code probs} and {@link #shareAtMost} at
     * {@code points}, which then read no more (each alone reads the pool once).
     */
    public void prepare(double[] probs, double[] points) {
        BitSet wanted = new BitSet(binning.bins);
        for (long position : type7Positions(probs)) {
            wanted.set(binHolding(position));
        }
        for (double t : points) {
            wanted.set(bin(t));
        }
        gather(wanted);
    }

    /** The order statistics at {@code positions} (0 = the smallest, any order). */
    double[] orderStatistics(long[] positions) {
        int[] binOf = new int[positions.length];
        BitSet wanted = new BitSet(binning.bins);
        for (int i = 0; i < positions.length; i++) {
            binOf[i] = binHolding(positions[i]);
            wanted.set(binOf[i]);
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
        BitSet wanted = new BitSet(binning.bins);
        for (int k = 0; k < points.length; k++) {
            binOf[k] = bin(points[k]);
            wanted.set(binOf[k]);
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
        int hi = binning.bins - 1;
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

    /** The wanted bins' values, read from the pool unless the last gathering holds them all. */
    private Gathered gather(BitSet wanted) {
        if (gathered != null && covers(gatheredBins, wanted)) {
            return gathered;
        }
        gathered = gatherAnew(wanted);
        gatheredBins = wanted;
        return gathered;
    }

    private static boolean covers(BitSet held, BitSet wanted) {
        BitSet missing = (BitSet) wanted.clone();
        missing.andNot(held);
        return missing.isEmpty();
    }

    /**
     * The values in the wanted bins (a set of bits, 512 KB at the most bins, where a boolean per
     * bin missed the cache on most values), each put at its bin's next free place, whatever thread
     * reads it: each bin is then sorted, so the result does not depend on the order in which the
     * parts are read, or in which their values reach a bin.
     */
    private Gathered gatherAnew(BitSet wanted) {
        int bins = binning.bins;
        int[] offset = new int[bins];
        long total = 0;
        for (int b = 0; b < bins; b++) {
            if (wanted.get(b)) {
                offset[b] = (int) total;
                total += start[b + 1] - start[b];
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(total + " values in the bins asked for: more than an array holds");
        }
        double[] values = new double[(int) total];
        AtomicIntegerArray cursor = new AtomicIntegerArray(offset);
        long[] words = wanted.toLongArray();
        Binning in = binning;
        double min = in.min;
        double scale = in.scale;
        int last = bins - 1;
        parts.scan(GATHER_RANGES, (chunk, part, x) -> {
            for (double v : x) {
                // the bin (as Binning.bin), and whether it is wanted, read off the words in place
                double h = (v - min) * scale;
                int b = h >= bins ? last : h > 0 ? (int) h : 0;
                int w = b >>> 6;
                if (w < words.length && (words[w] & (1L << b)) != 0) {
                    values[cursor.getAndIncrement(b)] = v;
                }
            }
        });
        for (int b = 0; b < bins; b++) {
            if (wanted.get(b)) {
                Arrays.sort(values, offset[b], offset[b] + (int) (start[b + 1] - start[b]));
            }
        }
        return new Gathered(values, offset);
    }
}
