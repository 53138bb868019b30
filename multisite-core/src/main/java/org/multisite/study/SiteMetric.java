package org.multisite.study;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.multisite.data.SiteData;
import org.multisite.numeric.GaussLegendre;
import org.multisite.numeric.Quantiles;
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
    /**
     * The integral of (EDF of the estimates - EDF of the replication's true effects)^2, divided
     * by tau (design.md section 4): both are step functions, so the integral is exact over the
     * merged sorted points ({@link #iselEdf}).
     */
    ISEL("isel") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            return iselEdf(est, theta) / design.tau();
        }
    },
    /** The integral of (EDF of the estimates - the population G)^2, divided by tau ({@link #isel}). */
    ISEL_G("isel_g") {
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
    /** (Q_5(estimates) - Q_5(true effects))^2 / tau^2, type-7 quantiles ({@link #quantileError}). */
    QUANTILE_ERR_5("quantile_err_5", 0.05),
    QUANTILE_ERR_10("quantile_err_10", 0.10),
    QUANTILE_ERR_25("quantile_err_25", 0.25),
    QUANTILE_ERR_50("quantile_err_50", 0.50),
    QUANTILE_ERR_75("quantile_err_75", 0.75),
    QUANTILE_ERR_90("quantile_err_90", 0.90),
    QUANTILE_ERR_95("quantile_err_95", 0.95),
    /**
     * sum_b (share of the estimates in bar b - share of the true effects in bar b)^2 over fixed
     * bars: 12 of width tau / 2 from mean - 3 tau to mean + 3 tau and the two open tails.
     */
    HIST_LOSS("hist_loss") {
        @Override
        public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
            double[] a = barShares(est, design);
            double[] b = barShares(theta, design);
            double s = 0;
            for (int k = 0; k < a.length; k++) {
                s += (a[k] - b[k]) * (a[k] - b[k]);
            }
            return s;
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

    /** The fixed bars of {@link #HIST_LOSS}: half-tau wide over mean +- 3 tau, and the tails. */
    static final int BARS = 14;

    private final String label;
    /** The probability of a quantile error metric; NaN for the others. */
    private final double probability;

    SiteMetric(String label) {
        this(label, Double.NaN);
    }

    SiteMetric(String label, double probability) {
        this.label = label;
        this.probability = probability;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * The metric of estimates {@code est} of effects {@code theta}, drawn from {@code design}.
     * Only the quantile errors use this default; every other metric overrides it.
     */
    public double value(double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
        return quantileError(est, theta, probability) / (design.tau() * design.tau());
    }

    /** (Q_p(est) - Q_p(theta))^2, type-7 quantiles (R's default). */
    static double quantileError(double[] est, double[] theta, double p) {
        double[] a = est.clone();
        double[] b = theta.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double d = Quantiles.type7(a, p) - Quantiles.type7(b, p);
        return d * d;
    }

    /** The share of {@code v} in each of the {@link #BARS} bars. */
    static double[] barShares(double[] v, SiteSimulator.Design design) {
        double[] share = new double[BARS];
        for (double x : v) {
            double z = (x - design.mean()) / design.tau();
            int bar = z < -3 ? 0 : z >= 3 ? BARS - 1 : 1 + Math.min((int) Math.floor((z + 3) * 2), BARS - 3);
            share[bar] += 1.0 / v.length;
        }
        return share;
    }

    /**
     * Integral over t of (F_est(t) - F_theta(t))^2 for two EDFs: constant between consecutive
     * points of the merged sorted values, so the sum of (difference)^2 times the gap is exact.
     */
    static double iselEdf(double[] est, double[] theta) {
        double[] a = est.clone();
        double[] b = theta.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int k = 0;
        double total = 0;
        double previous = Math.min(a[0], b[0]);
        while (i < a.length || k < b.length) {
            double next = k >= b.length || (i < a.length && a[i] <= b[k]) ? a[i] : b[k];
            double d = (double) i / a.length - (double) k / b.length;
            total += d * d * (next - previous);
            previous = next;
            // step past every value equal to next, in both
            while (i < a.length && a[i] == next) {
                i++;
            }
            while (k < b.length && b[k] == next) {
                k++;
            }
        }
        return total;
    }

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
        return GaussLegendre.integrate(f, a, b, (int) Math.ceil((b - a) / (tau / PANELS_PER_TAU)));
    }
}
