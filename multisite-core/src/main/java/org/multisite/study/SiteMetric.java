package org.multisite.study;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.multisite.data.SiteData;
import org.multisite.numeric.GaussLegendre;
import org.multisite.sim.SiteSimulator;

/**
 * Metrics of an estimator's site estimates against the true effects, each divided by tau^2
 * (ISEL by tau) so that they are free of G's scale (design.md section 4).
 */
public enum SiteMetric implements Metric {
    /** mean_j (est_j - theta_j)^2. */
    SSEL("ssel") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            double s = 0;
            for (int j = 0; j < est.length; j++) {
                s += (est[j] - theta[j]) * (est[j] - theta[j]);
            }
            return s / est.length / (design.tau() * design.tau());
        }
    },
    /** The same weighted by the sites' precisions 1 / s_j^2 (normalized to sum 1). */
    WSSEL("wssel") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            double s = 0;
            double w = 0;
            for (int j = 0; j < est.length; j++) {
                double wj = 1 / (data.se(j) * data.se(j));
                s += wj * (est[j] - theta[j]) * (est[j] - theta[j]);
                w += wj;
            }
            return s / w / (design.tau() * design.tau());
        }
    },
    /** The integral of (EDF of the estimates - true G)^2, divided by tau ({@link #isel}). */
    ISEL("isel") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            return isel(est, design) / design.tau();
        }
    },
    /** mean_j (P_j - P*_j)^2 of the percentile ranks rank / (J + 1) of the estimates and of the true effects. */
    RANK_SEL("rank_sel") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            double[] a = percentiles(est);
            double[] b = percentiles(theta);
            double s = 0;
            for (int j = 0; j < est.length; j++) {
                s += (a[j] - b[j]) * (a[j] - b[j]);
            }
            return s / est.length;
        }
    },
    /** (mean of the estimates - mu) / tau. */
    MEAN_EST("mean_est") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            return (Arrays.stream(est).average().orElseThrow() - design.mean()) / design.tau();
        }
    },
    /** The estimates' variance across sites (divisor J - 1) / tau^2. */
    VAR_EST("var_est") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            double mean = Arrays.stream(est).average().orElseThrow();
            double s = 0;
            for (double v : est) {
                s += (v - mean) * (v - mean);
            }
            return s / (est.length - 1) / (design.tau() * design.tau());
        }
    };

    /** Panels of the ISEL quadrature per tau: 10-point Gauss-Legendre on panels of tau / 4 is exact to about 1e-10. */
    private static final double PANELS_PER_TAU = 4;
    /** The tails of the ISEL integral run until (1 - G)^2 or G^2 falls below this. */
    private static final double TAIL = 1e-12;
    /** ... or this many tau from the nearest estimate (a guard for shapes whose tails never get there). */
    private static final double TAIL_LIMIT = 1e4;

    private final String label;

    SiteMetric(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The metric of estimates {@code est} of effects {@code theta}, drawn from {@code design}. */
    public abstract double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design);

    /** rank / (J + 1), ties at their average rank. */
    static double[] percentiles(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] p = new double[n];
        int i = 0;
        while (i < n) {
            int k = i;
            while (k + 1 < n && v[order[k + 1]] == v[order[i]]) {
                k++;
            }
            double rank = 0.5 * (i + k) + 1;
            for (int r = i; r <= k; r++) {
                p[order[r]] = rank / (n + 1);
            }
            i = k + 1;
        }
        return p;
    }

    /**
     * Integral over t of (F_J(t) - G(t))^2, F_J the EDF of the estimates and G the design's
     * CDF of the effects, mean + tau u: between consecutive sorted estimates F_J is constant and
     * the integrand smooth, so 10-point Gauss-Legendre on panels no wider than tau / 4 is exact
     * to about 1e-10; the tails run until (1 - G)^2 or G^2 falls below 1e-12.
     */
    static double isel(double[] est, SiteSimulator.Design design) {
        double[] x = est.clone();
        Arrays.sort(x);
        int n = x.length;
        double tau = design.tau();
        DoubleUnaryOperator g = t -> design.shape().cdf((t - design.mean()) / tau);
        double total = 0;
        for (int k = 0; k + 1 < n; k++) {
            double level = (k + 1.0) / n;
            total += integrate(x[k], x[k + 1], t -> {
                double d = level - g.applyAsDouble(t);
                return d * d;
            }, tau);
        }
        // left tail: F_J = 0; right tail: F_J = 1
        double lo = x[0];
        double step = tau / PANELS_PER_TAU;
        while (true) {
            total += integrate(lo - step, lo, t -> g.applyAsDouble(t) * g.applyAsDouble(t), tau);
            lo -= step;
            if (g.applyAsDouble(lo) * g.applyAsDouble(lo) < TAIL || lo < x[0] - TAIL_LIMIT * tau) {
                break;
            }
        }
        double hi = x[n - 1];
        while (true) {
            total += integrate(hi, hi + step, t -> (1 - g.applyAsDouble(t)) * (1 - g.applyAsDouble(t)), tau);
            hi += step;
            if ((1 - g.applyAsDouble(hi)) * (1 - g.applyAsDouble(hi)) < TAIL || hi > x[n - 1] + TAIL_LIMIT * tau) {
                break;
            }
        }
        return total;
    }

    private static double integrate(double a, double b, DoubleUnaryOperator f, double tau) {
        if (!(b > a)) {
            return 0;
        }
        int panels = (int) Math.ceil((b - a) / (tau / PANELS_PER_TAU));
        double width = (b - a) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * width;
            for (int k = 0; k < GaussLegendre.POINTS; k++) {
                sum += GaussLegendre.weight(k) * 0.5 * width * f.applyAsDouble(mid + 0.5 * width * GaussLegendre.node(k));
            }
        }
        return sum;
    }
}
