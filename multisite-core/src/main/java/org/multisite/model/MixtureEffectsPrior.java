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
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.GammaDraw;
import org.multisite.mcmc.GaussianDraw;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.RadixOrder;
import org.multisite.numeric.StandardNormal;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;
import org.multisite.prior.ScalePrior;

/**
 * G a mixture of K normals, theta_j = x_j' beta + u_j, u_j ~ sum_k w_k N(mu_k, tau_k^2), with
 * mu_k ~ N(m0, s0^2) and a prior on tau_k (or tau_k^2) shared by the components; covariates are
 * centred and carry no intercept (the mu_k are the locations). Two weight priors:
 * <ul>
 *   <li>{@code mixture}: w ~ Dirichlet(1, ..., 1), K given;</li>
 *   <li>{@code dp}: a Dirichlet process, by the blocked Gibbs sampler with stick-breaking
 *       truncated at K (Ishwaran & James 2001): w_k = V_k prod_{l<k} (1 - V_l), V_K = 1,
 *       V_k ~ Beta(1, alpha), alpha ~ Gamma(a, b); the mass left in the last stick is recorded
 *       as {@code w_last} so the truncation can be checked.</li>
 * </ul>
 * Each update is one Gibbs cycle (a DP's, {@code DP_CYCLES}), with theta integrated out of every step but the last:
 * <ol>
 *   <li>allocations one site at a time with the mu_k integrated out too: P(z_j = k) proportional
 *       to w_k N(yhat_j - x_j' beta; m_k, v_j + tau_k^2 + s_k^2), m_k and s_k^2 the mean and
 *       variance of mu_k given k's other members (a partially collapsed Gibbs sampler, van Dyk &amp;
 *       Park 2008: step 2 draws mu afresh before anything conditions on it; a DP's labels past
 *       the head, all empty, are weighed only when a draw needs them, see {@code Block.drawDp}); then, for the
 *       mixture, reallocation moves on two components' allocations and scales with the weights
 *       integrated out (see {@code reallocate}; step 5 draws the weights), or for the DP
 *       split-merge moves on (z, alpha) with the sticks integrated out (see {@code splitMerge}),
 *       and the sticks drawn again if one was accepted;</li>
 *   <li>per component, tau_k by slice sampling log tau_k with mu_k integrated out, then mu_k | tau_k
 *       (the empty components of a DP, drawn from their prior's chain, in a sweep's last cycle only);</li>
 *   <li>beta by weighted least squares of yhat - mu_z on x, weights 1 / (v_j + tau_z^2);</li>
 *   <li>theta_j | z_j, mu, tau, beta (normal);</li>
 *   <li>the weights: Dirichlet(1 + n_k); or, for the DP, label-switching moves (see
 *       {@code switchLabels}), then V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l) and
 *       alpha by slice sampling log alpha with the sticks integrated out, p(z | alpha) =
 *       prod_{k<K} B(1 + n_k, alpha + n_{>k}) / B(1, alpha), before the sticks are drawn.</li>
 * </ol>
 * Recorded, label-invariant: {@code mu} and {@code tau} (G's mean and SD), for the DP
 * {@code alpha} and {@code clusters} (occupied components); and per component, relabelled by
 * increasing mu_k, {@code w[k]}, {@code mu[k]}, {@code tau[k]} (for the summaries of G).
 */
public final class MixtureEffectsPrior implements EffectsPrior {
    /**
     * A site whose weight in its component's sums exceeds this multiple of what is left when it
     * leaves has the rest summed afresh: taking it out lost about log10 of the ratio in digits.
     */
    private static final double CANCELLATION = 1e6;

    /**
     * The sticks' mass a DP's allocations leave out of the labels weighed for every site (see
     * {@code Block.drawDp}): those labels' sum is bounded and computed only when a draw falls on
     * the bound, so this sets the cost, not the result. A draw falls there with chance about
     * this mass times the ratio of an empty label's predictive bound to the site's predictive
     * under its head, so rarely; and the head ends about log2(1e9) = 30 labels past the last
     * occupied one at alpha = 1 (E[1 - V] = 1/2; the bimodal 100 sites under kl, truncation
     * 1,000), about 140 at alpha = 6 ((6/7)^140 = 4e-10; the same sites under the diffuse prior,
     * truncation 637).
     */
    static final double TAIL_MASS = 1e-9;

    /** The most components (or DP truncation) a model may have: far beyond any G's detail, a bound on the work per sweep. */
    public static final int MAX_COMPONENTS = 1000;

    private final boolean dp;
    private final int components;
    private final Prior.Normal location;
    /** 1 / s0^2, the components' location prior's precision. */
    private final double locationPrecision;
    private final ScalePrior scale;
    private final Prior.Gamma alphaPrior;
    private final List<Prior> beta;
    private final int n;
    private final int p;
    /** Centred covariates, row-major x[j * p + k]. */
    private final double[] x;
    private final List<String> covariates;
    private final double initialScale;
    private final double initialLocation;

    private MixtureEffectsPrior(boolean dp, SiteData sites, int components, Prior.Normal location, ScalePrior scale,
                                Prior.Gamma alphaPrior, List<Prior> beta) {
        if (components < (dp ? 2 : 1) || components > MAX_COMPONENTS) {
            throw InvalidParameterException.of(dp ? "truncation" : "components", components, "must be between " + (dp ? 2 : 1)
                    + " and " + MAX_COMPONENTS);
        }
        if (!scale.prior().proper()) {
            throw InvalidParameterException.prior(scale.target(), scale.prior(), "mixture components need a proper prior on their scale");
        }
        this.dp = dp;
        this.components = components;
        this.location = location;
        this.locationPrecision = 1 / (location.sd() * location.sd());
        this.scale = scale;
        this.alphaPrior = alphaPrior;
        this.beta = List.copyOf(beta);
        this.n = sites.size();
        this.p = sites.covariateCount();
        this.covariates = sites.covariateNames();
        this.x = sites.centredCovariatesRowMajor();
        this.initialScale = sites.robustScale();
        this.initialLocation = sites.robustCentre();
        EffectsPrior.requireLocationPriors(beta);
    }

    /** A K-component mixture with Dirichlet(1, ..., 1) weights. */
    public static MixtureEffectsPrior mixture(SiteData sites, int components, Prior.Normal location, ScalePrior scale,
                                              List<Prior> beta) {
        return new MixtureEffectsPrior(false, sites, components, location, scale, null, beta);
    }

    /** A Dirichlet process mixture, stick-breaking truncated at {@code truncation} components. */
    public static MixtureEffectsPrior dirichletProcess(SiteData sites, int truncation, Prior.Normal location,
                                                       ScalePrior scale, Prior.Gamma alpha, List<Prior> beta) {
        return new MixtureEffectsPrior(true, sites, truncation, location, scale, alpha, beta);
    }

    /** The label in [from, to) where u, a point in the sum of p[from..to), falls. */
    static int pick(double[] p, double u, int from, int to) {
        int k = from;
        while (k < to - 1 && u > p[k]) {
            u -= p[k];
            k++;
        }
        return k;
    }

    /**
     * The label of a DP allocation whose point fell on the tail's bound (see {@code
     * Block.drawDp}): p[0..headEnd) the head's probabilities (sum head), p[headEnd..end) the
     * tail's (sum tail <= bound), fraction the point's place in the bound, uniform in [0, 1).
     * Head labels weigh p_k (bound - tail), tail labels p_l (head + bound).
     */
    static int beyondHead(double[] p, double head, double bound, double tail, double fraction, int headEnd, int end) {
        double headWeight = Math.max(0, bound - tail); // rounding could put tail a hair above its bound
        double tailWeight = head + bound;
        double rest = fraction * (head * headWeight + tail * tailWeight);
        if (rest < head * headWeight) {
            return pick(p, rest / headWeight, 0, headEnd);
        }
        return pick(p, (rest - head * headWeight) / tailWeight, headEnd, end);
    }

