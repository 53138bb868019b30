package org.multisite.eb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.commons.numbers.gamma.LogGamma;
import org.multisite.numeric.Matrices;
import org.multisite.numeric.RNaturalSpline;
import org.multisite.numeric.StandardNormal;
import org.multisite.numeric.Vectors;

/**
 * Efron's (2016) g-modeling with deconvolveR's semantics (its R/deconv.R, read, not copied):
 * log g = Q alpha - log sum exp(Q alpha) on a grid tau, Q the columns of R's ns(tau, df) centred
 * and each scaled to unit norm; alpha maximizes sum_i y_i log f_i - c0 ||alpha|| (the norm, not
 * its square) with f = P g. Statistics as deconv's statsFunction: with
 * W = g (P / f - 1)' (m x n) and yHat = sum(y) f, the information I = Q'W diag(yHat) W'Q, the
 * penalty's gradient and Hessian sDot = c0 alpha / ||alpha|| and
 * sDotDot = (c0 / ||alpha||)(I - alpha alpha' / ||alpha||^2); S = tr(sDotDot) / tr(I);
 * bias(alpha) = -(I + sDotDot)^-1 sDot, Cov(alpha) = (I + sDotDot)^-1 I (I + sDotDot)^-1; through
 * Dq = (diag(g) - g g') Q, bias(g) = Dq bias, Cov(g) = Dq Cov Dq', and G's covariance by
 * cumulative sums.
 */
public final class EfronDeconvolution {
    /** A cap, far above the 5-20 Newton steps the exact Hessian needs on the shared data sets. */
    private static final int MAX_ITERATIONS = 500;
    /** deconv's call: nlm(..., gradtol = 1e-10), with nlm's scaled gradient (see fit). */
    private static final double GRADIENT_TOLERANCE = 1e-10;

    private EfronDeconvolution() {
    }

    /** The estimate on the grid: g, its SE and bias, G and its SE, S, alpha and the optimizer's steps. */
    public record Result(double[] tau, double[] g, double[] seG, double[] cdf, double[] seCdf, double[] bias, double s,
                         double[] alpha, int iterations) {
    }

    /** Unit-norm columns of the centred ns(tau, df), as deconv builds Q for the normal and binomial families. */
    public static double[][] basis(double[] tau, int df) {
        return RNaturalSpline.centredUnitNorm(tau, df);
    }

