package org.multisite.potential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.multisite.data.UnitData;
import org.multisite.mcmc.GammaDraw;

/**
 * Model-based inference for a randomized experiment as a missing-data problem (Rubin 1978;
 * Imbens & Rubin 2015, ch. 8): normal potential outcomes Y(1) ~ N(x' beta_1, sigma_1^2) and
 * Y(0) ~ N(x' beta_0, sigma_0^2) (arm-specific coefficients, so covariate-by-treatment
 * interactions are in), with correlation rho between Y(0) and Y(1) given x. rho is not
 * identified: the observed data are one potential outcome per unit, whose likelihood does not
 * involve it, so it is a sensitivity parameter.
 *
 * <p>Each posterior draw: (beta_a, sigma_a^2) for each arm from the regression of that arm's
 * outcomes under the prior p(beta, sigma^2) proportional to 1 / sigma^2 (exact: sigma^2 =
 * (n - p) s^2 / chi2(n - p), beta | sigma^2 ~ N(b, sigma^2 (X'X)^-1)); then every unit's missing
 * potential outcome from its conditional given the observed one ({@link #imputed}); then the
 * estimands: the super-population ATE mean_i x_i'(beta_1 - beta_0) (over the sample's
 * covariates), the finite-sample ATE mean_i (Y_i(1) - Y_i(0)) of the completed data, the
 * finite-sample quantile effects q_p(Y(1)) - q_p(Y(0)) at 0.25, 0.5, 0.75, each site's
 * finite-sample ATE, and quantiles of the unit-level effects Y_i(1) - Y_i(0).
 */
public final class NormalPotentialOutcomes {
    /** Probabilities of the quantile treatment effects. */
    public static final double[] QTE_PROBS = {0.25, 0.5, 0.75};
    /** Probabilities at which the distribution of unit-level effects is summarized. */
    public static final double[] EFFECT_PROBS = {0.05, 0.25, 0.5, 0.75, 0.95};

    private NormalPotentialOutcomes() {
    }

    /**
     * The data: treatment (0/1), outcome, covariates x[i][k] (no intercept column), and each
     * unit's site index (0-based; all 0 for a single experiment).
     */
    public record Data(int[] treatment, double[] outcome, double[][] covariates, int[] site, int sites, List<String> names) {
        public Data {
            int n = treatment.length;
            if (outcome.length != n || covariates.length != n || site.length != n) {
                throw new IllegalArgumentException("treatment, outcome, covariates and sites differ in length");
            }
            names = List.copyOf(names);
        }

        /** The covariates named x1, x2, ... in messages. */
        public Data(int[] treatment, double[] outcome, double[][] covariates, int[] site, int sites) {
            this(treatment, outcome, covariates, site, sites, java.util.stream.IntStream.rangeClosed(1,
                    covariates.length == 0 ? 0 : covariates[0].length).mapToObj(k -> "x" + k).toList());
        }