    /**
     * A DP component's weight below which G's summaries leave it out: K such components change G's
     * CDF by at most K 1e-14 (K <= 1000), far below any summary's Monte Carlo error.
     */
    static final double NEGLIGIBLE_WEIGHT = 1e-14;

    /** The fewest components a truncation chosen from alpha's prior has: the old fixed default, kept as a floor. */
    static final int MIN_TRUNCATION = 20;

    /**
     * The truncation chosen from alpha's prior: the fewest components K (at least 20, at most
     * {@link #MAX_COMPONENTS}) whose last stick's expected mass, E prod_{k<K} (1 - V_k) =
     * (alpha / (1 + alpha))^(K - 1) for V_k ~ Beta(1, alpha), is below 0.1% at alpha's 95th
     * percentile (our choice: ten times below the guard's 1%, at a high alpha); so the guard
     * ({@code w_last} above 1% in a chain) fires only when the data push alpha far beyond its prior.
     */
    public static int truncationFor(Prior.Gamma alpha) {
        double high = org.apache.commons.statistics.distribution.GammaDistribution.of(alpha.shape(), 1 / alpha.rate())
                .inverseCumulativeProbability(0.95);
        double k = 1 + Math.log(1e-3) / Math.log(high / (1 + high));
        return (int) Math.min(MAX_COMPONENTS, Math.max(MIN_TRUNCATION, Math.ceil(k)));
    }

    /**
     * Defaults scaled to the informative sites ({@link SiteData#robustCentre()} c and r, the
     * larger of {@link SiteData#robustScale()} and the SEs' geometric mean, rounded to three digits): mu_k ~ normal(c, 2 r) and
     * tau_k ~ half_normal(0, r), which leaves room for components far narrower than the spread
     * of the estimates; beta as the normal model's.
     */
    public static Prior.Normal defaultLocation(SiteData sites) {
        return Prior.normal(NormalPriors.round3(sites.robustCentre()), NormalPriors.round3(2 * priorScale(sites)));
    }

    public static ScalePrior defaultScale(SiteData sites) {
        return ScalePrior.onTau(Prior.halfNormal(NormalPriors.round3(priorScale(sites))));
    }

    /**
     * r for the defaults: the informative estimates' robust scale, or the SEs' geometric mean
     * when the estimates are tighter than their SEs (so that the components' priors do not say
     * more than the data can).
     */
    private static double priorScale(SiteData sites) {
        return Math.max(sites.robustScale(), Math.sqrt(sites.geometricMeanVariance()));
    }

    @Override
    public String name() {
        return dp ? "dp" : "mixture";
    }

