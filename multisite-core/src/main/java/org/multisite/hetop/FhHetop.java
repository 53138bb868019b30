package org.multisite.hetop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.mcmc.GammaDraw;
import org.multisite.mcmc.GaussianDraw;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.Decimals;

/**
 * The Fay-Herriot HETOP model (Lockwood, Castellano & Shear 2018, JEBS 43(6)) with a
 * bivariate normal prior: counts of group g over K ordered categories are multinomial with the
 * HETOP probabilities Phi((c_k - mu_g) / sigma_g) - Phi((c_{k-1} - mu_g) / sigma_g), the first two
 * cut points fixed; (mu_g, log sigma_g) ~ N2((x_g' beta_mu, z_g' beta_sigma), Sigma), x and z
 * an intercept and centred group covariates (for the means and for the log SDs).
 * Priors: beta ~ N(0, betaSd^2) each; Sigma ~ inverse-Wishart(nu0, s0 I); log(c_k - c_{k-1}) ~
 * N(0, gapSd^2) for the free cuts. All proper, so that simulation-based calibration applies.
 *
 * <p>Each sweep (no data augmentation: a group's likelihood is K probit differences):
 * <ol>
 *   <li>each group's (mu_g, log sigma_g) by elliptical slice sampling (Murray, Adams & MacKay
 *       2010) under its prior N2 and its own multinomial likelihood, twice;</li>
 *   <li>each free cut's log gap by slice sampling (Neal 2003) with all groups' likelihoods;</li>
 *   <li>beta | group parameters, Sigma: normal (a seemingly unrelated regression);</li>
 *   <li>Sigma | group parameters, beta: inverse-Wishart, drawn by Bartlett's decomposition;</li>
 *   <li>the intercepts and the two SDs again, non-centred (interweaving): each a slice update of
 *       a shift of all mu_g (or log sigma_g) or a scaling of their deviations.</li>
 * </ol>
 * Recorded: mu[g], sigma[g], the free cuts, beta_mu[..], beta_sigma[..], tau_mu, tau_sigma, rho.
 */
public final class FhHetop implements HetopModel {
    /**
     * Elliptical slice steps per group and sweep: a choice, not tuned (a group's update costs K
     * probit terms, the cheapest in the sweep, and sparse groups move slowest).
     */
    private static final int ELLIPTICAL_STEPS = 2;

    /** Proper priors: beta's SD, the inverse-Wishart's degrees of freedom and scale, the log gaps' SD. */
    public record Priors(double betaSd, double wishartDf, double wishartScale, double gapSd) {
        /**
         * Weakly informative on the scale the fixed cuts set (two cuts one unit apart): beta ~
         * N(0, 5^2) covers means and log SDs far beyond the cuts; Sigma ~ IW(5, I), whose mean
         * I / (5 - 2 - 1) = 0.5 I (2 x 2 case) puts the groups' spread near the cuts' spacing; log
         * gaps ~ N(0, 1.5^2), gaps between about 0.05 and 20 units. Proper, as SBC needs.
         */
        public static Priors defaults() {
            return new Priors(5, 5, 1, 1.5);
        }
    }

    private final int[][] counts;
    private final int groups;
    private final int categories;
    private final double[] fixedCuts;
    private final double[][] x;
    private final double[][] z;
    private final int pm;
    private final int ps;
    private final Priors priors;
    private final List<String> names;

    /**
     * @param meanCovariates per group, covariates of the mean (centred here), may have 0 columns
     * @param sdCovariates per group, covariates of the log SD (centred here)
     */
    public FhHetop(int[][] counts, double[] fixedCuts, List<String> meanNames, double[][] meanCovariates,
                   List<String> sdNames, double[][] sdCovariates, Priors priors) {
        this.counts = counts;
        this.groups = counts.length;
        this.categories = counts[0].length;
        HetopModel.checkShape(categories, fixedCuts);
        this.fixedCuts = fixedCuts.clone();
        this.priors = priors;
        this.x = design(meanCovariates, meanNames.size());
        this.z = design(sdCovariates, sdNames.size());
        this.pm = x[0].length;
        this.ps = z[0].length;
        List<String> all = HetopModel.groupAndCutNames(groups, categories);
        all.add("beta_mu[(intercept)]");
        meanNames.forEach(n -> all.add("beta_mu[" + n + "]"));
        all.add("beta_sigma[(intercept)]");
        sdNames.forEach(n -> all.add("beta_sigma[" + n + "]"));
        all.addAll(List.of("tau_mu", "tau_sigma", "rho"));
        this.names = List.copyOf(all);
    }

