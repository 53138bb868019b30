package org.multisite.numeric;

/** Small helpers on double arrays used by data checks and summaries. */
public final class Vectors {
    private Vectors() {
    }

    public static double mean(double[] x) {
        return mean(x, 0, x.length);
    }

    /**
     * The mean of x[from, from + n): four running sums over every fourth value, added pairwise
     * at the end (the additions no longer wait on one another: 2-4 times faster than one sum).
     * {@link Means} streams the same additions; the two change together.
     */
    public static double mean(double[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + n;
        int i = from;
        for (; i + 3 < end; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < end; i++) {
            s0 += x[i];
        }
        return ((s0 + s1) + (s2 + s3)) / n;
    }

    /**
     * The means of several series of n values each, their values handed over one at a time, each
     * series' in its order: {@link #mean(double[], int, int)}'s four running sums, value i in sum
     * i mod 4, the values past the last whole four in the first, added pairwise at the end. The
     * same additions in the same order: the same doubles as {@code mean} of each series held.
     */
    public static final class Means {
        private final int n;
        private final int wholeFours;
        private final double[] sum;

        /** {@code series} series of {@code n} values each. */
        public Means(int series, int n) {
            this.n = n;
            this.wholeFours = n - n % 4;
            this.sum = new double[Math.multiplyExact(4, series)];
        }

        /** Value i of series j, after its values 0 .. i - 1 (series may be fed on different threads, one series on one at a time). */
        public void add(int j, int i, double x) {
            sum[4 * j + (i < wholeFours ? i & 3 : 0)] += x;
        }

        /** Each series' mean, once all its n values were added. */
        public double[] means() {
            double[] out = new double[sum.length / 4];
            for (int j = 0; j < out.length; j++) {
                int k = 4 * j;
                out[j] = ((sum[k] + sum[k + 1]) + (sum[k + 2] + sum[k + 3])) / n;
            }
            return out;
        }
    }

    /** Sample variance with divisor n - 1; NaN for fewer than 2 values. */
    public static double variance(double[] x) {
        return variance(x, 0, x.length);
    }

    /** The sample variance (divisor n - 1) of x[from, from + n); NaN for fewer than 2 values. */
    public static double variance(double[] x, int from, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(x, from, n);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + n;
        int i = from;
        for (; i + 3 < end; i += 4) {
            double d0 = x[i] - m;
            double d1 = x[i + 1] - m;
            double d2 = x[i + 2] - m;
            double d3 = x[i + 3] - m;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = x[i] - m;
            s0 += d * d;
        }
        return ((s0 + s1) + (s2 + s3)) / (n - 1);
    }

    public static double sd(double[] x) {
        return Math.sqrt(variance(x));
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static double[] centred(double[] x) {
        double m = mean(x);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - m;
        }
        return out;
    }

    /** The median (mean of the two middle values for an even count). */
    public static double median(double[] x) {
        double[] c = x.clone();
        java.util.Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /**
     * out = softmax(q a), the masses exp((q a)_m) / sum exp(q a) of a log-spline density on a
     * grid (Efron 2016), exponentiated about the largest entry; allocates nothing.
     */
    public static void softmax(double[][] q, double[] a, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < q.length; m++) {
            double e = 0;
            for (int k = 0; k < a.length; k++) {
                e += q[m][k] * a[k];
            }
            out[m] = e;
            max = Math.max(max, e);
        }
        double total = 0;
        for (int m = 0; m < q.length; m++) {
            out[m] = Math.exp(out[m] - max);
            total += out[m];
        }
        for (int m = 0; m < q.length; m++) {
            out[m] /= total;
        }
    }

    /** log(sum exp(v)), computed about the maximum; -infinity for an empty or all -infinity v. */
    public static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double a : v) {
            max = Math.max(max, a);
        }
        if (!Double.isFinite(max)) {
            return max;
        }
        double s = 0;
        for (double a : v) {
            s += Math.exp(a - max);
        }
        return max + Math.log(s);
    }

    public static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** The smallest value (NaN if any is; +infinity when empty). */
    public static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** The largest value (NaN if any is; -infinity when empty). */
    public static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
