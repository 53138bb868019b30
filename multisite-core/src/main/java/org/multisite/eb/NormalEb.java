package org.multisite.eb;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.SiteData;
import org.multisite.numeric.Matrices;
import org.multisite.numeric.StandardNormal;
import org.multisite.numeric.Vectors;

/**
 * Empirical Bayes for a normal G with site covariates, as R's metafor fits it
 * ({@code rma(yi, vi, mods, method)} then {@code blup}; Viechtbauer 2010, J. Stat. Softw. 36):
 * y_j = x_j' beta + u_j + e_j, u_j ~ N(0, tau^2), e_j ~ N(0, v_j), x_j = (1, covariates as given,
 * not centred), estimated by
 * <ul>
 *   <li>DerSimonian-Laird: tau^2 = max(0, (Q - (k - p)) / (sum w - tr((X'WX)^-1 X'W^2 X))) with
 *       w = 1 / v and Q the fixed-effects residual sum of squares (the method of moments);</li>
 *   <li>ML and REML: Fisher scoring on tau^2 >= 0 with step halving (score and information of
 *       the likelihood or restricted likelihood: (y'PPy - tr(W)) / 2 and tr(W^2) / 2, or
 *       (y'PPy - tr(P)) / 2 and tr(PP) / 2, P = W - WX(X'WX)^-1 X'W), to |step| < 1e-14;</li>
 * </ul>
 * then beta by generalized least squares with its covariance (X'WX)^-1, W = diag(1 / (v + tau^2)),
 * and each site's BLUP x_j' beta + lambda_j (y_j - x_j' beta), lambda_j = tau^2 / (tau^2 + v_j),
 * with SE sqrt(lambda_j v_j + (1 - lambda_j)^2 x_j' Var(beta) x_j).
 */
public final class NormalEb {
    /** How tau^2 is estimated. */
    public enum Method { DL, ML, REML }

    private static final double TOLERANCE = 1e-14;
    /** The relative rounding error of the log likelihood, below which a fall does not halve the step. */
    private static final double ROUNDING = 1e-12;
    private static final int MAX_ITERATIONS = 200;

    private NormalEb() {
    }

    /** The estimates: tau^2, beta with its covariance, the log likelihood at the estimate, and the BLUPs. */
    public record Result(Method method, double tau2, double[] beta, double[][] betaCovariance, double logLik,
                         double[] blup, double[] blupSe, int iterations) {
        public double mu() {
            return beta[0];
        }

        public double muSe() {
            return Math.sqrt(betaCovariance[0][0]);
        }

        /**
         * G = N(mu, tau^2) (at covariates 0) on {@code points} equally spaced points over
         * [lo, hi]: {x, density}; the density is null when tau^2 = 0 (a point mass at mu).
         */
        public double[][] density(double lo, double hi, int points) {
            double[] x = new double[points];
            for (int k = 0; k < points; k++) {
                x[k] = lo + (hi - lo) * k / (points - 1);
            }
            if (!(tau2 > 0)) {
                return new double[][] {x, null};
            }
            double sd = Math.sqrt(tau2);
            double[] d = new double[points];
            for (int k = 0; k < points; k++) {
                d[k] = StandardNormal.density((x[k] - mu()) / sd) / sd;
            }
            return new double[][] {x, d};
        }
    }

    public static Result fit(SiteData data, Method method) {
        int k = data.size();
        int p = 1 + data.covariateCount();
        double[][] x = design(data);
        double[] y = data.estimates();
        double[] v = variances(data);
        if (k <= p) {
            throw new IllegalArgumentException(k + " sites cannot estimate " + p + " coefficients and tau^2");
        }
        double tau2;
        int iterations = 0;
        if (method == Method.DL) {
            tau2 = dersimonianLaird(x, y, v);
        } else {
            // start at the DL estimate (any nonnegative start converges; this one is close)
            tau2 = dersimonianLaird(x, y, v);
            double value = logLik(x, y, v, tau2, method);
            for (iterations = 1; iterations <= MAX_ITERATIONS; iterations++) {
                double[] si = scoreAndInformation(x, y, v, tau2, method);
                double step = si[0] / si[1];
                double next = Math.max(0, tau2 + step);
                double nextValue = logLik(x, y, v, next, method);
                // step halving while the (restricted) likelihood would fall by more than its rounding:
                // near the optimum it changes by less than that, and halving on noise stopped the
                // iteration up to 1e-9 short of the root (the Teacher-expectancy data)
                for (int h = 0; h < 50 && nextValue < value - ROUNDING * (1 + Math.abs(value)); h++) {
                    step /= 2;
                    next = Math.max(0, tau2 + step);
                    nextValue = logLik(x, y, v, next, method);
                }
                boolean done = Math.abs(next - tau2) < TOLERANCE;
                tau2 = next;
                value = nextValue;
                if (done) {
                    break;
                }
            }
        }
        double[][] cov = Matrices.inverse(xtwx(x, v, tau2));
        double[] beta = gls(x, y, v, tau2, cov);
        double[] blup = new double[k];
        double[] blupSe = new double[k];
        for (int j = 0; j < k; j++) {
            double xb = Vectors.dot(x[j], beta);
            double lambda = tau2 / (tau2 + v[j]);
            blup[j] = xb + lambda * (y[j] - xb);
            blupSe[j] = Math.sqrt(lambda * v[j] + (1 - lambda) * (1 - lambda) * Matrices.quadratic(cov, x[j]));
        }
        return new Result(method, tau2, beta, cov, logLik(x, y, v, tau2, method == Method.DL ? Method.ML : method),
                blup, blupSe, iterations);
    }