        /**
         * The records of {@code units}; with {@code bySite}, each site (in order of appearance) has
         * its own mean in each arm: indicators of every site but the first join the covariates.
         */
        public static Data of(UnitData units, boolean bySite) {
            int n = units.size();
            int p = units.covariateNames().size();
            int[] t = new int[n];
            double[] y = new double[n];
            double[][] x = new double[n][p];
            Map<String, Integer> siteIndex = new LinkedHashMap<>();
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = units.treatment(i);
                y[i] = units.outcome(i);
                for (int k = 0; k < p; k++) {
                    x[i][k] = units.covariate(k, i);
                }
                s[i] = siteIndex.computeIfAbsent(units.site(i), key -> siteIndex.size());
            }
            int sites = siteIndex.size();
            List<String> names = new ArrayList<>(units.covariateNames());
            if (bySite && sites > 1) {
                siteIndex.keySet().stream().skip(1).forEach(id -> names.add("site[" + id + "]"));
                double[][] wider = new double[n][p + sites - 1];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(x[i], 0, wider[i], 0, p);
                    if (s[i] > 0) {
                        wider[i][p + s[i] - 1] = 1;
                    }
                }
                x = wider;
            }
            return new Data(t, y, x, s, sites, names);
        }
    }

    /**
     * Draws of every estimand: ateSp[s], ateFs[s], qte[p][s], siteFs[site][s], effects[p][s]; and
     * the imputed missing potential outcomes of up to {@link #PREDICTIVE_DRAWS} evenly spaced
     * draws, pooled: Y(0) of the treated units, Y(1) of the controls (the posterior predictive
     * of what was not observed).
     */
    public record Draws(double rho, double[] ateSp, double[] ateFs, double[][] qte, double[][] siteFs, double[][] effects,
                        double[] imputedControl, double[] imputedTreated) {
    }

    /** Draws whose imputed values are kept for the posterior predictive. */
    public static final int PREDICTIVE_DRAWS = 50;

    /** The conditional mean and variance of a unit's missing potential outcome. */
    public record Moments(double mean, double variance) {
    }

    /**
     * For a treated unit (observed Y(1) = y): Y(0) | Y(1) ~ N(mu_c + rho (sigma_c / sigma_t)(y - mu_t),
     * sigma_c^2 (1 - rho^2)); for a control, the same with the arms' roles exchanged.
     */
    public static Moments imputed(boolean treated, double y, double muC, double muT, double sigmaC, double sigmaT,
                                  double rho) {
        if (treated) {
            return new Moments(muC + rho * sigmaC / sigmaT * (y - muT), sigmaC * sigmaC * (1 - rho * rho));
        }
        return new Moments(muT + rho * sigmaT / sigmaC * (y - muC), sigmaT * sigmaT * (1 - rho * rho));
    }

    /**
     * {@code draws} posterior draws at correlation {@code rho} in [-1, 1].
     *
     * @throws IllegalArgumentException if an arm has no more units than coefficients
     */
    public static Draws sample(Data data, double rho, int draws, UniformRandomProvider rng) {
        if (!(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("rho must be in [-1, 1], got " + rho);
        }
        int n = data.treatment().length;
        int p = data.covariates()[0].length + 1;
        Arm control = Arm.of(data, 0, p);
        Arm treated = Arm.of(data, 1, p);
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        Completed completed = new Completed(data, draws);
        double[] y0 = new double[n];
        double[] y1 = new double[n];
        double[] b0 = new double[p];
        double[] b1 = new double[p];
        for (int s = 0; s < draws; s++) {
            double sigma0 = control.draw(z, rng, b0);
            double sigma1 = treated.draw(z, rng, b1);
            double sp = 0;
            for (int i = 0; i < n; i++) {
                double[] x = data.covariates()[i];
                double mu0 = b0[0];
                double mu1 = b1[0];
                for (int k = 1; k < p; k++) {
                    mu0 += b0[k] * x[k - 1];
                    mu1 += b1[k] * x[k - 1];
                }
                sp += mu1 - mu0;
                boolean isTreated = data.treatment()[i] == 1;
                double y = data.outcome()[i];
                Moments m = imputed(isTreated, y, mu0, mu1, sigma0, sigma1, rho);
                double missing = m.mean() + Math.sqrt(m.variance()) * z.sample();
                y1[i] = isTreated ? y : missing;
                y0[i] = isTreated ? missing : y;
            }
            completed.add(s, sp / n, y0, y1);
        }
        return completed.draws(rho);
    }

    /** The estimands of completed data sets, draw by draw. */
    static final class Completed {
        private final Data data;
        private final double[] ateSp;
        private final double[] ateFs;
        private final double[][] qte;
        private final double[][] siteFs;
        private final double[][] effects;
        private final double[] tau;
        private final double[] siteSum;
        private final int[] siteCount;
        private final double[] sorted0;
        private final double[] sorted1;

        private final int every;
        private final java.util.List<Double> imputed0 = new java.util.ArrayList<>();
        private final java.util.List<Double> imputed1 = new java.util.ArrayList<>();

        Completed(Data data, int draws) {
            this.data = data;
            this.every = Math.max(1, draws / PREDICTIVE_DRAWS);
            int n = data.treatment().length;
            ateSp = new double[draws];
            ateFs = new double[draws];
            qte = new double[QTE_PROBS.length][draws];
            siteFs = new double[data.sites()][draws];
            effects = new double[EFFECT_PROBS.length][draws];
            tau = new double[n];
            siteSum = new double[data.sites()];
            siteCount = new int[data.sites()];
            for (int i = 0; i < n; i++) {
                siteCount[data.site()[i]]++;
            }
            sorted0 = new double[n];
            sorted1 = new double[n];
        }

        /** Draw s: the super-population ATE and the completed potential outcomes. */
        void add(int s, double sp, double[] y0, double[] y1) {
            int n = y0.length;
            if (s % every == 0 && s / every < PREDICTIVE_DRAWS) {
                for (int i = 0; i < n; i++) {
                    if (data.treatment()[i] == 1) {
                        imputed0.add(y0[i]);
                    } else {
                        imputed1.add(y1[i]);
                    }
                }
            }
            double fs = 0;
            Arrays.fill(siteSum, 0);
            for (int i = 0; i < n; i++) {
                tau[i] = y1[i] - y0[i];
                fs += tau[i];
                siteSum[data.site()[i]] += tau[i];
            }
            ateSp[s] = sp;
            ateFs[s] = fs / n;
            for (int j = 0; j < siteSum.length; j++) {
                siteFs[j][s] = siteSum[j] / siteCount[j];
            }
            System.arraycopy(y0, 0, sorted0, 0, n);
            System.arraycopy(y1, 0, sorted1, 0, n);
            Arrays.sort(sorted0);
            Arrays.sort(sorted1);
            for (int k = 0; k < QTE_PROBS.length; k++) {
                qte[k][s] = org.multisite.numeric.Quantiles.type7(sorted1, QTE_PROBS[k])
                        - org.multisite.numeric.Quantiles.type7(sorted0, QTE_PROBS[k]);
            }
            Arrays.sort(tau);
            for (int k = 0; k < EFFECT_PROBS.length; k++) {
                effects[k][s] = org.multisite.numeric.Quantiles.type7(tau, EFFECT_PROBS[k]);
            }
        }

        Draws draws(double rho) {
            return new Draws(rho, ateSp, ateFs, qte, siteFs, effects,
                    imputed0.stream().mapToDouble(Double::doubleValue).toArray(),
                    imputed1.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** One arm's regression: b, (X'X)^-1's Cholesky factor, residual sum of squares, n - p. */
    record Arm(double[] b, double[][] chol, double rss, int df) {
        /** A pivot of the unit-diagonal X'X below this: the column is a combination of the earlier ones to 1e-5 in correlation. */
        private static final double COLLINEAR = 1e-10;
        /** A residual sum of squares below this share of the total: the outcomes are fitted exactly. */
        private static final double EXACT_FIT = 1e-20;

        static Arm of(Data data, int arm, int p) {
            return of(data, arm, p, i -> true, y -> y, arm == 1 ? "treated" : "control");
        }

        /**
         * The regression of {@code transform(y)} on an intercept and the covariates over the
         * units of {@code arm} that {@code keep} selects; {@code label} names them in messages.
         */
        static Arm of(Data data, int arm, int p, java.util.function.IntPredicate keep,
                      java.util.function.DoubleUnaryOperator transform, String label) {
            int n = 0;
            for (int i = 0; i < data.treatment().length; i++) {
                n += data.treatment()[i] == arm && keep.test(i) ? 1 : 0;
            }
            if (n <= p) {
                throw new IllegalArgumentException(label + " units: " + n
                        + ", need more than the " + p + " coefficients (intercept and covariates)");
            }
            DMatrixRMaj x = new DMatrixRMaj(n, p);
            DMatrixRMaj y = new DMatrixRMaj(n, 1);
            int r = 0;
            for (int i = 0; i < data.treatment().length; i++) {
                if (data.treatment()[i] != arm || !keep.test(i)) {
                    continue;
                }
                x.set(r, 0, 1);
                for (int k = 1; k < p; k++) {
                    x.set(r, k, data.covariates()[i][k - 1]);
                }
                y.set(r, 0, transform.applyAsDouble(data.outcome()[i]));
                r++;
            }
            DMatrixRMaj xtx = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransA(x, x, xtx);
            checkRank(xtx, data.names(), label);
            DMatrixRMaj inv = new DMatrixRMaj(p, p);
            if (!CommonOps_DDRM.invert(xtx, inv)) {
                throw new IllegalArgumentException("the " + label + " units' covariates are collinear");
            }
            DMatrixRMaj xty = new DMatrixRMaj(p, 1);
            CommonOps_DDRM.multTransA(x, y, xty);
            DMatrixRMaj b = new DMatrixRMaj(p, 1);
            CommonOps_DDRM.mult(inv, xty, b);
            double rss = 0;
            for (int i = 0; i < n; i++) {
                double fit = 0;
                for (int k = 0; k < p; k++) {
                    fit += x.get(i, k) * b.get(k, 0);
                }
                rss += (y.get(i, 0) - fit) * (y.get(i, 0) - fit);
            }
            double mean = 0;
            boolean constant = true;
            for (int i = 0; i < n; i++) {
                mean += y.get(i, 0) / n;
                constant &= y.get(i, 0) == y.get(0, 0);
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += (y.get(i, 0) - mean) * (y.get(i, 0) - mean);
            }
            if (constant || !(rss > EXACT_FIT * total)) {
                throw new IllegalArgumentException(constant ? "the outcome is constant among the " + label + " units: its"
                        + " spread cannot be estimated" : "the covariates fit the " + label + " units' outcomes exactly: their"
                        + " residual spread cannot be estimated");
            }
            // lower Cholesky factor of (X'X)^-1
            double[][] l = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = inv.get(i, j);
                    for (int k = 0; k < j; k++) {
                        s -= l[i][k] * l[j][k];
                    }
                    l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
                }
            }
            return new Arm(b.getData().clone(), l, rss, n - p);
        }

        /**
         * Refuses a design whose columns are collinear in this arm: X'X scaled to unit diagonal,
         * Cholesky with a pivot below {@value #COLLINEAR} naming the first column that the
         * intercept and the earlier covariates determine (a covariate constant in the arm, one equal
         * to the treatment, or a site with no units in the arm).
         */
        private static void checkRank(DMatrixRMaj xtx, List<String> names, String label) {
            int p = xtx.numRows;
            double[][] c = new double[p][p];
            for (int i = 0; i < p; i++) {
                String name = i == 0 ? "the intercept" : names.get(i - 1);
                if (!(xtx.get(i, i) > 0)) {
                    throw new IllegalArgumentException(name.startsWith("site[") ? "site '" + name.substring(5, name.length() - 1)
                            + "' has no " + label + " units: with sites, every site needs units in both arms"
                            : "covariate '" + name + "' is 0 for every " + label + " unit");
                }
                for (int j = 0; j < p; j++) {
                    c[i][j] = xtx.get(i, j) / Math.sqrt(xtx.get(i, i) * xtx.get(j, j));
                }
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = c[i][j];
                    for (int k = 0; k < j; k++) {
                        s -= c[i][k] * c[j][k];
                    }
                    if (i == j) {
                        if (!(s > COLLINEAR)) {
                            String name = names.get(i - 1);
                            throw new IllegalArgumentException(name.startsWith("site[") ? "site '" + name.substring(5,
                                    name.length() - 1) + "' leaves the " + label + " units' design collinear"
                                    : "covariate '" + name + "' is constant among the " + label + " units, or determined"
                                    + " by the other covariates there: its effect in that arm cannot be estimated");
                        }
                        c[i][i] = Math.sqrt(s);
                    } else {
                        c[i][j] = s / c[j][j];
                    }
                }
            }
        }

        /** sigma^2 = rss / chi2(df), beta = b + sigma L e into {@code beta}; returns sigma. */
        double draw(NormalizedGaussianSampler z, UniformRandomProvider rng, double[] beta) {
            double chi2 = 2 * GammaDraw.sample(df / 2.0, rng, z);
            double sigma = Math.sqrt(rss / chi2);
            int p = b.length;
            // beta = b + sigma L e, column by column as each e_k is drawn: nothing allocated per draw
            System.arraycopy(b, 0, beta, 0, p);
            for (int k = 0; k < p; k++) {
                double e = sigma * z.sample();
                for (int i = k; i < p; i++) {
                    beta[i] += chol[i][k] * e;
                }
            }
            return sigma;
        }
    }
}
