package org.multisite.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.TDistribution;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.GammaDraw;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.BracketedNewton;
import org.multisite.numeric.StandardNormal;
import org.multisite.prior.Prior;
import org.multisite.prior.PriorParser;

/**
 * G = t_nu(x' (mu, beta), tau) as a scale mixture of normals (design.md section 2):
 * u_j | lambda_j ~ N(0, tau^2 / lambda_j), lambda_j ~ Gamma(nu/2, rate nu/2). Given the
 * lambda's the model is normal with site prior variances tau^2 / lambda_j, so each update draws
 * <ol>
 *   <li>tau with (mu, beta) and theta integrated out ({@link NormalG} with multipliers
 *       1 / lambda_j), by slice sampling log tau, then (mu, beta) | tau, then theta: this block
 *       mixes even when tau is near 0;</li>
 *   <li>nu with the lambda's integrated out, from prod_j t_nu(u_j / tau), by slice sampling
 *       log nu (prior gamma(2, 0.1) by default; Juarez & Steel 2010);</li>
 *   <li>lambda_j | nu, theta_j ~ Gamma((nu + 1) / 2, rate (nu + u_j^2 / tau^2) / 2): with the
 *       previous step, one joint draw of (nu, lambda), which mixes far better than nu | lambda.</li>
 * </ol>
 * The lambda's are not recorded; a site's prior variance for shrinkage summaries is G's
 * variance tau^2 nu / (nu - 2) (infinite for nu <= 2, no shrinkage).
 */
public final class StudentEffectsPrior implements EffectsPrior {
    private final NormalPriors priors;
    private final Prior nuPrior;
    private final NormalG g;
    private final int n;
    private final List<String> covariates;
    private final double initialScale;

    /**
     * @param nu the prior of the degrees of freedom (proper, on (0, infinity))
     * @throws IllegalArgumentException if the priors leave the posterior improper
     */
    public StudentEffectsPrior(SiteData sites, NormalPriors priors, Prior nu) {
        priors.checkFor(sites);
        if (!nu.proper() || !nu.positive()) {
            throw InvalidParameterException.prior("nu", nu, "the degrees of freedom need a proper prior on (0, infinity), or fixed(NU > 0)");
        }
        this.priors = priors;
        this.nuPrior = nu;
        this.g = new NormalG(sites, priors);
        this.n = sites.size();
        this.covariates = sites.covariateNames();
        this.initialScale = sites.robustScale();
    }

    /** The default prior of nu, gamma(2, 0.1) (Juarez & Steel 2010). */
    public static Prior defaultNu() {
        return Prior.gamma(2, 0.1);
    }

