package org.multisite.model;

import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;

/**
 * The algebra of a normal G with site covariates, shared by every model whose sites reduce to
 * normal "observations": yhat_j ~ N(theta_j, v_j), theta_j ~ N(x_j' gamma, tau^2), gamma =
 * (mu, beta) with independent normal or flat priors, x_j = (1, centred site covariates).
 *
 * <p>Each site's prior variance may carry a multiplier c_j (tau^2 c_j: 1 for a normal G,
 * 1 / lambda_j for a t as a scale mixture of normals); the formulas below take c_j = 1.
 * With w_j = 1 / (v_j + tau^2), A = X'WX + P0 and b = X'W yhat + P0 g0 (P0, g0 the prior
 * precision and mean; P0 = 0 for flat): log p(yhat | tau) = (sum log w_j - log|A| - yhat'W yhat
 * + b'A^-1 b) / 2 + const (gamma integrated out); gamma | tau ~ N(A^-1 b, A^-1); and
 * theta_j | gamma, tau ~ N(m_j + (1 - B_j)(yhat_j - m_j), B_j tau^2), m_j = x_j' gamma,
 * B_j = v_j / (v_j + tau^2) (Gelman et al., BDA3 section 5.4, with covariates).
 */
final class NormalG {
    private final int n;
    private final int p;
    /** Design matrix row-major: design[j * p + k], column 0 the intercept, then centred covariates. */
    private final double[] design;
    private final double[] priorPrecision;
    private final double[] priorPrecisionMean;

    NormalG(SiteData data, NormalPriors priors) {
        this.n = data.size();
        this.p = 1 + data.covariateCount();
        this.design = new double[n * p];
        for (int j = 0; j < n; j++) {
            design[j * p] = 1;
        }
        for (int k = 1; k < p; k++) {
            double[] c = Vectors.centred(data.covariate(k - 1));
            for (int j = 0; j < n; j++) {
                design[j * p + k] = c[j];
            }
        }
        this.priorPrecision = new double[p];
        this.priorPrecisionMean = new double[p];
        for (int k = 0; k < p; k++) {
            Prior prior = k == 0 ? priors.mu() : priors.beta().get(k - 1);
            if (prior instanceof Prior.Normal normal) {
                priorPrecision[k] = 1 / (normal.sd() * normal.sd());
                priorPrecisionMean[k] = normal.mean() * priorPrecision[k];
            }
        }
    }

    /** Number of coefficients, 1 + number of covariates. */
    int coefficients() {
        return p;
    }

    /** Per-chain work space: A, b and A's Cholesky factor at one tau. */
    final class Work {
        final DMatrixRMaj a = new DMatrixRMaj(p, p);
        final DMatrixRMaj chol = new DMatrixRMaj(p, p);
        final CholeskyDecompositionInner_DDRM decomposition = new CholeskyDecompositionInner_DDRM(true);
        final double[] b = new double[p];
        final double[] tmp = new double[p];
        /** tau^2 of the last {@link #factor}. */
        double tau2;

        /**
         * Fills A, b, yhat'W yhat and the lower Cholesky factor of A at tau. Returns sum log w_j
         * if {@code withLogW} (only the marginal likelihood needs it; 0 otherwise), or NaN if A
         * is singular.
         */
        double factor(double tau, double[] yhat, double[] v, boolean withLogW) {
            return factor(tau, yhat, v, null, withLogW);
        }

        /** As {@link #factor(double, double[], double[], boolean)} with prior variances tau^2 c_j (c null: all 1). */
        double factor(double tau, double[] yhat, double[] v, double[] c, boolean withLogW) {
            double t2 = tau * tau;
            tau2 = t2;
            a.zero();
            double[] ad = a.data;
            for (int k = 0; k < p; k++) {
                b[k] = priorPrecisionMean[k];
                ad[k * p + k] = priorPrecision[k];
            }
            double sumLogW = p == 1 && c == null ? interceptSums(t2, yhat, v, withLogW) : designSums(t2, yhat, v, c, withLogW);
            chol.setTo(a);
            if (!decomposition.decompose(chol)) {
                return Double.NaN;
            }
            decomposition.getT(chol);
            return sumLogW;
        }

        /** Adds X'WX to A and X'W yhat to b (the priors' parts already there); returns sum log w_j if asked, else 0. */
        private double designSums(double t2, double[] yhat, double[] v, double[] c, boolean withLogW) {
            double[] ad = a.data;
            double sumLogW = 0;
            for (int j = 0; j < n; j++) {
                double w = 1 / (v[j] + (c == null ? t2 : t2 * c[j]));
                if (withLogW) {
                    sumLogW += Math.log(w);
                }
                int row = j * p;
                for (int k = 0; k < p; k++) {
                    double wx = w * design[row + k];
                    b[k] += wx * yhat[j];
                    for (int l = 0; l <= k; l++) {
                        ad[k * p + l] += wx * design[row + l];
                    }
                }
            }
            for (int k = 0; k < p; k++) {
                for (int l = 0; l < k; l++) {
                    ad[l * p + k] = ad[k * p + l];
                }
            }
            return sumLogW;
        }

