package org.multisite.numeric;

/**
 * The ascending order of a vector of doubles, by a least-significant-digit radix sort of their
 * order-preserving bit patterns (Knuth, TAOCP vol. 3, 5.2.5), eight passes of one byte, each
 * skipped when every value shares that byte. Faster than a comparison sort when one vector of
 * the same length is ordered again and again (a rank per draw), and free of branches that
 * depend on the data. The order is {@link Double#compare}'s: -0.0 before 0.0, NaN last; equal
 * values keep their order (the sort is stable). A workspace: one per thread.
 */
public final class RadixOrder {
    private static final int DIGITS = 8;
    private static final int BUCKETS = 256;

    private final int n;
    private long[] keys;
    private long[] keysSpare;
    private int[] order;
    private int[] orderSpare;
    private final int[] counts = new int[DIGITS * BUCKETS];
    /** The value buckets' counts, then their starts ({@link #sortByBuckets}); null for long vectors. */
    private final int[] bucketStart;
    /** Each value's level ({@link #sortByLevels}); null for short vectors. */
    private final int[] level;
    /** The two level digits' counts, then their starts; null for short vectors. */
    private final int[] levelCounts;

    /** A workspace for vectors of {@code n} values. */
    public RadixOrder(int n) {
        this.n = n;
        this.keys = new long[n];
        this.keysSpare = new long[n];
        this.order = new int[n];
        this.orderSpare = new int[n];
        boolean levels = n >= LEVELS_FROM;
        this.bucketStart = levels ? null : new int[n + 1];
        this.level = levels ? new int[n] : null;
        this.levelCounts = levels ? new int[2 * LEVEL_BUCKETS] : null;
    }