    @Override
    public String name() {
        return "t";
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("mu", "tau", "nu"));
        names.addAll(EffectsPrior.betaNames(covariates));
        return names;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mu", priors.mu().toString());
        out.put(priors.tau().target(), priors.tau().prior().toString());
        out.put("nu", nuPrior.toString());
        EffectsPrior.putBetaPriors(out, covariates, priors.beta());
        return out;
    }

    @Override
    public String method() {
        return "Gibbs for the t as a scale mixture: (tau, mu, beta, theta) jointly given the mixing weights (tau by slice sampling),"
                + " then the weights (gamma), then " + (nuPrior instanceof Prior.Fixed f ? "nu held at " + PriorParser.format(f.value())
                : "nu (slice sampling log nu)");
    }

    @Override
    public State newState(UniformRandomProvider rng) {
        return new Block(rng);
    }

    private final class Block implements State {
        private final NormalG.Work work = g.work();
        private final SliceSampler slice = SliceSampler.onLogScale("tau");
        private final SliceSampler nuSlice = SliceSampler.onLogScale("nu");
        private final NormalizedGaussianSampler gaussian;
        private final double[] gamma = new double[g.coefficients()];
        /** 1 / lambda_j, the multipliers of tau^2. */
        private final double[] scale = new double[n];
        private double logTau;
        private double logNu;
        /** u_j / tau, the standardized site deviations of the current draw. */
        private final double[] standardized = new double[n];
        private double[] yhat;
        private double[] v;
        private final DoubleUnaryOperator tauTarget = u -> {
            double t = Math.exp(u);
            return work.logMarginalLikelihood(t, yhat, v, scale) + priors.tau().logDensityTau(t) + u;
        };
        /** nu: the fixed value itself where the prior fixes it (exp(log 5) is not 5), else exp(log nu). */
        private double nu() {
            return nuPrior instanceof Prior.Fixed f ? f.value() : Math.exp(logNu);
        }

        /** log p(nu) + sum_j log t_nu(u_j / tau) (the lambda's integrated out), on log nu. */
        private final DoubleUnaryOperator nuTarget = u -> {
            double nu = Math.exp(u);
            double c = LogGamma.value((nu + 1) / 2) - LogGamma.value(nu / 2) - 0.5 * Math.log(nu * Math.PI);
            double sum = 0;
            for (double r : standardized) {
                sum += Math.log1p(r * r / nu);
            }
            return nuPrior.logDensity(nu) + u + n * c - (nu + 1) / 2 * sum;
        };

        Block(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            logTau = priors.tau().logStartTau(Math.log(initialScale) + 2 * (rng.nextDouble() - 0.5));
            logNu = nuPrior.logInSupport(Math.log(5) + 2 * (rng.nextDouble() - 0.5));
            java.util.Arrays.fill(scale, 1);
        }

        @Override
        public void update(double[] yhatNow, double[] vNow, double[] theta, UniformRandomProvider rng) {
            yhat = yhatNow;
            v = vNow;
            // Step 1: (tau, mu, beta, theta) given the mixing weights
            logTau = slice.sample(tauTarget, logTau, rng);
            double tau = Math.exp(logTau);
            if (Double.isNaN(work.factor(tau, yhat, v, scale, false))) {
                throw new IllegalStateException("X'WX + P0 is not positive definite at tau = " + tau);
            }
            work.drawCoefficients(gaussian, gamma);
            g.drawEffects(tau, gamma, yhat, v, scale, gaussian, theta);
            for (int j = 0; j < n; j++) {
                standardized[j] = (theta[j] - g.siteMean(j, gamma)) / tau;
            }
            // Step 2: nu | theta, with the lambda's integrated out (held where the prior fixes it)
            if (!(nuPrior instanceof Prior.Fixed)) {
                logNu = nuSlice.sample(nuTarget, logNu, rng);
            }
            // Step 3: lambda_j | nu, u_j ~ Gamma((nu + 1) / 2, rate (nu + u_j^2 / tau^2) / 2)
            double nu = nu();
            double shape = (nu + 1) / 2;
            for (int j = 0; j < n; j++) {
                double r = standardized[j];
                // a weight that underflows would make the site's prior variance infinite
                double l = Math.max(GammaDraw.sample(shape, rng, gaussian) / ((nu + r * r) / 2), Double.MIN_NORMAL);
                scale[j] = 1 / l;
            }
        }

        @Override
        public void record(double[] out, int offset) {
            out[offset] = gamma[0];
            out[offset + 1] = Math.exp(logTau);
            out[offset + 2] = nu();
            System.arraycopy(gamma, 1, out, offset + 3, gamma.length - 1);
        }
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        return new Distribution(draws.get(draws.indexOf("mu"), i), draws.get(draws.indexOf("tau"), i),
                draws.get(draws.indexOf("nu"), i));
    }

    @Override
    public int distributionSize() {
        return 3;
    }

    /**
     * log of integral N(y; m, v + tau^2 / lambda) Gamma(lambda; nu/2, rate nu/2) d lambda (the t
     * as a scale mixture), by the trapezoid rule over u = log lambda around the site's own peak
     * ({@link StudentMarginal}).
     */
    @Override
    public double logMarginal(Draws draws, int i, int j, double y, double v) {
        double[] out = new double[1];
        logMarginals(draws, i, new int[] {j}, new double[] {y}, new double[] {v}, out);
        return out[0];
    }

    /** The draw's constants of the quadrature computed once, shared by every site. */
    @Override
    public void logMarginals(Draws draws, int i, double[] y, double[] v, double[] out) {
        int[] sites = new int[out.length];
        for (int j = 0; j < sites.length; j++) {
            sites[j] = j;
        }
        logMarginals(draws, i, sites, y, v, out);
    }

    private void logMarginals(Draws draws, int i, int[] sites, double[] y, double[] v, double[] out) {
        double tau = draws.get(draws.indexOf("tau"), i);
        double nu = draws.get(draws.indexOf("nu"), i);
        int mu = draws.indexOf("mu");
        StudentMarginal marginal = new StudentMarginal(nu, tau * tau);
        for (int s = 0; s < sites.length; s++) {
            double d = y[s] - g.siteMean(sites[s], draws, i, mu, mu + 3);
            out[s] = marginal.logDensity(d * d, v[s]);
        }
    }

    @Override
    public double priorVariance(Draws draws, int i, int j) {
        double tau = draws.get(draws.indexOf("tau"), i);
        double nu = draws.get(draws.indexOf("nu"), i);
        return nu > 2 ? tau * tau * nu / (nu - 2) : Double.POSITIVE_INFINITY;
    }

    /** G = t_nu(mu, tau): location mu, scale tau, nu degrees of freedom. Its SD is infinite for nu <= 2. */
    public static final class Distribution implements EffectDistribution {
        /** Bound on the doublings that bracket a quantile (2^1100 overflows any double). */
        private static final int MAX_DOUBLINGS = 1100;

        private final double mu;
        private final double tau;
        private final double nu;
        private final TDistribution t;

        public Distribution(double mu, double tau, double nu) {
            this.mu = mu;
            this.tau = tau;
            this.nu = nu;
            this.t = TDistribution.of(nu);
        }

        @Override
        public double density(double x) {
            return t.density((x - mu) / tau) / tau;
        }

        @Override
        public double cdf(double x) {
            return t.cumulativeProbability((x - mu) / tau);
        }

        @Override
        public double quantile(double p) {
            return mu + tau * standardQuantile(t, nu, p);
        }

        /**
         * The p-quantile of t_nu: by symmetry from the lower tail's (q = 1 - p is exact for p &gt;=
         * 1/2), by Newton steps on the CDF kept in a bracket ({@link BracketedNewton}) from the
         * Cornish-Fisher expansion of the normal quantile to order 1 / nu^2 (Abramowitz &amp; Stegun
         * 26.7.5). 2-7 CDF evaluations at the probabilities summaries ask for (0.005 to 0.995, nu
         * from 1.5 to 200), where the library's general inversion took 12-15: the same quantile to
         * 1e-15 (1e-14 at p = 0.995 and nu = 1, where its upper tail lost digits to 1 - p).
         */
        static double standardQuantile(TDistribution t, double nu, double p) {
            if (!(p > 0 && p < 1)) {
                return p == 0 ? Double.NEGATIVE_INFINITY : p == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
            }
            if (p == 0.5) {
                return 0;
            }
            double q = Math.min(p, 1 - p);
            double z = StandardNormal.quantile(q);
            double z2 = z * z;
            double start = Math.min(z, z + z * (z2 + 1) / (4 * nu) + z * ((5 * z2 + 16) * z2 + 3) / (96 * nu * nu));
            // the quantile is below 0, where F(0) = 1/2 > q; a point below it by doubling
            double lo = start;
            for (int i = 0; i < MAX_DOUBLINGS && t.cumulativeProbability(lo) > q; i++) {
                lo *= 2;
            }
            double x = BracketedNewton.solve((u, slope) -> {
                slope[0] = t.density(u);
                return t.cumulativeProbability(u) - q;
            }, lo, 0, lo == start ? start : 0.5 * lo);
            return p < 0.5 ? x : -x;
        }

        @Override
        public double mean() {
            return mu;
        }

        /** tau sqrt(nu / (nu - 2)), infinite for nu <= 2. */
        @Override
        public double sd() {
            return nu > 2 ? tau * Math.sqrt(nu / (nu - 2)) : Double.POSITIVE_INFINITY;
        }
    }
}
