package org.multisite.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.EllipticalSlice;
import org.multisite.mcmc.LaplaceStep;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.RNaturalSpline;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;

/**
 * G on a fixed grid x_1..x_M with log-spline masses, Efron's (2016) g-model made fully Bayes:
 * g = softmax(Q alpha), Q R's natural spline basis ns(grid, df), centred ({@link #basis}),
 * alpha ~ N(0, alpha_sd^2 I), alpha_sd ~ half_cauchy(0, 5) by default (a half-Cauchy on the
 * scale, Gelman 2006: the columns have unit root mean square, so alpha is on the log-density
 * scale; design.md's lambda is 1 / alpha_sd^2); theta_j = x_j' beta + u_j with
 * u_j ~ g (site covariates centred, slopes only). Each update
 * <ol>
 *   <li>moves alpha with the sites' grid positions summed out, log L(alpha) =
 *       sum_j log sum_m g_m N(yhat_j - x_j' beta; x_m, v_j), O(J M) per evaluation: one elliptical
 *       slice step (Murray, Adams & MacKay 2010, fig. 2) under alpha's prior, alpha_sd | alpha by
 *       slice sampling its log, and a random-walk Metropolis step on log alpha_sd with
 *       epsilon = alpha / alpha_sd fixed (the non-centred form, which breaks the funnel between
 *       alpha and its scale when the sites say little);</li>
 *   <li>draws each site's grid position m_j, P(m_j = m) proportional to g_m N(yhat_j - x_j' beta; x_m, v_j);</li>
 *   <li>given the positions (a multinomial logit in alpha, O(M df) per evaluation): alpha by an
 *       independence Metropolis-Hastings step with the Laplace approximation as proposal, then
 *       alpha_sd centred and non-centred by slice sampling (interweaving, Yu & Meng 2011);</li>
 *   <li>beta | m (normal, weights 1 / v_j); theta_j = x_{m_j} + x_j' beta.</li>
 * </ol>
 * The augmented moves are cheap and, with informative sites, nearly independent; the summed-out
 * moves keep alpha mixing when the sites are noisy and the positions pin alpha down too tightly.
 * Compared with five summed-out elliptical steps and a summed-out slice of the scale per
 * update, this is 3-8 times faster per draw with similar or larger ESS per second of G's SD
 * (bench/run; 20% lower at I = 0.1).
 * Recorded: mu and tau (G's mean and SD), alpha_sd, beta, and alpha[1..df] (for G's summaries).
 */
public final class LogsplineEffectsPrior implements EffectsPrior {
    /*
     * The update's mix, chosen with GModelBench (J = 1,000; I = 0.1, 0.5, 0.9) for ESS per second
     * of G's SD and mean: 0, 1 and 2 summed-out elliptical steps, and 1 and 3 augmented rounds;
     * 1 and 1 was best or near best at every I, and with it the bimodal test's G quantiles reach
     * R-hat < 1.01 (0 summed-out steps did not: ESS of G's SD 89 at I = 0.1).
     */
    /** Elliptical slice steps of alpha with the positions summed out, per update. */
    private static final int MARGINAL_STEPS = 1;

    /**
     * The elliptical slice steps' bracket of angles, a quarter turn: with many sites the accepted
     * angles are small (bench/run's simulated data, J = 1,000, in process: a full turn took 8.6
     * evaluations of the O(J M) likelihood a step, this 6.0, sampling 1.62 -> 1.40-1.47 s with the
     * ESS of tau and mu unchanged within their noise); an eighth of a turn (4.9) cost ESS at J = 43.
     */
    private static final double MARGINAL_BRACKET = Math.PI / 2;
    /** Exponents below this put a grid density near the least normal double (exp(-708)): take them out first. */
    private static final double UNDERFLOW = -600;
    /** Rounds of (alpha by the Laplace step, its centred scale, its non-centred scale) given the positions, per update. */
    private static final int AUGMENTED_ROUNDS = 1;
    /**
     * SD of the random-walk proposal of log alpha_sd in the non-centred step: of 0.25, 0.5 and 1
     * tried, 1 was best at I = 0.1 and 0.25-0.5 at I = 0.9; 0.5 is the compromise.
     */
    private static final double SCALE_STEP = 0.5;

