package org.multisite.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.StandardNormal;

/**
 * G = N(x' (mu, beta), tau^2) as a Gibbs block ({@link NormalG}): tau from p(tau | yhat) with
 * (mu, beta) and theta integrated out, by slice sampling log tau; then (mu, beta) | tau; then
 * theta | mu, beta, tau. One joint draw of (tau, mu, beta, theta) given the observations.
 */
public final class NormalEffectsPrior implements EffectsPrior {

    private final NormalPriors priors;
    private final NormalG g;
    private final List<String> covariates;
    private final double initialScale;

    /**
     * @param sites the sites and their covariates (estimates only set the starting scale)
     * @throws IllegalArgumentException if the priors leave the posterior improper
     */
    public NormalEffectsPrior(SiteData sites, NormalPriors priors) {
        priors.checkFor(sites);
        this.priors = priors;
        this.g = new NormalG(sites, priors);
        this.covariates = sites.covariateNames();
        this.initialScale = sites.robustScale();
    }

    @Override
    public String name() {
        return "normal";
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("mu", "tau"));
        names.addAll(EffectsPrior.betaNames(covariates));
        return names;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mu", priors.mu().toString());
        out.put(priors.tau().target(), priors.tau().prior().toString());
        EffectsPrior.putBetaPriors(out, covariates, priors.beta());
        return out;
    }

    @Override
    public String method() {
        return "Gibbs: (tau, mu, beta, theta) jointly, tau by slice sampling with mu, beta and theta integrated out";
    }

    @Override
    public State newState(UniformRandomProvider rng) {
        return new Block(rng);
    }

    private final class Block implements State {
        private final NormalG.Work work = g.work();
        private final SliceSampler slice = SliceSampler.onLogScale("tau");
        private final NormalizedGaussianSampler gaussian;
        private final double[] gamma = new double[g.coefficients()];
        private double logTau;
        private double[] yhat;
        private double[] v;
        private final DoubleUnaryOperator tauTarget = u -> {
            double t = Math.exp(u);
            return work.logMarginalLikelihood(t, yhat, v) + priors.tau().logDensityTau(t) + u;
        };

        Block(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            logTau = priors.tau().logStartTau(Math.log(initialScale) + 2 * (rng.nextDouble() - 0.5));
        }

        @Override
        public void update(double[] yhatNow, double[] vNow, double[] theta, UniformRandomProvider rng) {
            yhat = yhatNow;
            v = vNow;
            logTau = slice.sample(tauTarget, logTau, rng);
            double tau = Math.exp(logTau);
            if (Double.isNaN(work.factor(tau, yhat, v, false))) {
                throw new IllegalStateException("X'WX + P0 is not positive definite at tau = " + tau);
            }
            work.drawCoefficients(gaussian, gamma);
            g.drawEffects(tau, gamma, yhat, v, gaussian, theta);
        }

        @Override
        public void record(double[] out, int offset) {
            out[offset] = gamma[0];
            out[offset + 1] = Math.exp(logTau);
            System.arraycopy(gamma, 1, out, offset + 2, gamma.length - 1);
        }
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        return new Distribution(draws.get(draws.indexOf("mu"), i), draws.get(draws.indexOf("tau"), i));
    }

    @Override
    public int distributionSize() {
        return 2;
    }

    @Override
    public double logMarginal(Draws draws, int i, int j, double y, double v) {
        double tau = draws.get(draws.indexOf("tau"), i);
        int mu = draws.indexOf("mu");
        return NormalG.logNormal(y, g.siteMean(j, draws, i, mu, mu + 2), v + tau * tau);
    }

    @Override
    public double priorVariance(Draws draws, int i, int j) {
        double tau = draws.get(draws.indexOf("tau"), i);
        return tau * tau;
    }

    /** G = N(mean, sd^2); sd may be 0 (a point mass). */
    public record Distribution(double mean, double sd) implements EffectDistribution {
        private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

        @Override
        public double density(double x) {
            if (sd == 0) {
                return x == mean ? Double.POSITIVE_INFINITY : 0;
            }
            double z = (x - mean) / sd;
            return StandardNormal.density(z) / sd;
        }

        @Override
        public double cdf(double x) {
            if (sd == 0) {
                return x >= mean ? 1 : 0;
            }
            return StandardNormal.cdf((x - mean) / sd);
        }

        @Override
        public double quantile(double p) {
            return mean + sd * STANDARD.inverseCumulativeProbability(p);
        }
    }
}
