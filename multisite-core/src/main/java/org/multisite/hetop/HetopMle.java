package org.multisite.hetop;

import java.util.Arrays;
import org.multisite.numeric.Matrices;
import org.multisite.numeric.StandardNormal;
import org.multisite.numeric.Vectors;

/**
 * Maximum likelihood for the heteroskedastic ordered probit (HETOP) model of Reardon, Shear,
 * Castellano and Ho (2017): group g's counts over K ordered categories are multinomial with
 * P(k) = Phi((c_k - mu_g) / sigma_g) - Phi((c_{k-1} - mu_g) / sigma_g), the first two cut points
 * fixed to identify location and scale. Semantics of R's HETOP {@code mle_hetop} (Lockwood;
 * read, not copied):
 * <ul>
 *   <li>parameters mu_g, log sigma_g and log(c_k - c_{k-1}) for k >= 3;</li>
 *   <li>sparse groups: with counts in at most two categories, log sigma_g is the mean of the
 *       estimated log sigmas; with all counts in the bottom (top) category, mu_g is the minimum
 *       (maximum) of the estimated means;</li>
 *   <li>cell probabilities truncated to [1e-300, 1 - 1e-300];</li>
 *   <li>estimates on four scales: the fixed cuts' (fc); weighted mean of mu and of log sigma 0
 *       (zero); population mean 0 and SD 1 (star); and star with Reardon et al.'s bias
 *       correction (starbc, undefined when a group has one unit), weights n_g / N; the ICC
 *       on each.</li>
 * </ul>
 * The maximization: BFGS with the analytic gradient, then Newton steps with the Hessian by
 * central differences of the gradient, to a gradient below 1e-8 (nlm stops at 1e-6 scaled).
 */
public final class HetopMle {
    /** A cap on BFGS steps, as mle_hetop's iterlim = 1500 with room for many groups. */
    private static final int MAX_ITERATIONS = 5000;
    /** Stop when the gradient's norm is below 1e-8, tighter than nlm's default gradtol 1e-6 so the 1e-5 agreement test has room. */
    private static final double GRADIENT_TOLERANCE = 1e-8;
    private static final double FLOOR = HetopModel.PROBABILITY_FLOOR;
    /** Newton steps after BFGS: quadratic convergence from where BFGS leaves off. */
    private static final int NEWTON_STEPS = 30;

    /** How a group's parameter is determined: estimated, or tied by the sparse-count rules. */
    public enum Status { EST, MEAN, MIN, MAX }

    /** Estimates on one scale: group means and SDs, all K - 1 cut points, and the ICC. */
    public record Scale(double[] mu, double[] sigma, double[] cuts, double icc) {
    }

    /** The fit: the four scales (starbc null when a group has a single unit), statuses, log likelihood. */
    public record Result(Scale fc, Scale zero, Scale star, Scale starbc, Status[] muStatus, Status[] sigmaStatus,
                         double logLik, int iterations, double gradientNorm) {
    }

    private final int[][] counts;
    private final int groups;
    private final int categories;
    private final double[] fixedCuts;
    private final Status[] muStatus;
    private final Status[] sigmaStatus;
    private final int[] muIndex;
    private final int[] sigmaIndex;
    private final int nMu;
    private final int nSigma;

    HetopMle(int[][] counts, double[] fixedCuts) {
        this.counts = counts;
        this.groups = counts.length;
        this.categories = counts[0].length;
        this.fixedCuts = fixedCuts.clone();
        muStatus = new Status[groups];
        sigmaStatus = new Status[groups];
        muIndex = new int[groups];
        sigmaIndex = new int[groups];
        int m = 0;
        int s = 0;
        for (int g = 0; g < groups; g++) {
            int populated = 0;
            for (int n : counts[g]) {
                populated += n > 0 ? 1 : 0;
            }
            sigmaStatus[g] = populated <= 2 ? Status.MEAN : Status.EST;
            muStatus[g] = populated == 1 && counts[g][0] > 0 ? Status.MIN
                    : populated == 1 && counts[g][categories - 1] > 0 ? Status.MAX : Status.EST;
            muIndex[g] = muStatus[g] == Status.EST ? m++ : -1;
            sigmaIndex[g] = sigmaStatus[g] == Status.EST ? s++ : -1;
        }
        nMu = m;
        nSigma = s;
    }