    private final double[] grid;
    private final double[][] basis;
    private final int df;
    private final Prior scalePrior;
    private final List<Prior> beta;
    private final int n;
    private final int p;
    private final double[] x;
    private final List<String> covariates;

    /**
     * @param grid equally spaced support of G (at least 3 points)
     * @param df spline columns
     * @param alphaSd prior of alpha's scale (proper, positive)
     */
    public LogsplineEffectsPrior(SiteData sites, double[] grid, int df, Prior alphaSd, List<Prior> beta) {
        if (grid.length < 3) {
            throw InvalidParameterException.of("grid_points", grid.length, "the grid needs at least 3 points");
        }
        if (!alphaSd.proper() || !alphaSd.positive()) {
            throw InvalidParameterException.prior("alpha_sd", alphaSd, "alpha's scale needs a proper prior on (0, infinity)");
        }
        EffectsPrior.requireLocationPriors(beta);
        this.grid = grid.clone();
        this.df = df;
        this.basis = basis(grid, df);
        this.scalePrior = alphaSd;
        this.beta = List.copyOf(beta);
        this.n = sites.size();
        this.p = sites.covariateCount();
        this.covariates = sites.covariateNames();
        this.x = sites.centredCovariatesRowMajor();
    }

    /**
     * R's ns(grid, df) centred, as deconvolveR's Q ({@link RNaturalSpline#centredUnitNorm}), but
     * scaled to unit root mean square over the grid rather than unit norm, so that alpha is on the
     * scale of the log density whatever the number of grid points: deconv's penalty c0 ||alpha||
     * corresponds to alpha_sd about sqrt(M) times larger here.
     */
    static double[][] basis(double[] grid, int df) {
        if (df < 1 || df > grid.length - 2) {
            throw InvalidParameterException.of("df", df, "must be between 1 and " + (grid.length - 2) + " for " + grid.length + " grid points");
        }
        double[][] q = RNaturalSpline.centredUnitNorm(grid, df);
        double root = Math.sqrt(grid.length);
        for (double[] row : q) {
            for (int k = 0; k < df; k++) {
                row[k] *= root;
            }
        }
        return q;
    }

    /**
     * The default grid: 101 points over the informative sites' estimates ({@link
     * SiteData#informativeEstimates()}), widened at each end by 3 median SEs or 10% of their
     * range, whichever is larger: G can put mass wherever a site's effect may lie given its
     * estimate and SE, not only between the estimates (estimates within 0.02 of each other with
     * SEs of 0.5 would otherwise pin G's mean to that sliver).
     */
    public static double[] defaultGrid(SiteData sites) {
        double[] y = sites.informativeEstimates();
        double lo = java.util.Arrays.stream(y).min().orElse(0);
        double hi = java.util.Arrays.stream(y).max().orElse(0);
        double pad = Math.max(Math.max(0.1 * (hi - lo), GRID_SES * Vectors.median(sites.ses())), 1e-6);
        double[] g = new double[DEFAULT_GRID_POINTS];
        for (int m = 0; m < g.length; m++) {
            g[m] = lo - pad + (hi - lo + 2 * pad) * m / (g.length - 1);
        }
        return g;
    }

    /** Median SEs beyond the estimates that the default grid reaches. */
    private static final double GRID_SES = 3;

    /**
     * {@code points} equally spaced points between the ends of {@link #defaultGrid(SiteData)}.
     *
     * @throws InvalidParameterException (grid_points) unless there are at least twice {@code df} points
     */
    public static double[] defaultGrid(SiteData sites, int points, int df) {
        if (points < 2 * df) {
            throw InvalidParameterException.of("grid_points", points, "must be at least twice df (" + df + "), "
                    + 2 * df + " or more");
        }
        double[] full = defaultGrid(sites);
        double lo = full[0];
        double hi = full[full.length - 1];
        double[] g = new double[points];
        for (int m = 0; m < points; m++) {
            g[m] = lo + (hi - lo) * m / (points - 1);
        }
        return g;
    }

    /** Default grid size. */
    public static final int DEFAULT_GRID_POINTS = 101;

    /** Default spline columns, as deconvolveR's default df = 5. */
    public static final int DEFAULT_DF = 5;

    /** The default prior of alpha's scale, in log-density units. */
    public static Prior defaultScale() {
        return Prior.halfNormal(3);
    }

