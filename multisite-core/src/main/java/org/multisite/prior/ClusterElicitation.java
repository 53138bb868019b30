package org.multisite.prior;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.Trigamma;

/**
 * A gamma prior on a Dirichlet process's concentration alpha, chosen so that the prior number
 * K of clusters among J sites has a given mean (and variance). Given alpha (Antoniak 1974;
 * Escobar & West 1995): E[K | alpha] = alpha (psi(alpha + J) - psi(alpha)) and
 * Var[K | alpha] = E[K | alpha] - alpha^2 (psi'(alpha) - psi'(alpha + J)); K's moments under
 * alpha ~ Gamma(a, rate b) follow by quadrature over log alpha. With a mean and a variance,
 * (a, b) start at the closed form a = (m - 1)^2 / (v - m + 1), b = (m - 1) log J / (v - m + 1)
 * and Newton's method on (log a, log b) matches the exact moments; with a mean alone, a = 1
 * and b is found by bisection.
 */
public final class ClusterElicitation {
    private static final int GRID = 4001;
    private static final double TOLERANCE = 1e-9;

    private ClusterElicitation() {
    }

    /** E[K | alpha] among J sites. */
    static double meanGivenAlpha(double alpha, int sites) {
        return alpha * (Digamma.value(alpha + sites) - Digamma.value(alpha));
    }

    /** Var[K | alpha] among J sites. */
    static double varianceGivenAlpha(double alpha, int sites) {
        return meanGivenAlpha(alpha, sites) - alpha * alpha * (Trigamma.value(alpha) - Trigamma.value(alpha + sites));
    }

    /** {E[K], SD[K]}, the prior number of clusters among {@code sites} sites that alpha ~ {@code g} implies. */
    public static double[] clusters(Prior.Gamma g, int sites) {
        double[] m = moments(g.shape(), g.rate(), sites);
        return new double[] {m[0], Math.sqrt(Math.max(m[1], 0))};
    }

    /** {E[K], Var[K]} with alpha ~ Gamma(a, rate b): trapezoid rule over u = log alpha. */
    static double[] moments(double a, double b, int sites) {
        // log alpha's density: a u - b e^u + a log b - log Gamma(a); its bulk lies near log(a / b)
        double centre = Math.log(a / b);
        double lo = centre - 30 / Math.sqrt(a) - 10;
        double hi = centre + 10 / Math.sqrt(a) + 5;
        double h = (hi - lo) / (GRID - 1);
        double norm = a * Math.log(b) - LogGamma.value(a);
        double mass = 0;
        double m1 = 0;
        double m2 = 0;
        double within = 0;
        for (int i = 0; i < GRID; i++) {
            double u = lo + i * h;
            double alpha = Math.exp(u);
            double weight = Math.exp(a * u - b * alpha + norm) * (i == 0 || i == GRID - 1 ? 0.5 : 1) * h;
            double m = meanGivenAlpha(alpha, sites);
            mass += weight;
            m1 += weight * m;
            m2 += weight * m * m;
            within += weight * varianceGivenAlpha(alpha, sites);
        }
        m1 /= mass;
        return new double[] {m1, within / mass + m2 / mass - m1 * m1};
    }

    /**
     * The gamma prior on alpha giving K among {@code sites} the mean {@code mean} and, if not
     * null, the variance {@code variance}.
     *
     * @throws IllegalArgumentException if no gamma prior gives these moments (its message the reason alone)
     */
    public static Prior.Gamma elicit(int sites, double mean, Double variance) {
        if (!(mean > 1) || !(mean < sites)) {
            throw new IllegalArgumentException("the mean number of clusters must lie between 1 and the "
                    + sites + " sites, got " + mean);
        }
        if (variance == null) {
            return Prior.gamma(1, bisectRate(1, sites, mean));
        }
        if (!(variance > 0)) {
            throw new IllegalArgumentException("the variance must be > 0, got " + variance);
        }
        double start = variance - mean + 1;
        double logA = Math.log(start > 0 ? (mean - 1) * (mean - 1) / start : 1);
        double logB = Math.log(start > 0 ? (mean - 1) * Math.log(sites) / start : 1);
        for (int it = 0; it < 100; it++) {
            double[] f = residual(logA, logB, sites, mean, variance);
            if (Math.abs(f[0]) < TOLERANCE * mean && Math.abs(f[1]) < TOLERANCE * variance) {
                return Prior.gamma(Math.exp(logA), Math.exp(logB));
            }
            double step = 1e-6;
            double[] fa = residual(logA + step, logB, sites, mean, variance);
            double[] fb = residual(logA, logB + step, sites, mean, variance);
            double j11 = (fa[0] - f[0]) / step;
            double j21 = (fa[1] - f[1]) / step;
            double j12 = (fb[0] - f[0]) / step;
            double j22 = (fb[1] - f[1]) / step;
            double det = j11 * j22 - j12 * j21;
            if (!(Math.abs(det) > 0)) {
                break;
            }
            double da = (j22 * f[0] - j12 * f[1]) / det;
            double db = (-j21 * f[0] + j11 * f[1]) / det;
            // damped steps on the log scale keep a and b positive and the iteration stable
            double scale = Math.min(1, 1 / Math.max(Math.abs(da), Math.abs(db)));
            logA -= scale * da;
            logB -= scale * db;
        }
        throw new IllegalArgumentException("no gamma prior on alpha gives that mean and variance of the number of clusters"
                + " among " + sites + " sites (the variance may be too small or too large)");
    }

    private static double[] residual(double logA, double logB, int sites, double mean, double variance) {
        double[] m = moments(Math.exp(logA), Math.exp(logB), sites);
        return new double[] {m[0] - mean, m[1] - variance};
    }

    /** The rate b with E[K] = mean for shape a (E[K] falls as b grows). */
    private static double bisectRate(double a, int sites, double mean) {
        double lo = 1e-8;
        double hi = 1e8;
        for (int it = 0; it < 200; it++) {
            double mid = Math.sqrt(lo * hi);
            if (moments(a, mid, sites)[0] > mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }
}