    /**
     * The unsigned order of {@code key} is {@link Double#compare}'s order of {@code v}: positive
     * values have their sign bit set, negative ones all bits flipped, and every NaN is the largest key.
     */
    static long key(double v) {
        if (v != v) {
            return -1L;
        }
        long bits = Double.doubleToRawLongBits(v);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    /** Each thread's last workspace, reused while the lengths it sorts stay the same (every column of a fit). */
    private static final ThreadLocal<RadixOrder> WORKSPACE = new ThreadLocal<>();

    /** The indices of v in ascending order of its values, in {@link Double#compare}'s order. */
    public static int[] order(double[] v) {
        return order(v, new int[v.length]);
    }

    /** As {@link #order(double[])}, written to {@code out} (of v's length), which it returns. */
    public static int[] order(double[] v, int[] out) {
        RadixOrder r = WORKSPACE.get();
        if (r == null || r.n != v.length) {
            r = new RadixOrder(v.length);
            WORKSPACE.set(r);
        }
        r.sort(v);
        System.arraycopy(r.order, 0, out, 0, v.length);
        return out;
    }

    /** Orders {@code v} (of this workspace's length): then {@link #index} and {@link #sameAsPrevious} read the result. */
    public void sort(double[] v) {
        if (n == 0) {
            return;
        }
        if (level != null ? sortByLevels(v) : sortByBuckets(v)) {
            return;
        }
        radixSort(v);
    }

    /** The least value of the vector {@link #scale} last measured. */
    private double least;

    /**
     * span / (largest - least) over v, the least kept in {@link #least}: the factor that maps v
     * onto [0, span] for the distribution sorts; NaN, for the radix sort to take over, when v holds
     * a NaN or an infinity, its values are all equal, or the factor overflows (subnormal spread).
     */
    private double scale(double[] v, double span) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            nan |= x != x;
            if (x < low) {
                low = x;
            }
            if (x > high) {
                high = x;
            }
        }
        double width = high - low;
        double scale = span / width;
        if (nan || !(width > 0) || !(width < Double.POSITIVE_INFINITY) || !(scale < Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        least = low;
        return scale;
    }

    /** Vectors at least this long are ordered by {@link #sortByLevels}, shorter ones by {@link #sortByBuckets}. */
    static final int LEVELS_FROM = 1024;
    /** Bits of a level, in two digits of {@value #LEVEL_BITS}. */
    private static final int LEVEL_BITS = 11;
    private static final int LEVEL_BUCKETS = 1 << LEVEL_BITS;
    private static final int LEVELS = 1 << (2 * LEVEL_BITS);
    /** The moves the final insertion may make, per value, before the vector goes to the radix sort. */
    private static final int MOVES_PER_VALUE = 8;

    /**
     * For long vectors (a draw of every site, a quantity's draws): each value's level, floor((v -
     * least) (L - 1) / (largest - least)) of L = 2^22, a monotone function of v (each operation
     * is correctly rounded), is ordered by two counting passes of 11 bits (a stable least-
     * significant-digit radix sort, Knuth, TAOCP vol. 3, 5.2.5), then a pass of insertion on
     * the keys puts values that share a level in order: with a few thousand to a few hundred
     * thousand smooth values, levels are rarely shared, the insertion rarely moves anything and its
     * branch is predictable, where {@link #sortByBuckets}' insertion bucket by bucket
     * mispredicted most branches (4,000 values: 60 -> 32-49 us; 100,000: 1.8 -> 1.0-1.2 ms). Both
     * steps are stable, so the order is the same. Returns false, having ordered nothing that
     * counts, for NaN, infinities, all values equal, or values so crowded into few levels (far
     * outliers) that the insertion would move more than {@value #MOVES_PER_VALUE} times per value.
     */
    private boolean sortByLevels(double[] v) {
        double scale = scale(v, LEVELS - 1);
        if (Double.isNaN(scale)) {
            return false;
        }
        double least = this.least;
        int[] c = levelCounts;
        java.util.Arrays.fill(c, 0);
        for (int i = 0; i < n; i++) {
            int l = Math.min(LEVELS - 1, (int) ((v[i] - least) * scale));
            level[i] = l;
            c[l & (LEVEL_BUCKETS - 1)]++;
            c[LEVEL_BUCKETS + (l >>> LEVEL_BITS)]++;
        }
        int low = 0;
        int high = 0;
        for (int b = 0; b < LEVEL_BUCKETS; b++) {
            int k = c[b];
            c[b] = low;
            low += k;
            k = c[LEVEL_BUCKETS + b];
            c[LEVEL_BUCKETS + b] = high;
            high += k;
        }
        int[] byLow = orderSpare;
        for (int i = 0; i < n; i++) {
            byLow[c[level[i] & (LEVEL_BUCKETS - 1)]++] = i;
        }
        for (int k = 0; k < n; k++) {
            int i = byLow[k];
            order[c[LEVEL_BUCKETS + (level[i] >>> LEVEL_BITS)]++] = i;
        }
        for (int k = 0; k < n; k++) {
            keys[k] = key(v[order[k]]);
        }
        return insertion((long) MOVES_PER_VALUE * n);
    }

    /**
     * Puts keys (and order with them) in order by insertion, equal keys kept in turn, where the
     * distribution sorts left them in order up to values that share a level or bucket: no value
     * moves past a smaller level's or bucket's, as the level or bucket is monotone in the value, so
     * this is each level's or bucket's insertion sort in one pass, whose mostly-untaken branch is
     * predictable. Returns false, the keys then in no useful order, after {@code moves} moves.
     */
    private boolean insertion(long moves) {
        for (int i = 1; i < n; i++) {
            long k = keys[i];
            long signed = k ^ Long.MIN_VALUE;
            if ((keys[i - 1] ^ Long.MIN_VALUE) > signed) {
                int o = order[i];
                int q = i - 1;
                while (q >= 0 && (keys[q] ^ Long.MIN_VALUE) > signed) {
                    if (--moves < 0) {
                        return false;
                    }
                    keys[q + 1] = keys[q];
                    order[q + 1] = order[q];
                    q--;
                }
                keys[q + 1] = k;
                order[q + 1] = o;
            }
        }
        return true;
    }

    /**
     * A bucket holding more than this many values sends the vector to the radix sort: it bounds
     * the insertion work at 24 / 2 moves a value, a few radix passes' worth, where one far value
     * would otherwise put nearly all of them in one bucket (quadratic).
     */
    private static final int BUCKET_LIMIT = 24;

    /**
     * A distribution sort (Knuth, TAOCP vol. 3, 5.2.5's bucket sorting by value): each value goes
     * to one of n equal-width buckets between the least and the largest value, in the order of
     * the vector (stable), then each bucket is put in order by insertion on the keys. The bucket
     * of a value, floor((v - least) * n / (largest - least)), never decreases as v grows (each
     * operation is correctly rounded, hence monotone), so the buckets in turn are the order.
     * Smooth draws (a site's effect, a draw of every site's) put a few values in each bucket:
     * about three passes over the vector where the radix sort takes sixteen, and none of its
     * eight 256-count histograms, which dominate short vectors (8 values: 0.9 -> 0.1 us; 64: 1.7
     * -> 0.5 us; 4,000: 71 -> 60 us, under C2), so vectors shorter than {@value #LEVELS_FROM} try the
     * buckets first (longer ones {@link #sortByLevels}). Returns false,
     * having ordered nothing that counts, when the values include NaN or an infinity, are all
     * equal, or crowd more than {@value #BUCKET_LIMIT} into one bucket (far outliers, ties).
     */
    private boolean sortByBuckets(double[] v) {
        double scale = scale(v, n);
        if (Double.isNaN(scale)) {
            return false;
        }
        double least = this.least;
        int[] start = bucketStart;
        java.util.Arrays.fill(start, 0);
        for (int i = 0; i < n; i++) {
            int b = Math.min(n - 1, (int) ((v[i] - least) * scale));
            if (++start[b + 1] > BUCKET_LIMIT) {
                return false;
            }
        }
        for (int b = 0; b < n; b++) {
            start[b + 1] += start[b];
        }
        for (int i = 0; i < n; i++) {
            double x = v[i];
            int at = start[Math.min(n - 1, (int) ((x - least) * scale))]++;
            keys[at] = key(x);
            order[at] = i;
        }
        // each bucket in order by insertion: at most BUCKET_LIMIT values a bucket bound the moves
        return insertion(Long.MAX_VALUE);
    }

    /** The least-significant-digit radix sort of the keys, eight passes of a byte. */
    private void radixSort(double[] v) {
        java.util.Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            long k = key(v[i]);
            keys[i] = k;
            order[i] = i;
            for (int d = 0; d < DIGITS; d++) {
                counts[d * BUCKETS + (int) ((k >>> (8 * d)) & 0xFF)]++;
            }
        }
        for (int d = 0; d < DIGITS; d++) {
            int base = d * BUCKETS;
            int shift = 8 * d;
            if (counts[base + (int) ((keys[0] >>> shift) & 0xFF)] == n) {
                continue; // every key has this byte: the pass would not move anything
            }
            int start = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = counts[base + b];
                counts[base + b] = start;
                start += c;
            }
            for (int i = 0; i < n; i++) {
                long k = keys[i];
                int at = counts[base + (int) ((k >>> shift) & 0xFF)]++;
                keysSpare[at] = k;
                orderSpare[at] = order[i];
            }
            long[] kt = keys;
            keys = keysSpare;
            keysSpare = kt;
            int[] ot = order;
            order = orderSpare;
            orderSpare = ot;
        }
    }

    /** The index in the sorted vector of its q-th smallest value (q from 0). */
    public int index(int q) {
        return order[q];
    }

    /** The q-th smallest value (q from 0), read back from its key: the value itself, bit for bit (any NaN as a NaN). */
    public double value(int q) {
        long k = keys[q];
        return Double.longBitsToDouble(k < 0 ? k ^ Long.MIN_VALUE : ~k);
    }

    /** Whether the q-th smallest value equals the (q - 1)-th. */
    public boolean sameAsPrevious(int q) {
        return q > 0 && keys[q] == keys[q - 1];
    }
}
