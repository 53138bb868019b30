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

    /** A workspace for vectors of {@code n} values. */
    public RadixOrder(int n) {
        this.n = n;
        this.keys = new long[n];
        this.keysSpare = new long[n];
        this.order = new int[n];
        this.orderSpare = new int[n];
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
        RadixOrder r = WORKSPACE.get();
        if (r == null || r.n != v.length) {
            r = new RadixOrder(v.length);
            WORKSPACE.set(r);
        }
        r.sort(v);
        return r.order.clone();
    }

    /** Orders {@code v} (of this workspace's length): then {@link #index} and {@link #sameAsPrevious} read the result. */
    public void sort(double[] v) {
        if (n == 0) {
            return;
        }
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

    /** Whether the q-th smallest value equals the (q - 1)-th. */
    public boolean sameAsPrevious(int q) {
        return q > 0 && keys[q] == keys[q - 1];
    }
}
