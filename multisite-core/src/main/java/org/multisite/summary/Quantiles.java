package org.multisite.summary;

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
}
