package org.multisite.model;

import org.apache.commons.numbers.gamma.LogGamma;
import org.multisite.numeric.BracketedNewton;

/**
 * A site's likelihood under a t G with its effect integrated out: the convolution of
 * N(0, v) with t_nu(0, tau) at d = y - m, written as the t's scale mixture,
 * log of the integral of N(d; 0, v + tau^2 / lambda) Gamma(lambda; nu / 2, rate nu / 2) over
 * lambda, computed in u = log lambda, where the integrand exp(g(u)) is smooth.
 *
 * <p>Where its mass lies depends on the site. The gamma's part peaks at u = 0 with width
 * 1 / sqrt(nu / 2); the normal's part, as a function of the variance w = v + tau^2 e^-u, peaks
 * at w = d^2: for a site far out (d^2 well above v + tau^2) the mass moves to small lambda,
 * near u* = log(tau^2 / (d^2 - v)), which for an outlier 20 SDs away lies far below where the
 * gamma's part alone has any. Every maximum of g lies between 0 and u* (g rises to the left of
 * both and falls to the right of both). So, per site: the mode by safeguarded Newton steps on
 * g' in that interval, the step from the curvature there (and at u = 0, when the gamma's peak
 * is within reach of the maximum), then the trapezoid rule from the mode outward, over the
 * whole interval and on until g is {@value #DROP} below the largest value seen. For an
 * integrand analytic in a strip the rule's error falls exponentially with the strip's width
 * over the step (Trefethen &amp; Weideman 2014, SIAM Review 56(3), theorem 5.1): here the
 * variance w vanishes at imaginary part pi, and the gamma's factor grows beyond pi / 2, so the
 * step is at most {@value #MAX_STEP} and a third of the peak's width (error at most 3.5e-12 on
 * the log scale, 2e-14 of the value, against a 400,001-node reference, from nu = 0.3 to 10^5, tau^2 / v from 1e-8 to
 * 1e12 and sites up to 100 SDs out; the fixed 221-node grid this replaces erred by 0.57 at
 * nu = 10^5 and by tens to thousands for sites 20 to 100 SDs out).
 */
final class StudentMarginal {
    /** Log-integrand drop from its peak where the sums stop (the rest is below e^-40 of the whole). */
    static final double DROP = 40;
    /** The largest step in u (see the class comment). */
    static final double MAX_STEP = 0.25;
    /**
     * Steps per standard deviation of the peak: for a normal-shaped peak the rule's error is then
     * about exp(-2 pi^2 STEPS_PER_SD^2) = 1e-77 of the integral (Trefethen &amp; Weideman, section
     * 5), far below double precision, with room for peaks less normal than that.
     */
    static final double STEPS_PER_SD = 3;
    /** Bound on the nodes each way (a sum needs a few hundred at most). */
    private static final int MAX_NODES = 1_000_000;
    /** Bound on the widenings of the mode's bracket (each doubles it; the bracket holds the mode from the start). */
    private static final int MAX_DOUBLINGS = 64;
    /** Nodes between exact exponentials in the walk: 8 products drift at most 8 roundings, 9e-16 relative. */
    private static final int REFRESH = 8;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double h;
    private final double norm;
    private final double tau2;

    /** For one draw's nu and tau^2 (both positive). */
    StudentMarginal(double nu, double tau2) {
        this.h = nu / 2;
        this.norm = h * Math.log(h) - LogGamma.value(h);
        this.tau2 = tau2;
    }

