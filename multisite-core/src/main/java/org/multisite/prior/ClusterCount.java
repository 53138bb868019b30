package org.multisite.prior;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * The prior number K of clusters among J sites under a Dirichlet process, and the gamma prior
 * on its concentration alpha chosen by Kullback-Leibler divergence (Dorazio 2009).
 *
 * <p>Given alpha (Antoniak 1974): P(K = k | alpha) = |s(J, k)| alpha^k Gamma(alpha) /
 * Gamma(alpha + J), with |s(J, k)| the unsigned Stirling numbers of the first kind. Under
 * alpha ~ Gamma(a, rate b) the pmf is that integrated over alpha: every term is kept in logs
 * (|s(1000, k)| overflows a double by hundreds of orders of magnitude), and the integral is the
 * trapezoid rule over u = log alpha, step 0.01, between the gamma's 1e-14 and 1 - 1e-14
 * quantiles (alpha at least 1e-10); the mass outside goes to the pmf at the end points.
 *
 * <p>The KL-optimal prior minimizes D(target || induced) = sum_k t_k log(t_k / p_k(a, b)) over
 * (a, b), the divergence of the induced pmf from the target, by Nelder-Mead on (log a, log b).
 * Dorazio's target is uniform on 1..J; the seed research's is the chi-square density with 5 df
 * at 1..J, normalized.
 */
public final class ClusterCount {
    /** The most sites for which the pmf is computed: the Stirling table takes J^2 / 2 steps. */
    public static final int MAX_SITES = 20_000;
    private static final double STEP = 0.01;
    private static final double TAIL = 1e-14;
    private static final double MIN_ALPHA = 1e-10;

    private final int sites;
    /** log |s(J, k)| for k = 1..J at index k - 1. */
    private final double[] logStirling;

    /**
     * @throws IllegalArgumentException for J < 1 or J > {@link #MAX_SITES}
     */
    public ClusterCount(int sites) {
        if (sites < 1 || sites > MAX_SITES) {
            throw new IllegalArgumentException("the prior number of clusters is computed for 1 to " + MAX_SITES
                    + " sites, not " + sites);
        }
        this.sites = sites;
        this.logStirling = logStirling(sites);
    }

    public int sites() {
        return sites;
    }

    /**
     * log |s(n, k)|, k = 1..n, by the recurrence |s(m + 1, k)| = m |s(m, k)| + |s(m, k - 1)|
     * (Abramowitz & Stegun 24.1.3) in logs.
     */
    static double[] logStirling(int n) {
        double[] row = new double[n + 1];
        Arrays.fill(row, Double.NEGATIVE_INFINITY);
        row[1] = 0; // |s(1, 1)| = 1
        for (int m = 1; m < n; m++) {
            double logM = Math.log(m);
            // row holds |s(m, .)|; update in place from the top so row[k - 1] is still |s(m, k - 1)|
            for (int k = m + 1; k >= 1; k--) {
                double stay = row[k] + logM;
                double open = row[k - 1];
                row[k] = logAdd(stay, open);
            }
        }
        return Arrays.copyOfRange(row, 1, n + 1);
    }

