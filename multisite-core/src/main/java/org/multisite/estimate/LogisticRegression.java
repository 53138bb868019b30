package org.multisite.estimate;

import org.ejml.data.DMatrixRMaj;

/**
 * Logistic regression of a 0/1 outcome on a small design, two ways.
 *
 * <p>{@link #maximumLikelihood}: iteratively reweighted least squares as R's {@code glm.fit}
 * does it (R 4.x, src/library/stats/R/glm.R), so that estimates agree with {@code glm} to its
 * own precision rather than only to the exact MLE: start at mu = (y + 1/2) / 2, weights
 * mu.eta^2 / V(mu) with mu.eta clamped at machine epsilon and the inverse link clamped at
 * |eta| = 30 (family.c), stop when |dev - dev_old| / (|dev| + 0.1) < 1e-8 within 25
 * iterations; coefficients from the last weighted fit and their covariance (X'WX)^-1 with
 * that fit's weights (summary.glm's chol2inv of the QR).
 *
 * <p>{@link #firth}: Firth's (1993) bias-reduced estimate, which exists under separation:
 * the maximum of l(beta) + log|X'WX| / 2 by Newton steps on the modified score
 * X'(y - p + h (1/2 - p)) (Heinze & Schemper 2002, as the R package logistf), steps capped
 * at 5 and halved until the penalized likelihood rises; covariance (X'WX)^-1 at the estimate.
 */
final class LogisticRegression {
    /** glm.control()'s epsilon and maxit. */
    private static final double GLM_EPSILON = 1e-8;
    private static final int GLM_MAXIT = 25;
    /** Machine epsilon, the floor of mu.eta in R's logit link. */
    private static final double EPS = Math.ulp(1.0);
    /** |eta| beyond which R's logit inverse link clamps exp(eta) (THRESH in family.c). */
    private static final double THRESH = 30;
    private static final double FIRTH_TOLERANCE = 1e-10;
    private static final double FIRTH_MAX_STEP = 5;
    private static final int FIRTH_MAXIT = 500;
    /** Step halvings tried before a step is taken as impossible. */
    private static final int MAX_HALVINGS = 30;
    /** Relative fall of the penalized log likelihood that rounding can cause. */
    private static final double ROUNDING_SLACK = 1e-12;

    private LogisticRegression() {
    }

    /** A fit: coefficients, their covariance, and whether the iterations converged. */
    record Fit(double[] beta, DMatrixRMaj covariance, boolean converged, double[] fitted) {
        double se(int k) {
            return Math.sqrt(covariance.get(k, k));
        }
    }

    static double inverseLink(double eta) {
        double e = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
        return e / (1 + e);
    }

