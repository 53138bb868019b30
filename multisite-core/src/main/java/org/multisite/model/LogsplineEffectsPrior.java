package org.multisite.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.SiteData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SliceSampler;
import org.multisite.prior.Prior;

/**
 * G on a fixed grid x_1..x_M with log-spline masses, Efron's (2016) g-model made fully Bayes:
 * g = softmax(Q alpha), Q a natural spline basis with {@code df} columns ({@link NaturalSplineBasis}),
 * alpha ~ N(0, alpha_sd^2 I), alpha_sd ~ half_cauchy(0, 5) by default (a half-Cauchy on the
 * scale, Gelman 2006: the columns have unit root mean square, so alpha is on the log-density
 * scale; design.md's lambda is 1 / alpha_sd^2); theta_j = x_j' beta + u_j with
 * u_j ~ g (site covariates centred, slopes only). Each update draws
 * <ol>
 *   <li>alpha by elliptical slice sampling (Murray, Adams & MacKay 2010, fig. 2) with the sites'
 *       grid positions summed out: log L(alpha) = sum_j log sum_m g_m N(yhat_j - x_j' beta; x_m, v_j);</li>
 *   <li>alpha_sd | alpha by slice sampling its log, then again with epsilon = alpha / alpha_sd held
 *       fixed (the non-centred form, alpha = alpha_sd epsilon, with the likelihood in the
 *       target): interweaving the two (Yu & Meng 2011) breaks the funnel between alpha and its
 *       scale that leaves either update alone stuck;</li>
 *   <li>each site's grid position m_j, P(m_j = m) proportional to g_m N(yhat_j - x_j' beta; x_m, v_j);</li>
 *   <li>beta | m (normal, weights 1 / v_j); theta_j = x_{m_j} + x_j' beta.</li>
 * </ol>
 * Recorded: mu and tau (G's mean and SD), alpha_sd, beta, and alpha[1..df] (for G's summaries).
 */