    /**
     * @param counts counts[g][k], K >= 3 categories, every group with at least one unit
     * @param fixedCuts the first two cut points, increasing
     * @throws IllegalArgumentException if the counts leave nothing to estimate
     */
    public static Result fit(int[][] counts, double[] fixedCuts) {
        if (counts.length == 0 || counts[0].length < 3) {
            throw new IllegalArgumentException("HETOP needs at least 3 categories");
        }
        if (fixedCuts.length != 2 || !(fixedCuts[0] < fixedCuts[1])) {
            throw new IllegalArgumentException("the two fixed cut points must be increasing");
        }
        HetopMle model = new HetopMle(counts, fixedCuts);
        if (model.nMu == 0 || model.nSigma == 0) {
            throw new IllegalArgumentException("too many groups with sparse counts: no group mean or SD can be estimated");
        }
        return model.solve();
    }

    private int dimension() {
        return nMu + nSigma + categories - 3;
    }

    /** mle_hetop's start: standardized category means, centred log category SDs, zero log gaps. */
    private double[] start() {
        double[] x = new double[dimension()];
        double[] mu = new double[nMu];
        double[] ls = new double[nSigma];
        for (int g = 0; g < groups; g++) {
            double n = 0;
            double m1 = 0;
            double m2 = 0;
            for (int k = 0; k < categories; k++) {
                n += counts[g][k];
                m1 += (k + 1) * counts[g][k];
                m2 += (k + 1.0) * (k + 1) * counts[g][k];
            }
            m1 /= n;
            m2 /= n;
            if (muIndex[g] >= 0) {
                mu[muIndex[g]] = m1;
            }
            if (sigmaIndex[g] >= 0) {
                ls[sigmaIndex[g]] = Math.log(Math.sqrt(m2 - m1 * m1));
            }
        }
        double mean = Arrays.stream(mu).average().orElse(0);
        double sd = 0;
        for (double v : mu) {
            sd += (v - mean) * (v - mean);
        }
        sd = nMu > 1 ? Math.sqrt(sd / (nMu - 1)) : 1;
        double lsMean = Arrays.stream(ls).average().orElse(0);
        for (int i = 0; i < nMu; i++) {
            x[i] = nMu > 1 && sd > 0 ? (mu[i] - mean) / sd : 0;
        }
        for (int i = 0; i < nSigma; i++) {
            x[nMu + i] = ls[i] - lsMean;
        }
        return x;
    }

    /** The group parameters and cut points a parameter vector implies. */
    private record Expanded(double[] mu, double[] logSigma, double[] cuts, int argMin, int argMax) {
    }

    private Expanded expand(double[] x) {
        int argMin = 0;
        int argMax = 0;
        for (int i = 1; i < nMu; i++) {
            argMin = x[i] < x[argMin] ? i : argMin;
            argMax = x[i] > x[argMax] ? i : argMax;
        }
        double meanLog = 0;
        for (int i = 0; i < nSigma; i++) {
            meanLog += x[nMu + i] / nSigma;
        }
        double[] mu = new double[groups];
        double[] ls = new double[groups];
        for (int g = 0; g < groups; g++) {
            mu[g] = switch (muStatus[g]) {
                case EST -> x[muIndex[g]];
                case MIN -> x[argMin];
                case MAX -> x[argMax];
                default -> throw new IllegalStateException();
            };
            ls[g] = sigmaStatus[g] == Status.EST ? x[nMu + sigmaIndex[g]] : meanLog;
        }
        double[] cuts = new double[categories - 1];
        cuts[0] = fixedCuts[0];
        cuts[1] = fixedCuts[1];
        for (int k = 2; k < categories - 1; k++) {
            cuts[k] = cuts[k - 1] + Math.exp(x[nMu + nSigma + k - 2]);
        }
        return new Expanded(mu, ls, cuts, argMin, argMax);
    }

