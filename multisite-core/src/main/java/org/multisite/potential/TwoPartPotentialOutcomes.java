package org.multisite.potential;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.mcmc.GaussianDraw;
import org.multisite.mcmc.PolyaGamma;

/**
 * Potential outcomes for a semicontinuous outcome (many zeros, as earnings), the two-part model
 * of Imbens & Rubin (2015, ch. 8) in each arm a: P(Y(a) > 0 | x) = logit^-1(x' gamma_a), and
 * log Y(a) | Y(a) > 0 ~ N(x' beta_a, sigma_a^2). The arms' potential outcomes are linked by rho on
 * the log scale: when a unit's observed outcome is positive and its missing one is positive too,
 * log Y(missing) | log Y(observed) is the conditional normal of {@link NormalPotentialOutcomes#imputed};
 * whether the missing one is positive, and its log when the observed outcome is 0, come from the
 * arm's own model (rho = 0 is independence). rho, again, is not identified.
 *
 * <p>Posterior: gamma_a by Polya-Gamma Gibbs (Polson, Scott & Windle 2013; prior N(0, 10^2 I)),
 * after {@code WARMUP} sweeps from 0; (beta_a, sigma_a^2) of the positive outcomes' logs exactly,
 * as in the normal model. Super-population ATE: mean_i of E Y_i(1) - E Y_i(0), with
 * E Y(a) = P(Y(a) > 0) exp(x' beta_a + sigma_a^2 / 2).
 */
public final class TwoPartPotentialOutcomes {
    /** Polya-Gamma Gibbs warm-up from gamma = 0: a logistic regression's chain forgets its start within tens of sweeps. */
    private static final int WARMUP = 200;
    /** gamma ~ N(0, 10^2 I): proper and flat over any plausible log odds (|x' gamma| < 10 is a probability in (5e-5, 1 - 5e-5)). */
    public static final double GAMMA_PRIOR_SD = 10;
    private static final double GAMMA_PRIOR_VAR = GAMMA_PRIOR_SD * GAMMA_PRIOR_SD;

    private TwoPartPotentialOutcomes() {
    }

    public static NormalPotentialOutcomes.Draws sample(NormalPotentialOutcomes.Data data, double rho, int draws,
                                                       UniformRandomProvider rng) {
        if (!(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("rho must be in [-1, 1], got " + rho);
        }
        for (double y : data.outcome()) {
            if (y < 0) {
                throw new IllegalArgumentException("the two-part model needs outcomes >= 0, got " + y);
            }
        }
        int n = data.treatment().length;
        int p = data.covariates()[0].length + 1;
        NormalPotentialOutcomes.Arm log0 = NormalPotentialOutcomes.Arm.of(data, 0, p, i -> data.outcome()[i] > 0, Math::log,
                "positive control");
        NormalPotentialOutcomes.Arm log1 = NormalPotentialOutcomes.Arm.of(data, 1, p, i -> data.outcome()[i] > 0, Math::log,
                "positive treated");
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        PolyaGamma pg = new PolyaGamma(rng);
        Logistic part0 = new Logistic(data, 0, p);
        Logistic part1 = new Logistic(data, 1, p);
        for (int w = 0; w < WARMUP; w++) {
            part0.update(pg, z);
            part1.update(pg, z);
        }
        NormalPotentialOutcomes.Completed completed = new NormalPotentialOutcomes.Completed(data, draws);
        double[] y0 = new double[n];
        double[] y1 = new double[n];
        double[] b0 = new double[p];
        double[] b1 = new double[p];
        for (int s = 0; s < draws; s++) {
            part0.update(pg, z);
            part1.update(pg, z);
            double sigma0 = log0.draw(z, rng, b0);
            double sigma1 = log1.draw(z, rng, b1);
            double sp = 0;
            for (int i = 0; i < n; i++) {
                double[] x = data.covariates()[i];
                double mu0 = b0[0];
                double mu1 = b1[0];
                double eta0 = part0.gamma[0];
                double eta1 = part1.gamma[0];
                for (int k = 1; k < p; k++) {
                    mu0 += b0[k] * x[k - 1];
                    mu1 += b1[k] * x[k - 1];
                    eta0 += part0.gamma[k] * x[k - 1];
                    eta1 += part1.gamma[k] * x[k - 1];
                }
                double pi0 = 1 / (1 + Math.exp(-eta0));
                double pi1 = 1 / (1 + Math.exp(-eta1));
                sp += pi1 * Math.exp(mu1 + 0.5 * sigma1 * sigma1) - pi0 * Math.exp(mu0 + 0.5 * sigma0 * sigma0);
                boolean treated = data.treatment()[i] == 1;
                double y = data.outcome()[i];
                double piMissing = treated ? pi0 : pi1;
                double missing = 0;
                if (rng.nextDouble() < piMissing) {
                    double logMean;
                    double logSd;
                    if (y > 0) {
                        NormalPotentialOutcomes.Moments m = NormalPotentialOutcomes.imputed(treated, Math.log(y), mu0, mu1,
                                sigma0, sigma1, rho);
                        logMean = m.mean();
                        logSd = Math.sqrt(m.variance());
                    } else {
                        logMean = treated ? mu0 : mu1;
                        logSd = treated ? sigma0 : sigma1;
                    }
                    missing = Math.exp(logMean + logSd * z.sample());
                }
                y1[i] = treated ? y : missing;
                y0[i] = treated ? missing : y;
            }
            completed.add(s, sp / n, y0, y1);
        }
        return completed.draws(rho);
    }

    /** One arm's logistic regression of Y > 0, sampled by Polya-Gamma Gibbs. */
    private static final class Logistic {
        private final double[][] x;
        private final double[] kappa;
        private final double[] gamma;
        private final GaussianDraw draw;
        private final int p;

        Logistic(NormalPotentialOutcomes.Data data, int arm, int p) {
            this.p = p;
            int n = 0;
            for (int t : data.treatment()) {
                n += t == arm ? 1 : 0;
            }
            x = new double[n][p];
            kappa = new double[n];
            int r = 0;
            for (int i = 0; i < data.treatment().length; i++) {
                if (data.treatment()[i] != arm) {
                    continue;
                }
                x[r][0] = 1;
                for (int k = 1; k < p; k++) {
                    x[r][k] = data.covariates()[i][k - 1];
                }
                kappa[r] = (data.outcome()[i] > 0 ? 1 : 0) - 0.5;
                r++;
            }
            gamma = new double[p];
            draw = new GaussianDraw(p);
        }

        /** omega_i ~ PG(1, x_i' gamma), then gamma ~ N(V X' kappa, V), V = (X' Omega X + I / 100)^-1. */
        void update(PolyaGamma pg, NormalizedGaussianSampler z) {
            draw.reset();
            double[] a = draw.precision();
            double[] b = draw.rhs();
            for (int k = 0; k < p; k++) {
                a[k * p + k] = 1 / GAMMA_PRIOR_VAR;
            }
            for (int i = 0; i < x.length; i++) {
                double eta = 0;
                for (int k = 0; k < p; k++) {
                    eta += x[i][k] * gamma[k];
                }
                double omega = pg.sample(eta);
                for (int k = 0; k < p; k++) {
                    b[k] += x[i][k] * kappa[i];
                    for (int l = 0; l <= k; l++) {
                        a[k * p + l] += omega * x[i][k] * x[i][l];
                    }
                }
            }
            draw.draw(z, gamma);
        }
    }
}