    /** An intercept column and the covariates centred over groups. */
    private double[][] design(double[][] covariates, int p) {
        double[][] centred = HetopModel.centredColumns(covariates, p);
        double[][] d = new double[groups][p + 1];
        for (int g = 0; g < groups; g++) {
            d[g][0] = 1;
            System.arraycopy(centred[g], 0, d[g], 1, p);
        }
        return d;
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public double[] fixedCuts() {
        return fixedCuts.clone();
    }

    @Override
    public int[][] counts() {
        return counts;
    }

    @Override
    public String prior() {
        return "normal";
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("beta_mu[..], beta_sigma[..]", "normal(0, " + Decimals.format(priors.betaSd()) + ")");
        p.put("Sigma", "inv_wishart(" + Decimals.format(priors.wishartDf()) + ", " + Decimals.format(priors.wishartScale()) + " I)");
        p.put("log(cut[k] - cut[k-1])", "normal(0, " + Decimals.format(priors.gapSd()) + ")");
        return p;
    }

    @Override
    public Chain newChain(UniformRandomProvider rng) {
        return new Sampler(rng);
    }

    private final class Sampler implements Chain {
        private final NormalizedGaussianSampler gaussian;
        /** For the free cuts' log gaps: narrower than the log-SD default, their posteriors pool all groups. */
        private final SliceSampler slice = new SliceSampler(0.5, 50, "cut points");
        private final double[] mu = new double[groups];
        private final double[] lam = new double[groups];
        private final double[] eta = new double[Math.max(categories - 3, 0)];
        private final double[] cuts = new double[categories - 1];
        private final double[] beta = new double[pm + ps];
        /** Sigma and its lower Cholesky factor (l11, l21, l22). */
        private double s11 = 0.25;
        private double s12 = 0;
        private double s22 = 0.1;
        private final GaussianDraw betaDraw = new GaussianDraw(pm + ps);
        /** The free cut whose log gap is being updated. */
        private int gap;
        /** log p(log gap = v | the rest): every group's likelihood with the cut moved, and the gap's prior. */
        private final DoubleUnaryOperator gapTarget = v -> {
            double keep = eta[gap];
            eta[gap] = v;
            setCuts();
            double l = -0.5 * v * v / (priors.gapSd() * priors.gapSd());
            for (int g = 0; g < groups; g++) {
                l += logLik(g, mu[g], lam[g], cuts);
            }
            eta[gap] = keep;
            setCuts();
            return l;
        };

        Sampler(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            // start: each group's mean category, placed on the fixed cuts' scale, with jitter
            double width = fixedCuts[1] - fixedCuts[0];
            for (int g = 0; g < groups; g++) {
                mu[g] = HetopModel.startingMean(counts[g], fixedCuts) + 0.2 * gaussian.sample();
                lam[g] = Math.log(width) + 0.1 * gaussian.sample();
            }
            for (int k = 0; k < eta.length; k++) {
                eta[k] = Math.log(width) + 0.1 * gaussian.sample();
            }
            setCuts();
            beta[0] = 0;
            beta[pm] = Math.log(width);
        }

        private void setCuts() {
            HetopModel.cutsFromLogGaps(fixedCuts, eta, cuts);
        }

        private double meanMu(int g) {
            double m = 0;
            for (int k = 0; k < pm; k++) {
                m += x[g][k] * beta[k];
            }
            return m;
        }

        private double meanLam(int g) {
            double m = 0;
            for (int k = 0; k < ps; k++) {
                m += z[g][k] * beta[pm + k];
            }
            return m;
        }

        @Override
        public void sweep(UniformRandomProvider rng) {
            double l11 = Math.sqrt(s11);
            double l21 = s12 / l11;
            // Sigma is positive definite, so s22 - l21^2 > 0 but for rounding: the floor keeps the root real
            double l22 = Math.sqrt(Math.max(s22 - l21 * l21, 1e-300));
            // 1. groups, by elliptical slice sampling under their N2 prior
            for (int g = 0; g < groups; g++) {
                double m1 = meanMu(g);
                double m2 = meanLam(g);
                double current = logLik(g, mu[g], lam[g], cuts);
                for (int step = 0; step < ELLIPTICAL_STEPS; step++) {
                    double e1 = gaussian.sample();
                    double e2 = gaussian.sample();
                    double n1 = l11 * e1;
                    double n2 = l21 * e1 + l22 * e2;
                    double level = current + Math.log(rng.nextDouble());
                    double angle = 2 * Math.PI * rng.nextDouble();
                    double lo = angle - 2 * Math.PI;
                    double hi = angle;
                    double d1 = mu[g] - m1;
                    double d2 = lam[g] - m2;
                    while (true) {
                        double c = Math.cos(angle);
                        double s = Math.sin(angle);
                        double a = m1 + d1 * c + n1 * s;
                        double b = m2 + d2 * c + n2 * s;
                        double l = logLik(g, a, b, cuts);
                        if (l > level) {
                            mu[g] = a;
                            lam[g] = b;
                            current = l;
                            break;
                        }
                        if (angle < 0) {
                            lo = angle;
                        } else {
                            hi = angle;
                        }
                        angle = lo + (hi - lo) * rng.nextDouble();
                    }
                }
            }
            // 2. the free cuts' log gaps
            for (gap = 0; gap < eta.length; gap++) {
                eta[gap] = slice.sample(gapTarget, eta[gap], rng);
                setCuts();
            }
            // 3. beta: y_g = (mu_g, lam_g) ~ N2(W_g beta, Sigma), W_g = blockdiag(x_g', z_g')
            double det = s11 * s22 - s12 * s12;
            double i11 = s22 / det;
            double i12 = -s12 / det;
            double i22 = s11 / det;
            int p = pm + ps;
            betaDraw.reset();
            double[] a = betaDraw.precision();
            double[] bv = betaDraw.rhs();
            double prior = 1 / (priors.betaSd() * priors.betaSd());
            for (int k = 0; k < p; k++) {
                a[k * p + k] = prior;
            }
            for (int g = 0; g < groups; g++) {
                for (int r = 0; r < p; r++) {
                    // row r of W_g' Sigma^-1: (x part with i11/i12, z part with i12/i22)
                    double w1 = r < pm ? x[g][r] * i11 : z[g][r - pm] * i12;
                    double w2 = r < pm ? x[g][r] * i12 : z[g][r - pm] * i22;
                    bv[r] += w1 * mu[g] + w2 * lam[g];
                    for (int c = 0; c <= r; c++) {
                        double wc1 = c < pm ? x[g][c] : 0;
                        double wc2 = c < pm ? 0 : z[g][c - pm];
                        a[r * p + c] += w1 * wc1 + w2 * wc2;
                    }
                }
            }
            betaDraw.draw(gaussian, beta);
            // 4. Sigma ~ IW(nu0 + G, s0 I + sum r r'): Sigma^-1 ~ Wishart(nu, V), V = (s0 I + S)^-1
            double q11 = priors.wishartScale();
            double q12 = 0;
            double q22 = priors.wishartScale();
            for (int g = 0; g < groups; g++) {
                double r1 = mu[g] - meanMu(g);
                double r2 = lam[g] - meanLam(g);
                q11 += r1 * r1;
                q12 += r1 * r2;
                q22 += r2 * r2;
            }
            double dq = q11 * q22 - q12 * q12;
            double v11 = q22 / dq;
            double v12 = -q12 / dq;
            double v22 = q11 / dq;
            double nu = priors.wishartDf() + groups;
            // Bartlett: W = L T T' L', L = chol(V), T lower with T11^2 ~ chi2(nu), T22^2 ~ chi2(nu - 1), T21 ~ N(0, 1)
            double c11 = Math.sqrt(v11);
            double c21 = v12 / c11;
            double c22 = Math.sqrt(Math.max(v22 - c21 * c21, 1e-300)); // as l22 above: V is positive definite
            double t11 = Math.sqrt(2 * GammaDraw.sample(nu / 2, rng, gaussian));
            double t22 = Math.sqrt(2 * GammaDraw.sample((nu - 1) / 2, rng, gaussian));
            double t21 = gaussian.sample();
            // M = L T: [[c11 t11, 0], [c21 t11 + c22 t21, c22 t22]]
            double m11 = c11 * t11;
            double m21 = c21 * t11 + c22 * t21;
            double m22 = c22 * t22;
            double w11 = m11 * m11;
            double w12 = m11 * m21;
            double w22 = m21 * m21 + m22 * m22;
            double dw = w11 * w22 - w12 * w12;
            s11 = w22 / dw;
            s12 = -w12 / dw;
            s22 = w11 / dw;
            // 5. interweaving (Yu & Meng 2011): the same quantities again with the groups'
            // standardized deviations held fixed, which breaks the dependence between the groups
            // and their hyperparameters that slows the centred updates above when groups are few
            // or weakly informative
            for (move = 0; move < 4; move++) {
                lastMove = slice.sample(nonCentred, 0, rng);
                applyMove(lastMove);
            }
        }

        /** Which non-centred move: 0, 1 shift the intercepts of mu and log sigma; 2, 3 scale tau_mu, tau_sigma. */
        private int move;
        private double lastMove;
        private final double[] trialMu = new double[groups];
        private final double[] trialLam = new double[groups];

        /** The groups' parameters after move {@code move} by {@code d}, into trialMu and trialLam. */
        private void moved(double d) {
            double f = Math.exp(d);
            for (int g = 0; g < groups; g++) {
                trialMu[g] = mu[g];
                trialLam[g] = lam[g];
                switch (move) {
                    case 0 -> trialMu[g] = mu[g] + d;
                    case 1 -> trialLam[g] = lam[g] + d;
                    case 2 -> trialMu[g] = meanMu(g) + (mu[g] - meanMu(g)) * f;
                    default -> trialLam[g] = meanLam(g) + (lam[g] - meanLam(g)) * f;
                }
            }
        }

        /**
         * log p(move d | the standardized deviations): every group's likelihood at the moved
         * parameters, plus the moved hyperparameter's prior: beta's normal for a shift; for a
         * scale, the inverse-Wishart in (log tau_mu or log tau_sigma, the other tau, rho) with its
         * Jacobian 4 tau_mu^2 tau_sigma^2 times the moved tau.
         */
        private final DoubleUnaryOperator nonCentred = d -> {
            moved(d);
            double l = 0;
            for (int g = 0; g < groups; g++) {
                l += logLik(g, trialMu[g], trialLam[g], cuts);
            }
            double bsd2 = priors.betaSd() * priors.betaSd();
            if (move == 0) {
                l += -0.5 * ((beta[0] + d) * (beta[0] + d) - beta[0] * beta[0]) / bsd2;
            } else if (move == 1) {
                l += -0.5 * ((beta[pm] + d) * (beta[pm] + d) - beta[pm] * beta[pm]) / bsd2;
            } else {
                double t1 = Math.sqrt(s11);
                double t2 = Math.sqrt(s22);
                double rho = s12 / (t1 * t2);
                if (move == 2) {
                    t1 *= Math.exp(d);
                } else {
                    t2 *= Math.exp(d);
                }
                l += logInverseWishart(t1 * t1, rho * t1 * t2, t2 * t2) + Math.log(4 * t1 * t1 * t2 * t2)
                        + Math.log(move == 2 ? t1 : t2);
            }
            return l;
        };

        /** log IW(Sigma; nu0, s0 I) up to a constant: -(nu0 + 3)/2 log|Sigma| - s0 tr(Sigma^-1) / 2. */
        private double logInverseWishart(double a, double b, double c) {
            double det = a * c - b * b;
            return -(priors.wishartDf() + 3) / 2 * Math.log(det) - 0.5 * priors.wishartScale() * (a + c) / det;
        }

        private void applyMove(double d) {
            moved(d);
            System.arraycopy(trialMu, 0, mu, 0, groups);
            System.arraycopy(trialLam, 0, lam, 0, groups);
            double f = Math.exp(d);
            switch (move) {
                case 0 -> beta[0] += d;
                case 1 -> beta[pm] += d;
                case 2 -> {
                    s11 *= f * f;
                    s12 *= f;
                }
                default -> {
                    s22 *= f * f;
                    s12 *= f;
                }
            }
        }

        @Override
        public void record(double[] out) {
            int i = 0;
            for (int g = 0; g < groups; g++) {
                out[i++] = mu[g];
            }
            for (int g = 0; g < groups; g++) {
                out[i++] = Math.exp(lam[g]);
            }
            for (int k = 2; k < categories - 1; k++) {
                out[i++] = cuts[k];
            }
            for (double b : beta) {
                out[i++] = b;
            }
            out[i++] = Math.sqrt(s11);
            out[i++] = Math.sqrt(s22);
            out[i] = s12 / Math.sqrt(s11 * s22);
        }
    }
}