    /** G's summaries first, then the components (relabelled by increasing location). */
    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(invariantParameters());
        names.addAll(componentParameters());
        return names;
    }

    private List<String> componentParameters() {
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= components; k++) {
            names.add("w[" + k + "]");
        }
        for (int k = 1; k <= components; k++) {
            names.add("mu[" + k + "]");
        }
        for (int k = 1; k <= components; k++) {
            names.add("tau[" + k + "]");
        }
        return names;
    }

    /**
     * The finite mixture's components are summarized too (the contract's w[k], mu[k], tau[k]),
     * relabelled by increasing location; the DP's many, mostly empty, components are not.
     */
    @Override
    public List<String> summarizedParameters() {
        if (dp) {
            return invariantParameters();
        }
        return parameterNames();
    }

    private List<String> invariantParameters() {
        List<String> names = new ArrayList<>(List.of("mu", "tau"));
        if (dp) {
            names.add("alpha");
            names.add("clusters");
            names.add("w_last");
        }
        names.addAll(EffectsPrior.betaNames(covariates));
        return names;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mu[k]", location.toString());
        out.put(scale.target() + "[k]", scale.prior().toString());
        out.put(dp ? "alpha" : "w", dp ? alphaPrior.toString() : "dirichlet(1)");
        EffectsPrior.putBetaPriors(out, covariates, beta);
        return out;
    }

    @Override
    public Prior.Gamma concentration() {
        return alphaPrior;
    }

    @Override
    public String method() {
        return (dp ? "blocked Gibbs for a Dirichlet process mixture truncated at " + components + " components"
                + " with label-switching and split-merge moves, " + DP_CYCLES + " cycles a sweep" : "Gibbs for a " + components + "-component normal mixture with reallocation moves")
                + ": allocations one site at a time with theta and the component means integrated out,"
                + " component scales with theta and their means integrated out (by slice sampling)";
    }

    @Override
    public State newState(UniformRandomProvider rng) {
        return new Block(rng);
    }

    /**
     * Split-merge proposals per cycle of a DP ({@code Block#splitMerge}): 20, or fewer when the
     * sites are many, so that the proposals visit about {@value #SPLIT_MERGE_VISITS} sites a cycle
     * (a proposal visits a component's sites, up to all J): at J = 1,000, twenty would take five
     * times the rest of the cycle (a DP fit 16 s instead of 8).
     */
    static final int SPLIT_MERGE_ATTEMPTS = 20;

    /** Sites the split-merge or reallocation proposals visit a cycle, about (see {@code SPLIT_MERGE_ATTEMPTS}). */
    static final int SPLIT_MERGE_VISITS = 2000;

    /**
     * Reallocation proposals per cycle of a finite mixture ({@code Block#reallocate}), as many as
     * the DP's split-merge moves and limited the same way. On the bimodal 100-site data of
     * bench/peers (4 x 1,000 draws, seeds 1-3), none: the weights' bulk ESS 135-148 and R-hat up
     * to 1.029; 10: 559-721; 20: 1,198-1,329, R-hat at most 1.004, for 0.25 s more; 40: about
     * 2,000 for 0.5 s more.
     */
    static final int REALLOCATIONS = SPLIT_MERGE_ATTEMPTS;

    /**
     * The SD of a reallocation's random-walk step on each log tau_k: 0.3 and 1.2 mixed about as
     * well as 0.7 at 3 moves a cycle (weights' ESS 235-335 against 288-350).
     */
    static final double REALLOCATION_STEP = 0.7;

    /**
     * Room for rounding when a move is rejected before its reverse allocation is complete
     * ({@code Block#allocate}'s floor), relative to the log marginal (or bound) the floor rests
     * on. Two things round: the reallocation's present marginal, kept per component, is summed
     * in another order than the reverse sums it, and a sum of n terms in another order differs
     * by at most about 2 (n - 1) u times the terms' magnitudes (Higham 2002, Accuracy and
     * Stability of Numerical Algorithms, section 4.2; u = 1.1e-16), 2.2e-11 of them at n = 100,000
     * sites; and the floor is met as a product below exp(floor), a few u off the logarithm.
     */
    private static final double ROUNDING_ROOM = 1e-9;

    /**
     * Gibbs cycles per update of a DP (one for a finite mixture): the number of clusters still
     * moves slowly with alpha, so one sweep of a DP is three cycles. On the bimodal 100-site data
     * of bench/peers (4 x 1,000 draws, seeds 1-4) the cluster count's bulk ESS rose from 84-107
     * to 564-743 and alpha's from 143-187 to 760-1,081, at 2.0-2.3 s instead of 1.1-1.4 s whole
     * process: the split-merge moves did about half of it, the three cycles the rest (one cycle:
     * cluster count 182-290; two: 413-491).
     */
    static final int DP_CYCLES = 3;

    /**
     * The least chance that a split-merge move's second site lies outside the first's component
     * (a merge proposal). Uniform pairs propose to merge a small component as rarely as its sites
     * are drawn: at 1,000 sites of a normal G (one large component and a few small ones, bench/run's
     * data, seeds 1-4, 4 x 1,000 draws), the cluster count's bulk ESS was 114-373 (R-hat up to
     * 1.035); with this floor 223-406 (R-hat at most 1.011), with 0.25 168-372. On the bimodal
     * 100 sites it is unchanged (684-837 against 690-759); always 1/2 (without the uniform rate
     * above it) gave 389-598 at 1,000 sites but 540-645 and R-hat up to 1.012 there.
     */
    static final double CROSS_FLOOR = 0.5;

    /**
     * A set of residuals r_l ~ N(mu, 1 / w_l) with mu ~ N(m0, s0^2): mu's posterior precision and
     * mean, and the weighted sum of squares about it, updated one site at a time (West 1979's
     * weighted updates: no difference of large sums), for the marginal likelihood and the
     * predictive of the next site.
     */
    private final class Side {
        int count;
        double precision;
        double mean;
        double squares;
        /** The product of the weights is logWeights + log(weights): a logarithm taken only when the product runs far from 1. */
        double logWeights;
        double weights;

        Side reset() {
            count = 0;
            precision = locationPrecision;
            mean = location.mean();
            squares = 0;
            logWeights = 0;
            weights = 1;
            return this;
        }

        Side add(double weight, double r) {
            count++;
            double next = precision + weight;
            double shift = weight * (r - mean) / next;
            squares += weight * (r - mean) * (r - mean - shift);
            mean += shift;
            precision = next;
            weights *= weight;
            if (weights > 1e200 || weights < 1e-200) {
                logWeights += Math.log(weights);
                weights = 1;
            }
            return this;
        }

        /** log m(the side's residuals), without (2 pi)^(-count / 2), which the moves' sides share. */
        double logMarginal() {
            return 0.5 * (logWeights + Math.log(weights) + Math.log(locationPrecision / precision) - squares);
        }
    }

    private final class Block implements State {
        private final NormalizedGaussianSampler gaussian;
        private final SliceSampler slice = SliceSampler.onLogScale("tau[k]");
        private final SliceSampler alphaSlice = SliceSampler.onLogScale("alpha");
        private double logAlpha;
        private final double[] w = new double[components];
        /** The DP's sticks V_k, w_k = V_k prod_{l<k} (1 - V_l); V_K = 1. */
        private final double[] stick = new double[components];
        private final double[] mu = new double[components];
        private final double[] logTau = new double[components];
        private final double[] probabilities = new double[components];
        private final RadixOrder locationOrder = new RadixOrder(components);
        /** tailMass[k] = sum of w over the labels k and above (the DP's allocations, step 1). */
        private final double[] tailMass = new double[components + 1];
        /** The DP's labels below this are weighed for every site; see {@code drawDp}. */
        private int headEnd;
        private final double[] tau2 = new double[components];
        /** Per component, the precision and precision-weighted mean of mu_k given its members (step 1). */
        private final double[] precisionSum = new double[components];
        private final double[] weightedSum = new double[components];
        private final double[] muMean = new double[components];
        private final double[] muVariance = new double[components];
        /** Whether z holds an allocation (not before the first sweep). */
        private boolean allocated;
        private final int[] z = new int[n];
        private final int[] counts = new int[components];
        /** The occupied components' labels, for the label-switching moves. */
        private final int[] occupiedLabels = new int[components];
        /** Sites grouped by component: members[start[k] .. start[k + 1]) are those allocated to k. */
        private final int[] start = new int[components + 1];
        private final int[] members = new int[n];
        private final int[] cursor = new int[components];
        private final double[] b = new double[p];
        private final double[] residual = new double[n];
        private final GaussianDraw slopes = new GaussianDraw(p);
        /** The split-merge moves' scratch: the members in random order, the side each joins, the sides' sums. */
        private final int[] shuffled = new int[n];
        private final boolean[] sideOfA = new boolean[n];
        /** Whether the last {@link #allocate} stopped at its floor. */
        private boolean stoppedEarly;
        /** log n! for n up to the number of sites (the moves' {@code sizeFactor}). */
        private final double[] logFactorial;
        /** {@code allocationPriorInAlpha(alpha)} of the present allocation during one round of moves (NaN: not computed). */
        private double presentPrior;
        /** Each component's log m under its scale during one round of moves (NaN: not computed). */
        private final double[] componentMarginal = new double[components];
        private final Side sideA = new Side();
        private final Side sideB = new Side();
        private final Side sideC = new Side();
        private double alpha;
        private double lastStick;
        private int component;
        private double[] v;
        /** log p(tau_k | the sites allocated to k), mu_k and theta integrated out, on log tau_k. */
        private final DoubleUnaryOperator tauTarget = u -> {
            double t2 = Math.exp(2 * u);
            double prec0 = locationPrecision;
            double a = prec0;
            double bb = location.mean() * prec0;
            double quad = location.mean() * location.mean() * prec0;
            double logW = 0;
            for (int m = start[component]; m < start[component + 1]; m++) {
                int j = members[m];
                double wj = 1 / (v[j] + t2);
                a += wj;
                bb += wj * residual[j];
                quad += wj * residual[j] * residual[j];
                logW += Math.log(wj);
            }
            return 0.5 * (logW - Math.log(a) - quad + bb * bb / a) + scale.logDensityTau(Math.exp(u)) + u;
        };

        /**
         * log p(alpha) + log p(z | alpha) on log alpha, the sticks integrated out
         * ({@code allocationPriorInAlpha}).
         */
        private final DoubleUnaryOperator alphaTarget = u -> {
            double a = Math.exp(u);
            return alphaPrior.logDensity(a) + u + allocationPriorInAlpha(a);
        };

        Block(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            logFactorial = new double[n + 1];
            for (int m = 1; m < logFactorial.length; m++) {
                logFactorial[m] = logFactorial[m - 1] + Math.log(m);
            }
            alpha = dp ? alphaPrior.shape() / alphaPrior.rate() : 1;
            logAlpha = Math.log(alpha);
            // A mixture starts with equal weights. A DP starts with halving sticks, so the first
            // allocation uses a few low labels: equal weights over a long truncation spread the
            // sites over hundreds of labels, whose empty labels between them (each a factor
            // alpha / (alpha + n_{>k}) of p(z | alpha)) hold alpha high, while a high alpha keeps
            // new labels spread; chains started so stayed there (the Bogota schools under the
            // diffuse prior, truncation 349: alpha near 280 and 14 clusters in one chain of four,
            // against 0.7 and 1.3 in the others; the bimodal 100 sites under kl, truncation
            // 1,000: alpha near 2,400 in all four)
            double remaining = 1;
            for (int k = 0; k < components; k++) {
                stick[k] = k == components - 1 ? 1 : dp ? 0.5 : 1.0 / (components - k);
                w[k] = stick[k] * remaining;
                remaining -= w[k];
                mu[k] = initialLocation + initialScale * gaussian.sample();
                logTau[k] = scale.logStartTau(Math.log(initialScale / 2) + rng.nextDouble() - 0.5);
            }
        }

        @Override
        public void update(double[] yhat, double[] vNow, double[] theta, UniformRandomProvider rng) {
            v = vNow;
            for (int cycle = dp ? DP_CYCLES : 1; cycle > 0; cycle--) {
                cycle(yhat, theta, cycle == 1, rng);
            }
        }

        /**
         * One Gibbs cycle, steps 1 to 5 of the class comment; step 2 updates the empty components
         * (their scale and location drawn from the prior's chain) in a sweep's last cycle only: a
         * DP's truncation may hold hundreds of them, while the scan stays a fixed sequence of
         * valid updates.
         */
        private void cycle(double[] yhat, double[] theta, boolean last, UniformRandomProvider rng) {
            // residuals of the covariates' part (no intercept: the mu_k are the locations)
            for (int j = 0; j < n; j++) {
                double r = yhat[j];
                for (int k = 0; k < p; k++) {
                    r -= x[j * p + k] * b[k];
                }
                residual[j] = r;
            }
            // Step 1: allocations one site at a time, theta and every mu_k integrated out: site j
            // joins k with probability proportional to w_k times its predictive given k's other
            // members, N(r_j; B_k / A_k, v_j + tau_k^2 + 1 / A_k) with A_k, B_k the precision and
            // precision-weighted mean of mu_k's posterior (a partially collapsed Gibbs sampler,
            // van Dyk & Park 2008: step 2 draws mu afresh before anything conditions on it)
            for (int k = 0; k < components; k++) {
                tau2[k] = Math.exp(2 * logTau[k]);
                precisionSum[k] = locationPrecision;
                weightedSum[k] = location.mean() * precisionSum[k];
            }
            for (int j = 0; j < n; j++) {
                if (allocated) {
                    double wj = 1 / (v[j] + tau2[z[j]]);
                    precisionSum[z[j]] += wj;
                    weightedSum[z[j]] += wj * residual[j];
                }
            }
            for (int k = 0; k < components; k++) {
                predictive(k);
            }
            if (dp) {
                startHead();
            }
            java.util.Arrays.fill(counts, 0);
            for (int j = 0; j < n; j++) {
                if (allocated) {
                    int k = z[j];
                    double wj = 1 / (v[j] + tau2[k]);
                    precisionSum[k] -= wj;
                    weightedSum[k] -= wj * residual[j];
                    if (wj > CANCELLATION * precisionSum[k]) {
                        // the site outweighed the rest of its component (SEs orders of magnitude
                        // apart): the difference lost those digits, so sum the rest afresh
                        resum(k, j);
                    }
                    predictive(k);
                }
                int k = dp ? drawDp(j, rng) : draw(j, components, rng);
                z[j] = k;
                counts[k]++;
                double wj = 1 / (v[j] + tau2[k]);
                precisionSum[k] += wj;
                weightedSum[k] += wj * residual[j];
                predictive(k);
            }
            allocated = true;
            group();
            // Step 1b: for a finite mixture, reallocation moves (the weights are drawn in step 5,
            // after them); for the DP, split-merge moves. Both regroup the sites after each accepted move
            if (!dp && n > 1 && components > 1) {
                reallocate(rng);
            }
            if (dp && n > 1 && splitMerge(rng)) {
                // the moves integrated the sticks out: draw them again before anything reads them
                drawSticks(rng);
            }
            // Step 2: each component's scale (mu_k, theta integrated out) and location
            for (int k = 0; k < components; k++) {
                if (counts[k] == 0 && !last) {
                    continue;
                }
                component = k;
                logTau[k] = slice.sample(tauTarget, logTau[k], rng);
                double t2 = Math.exp(2 * logTau[k]);
                double prec = locationPrecision;
                double num = location.mean() * prec;
                for (int m = start[k]; m < start[k + 1]; m++) {
                    int j = members[m];
                    double wj = 1 / (v[j] + t2);
                    prec += wj;
                    num += wj * residual[j];
                }
                mu[k] = num / prec + gaussian.sample() / Math.sqrt(prec);
            }
            // Step 3: covariate slopes, theta integrated out
            if (p > 0) {
                drawSlopes(yhat);
            }
            // Step 4: theta_j | z_j
            for (int j = 0; j < n; j++) {
                double m = mu[z[j]];
                for (int k = 0; k < p; k++) {
                    m += x[j * p + k] * b[k];
                }
                double t2 = Math.exp(2 * logTau[z[j]]);
                double shrink = v[j] / (v[j] + t2);
                theta[j] = m + (1 - shrink) * (yhat[j] - m) + Math.sqrt(shrink * t2) * gaussian.sample();
            }
            // Step 5: weights
            if (dp) {
                switchLabels(rng);
                // alpha with the sticks integrated out, then the sticks given alpha: alpha is
                // not held by the many empty sticks of a long truncation
                logAlpha = alphaSlice.sample(alphaTarget, logAlpha, rng);
                alpha = Math.exp(logAlpha);
                drawSticks(rng);
            } else {
                double total = 0;
                for (int k = 0; k < components; k++) {
                    w[k] = GammaDraw.sample(1 + counts[k], rng, gaussian);
                    total += w[k];
                }
                for (int k = 0; k < components; k++) {
                    w[k] /= total;
                }
            }
        }

        /** Groups the sites by component (a counting sort), so each component's updates see only its own. */
        private void group() {
            start[0] = 0;
            for (int k = 0; k < components; k++) {
                start[k + 1] = start[k] + counts[k];
                cursor[k] = start[k];
            }
            for (int j = 0; j < n; j++) {
                members[cursor[z[j]]++] = j;
            }
        }

        /**
         * Split-merge moves for the DP's allocations (Jain &amp; Neal 2004), by sequential
         * allocation (Dahl 2003): Metropolis-Hastings moves on (z, alpha) with the sticks, theta
         * and every mu_k integrated out and the tau_k held, whose target is p(alpha) p(z | alpha)
         * prod_k m(S_k | tau_k) (the labelled stick-breaking prior of {@code allocationPriorInAlpha}
         * and each component's marginal likelihood), {@code SPLIT_MERGE_ATTEMPTS} or fewer a cycle.
         * Two distinct sites i and j are drawn, i uniformly and j by {@code pairedSite} (as
         * uniformly, but outside i's component at least half the time, the pair's probabilities
         * entering the ratio); if they share a component a, propose to split it:
         * i stays in a, j starts the lowest empty label b (whose tau_b, an empty component's, was
         * drawn from its prior), and a's other members join i's or j's side one at a time in random
         * order with probability proportional to the side's size times the site's predictive given
         * the side so far. If they do not, propose to merge j's component b into i's a, when b
         * would then be the lowest empty label (the reverse split's only choice); the reverse
         * proposal's probability is that of the sequential allocation reproducing the present
         * split.
         *
         * <p>The one-site Gibbs step moves one site at a time, so the number of clusters K, and
         * alpha with it, drift; these moves change K by one at once, and take alpha along: K ->
         * K' takes alpha to alpha K' / K (alpha's posterior grows about in proportion to K), a map
         * the reverse move undoes, whose Jacobian K' / K enters the ratio. On the bimodal data of
         * bench/peers, 10 moves a cycle raised the cluster count's ESS about sixfold with alpha
         * held, but only twofold with alpha free: K and alpha hold each other, which moving alpha
         * with K eased by about a further 30% (drawing alpha' from a t fitted to p(alpha | z') did
         * no better, at more cost).
         *
         * @return whether a move was accepted
         */
        private boolean splitMerge(UniformRandomProvider rng) {
            boolean moved = false;
            int occupied = 0;
            for (int k = 0; k < components; k++) {
                occupied += counts[k] > 0 ? 1 : 0;
                componentMarginal[k] = Double.NaN;
            }
            presentPrior = Double.NaN;
            for (int attempt = movesPerCycle(SPLIT_MERGE_ATTEMPTS); attempt > 0; attempt--) {
                int i = rng.nextInt(n);
                int a = z[i];
                int j = pairedSite(i, a, rng);
                boolean split = z[j] == a;
                int b = split ? 0 : z[j];
                if (split) {
                    while (b < components && counts[b] > 0) {
                        b++;
                    }
                    if (b == components) {
                        continue;
                    }
                } else {
                    boolean lowestEmpty = true;
                    for (int k = 0; k < b && lowestEmpty; k++) {
                        lowestEmpty = counts[k] > 0;
                    }
                    if (!lowestEmpty) {
                        continue;
                    }
                }
                if (split ? trySplit(i, j, a, b, occupied, rng) : tryMerge(i, j, a, b, occupied, rng)) {
                    occupied += split ? 1 : -1;
                    componentMarginal[a] = Double.NaN;
                    componentMarginal[b] = Double.NaN;
                    presentPrior = Double.NaN;
                    group();
                    moved = true;
                }
            }
            return moved;
        }

        /**
         * Reallocation moves for a finite mixture: Metropolis-Hastings moves on the allocations
         * of two components and their scales, (z, tau_a, tau_b), with the weights, theta and the
         * mu_k integrated out (target p(z) prod_k p(tau_k) m(S_k | tau_k), p(z) proportional to
         * prod_k n_k! under Dirichlet(1, ..., 1) weights). Two sites i and j in different
         * components a and b are drawn; each scale takes a random-walk step on its log, and the
         * two components' other members are allocated afresh one at a time, in random order, by
         * {@code allocate} under the new scales (i seeding a, j seeding b); the reverse is the
         * present allocation under the present scales. One site at a time, the Gibbs step cannot
         * turn a narrow component into a wide one that takes over half the sites: this moves the
         * scales and the sites together.
         */
        private void reallocate(UniformRandomProvider rng) {
            java.util.Arrays.fill(componentMarginal, Double.NaN);
            for (int attempt = movesPerCycle(REALLOCATIONS); attempt > 0; attempt--) {
                int i = rng.nextInt(n);
                int j = otherSite(i, rng);
                int a = z[i];
                int b = z[j];
                if (a != b && tryReallocate(i, j, a, b, rng)) {
                    group();
                }
            }
        }

        private boolean tryReallocate(int i, int j, int a, int b, UniformRandomProvider rng) {
            double stepA = REALLOCATION_STEP * gaussian.sample();
            double stepB = REALLOCATION_STEP * gaussian.sample();
            double tauA = Math.exp(logTau[a] + stepA);
            double tauB = Math.exp(logTau[b] + stepB);
            // the scales' prior ratio and the Jacobian of the steps on their logs
            double scaleChange = scale.logDensityTau(tauA) + scale.logDensityTau(tauB) + stepA + stepB
                    - scale.logDensityTau(Math.exp(logTau[a])) - scale.logDensityTau(Math.exp(logTau[b]));
            if (!(scaleChange > Double.NEGATIVE_INFINITY)) {
                return false;
            }
            int others = shuffleOthers(i, j, a, b, rng);
            double forward = allocate(i, j, tauA * tauA, tauB * tauB, others, a, rng, Double.NEGATIVE_INFINITY);
            double proposed = sideA.logMarginal() + sideB.logMarginal() + logFactorial[sideA.count] + logFactorial[sideB.count];
            int proposedA = sideA.count;
            int proposedB = sideB.count;
            double logU = Math.log(rng.nextDouble());
            // the reverse allocation's log probability only falls as it goes: once it is below
            // what acceptance needs, the move is rejected, and the rest of it is not computed. What
            // it needs rests on the present allocation's marginal, kept per component between
            // accepted moves; the present summed in the reverse's order differs from it only by
            // rounding, for which the bound leaves room
            double ta = Math.exp(2 * logTau[a]);
            double tb = Math.exp(2 * logTau[b]);
            double kept = marginal(a, ta) + marginal(b, tb) + logFactorial[counts[a]] + logFactorial[counts[b]];
            double needed = logU - (proposed - kept - forward + scaleChange);
            double reverse = allocate(i, j, ta, tb, others, a, null, needed - ROUNDING_ROOM * (1 + Math.abs(kept)));
            if (stoppedEarly) {
                return false;
            }
            double present = sideA.logMarginal() + sideB.logMarginal() + logFactorial[sideA.count] + logFactorial[sideB.count];
            if (logU < proposed - present + reverse - forward + scaleChange) {
                componentMarginal[a] = Double.NaN;
                componentMarginal[b] = Double.NaN;
                logTau[a] += stepA;
                logTau[b] += stepB;
                for (int m = 0; m < others; m++) {
                    z[shuffled[m]] = sideOfA[m] ? a : b;
                }
                counts[a] = proposedA;
                counts[b] = proposedB;
                return true;
            }
            return false;
        }

        /** At most {@code most} moves a cycle, fewer when the sites are many: about {@value #SPLIT_MERGE_VISITS} sites visited. */
        private int movesPerCycle(int most) {
            return Math.max(1, Math.min(most, SPLIT_MERGE_VISITS / n));
        }

        /** A site other than i, uniformly: the moves' second site. */
        private int otherSite(int i, UniformRandomProvider rng) {
            int j = rng.nextInt(n - 1);
            return j >= i ? j + 1 : j;
        }

        /**
         * The split-merge moves' second site: with chance {@link #crossChance} one outside i's
         * component (a merge), otherwise another of its members (a split), uniformly within the
         * chosen set. Uniform pairs propose a merge as rarely as sites sit outside the largest
         * component: with 1,000 sites and a second component of 10, one move in 50.
         */
        private int pairedSite(int i, int a, UniformRandomProvider rng) {
            int size = counts[a];
            double cross = crossChance(size);
            if (cross == 1 || (cross > 0 && rng.nextDouble() < cross)) {
                int r = rng.nextInt(n - size);
                return r < start[a] ? members[r] : members[r + size];
            }
            int at = start[a];
            while (members[at] != i) {
                at++;
            }
            int r = start[a] + rng.nextInt(size - 1);
            return members[r >= at ? r + 1 : r];
        }

        /**
         * The chance that {@link #pairedSite} looks outside i's component of this size: as with a
         * uniform second site, (n - size) / (n - 1), but at least {@value #CROSS_FLOOR} when both
         * sets have sites.
         */
        private double crossChance(int size) {
            return size == n ? 0 : size == 1 ? 1 : Math.max((n - size) / (n - 1.0), CROSS_FLOOR);
        }

        /**
         * log of the chance that {@link #pairedSite} picks a given j for a given i whose component
         * has this size, j in it ({@code same}) or not (the first site's 1/n is common to a move
         * and its reverse).
         */
        private double logPair(int size, boolean same) {
            double cross = crossChance(size);
            return same ? Math.log((1 - cross) / (size - 1)) : Math.log(cross / (n - size));
        }

        /** Proposes to split a: i keeps it, j starts b; see {@link #splitMerge}. */
        private boolean trySplit(int i, int j, int a, int b, int occupied, UniformRandomProvider rng) {
            int others = shuffleOthers(i, j, a, -1, rng);
            double ta = Math.exp(2 * logTau[a]);
            double logProposal = allocate(i, j, ta, Math.exp(2 * logTau[b]), others, a, rng, Double.NEGATIVE_INFINITY);
            double splitLikelihood = sideA.logMarginal() + sideB.logMarginal() - marginal(a, ta);
            int moving = sideB.count;
            int na = counts[a];
            // priorChange leaves the split's sizes in counts
            double logRatio = splitLikelihood - logProposal + logPair(na - moving, false) - logPair(na, true)
                    + priorChange(a, b, na - moving, moving, occupied + 1.0, occupied);
            if (Math.log(rng.nextDouble()) < logRatio) {
                acceptAlpha(occupied + 1.0, occupied);
                z[j] = b;
                for (int m = 0; m < others; m++) {
                    if (!sideOfA[m]) {
                        z[shuffled[m]] = b;
                    }
                }
                return true;
            }
            counts[a] += moving;
            counts[b] = 0;
            return false;
        }

        /**
         * Proposes to merge b into a; see {@link #splitMerge}. The reverse split's probability
         * can only lower the ratio, so it is computed only when the rest would accept.
         */
        private boolean tryMerge(int i, int j, int a, int b, int occupied, UniformRandomProvider rng) {
            double ta = Math.exp(2 * logTau[a]);
            double tb = Math.exp(2 * logTau[b]);
            double splitLikelihood = marginal(a, ta) + marginal(b, tb) - marginal(a, b, ta);
            int na = counts[a];
            int nb = counts[b];
            double bound = priorChange(a, b, na + nb, 0, occupied - 1.0, occupied) - splitLikelihood
                    + logPair(na + nb, true) - logPair(na, false);
            double logU = Math.log(rng.nextDouble());
            if (logU < bound) {
                int others = shuffleOthers(i, j, a, b, rng);
                // the reverse split's probability only falls as it goes: stop once the move fails
                double reverse = allocate(i, j, ta, tb, others, a, null, logU - bound - ROUNDING_ROOM * (1 + Math.abs(bound)));
                if (!stoppedEarly && logU < bound + reverse) {
                    acceptAlpha(occupied - 1.0, occupied);
                    for (int m = start[b]; m < start[b + 1]; m++) {
                        z[members[m]] = a;
                    }
                    return true;
                }
            }
            counts[a] = na;
            counts[b] = nb;
            return false;
        }

        /** Puts the members of a (and of b, unless b &lt; 0) other than i and j in random order in {@code shuffled}. */
        private int shuffleOthers(int i, int j, int a, int b, UniformRandomProvider rng) {
            int others = 0;
            for (int m = start[a]; m < start[a + 1]; m++) {
                if (members[m] != i && members[m] != j) {
                    shuffled[others++] = members[m];
                }
            }
            if (b >= 0) {
                for (int m = start[b]; m < start[b + 1]; m++) {
                    if (members[m] != j) {
                        shuffled[others++] = members[m];
                    }
                }
            }
            for (int m = others - 1; m > 0; m--) {
                int r = rng.nextInt(m + 1);
                int t = shuffled[m];
                shuffled[m] = shuffled[r];
                shuffled[r] = t;
            }
            return others;
        }

        /**
         * The sequential allocation of {@code shuffled[0 .. others)} to i's side (scale ta) or j's
         * (tb), built in {@code sideA} and {@code sideB}: drawn when {@code rng} is given (a
         * split; each site's side then in {@code sideOfA}), else following z, where a is i's side
         * (the reverse of a merge). Following z, it stops as soon as the log probability falls
         * below {@code floor} ({@code stoppedEarly}; each site's term is at most 0, so the whole
         * would be below it too); drawing, it never stops, so that it uses the same random numbers.
         *
         * @return the log probability of the allocation, or of its part before it stopped
         */
        private double allocate(int i, int j, double ta, double tb, int others, int a, UniformRandomProvider rng, double floor) {
            Side sa = sideA.reset().add(1 / (v[i] + ta), residual[i]);
            Side sb = sideB.reset().add(1 / (v[j] + tb), residual[j]);
            stoppedEarly = false;
            // the probability as a product, its logarithm taken when it runs small; the product
            // falls below limit exactly when logProposal + log(proposal) falls below the floor
            double logProposal = 0;
            double proposal = 1;
            boolean stops = rng == null && floor > Double.NEGATIVE_INFINITY;
            double limit = stops ? Math.exp(floor) : 0;
            for (int m = 0; m < others; m++) {
                int l = shuffled[m];
                // the odds of b's side against a's: sizes times predictive densities
                double varA = v[l] + ta + 1 / sa.precision;
                double varB = v[l] + tb + 1 / sb.precision;
                double da = residual[l] - sa.mean;
                double db = residual[l] - sb.mean;
                double exponent = 0.5 * (da * da / varA - db * db / varB);
                double odds = (double) sb.count / sa.count * Math.sqrt(varA / varB) * Math.exp(exponent);
                boolean joinsA = rng != null ? rng.nextDouble() * (1 + odds) < 1 : z[l] == a;
                double chosen = joinsA ? 1 / (1 + odds) : 1 / (1 + 1 / odds);
                if (chosen < 1e-300) {
                    // too small for the product (or rounded to 0): on the log scale
                    double logOdds = Math.log((double) sb.count / sa.count) + 0.5 * Math.log(varA / varB) + exponent;
                    logProposal -= softplus(joinsA ? logOdds : -logOdds);
                    limit = stops ? Math.exp(floor - logProposal) : 0;
                } else {
                    proposal *= chosen;
                    if (proposal < 1e-200) {
                        logProposal += Math.log(proposal);
                        proposal = 1;
                        limit = stops ? Math.exp(floor - logProposal) : 0;
                    }
                }
                if (proposal < limit) {
                    stoppedEarly = true;
                    return logProposal + Math.log(proposal);
                }
                if (joinsA) {
                    sa.add(1 / (v[l] + ta), residual[l]);
                } else {
                    sb.add(1 / (v[l] + tb), residual[l]);
                }
                if (rng != null) {
                    sideOfA[m] = joinsA;
                }
            }
            return logProposal + Math.log(proposal);
        }

        /** log(1 + e^x) without overflow. */
        private static double softplus(double x) {
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }

        /** log m of component k's members under its scale t2, kept until k or its scale changes. */
        private double marginal(int k, double t2) {
            if (Double.isNaN(componentMarginal[k])) {
                componentMarginal[k] = marginal(k, -1, t2);
            }
            return componentMarginal[k];
        }

        /** log m of the members of a (and of b, unless b &lt; 0) under the scale t2. */
        private double marginal(int a, int b, double t2) {
            Side side = sideC.reset();
            for (int m = start[a]; m < start[a + 1]; m++) {
                side.add(1 / (v[members[m]] + t2), residual[members[m]]);
            }
            if (b >= 0) {
                for (int m = start[b]; m < start[b + 1]; m++) {
                    side.add(1 / (v[members[m]] + t2), residual[members[m]]);
                }
            }
            return side.logMarginal();
        }

        /**
         * log p(alpha') p(z' | alpha') - log p(alpha) p(z | alpha) plus the log Jacobian of alpha'
         * = alpha K' / K, z' having na at a and nb at b (left in {@code counts}).
         */
        private double priorChange(int a, int b, int na, int nb, double kNew, int k) {
            double logScale = Math.log(kNew / k);
            double alphaNew = alpha * kNew / k;
            if (Double.isNaN(presentPrior)) {
                presentPrior = allocationPriorInAlpha(alpha);
            }
            double before = presentPrior + sizeFactor(a) + sizeFactor(b);
            counts[a] = na;
            counts[b] = nb;
            double after = allocationPriorInAlpha(alphaNew) + sizeFactor(a) + sizeFactor(b);
            // gamma(shape, rate): log p(alpha') - log p(alpha) = (shape - 1) log(alpha' / alpha) -
            // rate (alpha' - alpha), and the Jacobian adds log(alpha' / alpha)
            return after - before + alphaPrior.shape() * logScale - alphaPrior.rate() * (alphaNew - alpha);
        }

        /** Alpha moved with the number of clusters, from k to kNew: alpha K' / K. */
        private void acceptAlpha(double kNew, int k) {
            alpha = alpha * kNew / k;
            logAlpha = Math.log(alpha);
        }

        /**
         * log p(z | alpha) with the sticks integrated out, up to a constant, but for the n_k! of
         * {@code sizeFactor}: with V_k ~ Beta(1, alpha), p(z | alpha) = prod_{k < K} B(1 + n_k,
         * alpha + n_{>k}) / B(1, alpha), whose factors are 1 past the last occupied label and
         * telescope to prod_{k <= L} alpha n_k! / (alpha + n_{>=k}) times Gamma(alpha + n_{>L}) /
         * Gamma(alpha + n), L the last occupied label below K (n_{>L} = 0 unless label K is
         * occupied): two log-gammas and a logarithm a label instead of three log-gammas a label.
         */
        private double allocationPriorInAlpha(double a) {
            double logA = Math.log(a);
            double sum = 0;
            int later = n;
            for (int k = 0; k < components - 1 && later > 0; k++) {
                sum += logA - Math.log(a + later);
                later -= counts[k];
            }
            return sum + LogGamma.value(a + later) - LogGamma.value(a + n);
        }

        /** log n_k! of label k in p(z | alpha) (none for the last label, whose stick is fixed). */
        private double sizeFactor(int k) {
            return k < components - 1 ? logFactorial[counts[k]] : 0;
        }

        /** The sums of component k's members but site {@code except}, from scratch. */
        private void resum(int k, int except) {
            double a = locationPrecision;
            double b = location.mean() * a;
            for (int i = 0; i < n; i++) {
                if (i != except && z[i] == k) {
                    double wi = 1 / (v[i] + tau2[k]);
                    a += wi;
                    b += wi * residual[i];
                }
            }
            precisionSum[k] = a;
            weightedSum[k] = b;
        }

        /**
         * Site j's component from w_k N(r_j; m_k, v_j + tau_k^2 + 1 / A_k) over the labels below
         * {@code end}, the predictive of step 1 (without the constant: one sqrt and one exp a label).
         */
        private int draw(int j, int end, UniformRandomProvider rng) {
            double total = weigh(j, 0, end);
            if (!(total > 0)) {
                // every component underflowed: redo on the log scale
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < end; k++) {
                    double var = v[j] + tau2[k] + muVariance[k];
                    double d = residual[j] - muMean[k];
                    probabilities[k] = Math.log(w[k]) - 0.5 * Math.log(var) - 0.5 * d * d / var;
                    max = Math.max(max, probabilities[k]);
                }
                total = 0;
                for (int k = 0; k < end; k++) {
                    probabilities[k] = Math.exp(probabilities[k] - max);
                    total += probabilities[k];
                }
            }
            return pick(probabilities, rng.nextDouble() * total, 0, end);
        }

        /** probabilities[k] of {@link #draw} for k in [from, to); returns their sum. */
        private double weigh(int j, int from, int to) {
            double total = 0;
            for (int k = from; k < to; k++) {
                double var = v[j] + tau2[k] + muVariance[k];
                double d = residual[j] - muMean[k];
                probabilities[k] = w[k] / Math.sqrt(var) * Math.exp(-0.5 * d * d / var);
                total += probabilities[k];
            }
            return total;
        }

        /**
         * The DP's labels from the head, the lowest labels up past the last occupied one that
         * hold all but {@value #TAIL_MASS} of the sticks' mass: a long truncation's other labels,
         * the tail, are empty, with a predictive below w_k / sqrt(v_j + s0^2) each (tau_k^2 >= 0,
         * the exponential at most 1), so their sum T is below B = (their mass) / sqrt(v_j + s0^2).
         * A point u is drawn in [0, H + B), H the head's sum: below H it picks in the head, as a
         * draw over all labels would. Otherwise (chance B / (H + B)) T is computed and the label
         * is drawn from head labels in proportion to p_k (B - T) and tail labels to p_l (H + B),
         * with u's position beyond H as the uniform: each label's chance is then p_k / (H + T)
         * overall, exact, with the tail weighed only when u falls on the bound. The head grows
         * when a site joins a tail label.
         */
        private int drawDp(int j, UniformRandomProvider rng) {
            double head = weigh(j, 0, headEnd);
            if (!(head > 0) || headEnd == components) {
                return draw(j, components, rng);
            }
            double bound = tailMass[headEnd] / Math.sqrt(v[j] + 1 / locationPrecision);
            double u = rng.nextDouble() * (head + bound);
            if (u < head) {
                return pick(probabilities, u, 0, headEnd);
            }
            double tail = weigh(j, headEnd, components);
            int k = beyondHead(probabilities, head, bound, tail, (u - head) / bound, headEnd, components);
            headEnd = Math.max(headEnd, k + 1);
            return k;
        }

        /** The head of {@link #drawDp} for this cycle's sticks and allocations. */
        private void startHead() {
            tailMass[components] = 0;
            for (int k = components - 1; k >= 0; k--) {
                tailMass[k] = tailMass[k + 1] + w[k];
            }
            int lastOccupied = -1;
            if (allocated) {
                for (int j = 0; j < n; j++) {
                    lastOccupied = Math.max(lastOccupied, z[j]);
                }
            }
            headEnd = lastOccupied + 1;
            while (headEnd < components && tailMass[headEnd] > TAIL_MASS * tailMass[0]) {
                headEnd++;
            }
        }

        /** mu_k's posterior mean and variance given its members, from their sums (step 1). */
        private void predictive(int k) {
            muMean[k] = weightedSum[k] / precisionSum[k];
            muVariance[k] = 1 / precisionSum[k];
        }

        /**
         * The label-switching moves of Papaspiliopoulos & Roberts (2008, section 3.4), which
         * Hastie, Liverani & Richardson (2015, Stat. Comput. 25) found necessary for the blocked
         * and slice samplers of a DP mixture: without them the stick order, and with it alpha and
         * the number of occupied clusters, mix very slowly. Both are Metropolis moves on
         * (allocations, component parameters, sticks) whose likelihood does not change, since the
         * parameters travel with their labels; only prod_k w_k^{n_k} does. With labels drawn
         * uniformly (the proposals are symmetric), K of each per sweep:
         * <ol>
         *   <li>swap an occupied component a and any component b: accept with min(1, (w_b / w_a)^{n_a - n_b});</li>
         *   <li>swap adjacent components k and k + 1 together with their sticks (not the last,
         *       fixed one): accept with min(1, (1 - V_{k+1})^{n_k} / (1 - V_k)^{n_{k+1}}).</li>
         * </ol>
         */
        private void switchLabels(UniformRandomProvider rng) {
            // move 1 picks a among the occupied components and b among all: the reverse move
            // (b now occupied, a any) has the same probability, 1 / (occupied x K), as a swap
            // keeps the number occupied; so the acceptance is the target ratio alone. Drawing a
            // among all K instead left a long truncation's few occupied components at high labels
            int occupied = 0;
            for (int k = 0; k < components; k++) {
                if (counts[k] > 0) {
                    occupiedLabels[occupied++] = k;
                }
            }
            for (int move = 0; move < components && occupied > 0; move++) {
                int slot = rng.nextInt(occupied);
                int a = occupiedLabels[slot];
                int b = rng.nextInt(components);
                if (a != b && Math.log(rng.nextDouble()) < (counts[a] - counts[b]) * (Math.log(w[b]) - Math.log(w[a]))) {
                    boolean bWasEmpty = counts[b] == 0;
                    swapComponents(a, b);
                    if (bWasEmpty) {
                        occupiedLabels[slot] = b;
                    }
                }
            }
            for (int move = 0; move < components && components > 2; move++) {
                int k = rng.nextInt(components - 2);
                double logRatio = counts[k] * Math.log1p(-stick[k + 1]) - counts[k + 1] * Math.log1p(-stick[k]);
                if (Math.log(rng.nextDouble()) < logRatio) {
                    swapComponents(k, k + 1);
                    double rest = w[k] / stick[k];
                    double vk = stick[k];
                    stick[k] = stick[k + 1];
                    stick[k + 1] = vk;
                    w[k] = Math.max(rest * stick[k], Double.MIN_NORMAL);
                    w[k + 1] = Math.max(rest * (1 - stick[k]) * stick[k + 1], Double.MIN_NORMAL);
                }
            }
        }

        /** Exchanges the labels a and b: parameters, counts and allocations (weights stay with the labels). */
        private void swapComponents(int a, int b) {
            double t = mu[a];
            mu[a] = mu[b];
            mu[b] = t;
            t = logTau[a];
            logTau[a] = logTau[b];
            logTau[b] = t;
            int c = counts[a];
            counts[a] = counts[b];
            counts[b] = c;
            for (int j = 0; j < n && c + counts[a] > 0; j++) {
                if (z[j] == a) {
                    z[j] = b;
                } else if (z[j] == b) {
                    z[j] = a;
                }
            }
        }

        /** V_k ~ Beta(1 + n_k, alpha + n_{>k}), w from the sticks (Ishwaran & James 2001). */
        private void drawSticks(UniformRandomProvider rng) {
            int later = n;
            double remaining = 1;
            for (int k = 0; k < components; k++) {
                later -= counts[k];
                double vk;
                if (k == components - 1) {
                    vk = 1;
                } else {
                    double g1 = GammaDraw.sample(1 + counts[k], rng, gaussian);
                    double g2 = GammaDraw.sample(alpha + later, rng, gaussian);
                    vk = g1 / (g1 + g2);
                    // keep log(1 - V) finite
                    vk = Math.min(vk, 1 - 1e-12);
                }
                stick[k] = vk;
                w[k] = Math.max(remaining * vk, Double.MIN_NORMAL);
                remaining *= 1 - vk;
            }
            lastStick = w[components - 1];
        }

        private void drawSlopes(double[] yhat) {
            slopes.reset();
            for (int k = 0; k < p; k++) {
                if (beta.get(k) instanceof Prior.Normal normal) {
                    slopes.addNormalPrior(k, normal.mean(), normal.sd());
                }
            }
            for (int j = 0; j < n; j++) {
                slopes.addObservation(1 / (v[j] + Math.exp(2 * logTau[z[j]])), yhat[j] - mu[z[j]], x, j * p);
            }
            slopes.draw(gaussian, b);
        }

        @Override
        public void record(double[] out, int offset) {
            double mean = 0;
            double second = 0;
            int occupied = 0;
            for (int k = 0; k < components; k++) {
                double t2 = Math.exp(2 * logTau[k]);
                mean += w[k] * mu[k];
                second += w[k] * (t2 + mu[k] * mu[k]);
                occupied += counts[k] > 0 ? 1 : 0;
            }
            int i = offset;
            out[i++] = mean;
            out[i++] = Math.sqrt(Math.max(second - mean * mean, 0));
            if (dp) {
                out[i++] = alpha;
                out[i++] = occupied;
                out[i++] = lastStick;
            }
            for (int k = 0; k < p; k++) {
                out[i++] = b[k];
            }
            // components relabelled by increasing location (a DP's truncation may hold a thousand:
            // a stable radix sort, the order an insertion sort gives, as the mu_k are never -0.0 or NaN)
            locationOrder.sort(mu);
            for (int k = 0; k < components; k++) {
                int c = locationOrder.index(k);
                out[i + k] = w[c];
                out[i + components + k] = mu[c];
                out[i + 2 * components + k] = Math.exp(logTau[c]);
            }
        }
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        double[] w = new double[components];
        double[] mu = new double[components];
        double[] tau = new double[components];
        int first = draws.indexOf("w[1]");
        int kept = 0;
        for (int k = 0; k < components; k++) {
            double weight = draws.get(first + k, i);
            // a DP's long truncation holds hundreds of components of negligible weight: leaving
            // out those below 1e-14 changes G by less than K 1e-14 and its summaries' cost by K
            if (weight >= NEGLIGIBLE_WEIGHT || !dp) {
                w[kept] = weight;
                mu[kept] = draws.get(first + components + k, i);
                tau[kept] = draws.get(first + 2 * components + k, i);
                kept++;
            }
        }
        return kept == components ? new Distribution(w, mu, tau) : new Distribution(java.util.Arrays.copyOf(w, kept),
                java.util.Arrays.copyOf(mu, kept), java.util.Arrays.copyOf(tau, kept));
    }

    @Override
    public int distributionSize() {
        return 3 * components;
    }

    /** log sum_k w_k N(y; mu_k + x_j' beta, v + tau_k^2). */
    @Override
    public double logMarginal(Draws draws, int i, int j, double y, double v) {
        double shift = EffectsPrior.covariateShift(draws, i, covariates, x, j);
        int w = draws.indexOf("w[1]");
        double[] terms = new double[components];
        for (int k = 0; k < components; k++) {
            double t = draws.get(w + 2 * components + k, i);
            terms[k] = Math.log(draws.get(w + k, i)) + NormalG.logNormal(y, draws.get(w + components + k, i) + shift, v + t * t);
        }
        return Vectors.logSumExp(terms);
    }

    /** G's variance: the allocations are not recorded. */
    @Override
    public double priorVariance(Draws draws, int i, int j) {
        double sd = draws.get(draws.indexOf("tau"), i);
        return sd * sd;
    }

    /** G = sum_k w_k N(mu_k, tau_k^2), a finite mixture of normals (weights sum to 1). */
    public static final class Distribution implements EffectDistribution {

        private final double[] w;
        private final double[] mu;
        private final double[] tau;

        public Distribution(double[] w, double[] mu, double[] tau) {
            this.w = w.clone();
            this.mu = mu.clone();
            this.tau = tau.clone();
        }

        @Override
        public double density(double x) {
            double d = 0;
            for (int k = 0; k < w.length; k++) {
                double z = (x - mu[k]) / tau[k];
                d += w[k] * StandardNormal.density(z) / tau[k];
            }
            return d;
        }

        @Override
        public double cdf(double x) {
            double f = 0;
            for (int k = 0; k < w.length; k++) {
                f += w[k] * StandardNormal.cdf((x - mu[k]) / tau[k]);
            }
            return f;
        }

        @Override
        public double mean() {
            double m = 0;
            for (int k = 0; k < w.length; k++) {
                m += w[k] * mu[k];
            }
            return m;
        }

        /** A component by its weight, then a normal draw from it. */
        @Override
        public double sample(UniformRandomProvider rng) {
            double total = 0;
            for (double weight : w) {
                total += weight;
            }
            double u = rng.nextDouble() * total;
            int k = 0;
            while (k < w.length - 1 && u >= w[k]) {
                u -= w[k];
                k++;
            }
            return mu[k] + tau[k] * EffectDistribution.standardNormal(rng);
        }

        /** sqrt(sum_k w_k (tau_k^2 + mu_k^2) - mean^2). */
        @Override
        public double sd() {
            double second = 0;
            for (int k = 0; k < w.length; k++) {
                second += w[k] * (tau[k] * tau[k] + mu[k] * mu[k]);
            }
            double m = mean();
            return Math.sqrt(Math.max(second - m * m, 0));
        }
    }
}
