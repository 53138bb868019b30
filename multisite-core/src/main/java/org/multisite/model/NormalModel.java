package org.multisite.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.SiteData;
import org.multisite.mcmc.CounterGaussian;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.GridSampler;
import org.multisite.mcmc.Regenerated;
import org.multisite.mcmc.SeedStreams;
import org.multisite.mcmc.Workers;
import org.multisite.numeric.Vectors;

/**
 * The normal model: y_j ~ N(theta_j, s_j^2), theta_j ~ N(mu + (x_j - xbar)' beta, tau^2),
 * with mu and beta normal or flat and any prior on tau (or tau^2).
 *
 * <p>Sampled exactly, every sweep an independent draw (Gelman et al., BDA3, section 5.4,
 * extended to covariates): with gamma = (mu, beta) and w_j = 1 / (s_j^2 + tau^2),
 * <ol>
 *   <li>tau from its marginal posterior p(tau | y) proportional to
 *       p(tau) |W|^(1/2) |A|^(-1/2) exp(-(y'Wy - b'A^-1 b) / 2), A = X'WX + P0, b = X'Wy + P0 g0
 *       (P0, g0 the prior precision and mean of gamma; P0 = 0 for flat), by inverting its CDF on an
 *       adaptive grid in log tau ({@link GridSampler});</li>
 *   <li>gamma | tau, y ~ N(A^-1 b, A^-1);</li>
 *   <li>theta_j | gamma, tau, y ~ N(m_j + (1 - B_j)(y_j - m_j), B_j tau^2), m_j = x_j' gamma,
 *       B_j = s_j^2 / (s_j^2 + tau^2) (stable at tau = 0).</li>
 * </ol>
 * Covariates are centred, so mu is the mean effect of a site with average covariates.
 *
 * <p>The chains record tau and gamma only. Step 3's draws are recomputed whenever they are read
 * ({@link Regenerated}), from normal variates addressed by (chain, site, draw) ({@link
 * CounterGaussian}): the same numbers on every read, without holding J x S of them (3.2 GB at
 * 100,000 sites and 4,000 draws).
 */
public final class NormalModel implements SiteModel, PointwiseLikelihood {
    /** Bracket of the log-tau grid around log R, R the data's scale: e^-30 R to e^30 R. */
    private static final double LOG_BRACKET = 30;

    private final SiteData data;
    private final NormalPriors priors;
    private final NormalG g;
    private final int n;
    private final int p;
    private final double[] y;
    private final double[] s2;
    private final GridSampler logTau;
    private final List<String> siteNames;
    private final List<String> hyperparameters;