    /** The log marginal of a site at squared distance d2 from its prior mean, with sampling variance v. */
    double logDensity(double d2, double v) {
        if (!(tau2 > 0)) {
            return -0.5 * (LOG_2PI + Math.log(v) + d2 / v);
        }
        // every maximum of g lies in [first, last] (see the class comment): g rises left of 0
        // and of u*, and falls right of both, and right of log(1 + 1 / (2h)), where the
        // gamma's slope passes the normal's, which never exceeds 1/2
        double uStar = d2 > v ? Math.log(tau2 / (d2 - v)) : Double.POSITIVE_INFINITY;
        double ceiling = Math.log1p(1 / (2 * h));
        double first = Math.min(0, uStar);
        double last = Math.min(Math.max(0, uStar), ceiling);
        double lo = first - 1;
        double hi = last + 1;
        for (int i = 0; i < MAX_DOUBLINGS && !(slope(Math.exp(lo), d2, v) > 0); i++) {
            lo -= hi - lo;
        }
        for (int i = 0; i < MAX_DOUBLINGS && !(slope(Math.exp(hi), d2, v) < 0); i++) {
            hi += hi - lo;
        }
        double mode = BracketedNewton.solve((u, out) -> {
            double e = Math.exp(u);
            out[0] = -curvature(e, d2, v);
            return -slope(e, d2, v);
        }, lo, hi, 0.5 * (lo + hi));
        double eMode = Math.exp(mode);
        double peak = g(mode, eMode, d2, v);
        double step = MAX_STEP;
        double c = curvature(eMode, d2, v);
        if (c < 0) {
            step = Math.min(step, 1 / Math.sqrt(-c) / STEPS_PER_SD);
        }
        // the gamma's peak at 0, narrower when nu is large, where it still carries mass
        if (g(0, 1, d2, v) > peak - DROP) {
            double c0 = curvature(1, d2, v);
            if (c0 < 0) {
                step = Math.min(step, 1 / Math.sqrt(-c0) / STEPS_PER_SD);
            }
        }
        // the trapezoid from the mode outward, a running log-sum-exp: over [first, last] whole
        // (every maximum), and beyond it until the integrand falls DROP below the largest value seen
        double max = peak;
        double sum = 1;
        for (int direction = -1; direction <= 1; direction += 2) {
            // e^u from node to node by one multiplication, recomputed every REFRESH nodes (the
            // product's rounding, under 1e-15 relative, stays far below the sum's tolerance)
            double factor = Math.exp(direction * step);
            double e = eMode;
            for (int k = 1; k <= MAX_NODES; k++) {
                double u = mode + direction * k * step;
                e = k % REFRESH == 0 ? Math.exp(u) : e * factor;
                double value = g(u, e, d2, v);
                if (value > max) {
                    sum = sum * Math.exp(max - value) + 1;
                    max = value;
                } else {
                    sum += Math.exp(value - max);
                }
                boolean inside = direction < 0 ? u > first : u < last;
                if (!inside && !(value > max - DROP)) {
                    break;
                }
            }
        }
        return max + Math.log(sum * step);
    }

    /** g(u): log of the integrand at u = log lambda, given e = e^u. */
    private double g(double u, double e, double d2, double v) {
        double w = v + tau2 / e;
        return norm + h * u - h * e - 0.5 * (LOG_2PI + Math.log(w) + d2 / w);
    }

    /**
     * g'(u), given e = e^u: h (1 - e^u) + a (w - d2) / (2 w^2), a = tau^2 e^-u = w - v; the normal's part as
     * r (1 - q) / 2 with r = a / w in [0, 1] and q = d2 / w, finite where a or w overflow.
     */
    private double slope(double e, double d2, double v) {
        double a = tau2 / e;
        double r = 1 / (1 + v / a);
        double q = d2 / (v + a);
        return h * (1 - e) + r * (1 - q) / 2;
    }

    /** g''(u), given e = e^u: -h e^u + a (2 a (w - d2) - w (w - d2 + a)) / (2 w^3) = -h e^u + r (2 r (1 - q) - (1 - q + r)) / 2. */
    private double curvature(double e, double d2, double v) {
        double a = tau2 / e;
        double r = 1 / (1 + v / a);
        double q = d2 / (v + a);
        return -h * e + r * (2 * r * (1 - q) - (1 - q + r)) / 2;
    }
}