    private static double logAdd(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY) {
            return y;
        }
        if (y == Double.NEGATIVE_INFINITY) {
            return x;
        }
        return Math.max(x, y) + Math.log1p(Math.exp(-Math.abs(x - y)));
    }

    /** P(K = k | alpha) for k = 1..J (index k - 1). */
    public double[] pmfGivenAlpha(double alpha) {
        double[] out = new double[sites];
        double c = LogGamma.value(alpha) - LogGamma.value(alpha + sites);
        double logAlpha = Math.log(alpha);
        for (int k = 1; k <= sites; k++) {
            out[k - 1] = Math.exp(logStirling[k - 1] + k * logAlpha + c);
        }
        return out;
    }

    /** P(K = k) for k = 1..J (index k - 1) with alpha ~ Gamma(a, rate b). */
    public double[] pmf(double a, double b) {
        GammaDistribution g = GammaDistribution.of(a, 1 / b);
        double lo = Math.max(MIN_ALPHA, g.inverseCumulativeProbability(TAIL));
        double hi = Math.max(g.inverseCumulativeProbability(1 - TAIL), lo * 2);
        double uLo = Math.log(lo);
        double uHi = Math.log(hi);
        int nodes = (int) Math.ceil((uHi - uLo) / STEP) + 1;
        double h = (uHi - uLo) / (nodes - 1);
        // log of the gamma weight of each node (density on log alpha times the trapezoid weight)
        // plus the part of log P(K = k | alpha) that does not depend on k
        double[] base = new double[nodes];
        double[] u = new double[nodes];
        double norm = a * Math.log(b) - LogGamma.value(a);
        for (int n = 0; n < nodes; n++) {
            u[n] = uLo + n * h;
            double alpha = Math.exp(u[n]);
            double w = norm + a * u[n] - b * alpha + Math.log(n == 0 || n == nodes - 1 ? h / 2 : h);
            base[n] = w + LogGamma.value(alpha) - LogGamma.value(alpha + sites);
        }
        double below = g.cumulativeProbability(lo);
        double above = g.survivalProbability(hi);
        double[] atLo = pmfGivenAlpha(lo);
        double[] atHi = pmfGivenAlpha(hi);
        double[] out = new double[sites];
        double[] terms = new double[nodes];
        for (int k = 1; k <= sites; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int n = 0; n < nodes; n++) {
                terms[n] = base[n] + k * u[n];
                max = Math.max(max, terms[n]);
            }
            double sum = 0;
            for (int n = 0; n < nodes; n++) {
                sum += Math.exp(terms[n] - max);
            }
            out[k - 1] = Math.exp(logStirling[k - 1] + max + Math.log(sum)) + below * atLo[k - 1] + above * atHi[k - 1];
        }
        // the trapezoid rule's error is far below the tails' 1e-14; renormalize what remains
        double total = Arrays.stream(out).sum();
        for (int k = 0; k < sites; k++) {
            out[k] /= total;
        }
        return out;
    }

    /** {mean, SD} of a pmf on 1..J. */
    public static double[] moments(double[] pmf) {
        double m = 0;
        double m2 = 0;
        for (int k = 1; k <= pmf.length; k++) {
            m += k * pmf[k - 1];
            m2 += (double) k * k * pmf[k - 1];
        }
        return new double[] {m, Math.sqrt(Math.max(m2 - m * m, 0))};
    }

    /** Dorazio's target: uniform on 1..J. */
    public double[] uniformTarget() {
        double[] t = new double[sites];
        Arrays.fill(t, 1.0 / sites);
        return t;
    }

    /** The seed research's target: the chi-square density with {@code df} degrees of freedom at 1..J, normalized. */
    public double[] chiSquareTarget(double df) {
        if (!(df > 0) || Double.isInfinite(df)) {
            throw new IllegalArgumentException("chisq(DF): DF must be a number > 0, got " + df);
        }
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(df);
        double[] t = new double[sites];
        double total = 0;
        for (int k = 1; k <= sites; k++) {
            t[k - 1] = chi.density(k);
            total += t[k - 1];
        }
        for (int k = 0; k < sites; k++) {
            t[k] /= total;
        }
        return t;
    }

    /** D(target || pmf(a, b)): infinite where the pmf vanishes under the target's mass. */
    public double divergence(double[] target, double a, double b) {
        double[] p = pmf(a, b);
        double d = 0;
        for (int k = 0; k < sites; k++) {
            if (target[k] > 0) {
                d += target[k] * (Math.log(target[k]) - Math.log(p[k]));
            }
        }
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    /**
     * The Gamma(a, rate b) on alpha minimizing {@link #divergence}: Nelder-Mead on (log a,
     * log b) from the prior whose mean number of clusters is the target's, with restarts until
     * the simplex stops moving (a, b to 1e-6 relative).
     */
    public Prior.Gamma klOptimal(double[] target) {
        if (target.length != sites) {
            throw new IllegalArgumentException("the target pmf has " + target.length + " values for " + sites + " sites");
        }
        double[] start = {0, 0};
        double mean = moments(target)[0];
        if (mean > 1 && mean < sites) {
            // alpha near the value whose E[K] is the target's mean: E[K | alpha] ~ alpha log(1 + J / alpha)
            double alpha = 1;
            for (int it = 0; it < 100; it++) {
                alpha = Math.max((mean - 1) / Math.log1p(sites / alpha), 1e-3);
            }
            start = new double[] {0, -Math.log(alpha)};
        }
        double[] best = start;
        for (int restart = 0; restart < 20; restart++) {
            double[] next = nelderMead(x -> divergence(target, Math.exp(x[0]), Math.exp(x[1])), best, 0.5, 2000);
            boolean moved = Math.abs(next[0] - best[0]) > 1e-7 || Math.abs(next[1] - best[1]) > 1e-7;
            best = next;
            if (!moved) {
                break;
            }
        }
        return Prior.gamma(Math.exp(best[0]), Math.exp(best[1]));
    }

    /** Nelder-Mead (Lagarias et al. 1998 coefficients) in two dimensions; stops when the simplex is 1e-8 wide or after {@code maxIterations}. */
    static double[] nelderMead(java.util.function.ToDoubleFunction<double[]> f, double[] x0, double size, int maxIterations) {
        int d = x0.length;
        double[][] x = new double[d + 1][];
        double[] fx = new double[d + 1];
        for (int i = 0; i <= d; i++) {
            x[i] = x0.clone();
            if (i > 0) {
                x[i][i - 1] += size;
            }
            fx[i] = f.applyAsDouble(x[i]);
        }
        Integer[] order = new Integer[d + 1];
        for (int it = 0; it < maxIterations; it++) {
            for (int i = 0; i <= d; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (p, q) -> Double.compare(fx[p], fx[q]));
            int bestI = order[0];
            int worst = order[d];
            int second = order[d - 1];
            double width = 0;
            for (int i = 0; i <= d; i++) {
                for (int k = 0; k < d; k++) {
                    width = Math.max(width, Math.abs(x[i][k] - x[bestI][k]));
                }
            }
            if (width < 1e-8) {
                break;
            }
            double[] centroid = new double[d];
            for (int i = 0; i <= d; i++) {
                if (i != worst) {
                    for (int k = 0; k < d; k++) {
                        centroid[k] += x[i][k] / d;
                    }
                }
            }
            double[] reflected = along(centroid, x[worst], -1);
            double fr = f.applyAsDouble(reflected);
            if (fr < fx[bestI]) {
                double[] expanded = along(centroid, x[worst], -2);
                double fe = f.applyAsDouble(expanded);
                if (fe < fr) {
                    x[worst] = expanded;
                    fx[worst] = fe;
                } else {
                    x[worst] = reflected;
                    fx[worst] = fr;
                }
            } else if (fr < fx[second]) {
                x[worst] = reflected;
                fx[worst] = fr;
            } else {
                boolean outside = fr < fx[worst];
                double[] contracted = along(centroid, x[worst], outside ? -0.5 : 0.5);
                double fc = f.applyAsDouble(contracted);
                if (fc < (outside ? fr : fx[worst])) {
                    x[worst] = contracted;
                    fx[worst] = fc;
                } else {
                    for (int i = 0; i <= d; i++) {
                        if (i != bestI) {
                            x[i] = along(x[bestI], x[i], 0.5);
                            fx[i] = f.applyAsDouble(x[i]);
                        }
                    }
                }
            }
        }
        int bestI = 0;
        for (int i = 1; i <= d; i++) {
            if (fx[i] < fx[bestI]) {
                bestI = i;
            }
        }
        return x[bestI];
    }

    /** centroid + t (point - centroid). */
    private static double[] along(double[] centroid, double[] point, double t) {
        double[] out = new double[centroid.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = centroid[k] + t * (point[k] - centroid[k]);
        }
        return out;
    }
}
