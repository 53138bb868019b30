package org.multisite.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.Family;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.GaussianDraw;
import org.multisite.mcmc.PolyaGamma;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;

/**
 * One-stage models of unit records (design.md section 3), with linear predictor
 * eta_ij = a_j + theta_j T_ij + z_ij' gamma, theta_j ~ G = N(mu, tau^2):
 * <ul>
 *   <li>gaussian: y_ij = eta_ij + e_ij, e_ij ~ N(0, sigma_T^2) with a residual SD per arm;</li>
 *   <li>binomial: logit P(y_ij = 1) = eta_ij, by Polya-Gamma augmentation (Polson, Scott &
 *       Windle 2013): given omega_ij ~ PG(1, eta_ij), (y_ij - 1/2) / omega_ij ~ N(eta_ij, 1 / omega_ij).</li>
 * </ul>
 * Site intercepts are fixed (independent priors N(m, s^2): flat for a continuous outcome, the
 * fixed-intercept random-coefficient model of Bloom et al. 2017; normal(0, 5) by default for a
 * binary one, where a flat prior is improper under separation) or random, a_j ~ N(alpha,
 * omega^2). Unit covariates are centred within each site, so a_j refers to a unit with the
 * site's average covariates and gamma is a within-site effect.
 *
 * <p>Both families give every unit a normal pseudo-observation y*_i with precision w_i
 * (gaussian: y and 1 / sigma_T^2; binomial: (y - 1/2) / omega_i and omega_i), and one partially
 * collapsed Gibbs sampler serves both. Given the w's and gamma (and the intercepts' prior), a
 * site's precision-weighted arm means of r = y* - z' gamma are all it says about theta_j:
 * integrating a_j ~ N(m, s^2) out leaves thetahat_j = d_j + v_0 / (s^2 + v_0) (rbar_0j - m) with
 * variance v_1 + v_0 s^2 / (s^2 + v_0), d_j = rbar_1j - rbar_0j and v_arm = 1 / (sum of the arm's
 * w) (the conditional of d_j given rbar_0j; with s infinite, d_j and v_1 + v_0). Each sweep draws
 * <ol>
 *   <li>the units' precisions: sigma_0 and sigma_1 by slice sampling log sigma, or each
 *       omega_i ~ PG(1, eta_i);</li>
 *   <li>G's parameters and theta given the thetahat_j and their variances, by G's
 *       {@link EffectsPrior} block (for the normal G: tau with mu and theta integrated out, by
 *       slice sampling log tau, then mu | tau, then theta: one joint draw);</li>
 *   <li>each a_j | theta_j (normal);</li>
 *   <li>gamma | a, theta (normal, weighted least squares with its prior);</li>
 *   <li>random intercepts: alpha | a, omega (normal) and omega by slice sampling log omega.</li>
 * </ol>
 */
public final class OneStageModel implements SiteModel, UnitLikelihood {
    /** Site intercepts: fixed (flat priors) or random (a_j ~ N(alpha, omega^2)). */
    public enum Intercepts { FIXED, RANDOM }


    private final SiteData sites;
    private final Intercepts intercepts;
    private final OneStagePriors priors;
    private final EffectsPrior effects;
    private final int n;
    private final int q;
    private final int[][] treated;
    private final int[][] control;
    private final double[] y;
    /** Unit covariates centred within sites, row-major: z[i * q + k]. */
    private final double[] z;
    private final double[] gammaPrecision;
    private final double[] gammaPrecisionMean;
    private final List<String> covariateNames;
    private final List<String> hyperparameters;
    private final List<String> names;
    private final double initialSigma;
    private final double fixedInterceptMean;
    private final double fixedInterceptPrecision;

    /** Each unit's site (0-based), in the internal order of y and z. */
    private final int[] siteOf;
    /** 1 for a treated unit, 0 for a control. */
    private final int[] armOf;

    private final Family family;
    /** The estimates' variances s_j^2, for the binary model's shrinkage. */
    private final double[] siteVariance;

