package org.multisite.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.GammaDraw;
import org.multisite.mcmc.GaussianDraw;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.StandardNormal;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

/**
 * A Dirichlet process placed directly on the site effects, as DPpackage's DPmeta does (Jara
 * 2007) and the seed research used: theta_j = x_j' beta + u_j, u_j ~ G, G ~ DP(alpha, N(mu,
 * tau^2)), mu ~ normal, a proper prior on tau (or tau^2), alpha ~ Gamma(a, b). Sites share
 * atoms exactly: G is discrete, unlike the {@code dp} model's mixture of normals.
 *
 * <p>Each update, with the atoms integrated out wherever they can be (the normal base measure
 * is conjugate to the normal observations yhat_j ~ N(theta_j, v_j)):
 * <ol>
 *   <li>allocations by Neal (2000) algorithm 3: site j joins cluster c with probability
 *       proportional to n_{-j,c} N(r_j; m_c, 1 / P_c + v_j), where r_j = yhat_j - x_j' beta and
 *       (m_c, 1 / P_c) is the atom's posterior given the cluster's other sites, or opens a new
 *       one with probability proportional to alpha N(r_j; mu, tau^2 + v_j);</li>
 *   <li>tau by slice sampling log tau with mu and the atoms integrated out (each cluster then
 *       holds one estimate, its precision-weighted mean with variance 1 / sum 1 / v_j, of an atom
 *       drawn from N(mu, tau^2)), then mu | tau;</li>
 *   <li>the atoms phi_c | mu, tau (normal), then beta by weighted least squares of yhat_j -
 *       phi_{z_j}, then theta_j = x_j' beta + phi_{z_j};</li>
 *   <li>alpha | K by Escobar & West (1995, section 6), iterated ten times (it is O(1)).</li>
 * </ol>
 * Recorded: {@code mu} and {@code tau} (the base measure), {@code alpha}, {@code clusters} (K),
 * {@code g_mean} and {@code g_sd}; and J slots of G's atoms by increasing location. G of a
 * draw is G's posterior mean given the state, sum_c n_c / (alpha + J) delta_{phi_c} +
 * alpha / (alpha + J) N(mu, tau^2) (the predictive of a new site's effect): a discrete G, whose
 * mean, SD, CDF and quantiles are those of the atoms and the base measure's share. Its density
 * is drawn smoothed: each atom replaced by its conditional posterior N(m_c, 1 / P_c) given the
 * cluster's sites (the Rao-Blackwellized density).
 */
public final class DpMetaEffectsPrior implements EffectsPrior {
    /** Iterations of alpha's two-step update after each allocation pass: O(1) each, our choice (alpha | K mixes in a few). */
    private static final int ALPHA_ITERATIONS = 5;
    /**
     * Allocation passes per sweep by default, measured: on the Bogota schools with a diffuse alpha
     * prior, 1 pass left K at R-hat 1.055 (bulk ESS 79 in 4 x 1000), 2 at 1.012 (192), 5 at 1.006 (444).
     */
    public static final int DEFAULT_PASSES = 5;
    /** The most allocation passes per sweep: a bound on the work (J x K each), our choice. */
    public static final int MAX_PASSES = 50;
    /**
     * Relative loss of a cluster's precision sum beyond which it is recomputed from its sites: a
     * removal that leaves less than 1e-8 of the sum has lost at least half of a double's digits
     * to cancellation (SEs across 12 orders of magnitude give precision ratios of 1e24).
     */
    private static final double CANCELLATION = 1e-8;

    private final Prior.Normal location;
    private final ScalePrior scale;
    private final Prior.Gamma alphaPrior;
    private final int passes;
    private final List<Prior> beta;
    private final int n;
    private final int p;
    /** Centred covariates, row-major x[j * p + k]. */
    private final double[] x;
    private final List<String> covariates;
    private final double initialScale;
    private final double initialLocation;

    /**
     * @throws InvalidParameterException for an improper scale prior or a covariate prior that is neither normal nor flat
     */
    public DpMetaEffectsPrior(SiteData sites, Prior.Normal location, ScalePrior scale, Prior.Gamma alpha, List<Prior> beta) {
        this(sites, location, scale, alpha, beta, DEFAULT_PASSES);
    }