    /** The log likelihood, and its gradient into {@code grad} when not null. */
    double logLik(double[] x, double[] grad) {
        Expanded e = expand(x);
        if (grad != null) {
            Arrays.fill(grad, 0);
        }
        double[] dCut = new double[categories - 1];
        double total = 0;
        int kc = categories - 1;
        double[] z = new double[kc];
        double[] cdf = new double[kc];
        double[] pdf = new double[kc];
        for (int g = 0; g < groups; g++) {
            double sigma = Math.exp(e.logSigma()[g]);
            for (int k = 0; k < kc; k++) {
                z[k] = (e.cuts()[k] - e.mu()[g]) / sigma;
                cdf[k] = StandardNormal.cdf(z[k]);
                pdf[k] = StandardNormal.density(z[k]);
            }
            double dMu = 0;
            double dLs = 0;
            for (int k = 0; k < categories; k++) {
                int n = counts[g][k];
                if (n == 0) {
                    continue;
                }
                double upper = k < kc ? cdf[k] : 1;
                double lower = k > 0 ? cdf[k - 1] : 0;
                double p = upper - lower;
                boolean floored = p <= FLOOR || p >= 1 - FLOOR;
                p = Math.min(Math.max(p, FLOOR), 1 - FLOOR);
                total += n * Math.log(p);
                if (grad != null && !floored) {
                    double fu = k < kc ? pdf[k] : 0;
                    double fl = k > 0 ? pdf[k - 1] : 0;
                    double zu = k < kc ? z[k] : 0;
                    double zl = k > 0 ? z[k - 1] : 0;
                    double w = n / p;
                    dMu += w * -(fu - fl) / sigma;
                    dLs += w * -(fu * zu - fl * zl);
                    if (k < kc) {
                        dCut[k] += w * fu / sigma;
                    }
                    if (k > 0) {
                        dCut[k - 1] -= w * fl / sigma;
                    }
                }
            }
            if (grad != null) {
                switch (muStatus[g]) {
                    case EST -> grad[muIndex[g]] += dMu;
                    case MIN -> grad[e.argMin()] += dMu;
                    case MAX -> grad[e.argMax()] += dMu;
                    default -> throw new IllegalStateException();
                }
                if (sigmaStatus[g] == Status.EST) {
                    grad[nMu + sigmaIndex[g]] += dLs;
                } else {
                    for (int i = 0; i < nSigma; i++) {
                        grad[nMu + i] += dLs / nSigma;
                    }
                }
            }
        }
        if (grad != null) {
            // c_k = c_2 + sum_{i <= k} exp(eta_i): d c_k / d eta_i = exp(eta_i) for i <= k
            for (int i = 2; i < kc; i++) {
                double gap = Math.exp(x[nMu + nSigma + i - 2]);
                double s = 0;
                for (int k = i; k < kc; k++) {
                    s += dCut[k];
                }
                grad[nMu + nSigma + i - 2] = s * gap;
            }
        }
        return total;
    }