    private NormalModel(SiteData data, NormalPriors priors) {
        this.data = data;
        this.priors = priors;
        this.g = new NormalG(data, priors);
        this.n = data.size();
        this.p = g.coefficients();
        this.y = data.estimates();
        this.s2 = new double[n];
        for (int j = 0; j < n; j++) {
            s2[j] = data.se(j) * data.se(j);
        }
        this.hyperparameters = hyperparameterNames(data);
        List<String> sites = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            sites.add(SiteModel.siteEffectName(j));
        }
        this.siteNames = Collections.unmodifiableList(sites);
        this.logTau = tauSampler();
    }

    /** mu, tau and beta[NAME] for each site covariate. */
    static List<String> hyperparameterNames(SiteData data) {
        List<String> hp = new ArrayList<>();
        hp.add("mu");
        hp.add("tau");
        for (String c : data.covariateNames()) {
            hp.add(EffectsPrior.betaName(c));
        }
        return Collections.unmodifiableList(hp);
    }

    /**
     * The normal model of {@code data} under {@code priors}.
     *
     * @throws IllegalArgumentException if the priors leave the posterior improper
     */
    public static NormalModel of(SiteData data, NormalPriors priors) {
        priors.checkFor(data);
        return new NormalModel(data, priors);
    }

    private GridSampler tauSampler() {
        double scale = Math.sqrt(Vectors.variance(y) + Vectors.median(s2));
        double[] bracket = priors.logTauBracket(scale, LOG_BRACKET);
        return GridSampler.of(() -> {
            NormalG.Work work = g.work();
            return u -> {
                double tau = Math.exp(u);
                return work.logMarginalLikelihood(tau, y, s2) + priors.tau().logDensityTau(tau) + u;
            };
        }, bracket[0], bracket[1]);
    }

    /** The recorded parameters: mu, tau and beta; the site effects are recomputed ({@link #regenerated}). */
    @Override
    public List<String> parameterNames() {
        return hyperparameters;
    }

    @Override
    public Regenerated regenerated(long seed, int chains) {
        return new SiteEffects(seed, chains);
    }

    @Override
    public Chain newChain(UniformRandomProvider rng) {
        return new ExactChain(rng);
    }

    /**
     * The exact sampler's state: every sweep is an independent posterior draw of tau and gamma.
     * A sweep draws tau and gamma's standard normal variates; gamma itself, which costs a pass
     * over the sites, is computed from them only for the sweeps recorded (not for warm-up or
     * thinned sweeps, which are discarded): the same draws as computing it every sweep.
     */
    private final class ExactChain implements Chain {
        private final NormalG.Work work = g.work();
        private final NormalizedGaussianSampler gaussian;
        private final double[] z = new double[p];
        private final double[] solved = new double[p];
        private final double[] gamma = new double[p];
        private double tau;

        ExactChain(UniformRandomProvider rng) {
            this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        @Override
        public void sweep(UniformRandomProvider rng) {
            // Step 1: tau from its marginal posterior.
            tau = Math.exp(logTau.sample(rng));
            // Step 2's variates: gamma = (mu, beta) | tau follows in record
            for (int k = 0; k < p; k++) {
                z[k] = gaussian.sample();
            }
            // Step 3, theta given gamma and tau, is recomputed when read (SiteEffects)
        }

        @Override
        public void record(double[] out) {
            if (Double.isNaN(work.factor(tau, y, s2, false))) {
                throw new IllegalStateException("X'WX + P0 is not positive definite at tau = " + tau);
            }
            System.arraycopy(z, 0, solved, 0, p);
            work.coefficients(solved, gamma);
            out[0] = gamma[0];
            out[1] = tau;
            System.arraycopy(gamma, 1, out, 2, p - 1);
        }
    }

    /**
     * Step 3 on demand: theta_j of draw i of chain c is m_j + (1 - B_j)(y_j - m_j) + sqrt(B_j)
     * tau z, z variate i of the key of (c, j) ({@link CounterGaussian}), with the draw's tau and
     * gamma; as {@link NormalG#drawEffects}.
     */
    private final class SiteEffects implements Regenerated {
        /** key[c n + j]: the stream of site j in chain c. */
        private final long[] key;
        private final ThreadLocal<CounterGaussian> gaussian = ThreadLocal.withInitial(CounterGaussian::new);

        SiteEffects(long seed, int chains) {
            this.key = new long[Math.multiplyExact(chains, n)];
            for (int c = 0; c < chains; c++) {
                for (int j = 0; j < n; j++) {
                    key[c * n + j] = SeedStreams.key(seed, SeedStreams.Purpose.SITE_EFFECTS, c, j);
                }
            }
        }

        @Override
        public List<String> names() {
            return siteNames;
        }

        @Override
        public void column(Draws stored, int j, double[] out) {
            CounterGaussian z = gaussian.get();
            double[] mu = stored.column(0);
            double[] tau = stored.column(1);
            int per = stored.drawsPerChain();
            for (int c = 0; c < stored.chains(); c++) {
                long k = key[c * n + j];
                for (int i = 0; i < per; i++) {
                    int at = c * per + i;
                    out[at] = effect(stored, j, at, mu[at], tau[at], z.sample(k, i));
                }
            }
        }

        @Override
        public double value(Draws stored, int j, int i) {
            int per = stored.drawsPerChain();
            double z = gaussian.get().sample(key[i / per * n + j], i % per);
            return effect(stored, j, i, stored.get(0, i), stored.get(1, i), z);
        }

        @Override
        public void rows(Draws stored, int first, int count, int from, int to, double[] out) {
            CounterGaussian z = gaussian.get();
            double[] mu = stored.column(0);
            double[] tau = stored.column(1);
            int per = stored.drawsPerChain();
            // each draw's chain (as the offset of its sites' keys) and place in it, found once,
            // not by two divisions per value
            int[] keyBase = new int[to - from];
            int[] counter = new int[to - from];
            for (int i = from; i < to; i++) {
                keyBase[i - from] = i / per * n;
                counter[i - from] = i % per;
            }
            for (int k = 0; k < count; k++) {
                int j = first + k;
                for (int i = from; i < to; i++) {
                    double variate = z.sample(key[keyBase[i - from] + j], counter[i - from]);
                    out[(i - from) * count + k] = effect(stored, j, i, mu[i], tau[i], variate);
                }
            }
        }

        /** theta_j of draw i, whose mu and tau are given, from its standard normal variate z. */
        private double effect(Draws stored, int j, int i, double mu, double tau, double z) {
            double t2 = tau * tau;
            double m = p == 1 ? mu : g.siteMean(j, stored, i, 0, 2);
            double shrink = s2[j] / (s2[j] + t2);
            return m + (1 - shrink) * (y[j] - m) + Math.sqrt(shrink * t2) * z;
        }
    }

    @Override
    public String name() {
        return "normal";
    }

    @Override
    public String samplerMethod() {
        return "exact: independent draws of tau by grid inversion of its marginal posterior, "
                + "then mu and beta given tau, then theta (BDA3 5.4)";
    }

    @Override
    public SiteData data() {
        return data;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mu", priors.mu().toString());
        out.put(priors.tau().target(), priors.tau().prior().toString());
        for (int k = 0; k < data.covariateCount(); k++) {
            out.put(EffectsPrior.betaName(data.covariateNames().get(k)), priors.beta().get(k).toString());
        }
        return out;
    }

    public NormalPriors normalPriors() {
        return priors;
    }

    @Override
    public List<String> hyperparameters() {
        return hyperparameters;
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        return new NormalEffectsPrior.Distribution(draws.get(0, i), draws.get(1, i));
    }

    @Override
    public int distributionSize() {
        return 2;
    }

    /** log N(y_j; mu + x_j' beta, s_j^2 + tau^2). */
    @Override
    public double logLikelihood(Draws draws, int i, int j) {
        double tau = draws.get(1, i);
        return NormalG.logNormal(y[j], g.siteMean(j, draws, i, 0, 2), s2[j] + tau * tau);
    }

    @Override
    public double[] shrinkage(Draws draws) {
        double[] tau = draws.column("tau");
        double[] out = new double[n];
        // each site's sum on its own, in parallel: J x S terms, 0.7 s on one thread at 100,000 sites
        Workers.forEach(n, SiteLevelModel.SHRINKAGE_SITES_PER_TASK, j -> {
            double sum = 0;
            for (double t : tau) {
                sum += s2[j] / (s2[j] + t * t);
            }
            out[j] = sum / tau.length;
        });
        return out;
    }
}
