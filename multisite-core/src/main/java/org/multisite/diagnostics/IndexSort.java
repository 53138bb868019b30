package org.multisite.diagnostics;

/**
 * The permutation that sorts a double array ascending, by a primitive quicksort on indices
 * (median of three, insertion sort below 16 elements), without boxing. NaN sorts last.
 */
public final class IndexSort {
    private static final int INSERTION = 16;

    private IndexSort() {
    }

    /** The indices of v in ascending order of their values. */
    public static int[] order(double[] v) {
        int n = v.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        sort(v, idx, 0, n - 1);
        return idx;
    }

    private static void sort(double[] v, int[] idx, int lo, int hi) {
        while (hi - lo >= INSERTION) {
            int mid = (lo + hi) >>> 1;
            // median of three into idx[mid]
            if (less(v, idx[mid], idx[lo])) {
                swap(idx, mid, lo);
            }
            if (less(v, idx[hi], idx[lo])) {
                swap(idx, hi, lo);
            }
            if (less(v, idx[hi], idx[mid])) {
                swap(idx, hi, mid);
            }
            int pivot = idx[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (less(v, idx[i], pivot)) {
                    i++;
                }
                while (less(v, pivot, idx[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(idx, i++, j--);
                }
            }
            // recurse into the smaller part, loop on the larger (stack depth O(log n))
            if (j - lo < hi - i) {
                sort(v, idx, lo, j);
                lo = i;
            } else {
                sort(v, idx, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            int t = idx[i];
            int k = i - 1;
            while (k >= lo && less(v, t, idx[k])) {
                idx[k + 1] = idx[k];
                k--;
            }
            idx[k + 1] = t;
        }
    }

    private static boolean less(double[] v, int a, int b) {
        return Double.compare(v[a], v[b]) < 0;
    }

    private static void swap(int[] idx, int a, int b) {
        int t = idx[a];
        idx[a] = idx[b];
        idx[b] = t;
    }
}