    /**
     * @param passes allocation passes per sweep, each followed by alpha | K (more mix K and
     *     alpha better when the sites say little; each costs J x K)
     */
    public DpMetaEffectsPrior(SiteData sites, Prior.Normal location, ScalePrior scale, Prior.Gamma alpha, List<Prior> beta,
                              int passes) {
        if (passes < 1 || passes > MAX_PASSES) {
            throw InvalidParameterException.of("passes", passes, "must be between 1 and " + MAX_PASSES);
        }
        this.passes = passes;
        if (!scale.prior().proper()) {
            throw InvalidParameterException.prior(scale.target(), scale.prior(),
                    "the base measure's scale needs a proper prior (with one cluster, the data say nothing of it)");
        }
        EffectsPrior.requireLocationPriors(beta);
        this.location = location;
        this.scale = scale;
        this.alphaPrior = alpha;
        this.beta = List.copyOf(beta);
        this.n = sites.size();
        this.p = sites.covariateCount();
        this.x = sites.centredCovariatesRowMajor();
        this.covariates = sites.covariateNames();
        this.initialScale = sites.robustScale();
        this.initialLocation = sites.robustCentre();
    }

    @Override
    public String name() {
        return "dpmeta";
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(summarizedParameters());
        for (String slot : List.of("w", "atom", "centre", "spread")) {
            for (int k = 1; k <= n; k++) {
                names.add(slot + "[" + k + "]");
            }
        }
        return names;
    }

    /** The base measure, alpha, K, G's mean and SD and the coefficients; not the atoms' slots. */
    @Override
    public List<String> summarizedParameters() {
        List<String> names = new ArrayList<>(List.of("mu", "tau", "alpha", "clusters", "g_mean", "g_sd"));
        names.addAll(EffectsPrior.betaNames(covariates));
        return names;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mu", location.toString());
        out.put(scale.target(), scale.prior().toString());
        out.put("alpha", alphaPrior.toString());
        EffectsPrior.putBetaPriors(out, covariates, beta);
        return out;
    }

    @Override
    public Prior.Gamma concentration() {
        return alphaPrior;
    }

    @Override
    public String distributionNote() {
        return "G is discrete (sites share its atoms): its mean, SD and quantiles are the atoms' and the base measure's"
                + " share; the density is smoothed (each atom replaced by its posterior given its sites)";
    }

    @Override
    public String method() {
        return "collapsed Gibbs for a Dirichlet process on the site effects (Neal 2000, algorithm 3): " + passes
                + " allocation passes a sweep with the atoms integrated out, the base measure's scale by slice sampling, alpha by Escobar & West (1995)";
    }

    @Override
    public State newState(UniformRandomProvider rng) {
        return new Block(rng);
    }

    private final class Block implements State {
        private final NormalizedGaussianSampler gaussian;
        private final SliceSampler slice = SliceSampler.onLogScale("tau");
        /** Cluster slot of each site; a slot is occupied when its count is positive. */
        private final int[] z = new int[n];
        private final int[] count = new int[n];
        /** sum of 1 / v_i and of r_i / v_i over each cluster's sites. */
        private final double[] precision = new double[n];
        private final double[] weighted = new double[n];
        private final double[] phi = new double[n];
        /**
         * The allocations' cache, by place in {@code active} (not by slot), so that a site's pass
         * over the clusters reads three arrays in order: each atom's posterior mean and variance
         * given its sites, and its count (as a double). The same values as kept by slot, so the
         * same draws, only kept where the pass reads them in order.
         */
        private final double[] atomMean = new double[n];
        private final double[] atomVariance = new double[n];
        private final double[] atomCount = new double[n];
        /** The occupied slots, active[0 .. clusters); position[c] is slot c's place there. */
        private final int[] active = new int[n];
        private final int[] position = new int[n];
        /** Free slots, a stack. */
        private final int[] free = new int[n];
        /** Each choice's weight, and its squared standardized distance, in an allocation. */
        private final double[] weight = new double[n + 1];
        private final double[] quad = new double[n + 1];
        private final double[] residual = new double[n];
        private final double[] b = new double[p];
        private final GaussianDraw slopes = new GaussianDraw(p);
        private final Integer[] order;
        private int clusters;
        private int freeCount;
        private double mu;
        private double logTau;
        private double alpha;
        /** log p(tau | allocations) with mu and the atoms integrated out, on log tau. */
        private final DoubleUnaryOperator tauTarget = u -> {
            double t2 = Math.exp(2 * u);
            double prec0 = 1 / (location.sd() * location.sd());
            double a = prec0;
            double bb = location.mean() * prec0;
            double quad = location.mean() * location.mean() * prec0;
            double logW = 0;
            for (int i = 0; i < clusters; i++) {
                int c = active[i];
                // the cluster's estimate of its atom and that estimate's variance
                double mean = weighted[c] / precision[c];
                double wc = 1 / (1 / precision[c] + t2);
                a += wc;
                bb += wc * mean;
                quad += wc * mean * mean;
                logW += Math.log(wc);
            }
            return 0.5 * (logW - Math.log(a) - quad + bb * bb / a) + scale.logDensityTau(Math.exp(u)) + u;
        };