    private static double deviance(double[] y, double[] mu) {
        double d = 0;
        for (int i = 0; i < y.length; i++) {
            d -= 2 * (y[i] == 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]));
        }
        return d;
    }

    /** glm(y ~ x, family = binomial) as glm.fit computes it; null if a weighted fit is singular. */
    static Fit maximumLikelihood(double[][] x, double[] y) {
        int n = y.length;
        int p = x[0].length;
        double[] mu = new double[n];
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = (y[i] + 0.5) / 2;
            eta[i] = Math.log(mu[i] / (1 - mu[i]));
        }
        double devOld = deviance(y, mu);
        double[] w = new double[n];
        double[] z = new double[n];
        double[] beta = new double[p];
        DMatrixRMaj inv = null;
        for (int iter = 0; iter < GLM_MAXIT; iter++) {
            for (int i = 0; i < n; i++) {
                double muEta = Math.max(mu[i] * (1 - mu[i]), EPS);
                z[i] = eta[i] + (y[i] - mu[i]) / muEta;
                w[i] = muEta * muEta / (mu[i] * (1 - mu[i]));
            }
            inv = Regression.inverse(Regression.crossproduct(x, w));
            if (inv == null) {
                return null;
            }
            double[] xwz = new double[p];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < p; k++) {
                    xwz[k] += x[i][k] * w[i] * z[i];
                }
            }
            beta = Regression.times(inv, xwz);
            for (int i = 0; i < n; i++) {
                double e = 0;
                for (int k = 0; k < p; k++) {
                    e += x[i][k] * beta[k];
                }
                eta[i] = e;
                mu[i] = inverseLink(e);
            }
            double dev = deviance(y, mu);
            if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < GLM_EPSILON) {
                return new Fit(beta, inv, true, mu.clone());
            }
            devOld = dev;
        }
        return new Fit(beta, inv, false, mu.clone());
    }

    /** Firth's penalized maximum likelihood; null if X'WX becomes singular. */
    static Fit firth(double[][] x, double[] y) {
        int n = y.length;
        int p = x[0].length;
        double[] beta = new double[p];
        double[] mu = new double[n];
        double[] w = new double[n];
        double penalized = penalizedLogLik(x, y, beta, mu, w);
        for (int iter = 0; iter < FIRTH_MAXIT; iter++) {
            DMatrixRMaj inv = Regression.inverse(Regression.crossproduct(x, w));
            if (inv == null) {
                return null;
            }
            double[] score = new double[p];
            for (int i = 0; i < n; i++) {
                double h = w[i] * Regression.quadratic(inv, x[i]);
                double r = y[i] - mu[i] + h * (0.5 - mu[i]);
                for (int k = 0; k < p; k++) {
                    score[k] += x[i][k] * r;
                }
            }
            double[] delta = Regression.times(inv, score);
            double largest = 0;
            double largestScore = 0;
            for (int k = 0; k < p; k++) {
                largest = Math.max(largest, Math.abs(delta[k]));
                largestScore = Math.max(largestScore, Math.abs(score[k]));
            }
            if (largest < FIRTH_TOLERANCE && largestScore < FIRTH_TOLERANCE) {
                return new Fit(beta, inv, true, mu.clone());
            }
            double scale = largest > FIRTH_MAX_STEP ? FIRTH_MAX_STEP / largest : 1;
            double[] trial = new double[p];
            double[] trialMu = new double[n];
            double[] trialW = new double[n];
            double value = Double.NEGATIVE_INFINITY;
            // a step may lower the penalized likelihood by rounding alone once it is tiny
            double slack = ROUNDING_SLACK * (1 + Math.abs(penalized));
            for (int halving = 0; halving < MAX_HALVINGS; halving++) {
                for (int k = 0; k < p; k++) {
                    trial[k] = beta[k] + scale * delta[k];
                }
                value = penalizedLogLik(x, y, trial, trialMu, trialW);
                if (value >= penalized - slack) {
                    break;
                }
                scale /= 2;
            }
            if (!(value >= penalized - slack)) {
                // no step along the modified score raises the penalized likelihood: at its maximum
                return new Fit(beta, inv, true, mu.clone());
            }
            System.arraycopy(trial, 0, beta, 0, p);
            System.arraycopy(trialMu, 0, mu, 0, n);
            System.arraycopy(trialW, 0, w, 0, n);
            penalized = value;
        }
        DMatrixRMaj inv = Regression.inverse(Regression.crossproduct(x, w));
        return inv == null ? null : new Fit(beta, inv, false, mu.clone());
    }

    /** l(beta) + log|X'WX| / 2; fills the fitted probabilities and weights. */
    private static double penalizedLogLik(double[][] x, double[] y, double[] beta, double[] mu, double[] w) {
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            double eta = 0;
            for (int k = 0; k < beta.length; k++) {
                eta += x[i][k] * beta[k];
            }
            // log p = -log(1 + e^-eta), log(1 - p) = -log(1 + e^eta), stable for large |eta|
            l -= y[i] == 1 ? Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
            mu[i] = 1 / (1 + Math.exp(-eta));
            w[i] = mu[i] * (1 - mu[i]);
        }
        double det = org.ejml.dense.row.CommonOps_DDRM.det(Regression.crossproduct(x, w));
        return det > 0 ? l + 0.5 * Math.log(det) : Double.NEGATIVE_INFINITY;
    }
}