    private Result solve() {
        int n = dimension();
        double[] x = start();
        double[] grad = new double[n];
        double value = logLik(x, grad);
        // BFGS on the negative log likelihood, inverse-Hessian form (Nocedal & Wright, eq. 6.17)
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = 1e-3;
        }
        int iterations = 0;
        double[] next = new double[n];
        double[] nextGrad = new double[n];
        for (; iterations < MAX_ITERATIONS && norm(grad) > GRADIENT_TOLERANCE; iterations++) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    d[i] += h[i][j] * grad[j];
                }
            }
            double slope = Vectors.dot(d, grad);
            if (!(slope > 0)) {
                for (int i = 0; i < n; i++) {
                    Arrays.fill(h[i], 0);
                    h[i][i] = 1e-3;
                    d[i] = 1e-3 * grad[i];
                }
                slope = Vectors.dot(d, grad);
            }
            double t = 1;
            double nextValue;
            while (true) {
                for (int i = 0; i < n; i++) {
                    next[i] = x[i] + t * d[i];
                }
                nextValue = logLik(next, nextGrad);
                if (nextValue >= value + 1e-4 * t * slope || t < 1e-14) {
                    break;
                }
                t /= 2;
            }
            if (!(nextValue >= value)) {
                break;
            }
            double[] s = new double[n];
            double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = next[i] - x[i];
                yv[i] = -(nextGrad[i] - grad[i]);
            }
            double sy = Vectors.dot(s, yv);
            if (sy > 1e-16) {
                double[] hy = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        hy[i] += h[i][j] * yv[j];
                    }
                }
                double yhy = Vectors.dot(yv, hy);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        h[i][j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                    }
                }
            }
            boolean stalled = nextValue - value <= 1e-15 * Math.abs(value);
            System.arraycopy(next, 0, x, 0, n);
            System.arraycopy(nextGrad, 0, grad, 0, n);
            value = nextValue;
            if (stalled && norm(grad) < 1e-5) {
                break;
            }
        }
        // Newton polish: the Hessian by central differences of the analytic gradient, step halving
        for (int polish = 0; polish < NEWTON_STEPS && norm(grad) > GRADIENT_TOLERANCE; polish++, iterations++) {
            double[][] negH = new double[n][n];
            double[] gu = new double[n];
            double[] gd = new double[n];
            for (int j = 0; j < n; j++) {
                double step = 1e-5 * Math.max(1, Math.abs(x[j]));
                double keep = x[j];
                x[j] = keep + step;
                logLik(x, gu);
                x[j] = keep - step;
                logLik(x, gd);
                x[j] = keep;
                for (int i = 0; i < n; i++) {
                    negH[i][j] = -(gu[i] - gd[i]) / (2 * step);
                }
            }
            double[] d = Matrices.solveSymmetrized(negH, grad);
            if (d == null || !(Vectors.dot(d, grad) > 0)) {
                break;
            }
            double t = 1;
            double nextValue;
            while (true) {
                for (int i = 0; i < n; i++) {
                    next[i] = x[i] + t * d[i];
                }
                nextValue = logLik(next, nextGrad);
                if (accepted(value, nextValue, grad, nextGrad) || t < 1e-10) {
                    break;
                }
                t /= 2;
            }
            if (!accepted(value, nextValue, grad, nextGrad)) {
                break;
            }
            System.arraycopy(next, 0, x, 0, n);
            System.arraycopy(nextGrad, 0, grad, 0, n);
            value = Math.max(value, nextValue);
        }
        return result(x, value, iterations, norm(grad));
    }

    /**
     * A Newton step is kept when it raises the log likelihood, or, once the gain is below the
     * rounding of a sum of about 10^4 terms (1e-12 relative), when it shrinks the gradient: near
     * the optimum a quadratic gain of g'H^-1 g / 2 is smaller than that rounding, and the
     * gradient is then the only reliable sign of progress.
     */
    private static boolean accepted(double value, double next, double[] grad, double[] nextGrad) {
        return next > value || (next >= value - 1e-12 * Math.abs(value) && norm(nextGrad) < norm(grad));
    }

    private Result result(double[] x, double logLik, int iterations, double gradientNorm) {
        Expanded e = expand(x);
        double[] sigma = new double[groups];
        for (int g = 0; g < groups; g++) {
            sigma[g] = Math.exp(e.logSigma()[g]);
        }
        double[] size = new double[groups];
        double total = 0;
        for (int g = 0; g < groups; g++) {
            for (int c : counts[g]) {
                size[g] += c;
            }
            total += size[g];
        }
        double[] p = new double[groups];
        for (int g = 0; g < groups; g++) {
            p[g] = size[g] / total;
        }
        Scale fc = new Scale(e.mu(), sigma, e.cuts(), icc(p, e.mu(), sigma));
        double a = Vectors.dot(p, fc.mu());
        double logB = 0;
        for (int g = 0; g < groups; g++) {
            logB += p[g] * Math.log(sigma[g]);
        }
        Scale zero = rescale(fc, p, a, Math.exp(logB));
        double a2 = Vectors.dot(p, zero.mu());
        double v = 0;
        for (int g = 0; g < groups; g++) {
            v += p[g] * ((zero.mu()[g] - a2) * (zero.mu()[g] - a2) + zero.sigma()[g] * zero.sigma()[g]);
        }
        Scale star = rescale(zero, p, a2, Math.sqrt(v));
        Scale starbc = null;
        if (Arrays.stream(size).allMatch(s -> s > 1)) {
            // Reardon et al. (2017): ntilde = 1 / mean(1 / (n_g - 1)), within and between sums
            // corrected for the sampling error of the group means
            double inv = 0;
            for (double s : size) {
                inv += 1 / (s - 1) / groups;
            }
            double ntilde = 1 / inv;
            double within = 0;
            double between = 0;
            for (int g = 0; g < groups; g++) {
                double sp = zero.sigma()[g];
                within += ntilde / (1 + ntilde) * p[g] * sp * sp;
                between += p[g] * (zero.mu()[g] - a2) * (zero.mu()[g] - a2)
                        - ntilde / (1 + ntilde) / total * (1 - p[g]) * sp * sp;
            }
            Scale corrected = rescale(zero, p, a2, Math.sqrt(between + within));
            starbc = new Scale(corrected.mu(), corrected.sigma(), corrected.cuts(), between / (between + within));
        }
        return new Result(fc, zero, star, starbc, muStatus.clone(), sigmaStatus.clone(), logLik, iterations, gradientNorm);
    }

    private static Scale rescale(Scale s, double[] p, double a, double b) {
        int groups = s.mu().length;
        double[] mu = new double[groups];
        double[] sigma = new double[groups];
        double[] cuts = new double[s.cuts().length];
        for (int g = 0; g < groups; g++) {
            mu[g] = (s.mu()[g] - a) / b;
            sigma[g] = s.sigma()[g] / b;
        }
        for (int k = 0; k < cuts.length; k++) {
            cuts[k] = (s.cuts()[k] - a) / b;
        }
        return new Scale(mu, sigma, cuts, icc(p, mu, sigma));
    }

    /** Between-group variance of the latent variable over its marginal variance, weights p. */
    static double icc(double[] p, double[] mu, double[] sigma) {
        double m1 = 0;
        double m2 = 0;
        double within = 0;
        for (int g = 0; g < p.length; g++) {
            m1 += p[g] * mu[g];
            m2 += p[g] * mu[g] * mu[g];
            within += p[g] * sigma[g] * sigma[g];
        }
        double between = m2 - m1 * m1;
        return between / (between + within);
    }

    private static double norm(double[] v) {
        return Math.sqrt(Vectors.dot(v, v));
    }
}