        Block(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            order = new Integer[n];
            mu = initialLocation + initialScale * gaussian.sample();
            logTau = scale.logStartTau(Math.log(initialScale) + rng.nextDouble() - 0.5);
            alpha = alphaPrior.shape() / alphaPrior.rate();
            // a dispersed start: the sites spread at random over 1 to 10 clusters
            int start = 1 + rng.nextInt(Math.min(n, 10));
            freeCount = 0;
            for (int c = n - 1; c >= start; c--) {
                free[freeCount++] = c;
            }
            clusters = start;
            for (int c = 0; c < start; c++) {
                active[c] = c;
                position[c] = c;
            }
            for (int j = 0; j < n; j++) {
                z[j] = j < start ? j : rng.nextInt(start);
                count[z[j]]++;
            }
        }

        /** r_j = yhat_j - x_j' beta and every cluster's sums, from scratch. */
        private void refresh(double[] yhat, double[] v) {
            for (int i = 0; i < clusters; i++) {
                precision[active[i]] = 0;
                weighted[active[i]] = 0;
            }
            for (int j = 0; j < n; j++) {
                double r = yhat[j];
                for (int k = 0; k < p; k++) {
                    r -= x[j * p + k] * b[k];
                }
                residual[j] = r;
                precision[z[j]] += 1 / v[j];
                weighted[z[j]] += r / v[j];
            }
        }

        /** Cluster c's sums recomputed from its sites, after a removal lost them to cancellation. */
        private void recompute(int c, double[] v) {
            precision[c] = 0;
            weighted[c] = 0;
            for (int j = 0; j < n; j++) {
                if (z[j] == c) {
                    precision[c] += 1 / v[j];
                    weighted[c] += residual[j] / v[j];
                }
            }
        }

        @Override
        public void update(double[] yhat, double[] v, double[] theta, UniformRandomProvider rng) {
            refresh(yhat, v);
            double tau2 = Math.exp(2 * logTau);
            // Step 1: allocations, atoms integrated out (Neal 2000, algorithm 3), with alpha | K
            // between passes (both see only the allocations): K and alpha, strongly coupled when
            // the sites say little, then move together several times a sweep
            for (int pass = 0; pass < passes; pass++) {
                allocate(v, tau2, rng);
                drawAlpha(rng);
            }
            // Step 2: the base measure's scale (mu and the atoms integrated out), then its mean
            logTau = slice.sample(tauTarget, logTau, rng);
            tau2 = Math.exp(2 * logTau);
            double prec = 1 / (location.sd() * location.sd());
            double num = location.mean() * prec;
            for (int i = 0; i < clusters; i++) {
                int c = active[i];
                double wc = 1 / (1 / precision[c] + tau2);
                prec += wc;
                num += wc * weighted[c] / precision[c];
            }
            mu = num / prec + gaussian.sample() / Math.sqrt(prec);
            // Step 3: the atoms, the coefficients, the site effects
            for (int i = 0; i < clusters; i++) {
                int c = active[i];
                double post = 1 / tau2 + precision[c];
                phi[c] = (mu / tau2 + weighted[c]) / post + gaussian.sample() / Math.sqrt(post);
            }
            if (p > 0) {
                drawSlopes(yhat, v);
            }
            for (int j = 0; j < n; j++) {
                double m = phi[z[j]];
                for (int k = 0; k < p; k++) {
                    m += x[j * p + k] * b[k];
                }
                theta[j] = m;
            }
            // the sums at the new coefficients, for the record and the next sweep's start
            refresh(yhat, v);
        }