    private OneStageModel(UnitData units, SiteData sites, Intercepts intercepts, OneStagePriors priors,
                          EffectsPrior effects) {
        this.sites = sites;
        this.effects = effects;
        this.family = units.family();
        this.siteVariance = new double[sites.size()];
        for (int j = 0; j < sites.size(); j++) {
            siteVariance[j] = sites.se(j) * sites.se(j);
        }
        this.intercepts = intercepts;
        this.priors = priors;
        this.n = sites.size();
        this.q = units.covariateNames().size();
        this.covariateNames = units.covariateNames();
        Map<String, int[]> bySite = units.bySite();
        this.treated = new int[n][];
        this.control = new int[n][];
        int total = 0;
        for (int j = 0; j < n; j++) {
            total += bySite.get(sites.id(j)).length;
        }
        this.y = new double[total];
        this.z = new double[total * q];
        int next = 0;
        List<Double> withinSiteVariance = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            int[] members = bySite.get(sites.id(j));
            List<Integer> t = new ArrayList<>();
            List<Integer> c = new ArrayList<>();
            double[][] zj = new double[q][members.length];
            for (int r = 0; r < members.length; r++) {
                int i = members[r];
                y[next + r] = units.outcome(i);
                (units.treatment(i) == 1 ? t : c).add(next + r);
                for (int k = 0; k < q; k++) {
                    zj[k][r] = units.covariate(k, i);
                }
            }
            for (int k = 0; k < q; k++) {
                double[] centred = Vectors.centred(zj[k]);
                for (int r = 0; r < members.length; r++) {
                    z[(next + r) * q + k] = centred[r];
                }
            }
            treated[j] = t.stream().mapToInt(Integer::intValue).toArray();
            control[j] = c.stream().mapToInt(Integer::intValue).toArray();
            for (int[] arm : new int[][] {treated[j], control[j]}) {
                double[] v = new double[arm.length];
                for (int r = 0; r < arm.length; r++) {
                    v[r] = y[arm[r]];
                }
                if (v.length > 1) {
                    withinSiteVariance.add(Vectors.variance(v));
                }
            }
            next += members.length;
        }
        this.siteOf = new int[total];
        this.armOf = new int[total];
        for (int j = 0; j < n; j++) {
            for (int i : treated[j]) {
                siteOf[i] = j;
                armOf[i] = 1;
            }
            for (int i : control[j]) {
                siteOf[i] = j;
            }
        }
        this.initialSigma = Math.sqrt(Math.max(withinSiteVariance.stream().mapToDouble(Double::doubleValue)
                .average().orElse(1), 1e-12));
        if (priors.intercept() instanceof Prior.Normal normal) {
            this.fixedInterceptMean = normal.mean();
            this.fixedInterceptPrecision = 1 / (normal.sd() * normal.sd());
        } else {
            this.fixedInterceptMean = 0;
            this.fixedInterceptPrecision = 0;
        }
        this.gammaPrecision = new double[q];
        this.gammaPrecisionMean = new double[q];
        for (int k = 0; k < q; k++) {
            if (priors.gamma().get(k) instanceof Prior.Normal normal) {
                gammaPrecision[k] = 1 / (normal.sd() * normal.sd());
                gammaPrecisionMean[k] = normal.mean() * gammaPrecision[k];
            }
        }
        List<String> hp = new ArrayList<>(effects.summarizedParameters());
        if (family == Family.GAUSSIAN) {
            hp.add("sigma[control]");
            hp.add("sigma[treated]");
        }
        for (String c : covariateNames) {
            hp.add("gamma[" + c + "]");
        }
        if (intercepts == Intercepts.RANDOM) {
            hp.add("alpha");
            hp.add("omega");
        }
        this.hyperparameters = Collections.unmodifiableList(hp);
        List<String> all = new ArrayList<>(effects.parameterNames());
        all.addAll(hp.subList(effects.summarizedParameters().size(), hp.size()));
        for (int j = 0; j < n; j++) {
            all.add(SiteModel.siteEffectName(j));
        }
        for (int j = 0; j < n; j++) {
            all.add("a[" + (j + 1) + "]");
        }
        this.names = Collections.unmodifiableList(all);
    }

    /**
     * The one-stage model of the units of the sites in {@code sites} (the two-stage estimates
     * of the same units: they name and order the sites, and serve as the raw estimates shown
     * beside the posterior).
     *
     * @throws IllegalArgumentException if the priors leave the posterior improper
     */
    public static OneStageModel of(UnitData units, SiteData sites, Intercepts intercepts, OneStagePriors priors) {
        return of(units, sites, intercepts, priors, new NormalEffectsPrior(sites, priors.g()));
    }

    /** As above, with G given by {@code effects} (its priors replace those of {@code priors.g()}). */
    public static OneStageModel of(UnitData units, SiteData sites, Intercepts intercepts, OneStagePriors priors,
                                   EffectsPrior effects) {
        if (units.family() == Family.BINOMIAL && intercepts == Intercepts.FIXED && !priors.intercept().proper()) {
            throw InvalidParameterException.prior("a", priors.intercept(), "with a binary outcome, flat intercept priors leave the posterior"
                    + " improper when a site's outcomes are all 0 or all 1; use a normal prior such as a=normal(0, 5)");
        }
        if (priors.gamma().size() != units.covariateNames().size()) {
            throw new IllegalArgumentException(priors.gamma().size() + " gamma priors for "
                    + units.covariateNames().size() + " unit covariates");
        }
        return new OneStageModel(units, sites, intercepts, priors, effects);
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public Chain newChain(UniformRandomProvider rng) {
        return new GibbsChain(rng);
    }

    /** One chain's state. Each sweep allocates nothing: the slice targets are built once. */
    private final class GibbsChain implements Chain {
        private final NormalizedGaussianSampler gaussian;
        private final EffectsPrior.State g;
        private final SliceSampler slice = SliceSampler.onLogScale("sigma");
        private final SliceSampler omegaSlice = SliceSampler.onLogScale("omega");
        private final double[] theta = new double[n];
        private final double[] a = new double[n];
        private final double[] gamma = new double[q];
        private final double[] sigma = new double[2];
        private final double[] sum1 = new double[n];
        private final double[] sum0 = new double[n];
        private final double[] weight1 = new double[n];
        private final double[] weight0 = new double[n];
        /** Each unit's pseudo-observation y* and its precision w. */
        private final double[] ystar = y.clone();
        private final double[] w = new double[y.length];
        private final PolyaGamma polyaGamma;
        private final double[] thetaHat = new double[n];
        private final double[] v = new double[n];
        private final double[] residual = new double[y.length];
        private final GaussianDraw gammaDraw = new GaussianDraw(q);
        private double alpha;
        private double omega;
        /** Sum of squared residuals and unit count of the arm whose sigma is being updated. */
        private double sumSquares;
        private int count;
        private final DoubleUnaryOperator sigmaTarget = u -> {
            double s = Math.exp(u);
            return -count * u - sumSquares / (2 * s * s) + priors.sigma().logDensity(s) + u;
        };
        private final DoubleUnaryOperator omegaTarget = u -> {
            double o = Math.exp(u);
            double ss = 0;
            for (int j = 0; j < n; j++) {
                ss += (a[j] - alpha) * (a[j] - alpha);
            }
            return -n * u - ss / (2 * o * o) + priors.omega().logDensity(o) + u;
        };

        GibbsChain(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            g = effects.newState(rng);
            polyaGamma = family == Family.BINOMIAL ? new PolyaGamma(rng) : null;
            // dispersed starting values, so that R-hat can tell chains that have not met
            boolean binary = family == Family.BINOMIAL;
            double scale = binary ? 1 : initialSigma;
            sigma[0] = priors.sigma().inSupport(initialSigma * Math.exp(rng.nextDouble() - 0.5));
            sigma[1] = priors.sigma().inSupport(initialSigma * Math.exp(rng.nextDouble() - 0.5));
            for (int j = 0; j < n; j++) {
                double c = controlMean(j);
                // the control log odds, kept off 0 and 1
                a[j] = binary ? Math.log((c * control[j].length + 0.5) / ((1 - c) * control[j].length + 0.5)) : c;
                theta[j] = Math.max(-5 * scale, Math.min(5 * scale, sites.estimate(j)));
            }
            alpha = Vectors.mean(a);
            omega = priors.omega().inSupport(Math.max(Vectors.sd(a), scale / 10) * Math.exp(rng.nextDouble() - 0.5));
        }

        private double controlMean(int j) {
            double s = 0;
            for (int i : control[j]) {
                s += y[i];
            }
            return s / control[j].length;
        }

        /** The units' precisions and pseudo-observations given the current linear predictor. */
        private void unitPrecisions(UniformRandomProvider rng) {
            if (family == Family.GAUSSIAN) {
                drawSigmas(rng);
                double w1 = 1 / (sigma[1] * sigma[1]);
                double w0 = 1 / (sigma[0] * sigma[0]);
                for (int j = 0; j < n; j++) {
                    for (int i : treated[j]) {
                        w[i] = w1;
                    }
                    for (int i : control[j]) {
                        w[i] = w0;
                    }
                }
                return;
            }
            for (int j = 0; j < n; j++) {
                for (int arm = 0; arm < 2; arm++) {
                    double offset = a[j] + (arm == 1 ? theta[j] : 0);
                    for (int i : arm == 1 ? treated[j] : control[j]) {
                        double eta = offset;
                        for (int k = 0; k < q; k++) {
                            eta += z[i * q + k] * gamma[k];
                        }
                        double omegaI = polyaGamma.sample(eta);
                        w[i] = omegaI;
                        ystar[i] = (y[i] - 0.5) / omegaI;
                    }
                }
            }
        }

        @Override
        public void sweep(UniformRandomProvider rng) {
            unitPrecisions(rng);
            siteStatistics();
            // G's parameters and theta, the intercepts integrated out
            g.update(thetaHat, v, theta, rng);
            drawIntercepts();
            if (q > 0) {
                drawGamma();
            }
            if (intercepts == Intercepts.RANDOM) {
                drawInterceptDistribution(rng);
            }
        }

        /** The intercepts' prior mean m and precision 1 / s^2 (0 for flat). */
        private double interceptMean() {
            return intercepts == Intercepts.RANDOM ? alpha : fixedInterceptMean;
        }

        private double interceptPrecision() {
            return intercepts == Intercepts.RANDOM ? 1 / (omega * omega) : fixedInterceptPrecision;
        }

        /**
         * Weighted arm sums of r = y* - z' gamma, and each site's collapsed estimate of theta_j
         * and its variance, the intercept integrated out.
         */
        private void siteStatistics() {
            for (int i = 0; i < y.length; i++) {
                double r = ystar[i];
                for (int k = 0; k < q; k++) {
                    r -= z[i * q + k] * gamma[k];
                }
                residual[i] = r;
            }
            double m = interceptMean();
            double pa = interceptPrecision();
            for (int j = 0; j < n; j++) {
                double t = 0;
                double tw = 0;
                for (int i : treated[j]) {
                    t += w[i] * residual[i];
                    tw += w[i];
                }
                double c = 0;
                double cw = 0;
                for (int i : control[j]) {
                    c += w[i] * residual[i];
                    cw += w[i];
                }
                sum1[j] = t;
                sum0[j] = c;
                weight1[j] = tw;
                weight0[j] = cw;
                double v1 = 1 / tw;
                double v0 = 1 / cw;
                double mean0 = c / cw;
                // v0 / (s^2 + v0) = v0 pa / (1 + v0 pa) and v0 s^2 / (s^2 + v0) = v0 / (1 + v0 pa)
                thetaHat[j] = t / tw - mean0 + v0 * pa / (1 + v0 * pa) * (mean0 - m);
                v[j] = v1 + v0 / (1 + v0 * pa);
            }
        }

        /** a_j | theta_j: the precision-weighted mean of y* - theta_j T - z' gamma, with the intercepts' prior. */
        private void drawIntercepts() {
            double m = interceptMean();
            double pa = interceptPrecision();
            for (int j = 0; j < n; j++) {
                double prec = weight1[j] + weight0[j] + pa;
                double num = sum1[j] - weight1[j] * theta[j] + sum0[j] + m * pa;
                a[j] = num / prec + gaussian.sample() / Math.sqrt(prec);
            }
        }

        /** gamma | a, theta, w: weighted regression of y* - a_j - theta_j T on the centred z, with its prior. */
        private void drawGamma() {
            gammaDraw.reset();
            double[] pd = gammaDraw.precision();
            double[] rhs = gammaDraw.rhs();
            for (int k = 0; k < q; k++) {
                rhs[k] = gammaPrecisionMean[k];
                pd[k * q + k] = gammaPrecision[k];
            }
            for (int j = 0; j < n; j++) {
                accumulateGamma(treated[j], a[j] + theta[j], pd, rhs);
                accumulateGamma(control[j], a[j], pd, rhs);
            }
            gammaDraw.draw(gaussian, gamma);
        }

        private void accumulateGamma(int[] arm, double offset, double[] pd, double[] rhs) {
            for (int i : arm) {
                double target = ystar[i] - offset;
                int row = i * q;
                for (int k = 0; k < q; k++) {
                    double wz = w[i] * z[row + k];
                    rhs[k] += wz * target;
                    for (int l = 0; l <= k; l++) {
                        pd[k * q + l] += wz * z[row + l];
                    }
                }
            }
        }

        /** Each arm's sigma by slice sampling log sigma given its residuals. */
        private void drawSigmas(UniformRandomProvider rng) {
            for (int arm = 0; arm < 2; arm++) {
                double ss = 0;
                int m = 0;
                for (int j = 0; j < n; j++) {
                    int[] units = arm == 1 ? treated[j] : control[j];
                    double mean = a[j] + (arm == 1 ? theta[j] : 0);
                    for (int i : units) {
                        double e = y[i] - mean;
                        for (int k = 0; k < q; k++) {
                            e -= z[i * q + k] * gamma[k];
                        }
                        ss += e * e;
                    }
                    m += units.length;
                }
                sumSquares = ss;
                count = m;
                sigma[arm] = Math.exp(slice.sample(sigmaTarget, Math.log(sigma[arm]), rng));
            }
        }

        /** alpha | a, omega (normal, with its prior), then omega by slice sampling log omega. */
        private void drawInterceptDistribution(UniformRandomProvider rng) {
            Prior.Normal prior = (Prior.Normal) priors.alpha();
            double o2 = omega * omega;
            double prec = n / o2 + 1 / (prior.sd() * prior.sd());
            double mean = (Vectors.mean(a) * n / o2 + prior.mean() / (prior.sd() * prior.sd())) / prec;
            alpha = mean + gaussian.sample() / Math.sqrt(prec);
            omega = Math.exp(omegaSlice.sample(omegaTarget, Math.log(omega), rng));
        }

        @Override
        public void record(double[] out) {
            g.record(out, 0);
            int k = effects.parameterNames().size();
            if (family == Family.GAUSSIAN) {
                out[k++] = sigma[0];
                out[k++] = sigma[1];
            }
            for (int c = 0; c < q; c++) {
                out[k++] = gamma[c];
            }
            if (intercepts == Intercepts.RANDOM) {
                out[k++] = alpha;
                out[k++] = omega;
            }
            System.arraycopy(theta, 0, out, k, n);
            System.arraycopy(a, 0, out, k + n, n);
        }
    }

    @Override
    public int unitCount() {
        return y.length;
    }

    /**
     * With eta = a_j + theta_j T_i + z_i' gamma: log N(y_i; eta, sigma_T^2) for a gaussian
     * outcome, y_i eta - log(1 + e^eta) for a binary one.
     */
    @Override
    public void unitLogLikelihoods(Draws draws, int unit, double[] out) {
        int j = siteOf[unit];
        int arm = armOf[unit];
        int thetaIndex = draws.indexOf(SiteModel.siteEffectName(j));
        int interceptIndex = draws.indexOf("a[" + (j + 1) + "]");
        int gammaIndex = q == 0 ? -1 : draws.indexOf("gamma[" + covariateNames.get(0) + "]");
        int sigmaIndex = family == Family.GAUSSIAN
                ? draws.indexOf(arm == 1 ? "sigma[treated]" : "sigma[control]") : -1;
        for (int s = 0; s < out.length; s++) {
            double eta = draws.get(interceptIndex, s) + arm * draws.get(thetaIndex, s);
            for (int k = 0; k < q; k++) {
                eta += z[unit * q + k] * draws.get(gammaIndex + k, s);
            }
            if (family == Family.GAUSSIAN) {
                double sigma = draws.get(sigmaIndex, s);
                double d = (y[unit] - eta) / sigma;
                out[s] = -0.5 * d * d - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
            } else {
                // log(1 + e^eta) without overflow
                double softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
                out[s] = y[unit] * eta - softplus;
            }
        }
    }

    @Override
    public String name() {
        return effects.name();
    }

    @Override
    public String samplerMethod() {
        return "one-stage Gibbs" + (family == Family.BINOMIAL ? " with Polya-Gamma augmentation" : "")
                + ", the " + intercepts.name().toLowerCase(java.util.Locale.ROOT) + " intercepts integrated out of G's block ("
                + effects.method() + "), then intercepts, gamma"
                + (family == Family.GAUSSIAN ? ", sigma by arm" : "");
    }

    @Override
    public SiteData data() {
        return sites;
    }

    public Intercepts intercepts() {
        return intercepts;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>(effects.priors());
        if (family == Family.GAUSSIAN) {
            out.put("sigma", priors.sigma().toString());
        }
        for (int k = 0; k < q; k++) {
            out.put("gamma[" + covariateNames.get(k) + "]", priors.gamma().get(k).toString());
        }
        if (intercepts == Intercepts.RANDOM) {
            out.put("alpha", priors.alpha().toString());
            out.put("omega", priors.omega().toString());
        } else {
            out.put("a", priors.intercept().toString());
        }
        return out;
    }

    @Override
    public List<String> hyperparameters() {
        return hyperparameters;
    }

    @Override
    public Map<String, String> siteQuantities() {
        return Map.of("a", "intercepts");
    }

    @Override
    public Prior.Gamma concentration() {
        return effects.concentration();
    }

    @Override
    public String distributionNote() {
        return effects.distributionNote();
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        return effects.distribution(draws, i);
    }

    @Override
    public int distributionSize() {
        return effects.distributionSize();
    }

    /**
     * E[v_j / (v_j + tau^2)]: for a continuous outcome v_j is the collapsed variance of site j's
     * estimate in each draw; for a binary one, whose unit precisions are not recorded, the
     * squared standard error of the site's two-stage estimate.
     */
    @Override
    public double[] shrinkage(Draws draws) {
        double[] tau = draws.column("tau");
        if (family == Family.BINOMIAL) {
            double[] out = new double[n];
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int i = 0; i < tau.length; i++) {
                    sum += siteVariance[j] / (siteVariance[j] + effects.priorVariance(draws, i, j));
                }
                out[j] = sum / tau.length;
            }
            return out;
        }
        double[] s0 = draws.column("sigma[control]");
        double[] s1 = draws.column("sigma[treated]");
        double[] omegas = intercepts == Intercepts.RANDOM ? draws.column("omega") : null;
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < tau.length; i++) {
                double v1 = s1[i] * s1[i] / treated[j].length;
                double v0 = s0[i] * s0[i] / control[j].length;
                double vj = omegas == null ? v1 + v0 : v1 + v0 * omegas[i] * omegas[i] / (omegas[i] * omegas[i] + v0);
                sum += vj / (vj + effects.priorVariance(draws, i, j));
            }
            out[j] = sum / tau.length;
        }
        return out;
    }
}