        /**
         * {@link #designSums} without covariates or multipliers: the same sums in the same order
         * (the design's column of ones multiplies exactly), kept in locals rather than in A's and
         * b's arrays, whose loads and stores chained every site's additions through memory (the
         * normal model's chains at 1,000 sites, in process: 15-21 -> 5-7 ms).
         */
        private double interceptSums(double t2, double[] yhat, double[] v, boolean withLogW) {
            double sumLogW = 0;
            double precision = a.data[0];
            double weighted = b[0];
            if (withLogW) {
                for (int j = 0; j < n; j++) {
                    double w = 1 / (v[j] + t2);
                    sumLogW += Math.log(w);
                    precision += w;
                    weighted += w * yhat[j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    double w = 1 / (v[j] + t2);
                    precision += w;
                    weighted += w * yhat[j];
                }
            }
            b[0] = weighted;
            a.data[0] = precision;
            return sumLogW;
        }

        /** log p(yhat | tau) up to a constant, gamma integrated out; -infinity if A is singular. */
        double logMarginalLikelihood(double tau, double[] yhat, double[] v) {
            return logMarginalLikelihood(tau, yhat, v, null);
        }

        /** As {@link #logMarginalLikelihood(double, double[], double[])} with prior variances tau^2 c_j. */
        double logMarginalLikelihood(double tau, double[] yhat, double[] v, double[] c) {
            double sumLogW = factor(tau, yhat, v, c, true);
            if (Double.isNaN(sumLogW)) {
                return Double.NEGATIVE_INFINITY;
            }
            double logDetA = 0;
            for (int k = 0; k < p; k++) {
                logDetA += 2 * Math.log(chol.get(k, k));
            }
            return 0.5 * (sumLogW - logDetA - quadratic(yhat, v, c));
        }

        /**
         * yhat'W yhat - b'A^-1 b, as sum_j w_j (yhat_j - x_j' g)^2 + (g - g0)' P0 (g - g0) with
         * g = A^-1 b (the two differ by g0' P0 g0, a constant): a sum of nonnegative terms, where
         * the difference of the two large terms loses every digit when one site's weight is many
         * orders of magnitude above the others' (an SE of 1e-12 among SEs of 1 at small tau).
         * Call after {@link #factor} at the same tau.
         */
        private double quadratic(double[] yhat, double[] v, double[] c) {
            System.arraycopy(b, 0, tmp, 0, p);
            TriangularSolver_DDRM.solveL(chol.data, tmp, p);
            TriangularSolver_DDRM.solveTranL(chol.data, tmp, p);
            double t2 = tau2;
            double q = 0;
            if (p == 1 && c == null) {
                // as below: the column of ones multiplies exactly
                double mean = tmp[0];
                for (int j = 0; j < n; j++) {
                    double r = yhat[j] - mean;
                    q += r * r / (v[j] + t2);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    double r = yhat[j];
                    int row = j * p;
                    for (int k = 0; k < p; k++) {
                        r -= design[row + k] * tmp[k];
                    }
                    q += r * r / (v[j] + (c == null ? t2 : t2 * c[j]));
                }
            }
            for (int k = 0; k < p; k++) {
                if (priorPrecision[k] > 0) {
                    double d = tmp[k] - priorPrecisionMean[k] / priorPrecision[k];
                    q += priorPrecision[k] * d * d;
                }
            }
            return q;
        }

        /**
         * gamma | tau ~ N(A^-1 b, A^-1), by two triangular solves for the mean and L'^-1 z for
         * the noise; call after {@link #factor} at that tau.
         */
        void drawCoefficients(NormalizedGaussianSampler gaussian, double[] gamma) {
            for (int k = 0; k < p; k++) {
                tmp[k] = gaussian.sample();
            }
            coefficients(tmp, gamma);
        }

        /**
         * gamma = A^-1 b + L^-T z, the draw of {@link #drawCoefficients} from its p standard
         * normal variates z (overwritten), after {@link #factor}.
         */
        void coefficients(double[] z, double[] gamma) {
            double[] l = chol.data;
            System.arraycopy(b, 0, gamma, 0, p);
            TriangularSolver_DDRM.solveL(l, gamma, p);
            TriangularSolver_DDRM.solveTranL(l, gamma, p);
            TriangularSolver_DDRM.solveTranL(l, z, p);
            for (int k = 0; k < p; k++) {
                gamma[k] += z[k];
            }
        }
    }

    Work work() {
        return new Work();
    }

    /** x_j' gamma with gamma = (mu, beta) read from draw i, columns mu at {@code muColumn} and beta from {@code betaColumn}. */
    double siteMean(int j, Draws draws, int i, int muColumn, int betaColumn) {
        double m = draws.get(muColumn, i);
        int row = j * p;
        for (int k = 1; k < p; k++) {
            m += design[row + k] * draws.get(betaColumn + k - 1, i);
        }
        return m;
    }

    /** log N(y; m, v). */
    static double logNormal(double y, double m, double v) {
        double d = y - m;
        return -0.5 * (Math.log(2 * Math.PI * v) + d * d / v);
    }

    /** x_j' gamma, site j's prior mean. */
    double siteMean(int j, double[] gamma) {
        double m = 0;
        int row = j * p;
        for (int k = 0; k < p; k++) {
            m += design[row + k] * gamma[k];
        }
        return m;
    }

    /** theta_j | gamma, tau, yhat for every site, independent normals (stable at tau = 0). */
    void drawEffects(double tau, double[] gamma, double[] yhat, double[] v, NormalizedGaussianSampler gaussian,
                     double[] theta) {
        drawEffects(tau, gamma, yhat, v, null, gaussian, theta);
    }

    /** As above with prior variances tau^2 c_j (c null: all 1). */
    void drawEffects(double tau, double[] gamma, double[] yhat, double[] v, double[] c, NormalizedGaussianSampler gaussian,
                     double[] theta) {
        double t2 = tau * tau;
        for (int j = 0; j < n; j++) {
            double m = siteMean(j, gamma);
            double prior = c == null ? t2 : t2 * c[j];
            double shrink = v[j] / (v[j] + prior);
            theta[j] = m + (1 - shrink) * (yhat[j] - m) + Math.sqrt(shrink * prior) * gaussian.sample();
        }
    }
}