        /** One pass of Neal's algorithm 3 over the sites. */
        private void allocate(double[] v, double tau2, UniformRandomProvider rng) {
            // the cache from the slots' values: the chain's start sets the counts alone
            for (int i = 0; i < clusters; i++) {
                posterior(active[i], tau2);
                atomCount[i] = count[active[i]];
            }
            for (int j = 0; j < n; j++) {
                int c = z[j];
                count[c]--;
                atomCount[position[c]]--;
                if (count[c] == 0) {
                    release(c);
                } else {
                    double before = precision[c];
                    precision[c] -= 1 / v[j];
                    weighted[c] -= residual[j] / v[j];
                    if (!(precision[c] > CANCELLATION * before)) {
                        z[j] = -1;
                        recompute(c, v);
                    }
                    posterior(c, tau2);
                }
                // n_c N(r; m_c, 1 / P_c + v_j) and alpha N(r; mu, tau^2 + v_j) up to a common factor:
                // count / sd and the squared z, then exp(-z^2 / 2) shifted by the smallest (no underflow)
                double r = residual[j];
                double vj = v[j];
                for (int i = 0; i < clusters; i++) {
                    double d = r - atomMean[i];
                    double var = atomVariance[i] + vj;
                    quad[i] = d * d / var;
                    weight[i] = atomCount[i] / Math.sqrt(var);
                }
                double least = Double.POSITIVE_INFINITY;
                for (int i = 0; i < clusters; i++) {
                    least = Math.min(least, quad[i]);
                }
                double d0 = r - mu;
                quad[clusters] = d0 * d0 / (tau2 + v[j]);
                weight[clusters] = alpha / Math.sqrt(tau2 + v[j]);
                least = Math.min(least, quad[clusters]);
                double total = 0;
                for (int i = 0; i <= clusters; i++) {
                    weight[i] *= Math.exp(-0.5 * (quad[i] - least));
                    total += weight[i];
                }
                double u = rng.nextDouble() * total;
                int chosen = 0;
                while (chosen < clusters && u > weight[chosen]) {
                    u -= weight[chosen];
                    chosen++;
                }
                int k = chosen == clusters ? open() : active[chosen];
                z[j] = k;
                count[k]++;
                atomCount[position[k]]++;
                precision[k] += 1 / v[j];
                weighted[k] += r / v[j];
                posterior(k, tau2);
            }
        }

        /** Atom c's posterior mean and variance given its sites, for the allocations. */
        private void posterior(int c, double tau2) {
            double post = 1 / tau2 + precision[c];
            atomVariance[position[c]] = 1 / post;
            atomMean[position[c]] = (mu / tau2 + weighted[c]) / post;
        }

        /**
         * alpha | K (Escobar & West 1995, eq. 13): eta ~ Beta(alpha + 1, J), then a
         * two-component gamma mixture with odds (a + K - 1) / (J (b - log eta)).
         */
        private void drawAlpha(UniformRandomProvider rng) {
            for (int it = 0; it < ALPHA_ITERATIONS; it++) {
                double g1 = GammaDraw.sample(alpha + 1, rng, gaussian);
                double g2 = GammaDraw.sample(n, rng, gaussian);
                double eta = Math.max(g1 / (g1 + g2), Double.MIN_NORMAL);
                double rate = alphaPrior.rate() - Math.log(eta);
                double odds = (alphaPrior.shape() + clusters - 1) / (n * rate);
                double shape = rng.nextDouble() < odds / (1 + odds) ? alphaPrior.shape() + clusters
                        : alphaPrior.shape() + clusters - 1;
                alpha = Math.max(GammaDraw.sample(shape, rng, gaussian) / rate, Double.MIN_NORMAL);
            }
        }

        private void release(int c) {
            int i = position[c];
            int last = active[--clusters];
            active[i] = last;
            position[last] = i;
            atomMean[i] = atomMean[clusters];
            atomVariance[i] = atomVariance[clusters];
            atomCount[i] = atomCount[clusters];
            free[freeCount++] = c;
            precision[c] = 0;
            weighted[c] = 0;
        }

        private int open() {
            int c = free[--freeCount];
            active[clusters] = c;
            atomCount[clusters] = 0;
            position[c] = clusters++;
            count[c] = 0;
            precision[c] = 0;
            weighted[c] = 0;
            return c;
        }

        private void drawSlopes(double[] yhat, double[] v) {
            slopes.reset();
            for (int k = 0; k < p; k++) {
                if (beta.get(k) instanceof Prior.Normal normal) {
                    slopes.addNormalPrior(k, normal.mean(), normal.sd());
                }
            }
            for (int j = 0; j < n; j++) {
                slopes.addObservation(1 / v[j], yhat[j] - phi[z[j]], x, j * p);
            }
            slopes.draw(gaussian, b);
        }