    /** The design: rows (1, covariates) of the sites, covariates as given (not centred). */
    static double[][] design(SiteData data) {
        int k = data.size();
        int p = 1 + data.covariateCount();
        double[][] x = new double[k][p];
        for (int j = 0; j < k; j++) {
            x[j][0] = 1;
        }
        for (int c = 1; c < p; c++) {
            double[] col = data.covariate(c - 1);
            for (int j = 0; j < k; j++) {
                x[j][c] = col[j];
            }
        }
        return x;
    }

    /** The sampling variances se_j^2. */
    static double[] variances(SiteData data) {
        double[] v = new double[data.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = data.se(j) * data.se(j);
        }
        return v;
    }

    /** The method-of-moments estimate of DerSimonian & Laird (1986), extended to covariates. */
    static double dersimonianLaird(double[][] x, double[] y, double[] v) {
        int k = y.length;
        int p = x[0].length;
        double[][] inv = Matrices.inverse(xtwx(x, v, 0));
        double[] beta = gls(x, y, v, 0, inv);
        double q = 0;
        double sumW = 0;
        for (int j = 0; j < k; j++) {
            double r = y[j] - Vectors.dot(x[j], beta);
            q += r * r / v[j];
            sumW += 1 / v[j];
        }
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            w[j] = 1 / v[j];
        }
        return Math.max(0, (q - (k - p)) / traceP(x, w, inv));
    }

    /**
     * tr(P) for P = W - W X (X'WX)^-1 X'W: sum_i w_i (1 - h_ii), h_ii = w_i x_i'(X'WX)^-1 x_i the
     * leverages. tr(W) - tr((X'WX)^-1 X'W^2 X) loses every digit when one site's weight is many
     * orders of magnitude above the others' (an SE of 1e-12 among SEs of 1): its leverage is then
     * within 1e-24 of 1. For a site of leverage above 1/2 (at most 2p of them), 1 - h_ii is taken
     * as 1 / (1 + w_i x_i' A_(-i)^-1 x_i) with A_(-i) the sum of the other sites' w_j x_j x_j'
     * (Sherman-Morrison), a sum without cancellation; 0 when the others cannot estimate the
     * coefficients.
     *
     * @param inverse (X'WX)^-1
     */
    static double traceP(double[][] x, double[] w, double[][] inverse) {
        int k = w.length;
        int p = x[0].length;
        double trace = 0;
        for (int i = 0; i < k; i++) {
            double h = w[i] * Matrices.quadratic(inverse, x[i]);
            if (h > 0.5) {
                double[][] others = new double[p][p];
                for (int j = 0; j < k; j++) {
                    if (j != i) {
                        for (int a = 0; a < p; a++) {
                            for (int b = 0; b < p; b++) {
                                others[a][b] += w[j] * x[j][a] * x[j][b];
                            }
                        }
                    }
                }
                double complement;
                try {
                    complement = 1 / (1 + w[i] * Matrices.quadratic(Matrices.inverse(others), x[i]));
                } catch (IllegalArgumentException singular) {
                    complement = 0;
                }
                trace += w[i] * complement;
            } else {
                trace += w[i] * (1 - h);
            }
        }
        return trace;
    }

    static double[][] xtwx(double[][] x, double[] v, double tau2) {
        int p = x[0].length;
        double[][] a = new double[p][p];
        for (int j = 0; j < x.length; j++) {
            double w = 1 / (v[j] + tau2);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    a[r][c] += w * x[j][r] * x[j][c];
                }
            }
        }
        return a;
    }

    static double[] gls(double[][] x, double[] y, double[] v, double tau2, double[][] inverse) {
        int p = x[0].length;
        double[] xwy = new double[p];
        for (int j = 0; j < x.length; j++) {
            double w = 1 / (v[j] + tau2);
            for (int r = 0; r < p; r++) {
                xwy[r] += w * x[j][r] * y[j];
            }
        }
        return Matrices.times(inverse, xwy);
    }

    /**
     * The log likelihood (ML) or restricted log likelihood (REML) at tau2:
     * -(k log 2 pi + sum log(v + tau2) + sum w r^2) / 2 for ML, and for REML
     * -((k - p) log 2 pi - log|X'X| + sum log(v + tau2) + log|X'WX| + sum w r^2) / 2, r the GLS
     * residuals. The log|X'X| term, free of tau2, is metafor's default ({@code REMLf = TRUE} in
     * rma.uni), so that logLik agrees with metafor's.
     */
    static double logLik(double[][] x, double[] y, double[] v, double tau2, Method method) {
        int k = y.length;
        int p = x[0].length;
        double[][] a = xtwx(x, v, tau2);
        double[] beta = gls(x, y, v, tau2, Matrices.inverse(a));
        double sumLog = 0;
        double rss = 0;
        for (int j = 0; j < k; j++) {
            double r = y[j] - Vectors.dot(x[j], beta);
            sumLog += Math.log(v[j] + tau2);
            rss += r * r / (v[j] + tau2);
        }
        double log2pi = Math.log(2 * Math.PI);
        if (method == Method.REML) {
            double[][] xtx = new double[p][p];
            for (double[] row : x) {
                for (int r = 0; r < p; r++) {
                    for (int c = 0; c < p; c++) {
                        xtx[r][c] += row[r] * row[c];
                    }
                }
            }
            return -0.5 * ((k - p) * log2pi - Matrices.logDet(xtx) + sumLog + Matrices.logDet(a) + rss);
        }
        return -0.5 * (k * log2pi + sumLog + rss);
    }

    /** {score, expected information} of tau2 for ML or REML. */
    static double[] scoreAndInformation(double[][] x, double[] y, double[] v, double tau2, Method method) {
        int k = y.length;
        double[][] inv = Matrices.inverse(xtwx(x, v, tau2));
        double[] beta = gls(x, y, v, tau2, inv);
        // Py = W r with r the GLS residuals
        double[] py = new double[k];
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            w[j] = 1 / (v[j] + tau2);
            py[j] = w[j] * (y[j] - Vectors.dot(x[j], beta));
        }
        double yppy = Vectors.dot(py, py);
        if (method == Method.ML) {
            double trW = 0;
            double trW2 = 0;
            for (double wj : w) {
                trW += wj;
                trW2 += wj * wj;
            }
            return new double[] {0.5 * (yppy - trW), 0.5 * trW2};
        }
        // P = W - W X A X' W with A = (X'WX)^-1; with C_r = X' W^r X (p x p), by cyclic traces
        // tr(P) = tr(W) - tr(A C_2) and tr(PP) = tr(W^2) - 2 tr(A C_3) + tr(A C_2 A C_2): O(k p^2), not k^2
        int p = x[0].length;
        double[][] c2 = new double[p][p];
        double[][] c3 = new double[p][p];
        double trW = 0;
        double trW2 = 0;
        for (int j = 0; j < k; j++) {
            double w2 = w[j] * w[j];
            trW += w[j];
            trW2 += w2;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    double xx = x[j][a] * x[j][b];
                    c2[a][b] += w2 * xx;
                    c3[a][b] += w2 * w[j] * xx;
                }
            }
        }
        double[][] ac2 = new double[p][p];
        double trAc3 = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                for (int c = 0; c < p; c++) {
                    ac2[a][b] += inv[a][c] * c2[c][b];
                }
                trAc3 += inv[a][b] * c3[b][a];
            }
        }
        double trAc2 = 0;
        double trAc2Ac2 = 0;
        for (int a = 0; a < p; a++) {
            trAc2 += ac2[a][a];
            for (int b = 0; b < p; b++) {
                trAc2Ac2 += ac2[a][b] * ac2[b][a];
            }
        }
        double trP = trW - trAc2;
        double trPP = trW2 - 2 * trAc3 + trAc2Ac2;
        return new double[] {0.5 * (yppy - trP), 0.5 * trPP};
    }

    /** The names of beta's coefficients: intercept then the covariates. */
    public static List<String> coefficientNames(SiteData data) {
        List<String> names = new ArrayList<>();
        names.add("intrcpt");
        names.addAll(data.covariateNames());
        return names;
    }
}
