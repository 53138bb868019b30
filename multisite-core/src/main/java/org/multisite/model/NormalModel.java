package org.multisite.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.multisite.data.SiteData;
import org.multisite.data.Vectors;
import org.multisite.mcmc.Draws;
import org.multisite.prior.Prior;

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
 */
public final class NormalModel implements SiteModel {
    /** Bracket of the log-tau grid around log R, R the data's scale: e^-30 R to e^30 R. */
    private static final double LOG_BRACKET = 30;

    private final SiteData data;
    private final NormalPriors priors;
    private final int n;
    private final int p;
    private final double[] y;
    private final double[] s2;
    /** Design matrix row-major: design[j * p + k], column 0 the intercept, then centred covariates. */
    private final double[] design;
    private final double[] priorPrecision;
    private final double[] priorPrecisionMean;
    private final GridSampler logTau;
    private final List<String> names;
    private final List<String> hyperparameters;

    private NormalModel(SiteData data, NormalPriors priors) {
        this.data = data;
        this.priors = priors;
        this.n = data.size();
        this.p = 1 + data.covariateCount();
        this.y = data.estimates();
        this.s2 = new double[n];
        for (int j = 0; j < n; j++) {
            s2[j] = data.se(j) * data.se(j);
        }
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
        List<String> hp = new ArrayList<>();
        hp.add("mu");
        hp.add("tau");
        for (String c : data.covariateNames()) {
            hp.add("beta[" + c + "]");
        }
        this.hyperparameters = Collections.unmodifiableList(hp);
        List<String> all = new ArrayList<>(hp);
        for (int j = 0; j < n; j++) {
            all.add(SiteModel.siteEffectName(j));
        }
        this.names = Collections.unmodifiableList(all);
        this.logTau = tauSampler();
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
        double lower = Math.log(scale) - LOG_BRACKET;
        double upper = Math.log(scale) + LOG_BRACKET;
        double[] support = priors.tauSupport();
        if (support[0] > 0) {
            lower = Math.max(lower, Math.log(support[0]));
        }
        if (Double.isFinite(support[1])) {
            upper = Math.min(upper, Math.log(support[1]));
        }
        if (!(upper > lower)) {
            upper = lower + 1;
        }
        Conditional work = new Conditional();
        return GridSampler.of(u -> {
            double tau = Math.exp(u);
            return logMarginalLikelihood(tau, work) + priors.tau().logDensityTau(tau) + u;
        }, lower, upper);
    }

    /**
     * log p(y | tau) up to a constant, with gamma integrated out:
     * (sum log w_j - log|A| - y'Wy + b'A^-1 b) / 2.
     */
    double logMarginalLikelihood(double tau, Conditional work) {
        double sumLogW = work.factor(tau, true);
        if (Double.isNaN(sumLogW)) {
            return Double.NEGATIVE_INFINITY;
        }
        double logDetA = 0;
        for (int k = 0; k < p; k++) {
            logDetA += 2 * Math.log(work.chol.get(k, k));
        }
        System.arraycopy(work.b, 0, work.tmp, 0, p);
        TriangularSolver_DDRM.solveL(work.chol.data, work.tmp, p);
        double quad = work.yWy - Vectors.dot(work.tmp, work.tmp);
        return 0.5 * (sumLogW - logDetA - quad);
    }

    /** Per-chain work space: A = X'WX + P0 and b = X'Wy + P0 g0 at one tau, and A's Cholesky factor. */
    private final class Conditional {
        final DMatrixRMaj a = new DMatrixRMaj(p, p);
        final DMatrixRMaj chol = new DMatrixRMaj(p, p);
        final CholeskyDecompositionInner_DDRM decomposition = new CholeskyDecompositionInner_DDRM(true);
        final double[] b = new double[p];
        final double[] tmp = new double[p];
        double yWy;

        /**
         * Fills A, b, y'Wy and the lower Cholesky factor of A at tau; returns sum log w_j (0 unless
         * {@code withLogW}: sampling does not need it, the marginal likelihood does), or NaN if A
         * is singular.
         */
        double factor(double tau, boolean withLogW) {
            double t2 = tau * tau;
            a.zero();
            double[] ad = a.data;
            for (int k = 0; k < p; k++) {
                b[k] = priorPrecisionMean[k];
                ad[k * p + k] = priorPrecision[k];
            }
            double sumLogW = 0;
            double q = 0;
            for (int j = 0; j < n; j++) {
                double w = 1 / (s2[j] + t2);
                if (withLogW) {
                    sumLogW += Math.log(w);
                }
                q += w * y[j] * y[j];
                int row = j * p;
                for (int k = 0; k < p; k++) {
                    double wx = w * design[row + k];
                    b[k] += wx * y[j];
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
            yWy = q;
            chol.setTo(a);
            if (!decomposition.decompose(chol)) {
                return Double.NaN;
            }
            decomposition.getT(chol);
            return sumLogW;
        }
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public Chain newChain(UniformRandomProvider rng) {
        return new ExactChain(rng);
    }

    /** The exact sampler's state: every sweep is an independent posterior draw. */
    private final class ExactChain implements Chain {
        private final Conditional work = new Conditional();
        private final NormalizedGaussianSampler gaussian;
        private final double[] gamma = new double[p];
        private final double[] theta = new double[n];
        private double tau;

        ExactChain(UniformRandomProvider rng) {
            this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        @Override
        public void sweep(UniformRandomProvider rng) {
            // Step 1: tau from its marginal posterior.
            tau = Math.exp(logTau.sample(rng));
            // Step 2: gamma | tau ~ N(A^-1 b, A^-1): mean by two triangular solves, noise L'^-1 z.
            if (Double.isNaN(work.factor(tau, false))) {
                throw new IllegalStateException("X'WX + P0 is not positive definite at tau = " + tau);
            }
            double[] l = work.chol.data;
            System.arraycopy(work.b, 0, gamma, 0, p);
            TriangularSolver_DDRM.solveL(l, gamma, p);
            TriangularSolver_DDRM.solveTranL(l, gamma, p);
            for (int k = 0; k < p; k++) {
                work.tmp[k] = gaussian.sample();
            }
            TriangularSolver_DDRM.solveTranL(l, work.tmp, p);
            for (int k = 0; k < p; k++) {
                gamma[k] += work.tmp[k];
            }
            // Step 3: theta_j | gamma, tau, y, independent across sites.
            double t2 = tau * tau;
            for (int j = 0; j < n; j++) {
                double m = 0;
                int row = j * p;
                for (int k = 0; k < p; k++) {
                    m += design[row + k] * gamma[k];
                }
                double shrink = s2[j] / (s2[j] + t2);
                theta[j] = m + (1 - shrink) * (y[j] - m) + Math.sqrt(shrink * t2) * gaussian.sample();
            }
        }

        @Override
        public void record(double[] out) {
            out[0] = gamma[0];
            out[1] = tau;
            System.arraycopy(gamma, 1, out, 2, p - 1);
            System.arraycopy(theta, 0, out, p + 1, n);
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
            out.put("beta[" + data.covariateNames().get(k) + "]", priors.beta().get(k).toString());
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
        return new NormalEffects(draws.get(0, i), draws.get(1, i));
    }

    @Override
    public double[] shrinkage(Draws draws) {
        double[] tau = draws.column("tau");
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (double t : tau) {
                sum += s2[j] / (s2[j] + t * t);
            }
            out[j] = sum / tau.length;
        }
        return out;
    }
}