        @Override
        public void record(double[] out, int offset) {
            double tau2 = Math.exp(2 * logTau);
            double base = alpha / (alpha + n);
            double mean = base * mu;
            double second = base * (tau2 + mu * mu);
            for (int i = 0; i < clusters; i++) {
                int c = active[i];
                double w = count[c] / (alpha + n);
                mean += w * phi[c];
                second += w * phi[c] * phi[c];
            }
            int o = offset;
            out[o++] = mu;
            out[o++] = Math.sqrt(tau2);
            out[o++] = alpha;
            out[o++] = clusters;
            out[o++] = mean;
            out[o++] = Math.sqrt(Math.max(second - mean * mean, 0));
            for (int k = 0; k < p; k++) {
                out[o++] = b[k];
            }
            // the atoms by increasing location, then empty slots (weight 0)
            for (int i = 0; i < clusters; i++) {
                order[i] = active[i];
            }
            Arrays.sort(order, 0, clusters, (c1, c2) -> Double.compare(phi[c1], phi[c2]));
            for (int s = 0; s < n; s++) {
                if (s < clusters) {
                    int c = order[s];
                    double post = 1 / tau2 + precision[c];
                    out[o + s] = count[c] / (alpha + n);
                    out[o + n + s] = phi[c];
                    out[o + 2 * n + s] = (mu / tau2 + weighted[c]) / post;
                    out[o + 3 * n + s] = 1 / Math.sqrt(post);
                } else {
                    out[o + s] = 0;
                    out[o + n + s] = 0;
                    out[o + 2 * n + s] = 0;
                    out[o + 3 * n + s] = 1;
                }
            }
        }
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        int first = draws.indexOf("w[1]");
        int occupied = (int) draws.get(draws.indexOf("clusters"), i);
        double[] w = new double[occupied];
        double[] atom = new double[occupied];
        double[] centre = new double[occupied];
        double[] spread = new double[occupied];
        for (int s = 0; s < occupied; s++) {
            w[s] = draws.get(first + s, i);
            atom[s] = draws.get(first + n + s, i);
            centre[s] = draws.get(first + 2 * n + s, i);
            spread[s] = draws.get(first + 3 * n + s, i);
        }
        double alpha = draws.get(draws.indexOf("alpha"), i);
        return new Distribution(w, atom, centre, spread, alpha / (alpha + n), draws.get(draws.indexOf("mu"), i),
                draws.get(draws.indexOf("tau"), i));
    }

    /** The summaries keep each draw's occupied atoms: at most J of four numbers each, and the base measure. */
    @Override
    public int distributionSize() {
        return 4 * n + 3;
    }

    @Override
    public double priorVariance(Draws draws, int i, int j) {
        double sd = draws.get(draws.indexOf("g_sd"), i);
        return sd * sd;
    }

    /**
     * log p(y | draw i) for site j: its estimate's density given the other sites' allocations,
     * log [sum_c w'_c N(y; phi_c + x_j' beta, v) + w'_0 N(y; mu + x_j' beta, v + tau^2)] with
     * site j's own membership taken out of the counts, w'_c = n_c^{-j} / (alpha + J - 1) and
     * w'_0 = alpha / (alpha + J - 1) (Neal 2000, eq. 3.6). The posterior factorizes as
     * p(state_{-j} | y_{-j}) p(y_j | state_{-j}), so PSIS-LOO with this term estimates site j's
     * leave-one-out density; G of the draw, which counts site j and its own atom, would not
     * (it let a site predict itself, and dpmeta won every comparison). Site j's cluster is the
     * atom nearest its recorded effect.
     */
    @Override
    public double logMarginal(Draws draws, int i, int j, double y, double v) {
        Distribution g = (Distribution) distribution(draws, i);
        double shift = EffectsPrior.covariateShift(draws, i, covariates, x, j);
        return g.logMarginalWithout(y - shift, v, ownAtom(draws, i, j, shift), draws.get(draws.indexOf("alpha"), i), n);
    }

    /** {@link #logMarginal} for every site, G of the draw read once (PSIS-LOO evaluates every site of every draw). */
    @Override
    public void logMarginals(Draws draws, int i, double[] y, double[] v, double[] out) {
        Distribution g = (Distribution) distribution(draws, i);
        double alpha = draws.get(draws.indexOf("alpha"), i);
        for (int j = 0; j < out.length; j++) {
            double shift = EffectsPrior.covariateShift(draws, i, covariates, x, j);
            out[j] = g.logMarginalWithout(y[j] - shift, v[j], ownAtom(draws, i, j, shift), alpha, n);
        }
    }