    @Override
    public String name() {
        return "logspline";
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(summarizedParameters());
        for (int k = 1; k <= df; k++) {
            names.add("alpha[" + k + "]");
        }
        return names;
    }

    @Override
    public List<String> summarizedParameters() {
        List<String> names = new ArrayList<>(List.of("mu", "tau", "alpha_sd"));
        names.addAll(EffectsPrior.betaNames(covariates));
        return names;
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("alpha", "normal(0, alpha_sd), " + df + " natural spline columns on " + grid.length
                + " grid points from " + org.multisite.prior.PriorParser.format(grid[0]) + " to "
                + org.multisite.prior.PriorParser.format(grid[grid.length - 1]));
        out.put("alpha_sd", scalePrior.toString());
        EffectsPrior.putBetaPriors(out, covariates, beta);
        return out;
    }

    @Override
    public String method() {
        return "Gibbs for a log-spline G on a grid: alpha and its scale with the sites' grid positions summed out"
                + " (elliptical slice, slice, non-centred Metropolis), then the positions, then alpha given them"
                + " (Laplace-proposal Metropolis-Hastings) and its scale (interwoven slice sampling)";
    }

    @Override
    public State newState(UniformRandomProvider rng) {
        return new Block(rng);
    }

    /** g = softmax(Q alpha) into {@code g}. */
    private void masses(double[] alpha, double[] g) {
        Vectors.softmax(basis, alpha, g);
    }

    private final class Block implements State {
        private final NormalizedGaussianSampler gaussian;
        private final SliceSampler slice = SliceSampler.onLogScale("alpha_sd");
        private final double[] alpha = new double[df];
        private final double[] proposal = new double[df];
        private final double[] nu = new double[df];
        private final double[] g = new double[grid.length];
        private final double[] trialG = new double[grid.length];
        private final double[] b = new double[p];
        private final double[] residual = new double[n];
        private final double[] variance = new double[n];
        private boolean phiReady;
        private final int[] position = new int[n];
        /** How many sites sit at each grid point. */
        private final int[] counts = new int[grid.length];
        /** Running sums of g_m phi_jm for four sites, one after the other, to draw their positions. */
        private final double[] cumulative = new double[4 * grid.length];
        /** phi[j * M + m] = N(residual_j; x_m, v_j), refreshed each update. */
        private final double[] phi;
        private double logScale;
        private double alphaSquares;
        /** Centred: log N(alpha; 0, s^2 I) + log p(s) on log s. */
        private final DoubleUnaryOperator scaleTarget = v -> {
            double s = Math.exp(v);
            return -df * v - 0.5 * alphaSquares / (s * s) + scalePrior.logDensity(s) + v;
        };
        /** The sites' likelihood with their positions summed out, O(J M). */
        private final ToDoubleFunction<double[]> marginal = a -> {
            masses(a, trialG);
            return logLikelihood(trialG);
        };
        /** The Laplace step of alpha given the positions, and the scale's variance it runs at. */
        private final LaplaceStep laplace = new LaplaceStep(df);
        private double laplaceVariance;
        /** Q' g at the point of the Laplace step's derivatives. */
        private final double[] meanBasis = new double[df];
        /** epsilon = alpha / alpha_sd, fixed during the non-centred update of the scale. */
        private final double[] epsilon = new double[df];
        /** Non-centred: log p(positions | s epsilon) + log p(s) on log s (epsilon's prior is free of s). */
        private final DoubleUnaryOperator nonCentredTarget = v -> {
            double s = Math.exp(v);
            for (int k = 0; k < df; k++) {
                proposal[k] = epsilon[k] * s;
            }
            return countsLogLikelihood(proposal) + scalePrior.logDensity(s) + v;
        };

        Block(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            phi = new double[n * grid.length];
            logScale = scalePrior.logInSupport(Math.log(2) + rng.nextDouble() - 0.5);
            for (int k = 0; k < df; k++) {
                alpha[k] = 0.1 * gaussian.sample();
            }
        }