public final class LogsplineEffectsPrior implements EffectsPrior {
    private static final double SLICE_WIDTH = 1;
    private static final int SLICE_STEPS = 50;
    /** Elliptical slice steps per update. */
    private static final int ELLIPTICAL_STEPS = 5;

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
            throw new IllegalArgumentException("the grid needs at least 3 points");
        }
        if (!alphaSd.proper() || !alphaSd.positive()) {
            throw new IllegalArgumentException("alpha_sd=" + alphaSd + ": alpha's scale needs a proper prior on (0, infinity)");
        }
        for (Prior b : beta) {
            if (!(b instanceof Prior.Normal) && !(b instanceof Prior.Flat)) {
                throw new IllegalArgumentException("beta=" + b + ": covariate coefficients need a normal or flat prior");
            }
        }
        this.grid = grid.clone();
        this.df = df;
        this.basis = NaturalSplineBasis.of(grid, df);
        this.scalePrior = alphaSd;
        this.beta = List.copyOf(beta);
        this.n = sites.size();
        this.p = sites.covariateCount();
        this.covariates = sites.covariateNames();
        this.x = sites.centredCovariatesRowMajor();
    }

    /**
     * The default grid: 101 points over the informative sites' estimates ({@link
     * SiteData#informativeEstimates()}), their range widened by 10% at each end.
     */
    public static double[] defaultGrid(SiteData sites) {
        double[] y = sites.informativeEstimates();
        double lo = java.util.Arrays.stream(y).min().orElse(0);
        double hi = java.util.Arrays.stream(y).max().orElse(0);
        double pad = Math.max(0.1 * (hi - lo), 1e-6);
        double[] g = new double[101];
        for (int m = 0; m < g.length; m++) {
            g[m] = lo - pad + (hi - lo + 2 * pad) * m / (g.length - 1);
        }
        return g;
    }

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
        for (int k = 0; k < p; k++) {
            out.put(EffectsPrior.betaName(covariates.get(k)), beta.get(k).toString());
        }
        return out;
    }

    @Override
    public String method() {
        return "Gibbs for a log-spline G on a grid: alpha by elliptical slice sampling with the sites' grid positions summed out,"
                + " its scale by interwoven slice sampling, then the positions";
    }

    @Override
    public State newState(UniformRandomProvider rng) {
        return new Block(rng);
    }

    /** g = softmax(Q alpha) into {@code g}. */
    private void masses(double[] alpha, double[] g) {
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < grid.length; m++) {
            double e = 0;
            for (int k = 0; k < df; k++) {
                e += basis[m][k] * alpha[k];
            }
            g[m] = e;
            max = Math.max(max, e);
        }
        double total = 0;
        for (int m = 0; m < grid.length; m++) {
            g[m] = Math.exp(g[m] - max);
            total += g[m];
        }
        for (int m = 0; m < grid.length; m++) {
            g[m] /= total;
        }
    }

    private final class Block implements State {
        private final NormalizedGaussianSampler gaussian;
        private final SliceSampler slice = new SliceSampler(SLICE_WIDTH, SLICE_STEPS);
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
        /** phi[j * M + m] = N(residual_j; x_m, v_j), refreshed each update. */
        private final double[] phi;
        private double logScale;
        private double alphaSquares;
        /** Centred: log N(alpha; 0, s^2 I) + log p(s) on log s. */
        private final DoubleUnaryOperator scaleTarget = v -> {
            double s = Math.exp(v);
            return -df * v - 0.5 * alphaSquares / (s * s) + scalePrior.logDensity(s) + v;
        };
        /** epsilon = alpha / alpha_sd, fixed during the non-centred update of the scale. */
        private final double[] epsilon = new double[df];
        /** Non-centred: log L(s epsilon) + log p(s) on log s (epsilon's prior is free of s). */
        private final DoubleUnaryOperator nonCentredTarget = v -> {
            double s = Math.exp(v);
            for (int k = 0; k < df; k++) {
                proposal[k] = epsilon[k] * s;
            }
            masses(proposal, trialG);
            return logLikelihood(trialG) + scalePrior.logDensity(s) + v;
        };

        Block(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            phi = new double[n * grid.length];
            logScale = Math.log(2) + rng.nextDouble() - 0.5;
            for (int k = 0; k < df; k++) {
                alpha[k] = 0.1 * gaussian.sample();
            }
        }

        /** sum_j log sum_m g_m phi_jm; the inner products with four accumulators, which the CPU can overlap. */
        private double logLikelihood(double[] masses) {
            double l = 0;
            int m = grid.length;
            int m4 = m - m % 4;
            for (int j = 0; j < n; j++) {
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
            return l;
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
                    for (int k = 0; k < m; k++) {
                        double d = residual[j] - grid[k];
                        phi[j * m + k] = norm * Math.exp(-0.5 * d * d / v[j]);
                    }
                }
                phiReady = true;
            }
            // Step 1: elliptical slice sampling of alpha under its prior N(0, alpha_sd^2 I), repeated:
            // each step is cheap next to the mixing it buys when the likelihood is far narrower than the prior
            masses(alpha, g);
            double current = logLikelihood(g);
            for (int step = 0; step < ELLIPTICAL_STEPS; step++) {
                double sd = Math.exp(logScale);
                for (int k = 0; k < df; k++) {
                    nu[k] = sd * gaussian.sample();
                }
                double logY = current + Math.log(rng.nextDouble());
                double angle = 2 * Math.PI * rng.nextDouble();
                double lo = angle - 2 * Math.PI;
                double hi = angle;
                while (true) {
                    double c = Math.cos(angle);
                    double s = Math.sin(angle);
                    for (int k = 0; k < df; k++) {
                        proposal[k] = alpha[k] * c + nu[k] * s;
                    }
                    masses(proposal, trialG);
                    double candidate = logLikelihood(trialG);
                    if (candidate > logY) {
                        System.arraycopy(proposal, 0, alpha, 0, df);
                        System.arraycopy(trialG, 0, g, 0, m);
                        current = candidate;
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
            // Step 2: alpha's scale, centred, then non-centred (ASIS)
            alphaSquares = 0;
            for (double a : alpha) {
                alphaSquares += a * a;
            }
            logScale = slice.sample(scaleTarget, logScale, rng);
            double scale = Math.exp(logScale);
            for (int k = 0; k < df; k++) {
                epsilon[k] = alpha[k] / scale;
            }
            logScale = slice.sample(nonCentredTarget, logScale, rng);
            scale = Math.exp(logScale);
            for (int k = 0; k < df; k++) {
                alpha[k] = epsilon[k] * scale;
            }
            masses(alpha, g);
            // Step 3: each site's grid position
            for (int j = 0; j < n; j++) {
                double total = 0;
                for (int k = 0; k < m; k++) {
                    total += g[k] * phi[j * m + k];
                }
                double u = rng.nextDouble() * total;
                int k = 0;
                while (k < m - 1 && u > g[k] * phi[j * m + k]) {
                    u -= g[k] * phi[j * m + k];
                    k++;
                }
                position[j] = k;
            }
            // Step 4: slopes given the positions, then the effects
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
        return new GridEffects(grid, massesOf(draws, i));
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
        double shift = 0;
        if (p > 0) {
            int first = draws.indexOf(EffectsPrior.betaName(covariates.get(0)));
            for (int k = 0; k < p; k++) {
                shift += x[j * p + k] * draws.get(first + k, i);
            }
        }
        double s = 0;
        for (int m = 0; m < grid.length; m++) {
            double d = y - shift - grid[m];
            s += g[m] * Math.exp(-0.5 * d * d / v);
        }
        return Math.log(s / Math.sqrt(2 * Math.PI * v));
    }

    /** G's variance: the positions are not recorded. */
    @Override
    public double priorVariance(Draws draws, int i, int j) {
        double sd = draws.get(draws.indexOf("tau"), i);
        return sd * sd;
    }
}