    /** Site j's atom in draw i: its recorded effect less its covariates' shift. */
    private static double ownAtom(Draws draws, int i, int j, double shift) {
        return draws.get(draws.indexOf("theta[1]") + j, i) - shift;
    }

    /**
     * G = sum_c w_c delta_{atom_c} + w_0 N(mu, tau^2) (weights summing to 1): mean, SD, CDF and
     * quantiles of this discrete-plus-normal G; the density smooths each atom as N(centre_c,
     * spread_c^2).
     */
    public static final class Distribution implements EffectDistribution {
        private final double[] w;
        private final double[] atom;
        private final double[] centre;
        private final double[] spread;
        private final double base;
        private final double mu;
        private final double tau;

        public Distribution(double[] w, double[] atom, double[] centre, double[] spread, double base, double mu, double tau) {
            this.w = w.clone();
            this.atom = atom.clone();
            this.centre = centre.clone();
            this.spread = spread.clone();
            this.base = base;
            this.mu = mu;
            this.tau = tau;
        }

        /** An atom by its weight, or (with the base measure's share) a draw from N(mu, tau^2). */
        @Override
        public double sample(UniformRandomProvider rng) {
            double total = base;
            for (double weight : w) {
                total += weight;
            }
            double u = rng.nextDouble() * total;
            for (int c = 0; c < w.length; c++) {
                if (u < w[c]) {
                    return atom[c];
                }
                u -= w[c];
            }
            return mu + tau * EffectDistribution.standardNormal(rng);
        }

        /** log of G's density convolved with N(0, v) at r: a new site's estimate r with sampling variance v. */
        public double logMarginal(double r, double v) {
            double[] terms = new double[w.length + 1];
            for (int c = 0; c < w.length; c++) {
                terms[c] = Math.log(w[c]) + NormalG.logNormal(r, atom[c], v);
            }
            terms[w.length] = Math.log(base) + NormalG.logNormal(r, mu, v + tau * tau);
            return Vectors.logSumExp(terms);
        }

        /**
         * {@link #logMarginal} with one site taken out of the atom nearest {@code own}: the
         * weights n_c / (alpha + n) become n_c^{-1} / (alpha + n - 1), an atom left empty drops.
         */
        double logMarginalWithout(double r, double v, double own, double alpha, int n) {
            int mine = 0;
            for (int c = 1; c < w.length; c++) {
                if (Math.abs(atom[c] - own) < Math.abs(atom[mine] - own)) {
                    mine = c;
                }
            }
            double scale = (alpha + n) / (alpha + n - 1);
            double[] terms = new double[w.length + 1];
            for (int c = 0; c < w.length; c++) {
                double count = w[c] * (alpha + n) - (c == mine ? 1 : 0);
                // a singleton's count is 1 up to rounding: its atom leaves with the site
                terms[c] = count > 0.5 ? Math.log(count / (alpha + n - 1)) + NormalG.logNormal(r, atom[c], v)
                        : Double.NEGATIVE_INFINITY;
            }
            terms[w.length] = Math.log(base * scale) + NormalG.logNormal(r, mu, v + tau * tau);
            return Vectors.logSumExp(terms);
        }

        /** G jumps at its atoms, where its smoothed density says nothing of its CDF: by bisection. */
        @Override
        public double quantile(double p) {
            return EffectDistribution.bisection(this, p);
        }

        /** The smoothed density: the atoms' conditional posteriors and the base measure's share. */
        @Override
        public double density(double x) {
            double d = base * StandardNormal.density((x - mu) / tau) / tau;
            for (int c = 0; c < w.length; c++) {
                d += w[c] * StandardNormal.density((x - centre[c]) / spread[c]) / spread[c];
            }
            return d;
        }

        /** G(x): the atoms at or below x and the base measure's share. */
        @Override
        public double cdf(double x) {
            double f = base * StandardNormal.cdf((x - mu) / tau);
            for (int c = 0; c < w.length; c++) {
                f += atom[c] <= x ? w[c] : 0;
            }
            return Math.min(f, 1);
        }

        @Override
        public double mean() {
            double m = base * mu;
            for (int c = 0; c < w.length; c++) {
                m += w[c] * atom[c];
            }
            return m;
        }

        @Override
        public double sd() {
            double second = base * (tau * tau + mu * mu);
            for (int c = 0; c < w.length; c++) {
                second += w[c] * atom[c] * atom[c];
            }
            double m = mean();
            return Math.sqrt(Math.max(second - m * m, 0));
        }
    }
}