        /**
         * sum_j log sum_m g_m phi_jm; each inner product with four accumulators, and two sites at
         * once, so that the CPU overlaps eight independent chains of additions (each site's sum
         * still adds its terms in the same order). The sites' sums are multiplied together and
         * the product's logarithm taken only when it leaves [1e-200, 1e200]: one logarithm for
         * many sites instead of one each (a pair with a sum outside [1e-50, 1e50] has its own, so
         * the product stays within [1e-300, 1e300]).
         */
        private double logLikelihood(double[] masses) {
            double l = 0;
            double product = 1;
            int m = grid.length;
            int m4 = m - m % 4;
            int j = 0;
            for (; j + 1 < n; j += 2) {
                int row = j * m;
                int next = row + m;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double u0 = 0;
                double u1 = 0;
                double u2 = 0;
                double u3 = 0;
                for (int k = 0; k < m4; k += 4) {
                    double g0 = masses[k];
                    double g1 = masses[k + 1];
                    double g2 = masses[k + 2];
                    double g3 = masses[k + 3];
                    s0 += g0 * phi[row + k];
                    s1 += g1 * phi[row + k + 1];
                    s2 += g2 * phi[row + k + 2];
                    s3 += g3 * phi[row + k + 3];
                    u0 += g0 * phi[next + k];
                    u1 += g1 * phi[next + k + 1];
                    u2 += g2 * phi[next + k + 2];
                    u3 += g3 * phi[next + k + 3];
                }
                for (int k = m4; k < m; k++) {
                    s0 += masses[k] * phi[row + k];
                    u0 += masses[k] * phi[next + k];
                }
                double first = (s0 + s1) + (s2 + s3);
                double second = (u0 + u1) + (u2 + u3);
                if (first > 1e-50 && first < 1e50 && second > 1e-50 && second < 1e50) {
                    product *= first * second;
                    if (product < 1e-200 || product > 1e200) {
                        l += Math.log(product);
                        product = 1;
                    }
                } else {
                    l += Math.log(first) + Math.log(second);
                }
            }
            for (; j < n; j++) {
                int row = j * m;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int k = 0; k < m4; k += 4) {
                    s0 += masses[k] * phi[row + k];
                    s1 += masses[k + 1] * phi[row + k + 1];
                    s2 += masses[k + 2] * phi[row + k + 2];
                    s3 += masses[k + 3] * phi[row + k + 3];
                }
                for (int k = m4; k < m; k++) {
                    s0 += masses[k] * phi[row + k];
                }
                l += Math.log((s0 + s1) + (s2 + s3));
            }
            return l + Math.log(product);
        }

        /** sum_m counts_m log g_m(a) = counts' Q a - J log sum_m exp((Q a)_m). */
        private double countsLogLikelihood(double[] a) {
            int m = grid.length;
            double max = Double.NEGATIVE_INFINITY;
            double linear = 0;
            for (int k = 0; k < m; k++) {
                double e = 0;
                for (int l = 0; l < df; l++) {
                    e += basis[k][l] * a[l];
                }
                trialG[k] = e;
                linear += counts[k] * e;
                max = Math.max(max, e);
            }
            double total = 0;
            for (int k = 0; k < m; k++) {
                total += Math.exp(trialG[k] - max);
            }
            return linear - n * (max + Math.log(total));
        }

        /**
         * One elliptical slice step (Murray, Adams & MacKay 2010, fig. 2) of alpha under its prior
         * N(0, alpha_sd^2 I) and the given likelihood, whose value at the current alpha is {@code current}.
         * Returns the likelihood at the new alpha.
         */
        private double ellipticalStep(ToDoubleFunction<double[]> likelihood, double current, UniformRandomProvider rng) {
            double sd = Math.exp(logScale);
            for (int k = 0; k < df; k++) {
                nu[k] = sd * gaussian.sample();
            }
            return EllipticalSlice.step(alpha, nu, proposal, likelihood, current, rng, "alpha (the log-spline coefficients)",
                    MARGINAL_BRACKET);
        }

        /** alpha's scale given alpha (centred), by slice sampling its log. */
        private void centredScale(UniformRandomProvider rng) {
            alphaSquares = 0;
            for (double a : alpha) {
                alphaSquares += a * a;
            }
            logScale = slice.sample(scaleTarget, logScale, rng);
        }

