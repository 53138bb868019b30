package org.multisite.numeric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

/**
 * Order statistics and counts of the values of several parts pooled (every site's draws, held
 * in arrays or recomputed on each read), without copying and sorting them all: the values are
 * counted into equal-width bins between two bounds, the smallest and the largest value or of a
 * sample of them, values beyond falling in the end bins (by this class, or by whoever reads the
 * values anyway: {@link Binning}), and only the bins that hold an asked-for order statistic or
 * point are gathered, in one more reading (the pool's own, or whoever reads the values then:
 * {@link Gathering}), and sorted (a bucket selection, Knuth TAOCP vol. 3, 5.2.5 and 5.3.3).
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
     * Equal-width bins between two bounds of n values (values beyond them fall in the end bins):
     * counts taken by whoever reads the values ({@link #bin}, into arrays from {@link #newCounts})
     * make the pool.
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

    /** The bins of n values (at least one) between {@code min} and {@code max} (values beyond them fall in the end bins). */
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
        read(gathering(probs, points));
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
        if (gathered == null || !covers(gatheredBins, wanted)) {
            read(new Gathering(wanted));
        }
        return gathered;
    }

    /** Hands every value of the pool to {@code g} in one reading, and finishes it. */
    private void read(Gathering g) {
        parts.scan(GATHER_RANGES, (chunk, part, x) -> g.add(x));
        g.finish();
    }

    private static boolean covers(BitSet held, BitSet wanted) {
        BitSet missing = (BitSet) wanted.clone();
        missing.andNot(held);
        return missing.isEmpty();
    }

    /**
     * A gathering of the bins that hold the order statistics for {@link #type7} at {@code probs}
     * and the points for {@link #shareAtMost} at {@code points}, from values handed to it by
     * whoever reads the pool anyway ({@link Gathering#add}, every value once); once {@link
     * Gathering#finish} has run, those questions read the pool no more.
     */
    public Gathering gathering(double[] probs, double[] points) {
        BitSet wanted = new BitSet(binning.bins);
        for (long position : type7Positions(probs)) {
            wanted.set(binHolding(position));
        }
        for (double t : points) {
            wanted.set(bin(t));
        }
        return new Gathering(wanted);
    }

    /**
     * Wanted bins per group of {@link Gathering}: a group's values share one cursor. With 64, a
     * thread's buffers for the 100,000 wanted bins of a 100,000-site fit take 200 KB, within a
     * core's 1 MB second-level cache here.
     */
    private static final int BINS_PER_GROUP = 64;
    /** Values a thread holds per group before it writes them out together: 128 bytes, two cache lines. */
    private static final int BUFFERED = 16;

    /**
     * The values in the wanted bins (a set of bits, 512 KB at the most bins, where a boolean per
     * bin missed the cache on most values). The wanted bins are cut into groups of 64, each with
     * its stretch of the result; each thread keeps a few values per group and writes them out 16
     * at a time at the group's next free place (radix partitioning with write-combining buffers,
     * Satish, Kim, Chhugani et al. 2010, "Fast sort on CPUs and GPUs", section 4), where putting
     * each value at its bin's next place, an atomic increment and a cache miss apiece, took 12%
     * of a 100,000-site fit. Each group is then ordered by bin and each bin sorted, so the result
     * does not depend on the order in which the parts are read, or in which their values arrive.
     */
    public final class Gathering {
        private final BitSet wanted;
        private final long[] words;
        /** The wanted bins before word w of {@link #words}. */
        private final int[] before;
        /** The wanted bins, ascending. */
        private final int[] bins;
        private final int[] offset;
        private final double[] values;
        /** Where group g's stretch of {@link #values} starts; groupStart[groups] = values.length. */
        private final int[] groupStart;
        private final AtomicIntegerArray filled;
        private final ThreadLocal<Buffers> own = ThreadLocal.withInitial(this::newBuffers);
        private final List<Buffers> made = new ArrayList<>();

        private Gathering(BitSet wanted) {
            this.wanted = wanted;
            this.words = wanted.toLongArray();
            this.before = new int[words.length + 1];
            for (int w = 0; w < words.length; w++) {
                before[w + 1] = before[w] + Long.bitCount(words[w]);
            }
            this.bins = wanted.stream().toArray();
            this.offset = new int[binning.bins];
            long total = 0;
            for (int b : bins) {
                offset[b] = (int) total;
                total += start[b + 1] - start[b];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException(total + " values in the bins asked for: more than an array holds");
            }
            this.values = new double[(int) total];
            int groups = (bins.length + BINS_PER_GROUP - 1) / BINS_PER_GROUP;
            this.groupStart = new int[groups + 1];
            for (int g = 0; g < groups; g++) {
                groupStart[g] = offset[bins[g * BINS_PER_GROUP]];
            }
            groupStart[groups] = values.length;
            this.filled = new AtomicIntegerArray(groups);
        }

        /** A thread's buffered values: {@link #BUFFERED} per group, and how many each holds. */
        private record Buffers(double[] values, int[] count) {
        }

        private Buffers newBuffers() {
            int groups = groupStart.length - 1;
            Buffers b = new Buffers(new double[groups * BUFFERED], new int[groups]);
            synchronized (made) {
                made.add(b);
            }
            return b;
        }

        /** The index among the wanted bins of bin b, a wanted one. */
        private int index(int b) {
            int w = b >>> 6;
            return before[w] + Long.bitCount(words[w] & ((1L << b) - 1));
        }

        /**
         * Keeps those of {@code x} that fall in a wanted bin; any thread, any order. Values in
         * ascending order (a part's draws sorted) read the bins' bits in order, from the cache.
         */
        public void add(double[] x) {
            Buffers own = this.own.get();
            double[] buffered = own.values;
            int[] count = own.count;
            for (double v : x) {
                // whether the value's bin is wanted, read off the words in place
                int b = binning.bin(v);
                int w = b >>> 6;
                if (w < words.length && (words[w] & (1L << b)) != 0) {
                    int g = index(b) / BINS_PER_GROUP;
                    int k = count[g];
                    buffered[g * BUFFERED + k] = v;
                    if (k + 1 == BUFFERED) {
                        write(g, buffered, BUFFERED);
                        count[g] = 0;
                    } else {
                        count[g] = k + 1;
                    }
                }
            }
        }

        /** Writes the first n buffered values of group g at the group's next free place. */
        private void write(int g, double[] buffered, int n) {
            int at = groupStart[g] + filled.getAndAdd(g, n);
            if (at + n > groupStart[g + 1]) {
                throw new IllegalStateException("more values than the pool's counts: the pool was read twice");
            }
            System.arraycopy(buffered, g * BUFFERED, values, at, n);
        }

        /** Orders each group by bin and sorts each bin, once every value of the pool was added; the pool then answers from them. */
        public void finish() {
            int groups = groupStart.length - 1;
            for (Buffers b : made) {
                for (int g = 0; g < groups; g++) {
                    write(g, b.values, b.count[g]);
                }
            }
            for (int g = 0; g < groups; g++) {
                if (filled.get(g) != groupStart[g + 1] - groupStart[g]) {
                    throw new IllegalStateException("fewer values than the pool's counts: the pool was not read whole");
                }
            }
            // each group on its own, on the common pool's threads (each writes its own stretch
            // only): a counting sort of its stretch by bin, then each bin sorted
            IntStream.range(0, groups).parallel().forEach(g -> {
                int from = groupStart[g];
                double[] stretch = Arrays.copyOfRange(values, from, groupStart[g + 1]);
                int first = g * BINS_PER_GROUP;
                int end = Math.min(bins.length, first + BINS_PER_GROUP);
                int[] next = new int[end - first];
                for (int k = first; k < end; k++) {
                    next[k - first] = offset[bins[k]];
                }
                for (double v : stretch) {
                    values[next[index(binning.bin(v)) - first]++] = v;
                }
                for (int k = first; k < end; k++) {
                    int b = bins[k];
                    Arrays.sort(values, offset[b], offset[b] + (int) (start[b + 1] - start[b]));
                }
            });
            gathered = new Gathered(values, offset);
            gatheredBins = wanted;
        }
    }
}
