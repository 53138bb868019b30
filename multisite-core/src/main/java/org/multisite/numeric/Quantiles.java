package org.multisite.numeric;

/** Sample quantiles of sorted data. */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * Hyndman & Fan (1996) type 7 quantile (R's default): linear interpolation between order
     * statistics at h = (n - 1) p.
     *
     * @param sorted values in ascending order, at least one
     */
    public static double type7(double[] sorted, double p) {
        int n = sorted.length;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** Hyndman & Fan type 1 quantile, the inverse of the empirical CDF (always a data value). */
    public static double type1(double[] sorted, double p) {
        int n = sorted.length;
        int k = (int) Math.ceil(n * p);
        return sorted[Math.max(1, Math.min(n, k)) - 1];
    }

    /**
     * Type 7 quantiles of unsorted data, for probabilities in ascending order, by selecting
     * only the order statistics they need (Hoare's quickselect); {@code values} is reordered.
     * Same results as {@link #type7} on the sorted data.
     */
    public static double[] type7Unsorted(double[] values, double... probs) {
        int n = values.length;
        double[] out = new double[probs.length];
        int lo = 0;
        for (int i = 0; i < probs.length; i++) {
            double h = (n - 1) * probs[i];
            int k = (int) Math.floor(h);
            if (k >= n - 1) {
                select(values, lo, n - 1, n - 1);
                out[i] = values[n - 1];
                continue;
            }
            select(values, lo, n - 1, k);
            // the next order statistic is the smallest value right of k
            double next = values[k + 1];
            for (int j = k + 2; j < n; j++) {
                next = Math.min(next, values[j]);
            }
            out[i] = values[k] + (h - k) * (next - values[k]);
            lo = k;
        }
        return out;
    }

    /** Places the k-th smallest of a[lo..hi] at a[k], smaller ones left of it, larger right. */
    static void select(double[] a, int lo, int hi, int k) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            double pivot = median3(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