        /**
         * alpha's conditional given the positions and the scale, log p(positions | a) + log N(a; 0,
         * s^2 I) up to a constant: a multinomial logit with a normal prior, log-concave.
         */
        private final LaplaceStep.Target countsPosterior = new LaplaceStep.Target() {
            @Override
            public double logDensity(double[] a) {
                double squares = 0;
                for (double v : a) {
                    squares += v * v;
                }
                return countsLogLikelihood(a) - 0.5 * squares / laplaceVariance;
            }

            /** Q'(counts - J g) - a / s^2, and the negative Hessian J Q'(diag(g) - g g')Q + I / s^2. */
            @Override
            public void derivatives(double[] a, double[] gradient, double[] hessian) {
                double s2 = laplaceVariance;
                masses(a, trialG);
                for (int k = 0; k < df; k++) {
                    double gk = 0;
                    double qg = 0;
                    for (int m = 0; m < grid.length; m++) {
                        gk += basis[m][k] * (counts[m] - n * trialG[m]);
                        qg += basis[m][k] * trialG[m];
                    }
                    gradient[k] = gk - a[k] / s2;
                    meanBasis[k] = qg;
                }
                for (int k = 0; k < df; k++) {
                    for (int l = 0; l <= k; l++) {
                        double h = 0;
                        for (int m = 0; m < grid.length; m++) {
                            h += basis[m][k] * basis[m][l] * trialG[m];
                        }
                        hessian[k * df + l] = n * (h - meanBasis[k] * meanBasis[l]) + (k == l ? 1 / s2 : 0);
                    }
                }
            }
        };

        /**
         * alpha given the positions, by an independence Metropolis-Hastings step whose proposal is
         * the Laplace approximation of its conditional ({@link LaplaceStep}): with many sites the
         * conditional is nearly normal and alpha moves as far as the positions allow in one step,
         * where elliptical slices under the prior creep.
         */
        private void laplaceStep(UniformRandomProvider rng) {
            laplaceVariance = Math.exp(2 * logScale);
            laplace.step(alpha, countsPosterior, gaussian, rng);
        }

        /**
         * A random-walk Metropolis step on log alpha_sd with epsilon = alpha / alpha_sd fixed and the
         * positions summed out (the non-centred form): one O(J M) evaluation where a slice step
         * takes several. Returns the likelihood at the resulting alpha.
         */
        private double marginalScaleStep(double current, UniformRandomProvider rng) {
            double scale = Math.exp(logScale);
            double step = SCALE_STEP * gaussian.sample();
            double factor = Math.exp(step);
            for (int k = 0; k < df; k++) {
                proposal[k] = alpha[k] * factor;
            }
            double candidate = marginal.applyAsDouble(proposal);
            double logRatio = candidate - current + scalePrior.logDensity(scale * factor) - scalePrior.logDensity(scale) + step;
            if (Math.log(rng.nextDouble()) < logRatio) {
                System.arraycopy(proposal, 0, alpha, 0, df);
                logScale += step;
                return candidate;
            }
            return current;
        }

        /**
         * Each site's grid position given alpha, P(m_j = m) proportional to g_m phi_jm; then the
         * counts. Four sites' running sums are built at once (independent chains of additions, each
         * in its own order), then each site draws in turn, by bisection of its running sums: the
         * first point whose running sum exceeds u, as a scan from the left finds.
         */
        private void drawPositions(UniformRandomProvider rng) {
            int m = grid.length;
            masses(alpha, g);
            java.util.Arrays.fill(counts, 0);
            int j = 0;
            for (; j + 3 < n; j += 4) {
                int r0 = j * m;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                double t0 = 0;
                double t1 = 0;
                double t2 = 0;
                double t3 = 0;
                for (int k = 0; k < m; k++) {
                    double gk = g[k];
                    t0 += gk * phi[r0 + k];
                    t1 += gk * phi[r1 + k];
                    t2 += gk * phi[r2 + k];
                    t3 += gk * phi[r3 + k];
                    cumulative[k] = t0;
                    cumulative[m + k] = t1;
                    cumulative[2 * m + k] = t2;
                    cumulative[3 * m + k] = t3;
                }
                for (int q = 0; q < 4; q++) {
                    place(j + q, q * m, rng);
                }
            }
            for (; j < n; j++) {
                int row = j * m;
                double total = 0;
                for (int k = 0; k < m; k++) {
                    total += g[k] * phi[row + k];
                    cumulative[k] = total;
                }
                place(j, 0, rng);
            }
        }