    /**
     * deconv's normal family with unit noise: r = round(range(x), 1), n bin edges
     * seq(r1, r2, length.out = n) (so n - 1 bins; values outside the edges are dropped, as
     * findInterval leaves them out), P the N(tau, 1) probability of each bin.
     */
    public static Result normalBinned(double[] x, double[] tau, int n, int df, double c0) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double r1 = round1(lo);
        double r2 = round1(hi);
        double[] edges = new double[n];
        double by = (r2 - r1) / (n - 1);
        for (int j = 0; j < n; j++) {
            edges[j] = r1 + j * by;
        }
        edges[n - 1] = r2;
        double[] y = new double[n - 1];
        for (double v : x) {
            // findInterval: the number of edges <= v, 1-based bins 1..n-1
            int count = 0;
            while (count < n && edges[count] <= v) {
                count++;
            }
            if (count >= 1 && count <= n - 1) {
                y[count - 1]++;
            }
        }
        double[][] p = new double[n - 1][tau.length];
        for (int j = 0; j < n - 1; j++) {
            for (int k = 0; k < tau.length; k++) {
                p[j][k] = StandardNormal.cdf(edges[j + 1] - tau[k]) - StandardNormal.cdf(edges[j] - tau[k]);
            }
        }
        return fit(tau, p, y, basis(tau, df), c0, false);
    }

    /**
     * The heteroskedastic normal family: each unit keeps its own likelihood
     * P_ik = phi((x_i - tau_k) / s_i) / s_i with y_i = 1, deconv's "unique" case (its binomial
     * family's handling: yHat = 1 in the information).
     */
    public static Result normalUnits(double[] x, double[] se, double[] tau, int df, double c0) {
        double[][] p = new double[x.length][tau.length];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1;
            for (int k = 0; k < tau.length; k++) {
                double z = (x[i] - tau[k]) / se[i];
                p[i][k] = Math.exp(-0.5 * z * z) / (se[i] * Math.sqrt(2 * Math.PI));
            }
        }
        return fit(tau, p, y, basis(tau, df), c0, true);
    }

    /**
     * deconv's Poisson family. Counts x_i (each with a frequency weight) are tallied into
     * y_k = total weight of count k over the support 1..n ({@code ignoreZero}, zero-truncated:
     * P_km = dpois(k; tau_m) / (1 - exp(-tau_m))) or 0..n-1 (P_km = dpois(k; tau_m)); counts
     * outside the support are left out, as deconv's {@code sum(X == i)} leaves them. Q is
     * cbind(1, centred ns(tau, df)) with every column, the constant too, scaled to unit norm.
     */
    public static Result poisson(int[] x, double[] weight, double[] tau, int n, boolean ignoreZero, int df, double c0) {
        if (ignoreZero) {
            for (double t : tau) {
                if (!(t > 0)) {
                    throw new IllegalArgumentException("the grid must be positive when zero counts are left out (rate " + t + ")");
                }
            }
        }
        int first = ignoreZero ? 1 : 0;
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            int k = x[i] - first;
            if (k >= 0 && k < n) {
                y[k] += weight[i];
            }
        }
        double[][] p = new double[n][tau.length];
        for (int k = 0; k < n; k++) {
            for (int m = 0; m < tau.length; m++) {
                p[k][m] = Math.exp(logPoisson(k + first, tau[m], ignoreZero) - LogGamma.value(k + first + 1.0));
            }
        }
        return fit(tau, p, y, poissonBasis(tau, df), c0, false);
    }

    /** log dpois(x; lambda) + log(x!), divided by 1 - exp(-lambda) when truncated at zero. */
    private static double logPoisson(int x, double lambda, boolean truncated) {
        double l = (x == 0 ? 0 : x * Math.log(lambda)) - lambda;
        return truncated ? l - Math.log(-Math.expm1(-lambda)) : l;
    }

    /** deconv's Poisson Q: the constant and the centred ns(tau, df) columns, each scaled to unit norm. */
    static double[][] poissonBasis(double[] tau, int df) {
        double[][] ns = basis(tau, df);
        double[][] q = new double[tau.length][df + 1];
        for (int m = 0; m < tau.length; m++) {
            q[m][0] = 1 / Math.sqrt(tau.length);
            System.arraycopy(ns[m], 0, q[m], 1, df);
        }
        return q;
    }

    /**
     * deconv's "thinning correction" for zero-truncated counts: g_m / (1 - exp(-tau_m)),
     * normalized, the distribution of the rates over all units, those with zero counts included.
     */
    public static double[] thinned(Result r) {
        double[] tg = new double[r.tau().length];
        double total = 0;
        for (int m = 0; m < tg.length; m++) {
            tg[m] = r.g()[m] / -Math.expm1(-r.tau()[m]);
            total += tg[m];
        }
        for (int m = 0; m < tg.length; m++) {
            tg[m] /= total;
        }
        return tg;
    }

    /**
     * deconv's binomial family: each unit (n_i trials, s_i successes) keeps its own likelihood
     * P_im = dbinom(s_i; n_i, tau_m) with y_i = 1 (the "unique" case); Q the centred unit-norm ns.
     */
    public static Result binomial(int[] trials, int[] successes, double[] tau, int df, double c0) {
        for (double t : tau) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("the grid of a binomial G must lie in [0, 1], got " + t);
            }
        }
        double[][] p = new double[trials.length][tau.length];
        double[] y = new double[trials.length];
        for (int i = 0; i < trials.length; i++) {
            y[i] = 1;
            double choose = LogGamma.value(trials[i] + 1.0) - LogGamma.value(successes[i] + 1.0)
                    - LogGamma.value(trials[i] - successes[i] + 1.0);
            for (int m = 0; m < tau.length; m++) {
                p[i][m] = Math.exp(choose + logBinomial(successes[i], trials[i], tau[m]));
            }
        }
        return fit(tau, p, y, basis(tau, df), c0, true);
    }

    /** s log t + (n - s) log(1 - t), with 0 log 0 = 0 at the ends of [0, 1]. */
    private static double logBinomial(int s, int n, double t) {
        double a = s == 0 ? 0 : s * Math.log(t);
        double b = n == s ? 0 : (n - s) * Math.log1p(-t);
        return a + b;
    }

    /** R's round(v, 1) for values away from ties: half-even on the decimal representation. */
    static double round1(double v) {
        return new BigDecimal(Double.toString(v)).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * The penalized MLE and its statistics for a given P (n x m), counts y and basis Q (m x p);
     * {@code unique}: each row is one unit (yHat = 1 in the information, as deconv's y = 1).
     */
    public static Result fit(double[] tau, double[][] p, double[] y, double[][] q, double c0, boolean unique) {
        int dim = q[0].length;
        double[] a = new double[dim];
        java.util.Arrays.fill(a, 1.0);
        int iterations = 0;
        double value = objective(a, p, y, q, c0);
        // Newton steps with the exact Hessian and step halving; deconv uses nlm with gradtol 1e-10,
        // and both reach the same optimum
        for (; iterations < MAX_ITERATIONS; iterations++) {
            double[] grad = gradient(a, p, y, q, c0);
            // nlm's test: the scaled gradient max_i |grad_i| max(|a_i|, 1) / max(|value|, 1)
            double scaled = 0;
            for (int i = 0; i < dim; i++) {
                scaled = Math.max(scaled, Math.abs(grad[i]) * Math.max(Math.abs(a[i]), 1));
            }
            if (scaled / Math.max(Math.abs(value), 1) < GRADIENT_TOLERANCE) {
                break;
            }
            double[][] h = hessian(a, p, y, q, c0);
            double[] direction = Matrices.solveSymmetrized(h, grad);
            if (direction == null || !(Vectors.dot(direction, grad) > 0)) {
                // not a descent direction (far from the optimum the Hessian can be indefinite):
                // a damped Newton step, which with the gradient alone took 80-odd steps of
                // steepest descent on surg.csv
                direction = Matrices.solveDamped(h, grad);
                if (direction == null || !(Vectors.dot(direction, grad) > 0)) {
                    direction = grad.clone();
                }
            }
            double t = 1;
            double[] next = new double[dim];
            double nextValue;
            while (true) {
                for (int i = 0; i < dim; i++) {
                    next[i] = a[i] - t * direction[i];
                }
                nextValue = objective(next, p, y, q, c0);
                if (nextValue <= value || t < 1e-12) { // below 1e-12 the step no longer moves alpha
                    break;
                }
                t *= 0.5;
            }
            if (nextValue > value) {
                break;
            }
            boolean stalled = nextValue >= value;
            a = next.clone();
            value = nextValue;
            if (stalled) {
                break; // no decrease left at double precision
            }
        }
        return statistics(tau, a, p, y, q, c0, iterations, unique);
    }

    /**
     * Each unit's posterior mean and SD of its effect on the grid given g: posterior
     * proportional to phi((x_i - tau_k) / s_i) g_k. Returns {means, sds}.
     */
    public static double[][] posterior(Result r, double[] x, double[] se) {
        return posterior(r, x.length, (i, tau, out) -> {
            for (int k = 0; k < tau.length; k++) {
                double z = (x[i] - tau[k]) / se[i];
                out[k] = -0.5 * z * z;
            }
        });
    }

    /**
     * The Poisson family's posterior of each count's rate: proportional to
     * dpois(x_i; tau_k) g_k, divided by 1 - exp(-tau_k) when zeros are left out.
     */
    public static double[][] poissonPosterior(Result r, int[] x, boolean ignoreZero) {
        return posterior(r, x.length, (i, tau, out) -> {
            for (int k = 0; k < tau.length; k++) {
                out[k] = logPoisson(x[i], tau[k], ignoreZero);
            }
        });
    }

    /** The binomial family's posterior of each unit's probability: proportional to dbinom(s_i; n_i, tau_k) g_k. */
    public static double[][] binomialPosterior(Result r, int[] trials, int[] successes) {
        return posterior(r, trials.length, (i, tau, out) -> {
            for (int k = 0; k < tau.length; k++) {
                out[k] = logBinomial(successes[i], trials[i], tau[k]);
            }
        });
    }

    /** Fills out[k] with unit i's log likelihood at tau_k, up to a constant in k. */
    private interface RowLogLikelihood {
        void fill(int i, double[] tau, double[] out);
    }

    private static double[][] posterior(Result r, int units, RowLogLikelihood likelihood) {
        double[] mean = new double[units];
        double[] sd = new double[units];
        int m = r.tau().length;
        double[] w = new double[m];
        for (int i = 0; i < units; i++) {
            likelihood.fill(i, r.tau(), w);
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                w[k] = r.g()[k] > 0 ? w[k] + Math.log(r.g()[k]) : Double.NEGATIVE_INFINITY;
                max = Math.max(max, w[k]);
            }
            double sum = 0;
            double m1 = 0;
            for (int k = 0; k < m; k++) {
                w[k] = Math.exp(w[k] - max);
                sum += w[k];
                m1 += w[k] * r.tau()[k];
            }
            m1 /= sum;
            double m2 = 0;
            for (int k = 0; k < m; k++) {
                m2 += w[k] / sum * (r.tau()[k] - m1) * (r.tau()[k] - m1);
            }
            mean[i] = m1;
            sd[i] = Math.sqrt(m2);
        }
        return new double[][] {mean, sd};
    }

    private static double[] g(double[] a, double[][] q) {
        double[] g = new double[q.length];
        Vectors.softmax(q, a, g);
        return g;
    }

    private static double[] f(double[][] p, double[] g) {
        double[] f = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            f[i] = Vectors.dot(p[i], g);
        }
        return f;
    }

    static double objective(double[] a, double[][] p, double[] y, double[][] q, double c0) {
        double[] f = f(p, g(a, q));
        double value = 0;
        for (int i = 0; i < f.length; i++) {
            if (y[i] != 0) {
                value -= y[i] * Math.log(f[i]);
            }
        }
        return value + c0 * Math.sqrt(Vectors.dot(a, a));
    }

    /** -Q'W y + sDot, W[k][i] = g_k (P_ik / f_i - 1). */
    static double[] gradient(double[] a, double[][] p, double[] y, double[][] q, double c0) {
        double[] g = g(a, q);
        double[] f = f(p, g);
        int m = g.length;
        double[] wy = new double[m];
        for (int i = 0; i < f.length; i++) {
            if (y[i] == 0) {
                continue;
            }
            for (int k = 0; k < m; k++) {
                wy[k] += g[k] * (p[i][k] / f[i] - 1) * y[i];
            }
        }
        double norm = Math.sqrt(Vectors.dot(a, a));
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += q[k][j] * wy[k];
            }
            out[j] = -s + c0 * a[j] / norm;
        }
        return out;
    }

    /**
     * The Hessian of {@link #objective} in alpha, exact. With eta = Q alpha, g = softmax(eta) and
     * r_ik = P_ik / f_i, the Hessian of log f_i in eta is diag(g (r_i - 1)) - (g r_i)(g r_i)' + g g'
     * (differentiating g_j (r_ij - 1), the gradient's terms, once more); summed with weights y_i
     * and taken through Q, minus that, plus the norm penalty's c0 (I / ||a|| - a a' / ||a||^3).
     * One pass over P, as the gradient: Newton no longer needs 2 dim gradients for differences.
     */
    static double[][] hessian(double[] a, double[][] p, double[] y, double[][] q, double c0) {
        double[] g = g(a, q);
        double[] f = f(p, g);
        int m = g.length;
        int dim = a.length;
        double[] diagonal = new double[m];
        double[][] outer = new double[dim][dim];
        double[] v = new double[dim];
        double total = 0;
        for (int i = 0; i < f.length; i++) {
            if (y[i] == 0) {
                continue;
            }
            total += y[i];
            java.util.Arrays.fill(v, 0);
            for (int k = 0; k < m; k++) {
                double gr = g[k] * p[i][k] / f[i];
                diagonal[k] += y[i] * (gr - g[k]);
                if (gr != 0) {
                    for (int j = 0; j < dim; j++) {
                        v[j] += q[k][j] * gr;
                    }
                }
            }
            for (int j = 0; j < dim; j++) {
                for (int l = 0; l <= j; l++) {
                    outer[j][l] += y[i] * v[j] * v[l];
                }
            }
        }
        double[] qg = new double[dim];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < dim; j++) {
                qg[j] += q[k][j] * g[k];
            }
        }
        double norm = Math.sqrt(Vectors.dot(a, a));
        double[][] h = new double[dim][dim];
        for (int j = 0; j < dim; j++) {
            for (int l = 0; l <= j; l++) {
                double qdq = 0;
                for (int k = 0; k < m; k++) {
                    qdq += q[k][j] * diagonal[k] * q[k][l];
                }
                double logLik = qdq - outer[j][l] + total * qg[j] * qg[l];
                double penalty = c0 * ((j == l ? 1 / norm : 0) - a[j] * a[l] / (norm * norm * norm));
                h[j][l] = -logLik + penalty;
                h[l][j] = h[j][l];
            }
        }
        return h;
    }

    private static Result statistics(double[] tau, double[] a, double[][] p, double[] y, double[][] q, double c0,
                                     int iterations, boolean unique) {
        int m = q.length;
        int dim = a.length;
        int n = p.length;
        double[] g = g(a, q);
        double[] f = f(p, g);
        double total = 0;
        for (double v : y) {
            total += v;
        }
        // QW: dim x n, column i = Q' W[., i]
        double[][] qw = new double[dim][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                double w = g[k] * (p[i][k] / f[i] - 1);
                for (int j = 0; j < dim; j++) {
                    qw[j][i] += q[k][j] * w;
                }
            }
        }
        double[][] info = new double[dim][dim];
        for (int r = 0; r < dim; r++) {
            for (int c = 0; c < dim; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += qw[r][i] * (unique ? 1 : total * f[i]) * qw[c][i];
                }
                info[r][c] = s;
            }
        }
        double norm = Math.sqrt(Vectors.dot(a, a));
        double[] sDot = new double[dim];
        double[][] sDotDot = new double[dim][dim];
        for (int r = 0; r < dim; r++) {
            sDot[r] = c0 * a[r] / norm;
            for (int c = 0; c < dim; c++) {
                sDotDot[r][c] = (c0 / norm) * ((r == c ? 1 : 0) - a[r] * a[c] / (norm * norm));
            }
        }
        double trS = 0;
        double trI = 0;
        double[][] sum = new double[dim][dim];
        for (int r = 0; r < dim; r++) {
            trS += sDotDot[r][r];
            trI += info[r][r];
            for (int c = 0; c < dim; c++) {
                sum[r][c] = info[r][c] + sDotDot[r][c];
            }
        }
        double[][] i2 = Matrices.inverse(sum);
        double[] biasA = Matrices.times(i2, sDot);
        for (int r = 0; r < dim; r++) {
            biasA[r] = -biasA[r];
        }
        double[][] cov = multiply(multiply(i2, info), transpose(i2));
        double[][] dq = new double[m][dim];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < dim; j++) {
                double s = g[k] * q[k][j];
                for (int l = 0; l < m; l++) {
                    s -= g[k] * g[l] * q[l][j];
                }
                dq[k][j] = s;
            }
        }
        double[][] covG = multiply(multiply(dq, cov), transpose(dq));
        double[] bias = Matrices.times(dq, biasA);
        double[] se = new double[m];
        double[] cdf = new double[m];
        double[] seCdf = new double[m];
        double running = 0;
        double varCdf = 0;
        for (int k = 0; k < m; k++) {
            se[k] = Math.sqrt(Math.max(0, covG[k][k]));
            running += g[k];
            cdf[k] = running;
            // Var(G_k) = sum_{l, l' <= k} Cov(g)_{l l'} = Var(G_{k-1}) + 2 sum_{l < k} Cov(g)_{l k} + Cov(g)_{k k}
            double cross = 0;
            for (int l = 0; l < k; l++) {
                cross += covG[l][k];
            }
            varCdf += 2 * cross + covG[k][k];
            seCdf[k] = Math.sqrt(Math.max(0, varCdf));
        }
        return new Result(tau.clone(), g, se, cdf, seCdf, bias, trS / trI, a, iterations);
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int k = 0; k < b.length; k++) {
                double v = a[r][k];
                for (int c = 0; c < b[0].length; c++) {
                    out[r][c] += v * b[k][c];
                }
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        double[][] out = new double[a[0].length][a.length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                out[c][r] = a[r][c];
            }
        }
        return out;
    }
}