        /** Site j's position: the first k < M - 1 with u < cumulative[from + k], else M - 1; u uniform on [0, total). */
        private void place(int j, int from, UniformRandomProvider rng) {
            int m = grid.length;
            double u = rng.nextDouble() * cumulative[from + m - 1];
            int lo = 0;
            int hi = m - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (u >= cumulative[from + mid]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            position[j] = lo;
            counts[lo]++;
        }

        @Override
        public void update(double[] yhat, double[] v, double[] theta, UniformRandomProvider rng) {
            int m = grid.length;
            // the densities phi change only with the residuals and variances: for site-level
            // data without covariates they are computed once
            boolean changed = !phiReady;
            for (int j = 0; j < n; j++) {
                double r = yhat[j];
                for (int k = 0; k < p; k++) {
                    r -= x[j * p + k] * b[k];
                }
                changed |= r != residual[j] || v[j] != variance[j];
                residual[j] = r;
            }
            if (changed) {
                for (int j = 0; j < n; j++) {
                    variance[j] = v[j];
                    double norm = 1 / Math.sqrt(2 * Math.PI * v[j]);
                    double shift = underflowShift(residual[j], v[j]);
                    for (int k = 0; k < m; k++) {
                        double d = residual[j] - grid[k];
                        phi[j * m + k] = norm * Math.exp(-0.5 * d * d / v[j] - shift);
                    }
                }
                phiReady = true;
            }
            // Step 1: alpha with the positions summed out, and its scale given alpha
            double current = marginal.applyAsDouble(alpha);
            for (int step = 0; step < MARGINAL_STEPS; step++) {
                current = ellipticalStep(marginal, current, rng);
            }
            centredScale(rng);
            current = marginalScaleStep(current, rng);
            // Step 2: the positions, then alpha and its scale given them (cheap: O(M df) per evaluation)
            drawPositions(rng);
            for (int round = 0; round < AUGMENTED_ROUNDS; round++) {
                laplaceStep(rng);
                centredScale(rng);
                double scale = Math.exp(logScale);
                for (int k = 0; k < df; k++) {
                    epsilon[k] = alpha[k] / scale;
                }
                logScale = slice.sample(nonCentredTarget, logScale, rng);
                scale = Math.exp(logScale);
                for (int k = 0; k < df; k++) {
                    alpha[k] = epsilon[k] * scale;
                }
            }
            masses(alpha, g);
            // Step 3: slopes given the positions, then the effects
            if (p > 0) {
                drawSlopes(yhat, v);
            }
            for (int j = 0; j < n; j++) {
                double t = grid[position[j]];
                for (int k = 0; k < p; k++) {
                    t += x[j * p + k] * b[k];
                }
                theta[j] = t;
            }
        }

        /** beta | positions: yhat_j - x_{m_j} ~ N(x_j' beta, v_j), one covariate at a time (Gibbs). */
        private void drawSlopes(double[] yhat, double[] v) {
            for (int k = 0; k < p; k++) {
                double prec = 0;
                double num = 0;
                if (beta.get(k) instanceof Prior.Normal normal) {
                    prec = 1 / (normal.sd() * normal.sd());
                    num = normal.mean() * prec;
                }
                for (int j = 0; j < n; j++) {
                    double target = yhat[j] - grid[position[j]];
                    for (int l = 0; l < p; l++) {
                        if (l != k) {
                            target -= x[j * p + l] * b[l];
                        }
                    }
                    double xk = x[j * p + k];
                    prec += xk * xk / v[j];
                    num += xk * target / v[j];
                }
                b[k] = num / prec + gaussian.sample() / Math.sqrt(prec);
            }
        }

        @Override
        public void record(double[] out, int offset) {
            double mean = 0;
            double second = 0;
            for (int k = 0; k < grid.length; k++) {
                mean += g[k] * grid[k];
                second += g[k] * grid[k] * grid[k];
            }
            int i = offset;
            out[i++] = mean;
            out[i++] = Math.sqrt(Math.max(second - mean * mean, 0));
            out[i++] = Math.exp(logScale);
            for (int k = 0; k < p; k++) {
                out[i++] = b[k];
            }
            System.arraycopy(alpha, 0, out, i, df);
        }
    }

    private double[] massesOf(Draws draws, int i) {
        double[] a = new double[df];
        int first = draws.indexOf("alpha[1]");
        for (int k = 0; k < df; k++) {
            a[k] = draws.get(first + k, i);
        }
        double[] g = new double[grid.length];
        masses(a, g);
        return g;
    }

    @Override
    public EffectDistribution distribution(Draws draws, int i) {
        return new Distribution(grid, massesOf(draws, i));
    }

    @Override
    public int distributionSize() {
        return grid.length;
    }

    /** log sum_m g_m N(y; x_m + x_j' beta, v). */
    @Override
    public double logMarginal(Draws draws, int i, int j, double y, double v) {
        return logMarginal(draws, i, j, y, v, massesOf(draws, i));
    }

    /** g computed once for the draw, shared by every site. */
    @Override
    public void logMarginals(Draws draws, int i, double[] y, double[] v, double[] out) {
        double[] g = massesOf(draws, i);
        for (int j = 0; j < out.length; j++) {
            out[j] = logMarginal(draws, i, j, y[j], v[j], g);
        }
    }

    private double logMarginal(Draws draws, int i, int j, double y, double v, double[] g) {
        double shift = EffectsPrior.covariateShift(draws, i, covariates, x, j);
        double r = y - shift;
        double scale = underflowShift(r, v);
        double s = 0;
        for (int m = 0; m < grid.length; m++) {
            double d = r - grid[m];
            s += g[m] * Math.exp(-0.5 * d * d / v - scale);
        }
        return Math.log(s / Math.sqrt(2 * Math.PI * v)) + scale;
    }

    /**
     * The exponent to take out of a site's grid densities exp(-(r - x_m)^2 / 2v) so that they do
     * not all underflow: 0 unless the largest exponent is below {@value #UNDERFLOW}, then that
     * exponent. A site whose SE is tiny next to the grid's spacing would otherwise have likelihood
     * 0 at every grid point, and the samplers could not move (its log likelihood -infinity
     * everywhere); the shift is a constant of the site, the same for every G.
     */
    private double underflowShift(double r, double v) {
        // the grid is equally spaced: the nearest point is the rounded position, clamped to the grid
        double h = grid[1] - grid[0];
        int k = (int) Math.max(0, Math.min(grid.length - 1, Math.round((r - grid[0]) / h)));
        double d = r - grid[k];
        double top = -0.5 * d * d / v;
        return top < UNDERFLOW ? top : 0;
    }

    /** G's variance: the positions are not recorded. */
    @Override
    public double priorVariance(Draws draws, int i, int j) {
        double sd = draws.get(draws.indexOf("tau"), i);
        return sd * sd;
    }

    /**
     * G with mass g_m at equally spaced grid points x_m, each spread evenly over its cell
     * [x_m - h/2, x_m + h/2] for the density and CDF (a histogram density). Mean and SD are those of
     * the masses at the grid points, as the site effects drawn on the grid have.
     */
    public static final class Distribution implements EffectDistribution {
        private final double[] x;
        private final double[] mass;
        private final double h;

        /** @param x equally spaced grid, at least two points; @param mass nonnegative, summing to 1 */
        public Distribution(double[] x, double[] mass) {
            this.x = x;
            this.mass = mass;
            this.h = x[1] - x[0];
        }

        @Override
        public double density(double t) {
            int m = (int) Math.floor((t - x[0]) / h + 0.5);
            return m < 0 || m >= x.length ? 0 : mass[m] / h;
        }

        @Override
        public double cdf(double t) {
            double f = 0;
            for (int m = 0; m < x.length; m++) {
                double left = x[m] - h / 2;
                if (t >= left + h) {
                    f += mass[m];
                } else if (t > left) {
                    f += mass[m] * (t - left) / h;
                }
            }
            return Math.min(f, 1);
        }

        @Override
        public double mean() {
            double s = 0;
            for (int m = 0; m < x.length; m++) {
                s += mass[m] * x[m];
            }
            return s;
        }

        @Override
        public double sd() {
            double mean = mean();
            double s = 0;
            for (int m = 0; m < x.length; m++) {
                s += mass[m] * (x[m] - mean) * (x[m] - mean);
            }
            return Math.sqrt(s);
        }
    }
}
