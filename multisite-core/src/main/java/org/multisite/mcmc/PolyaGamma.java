package org.multisite.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.numeric.StandardNormal;

/**
 * Draws from the Polya-Gamma distribution PG(1, c), by Devroye's method as Polson, Scott &
 * Windle (2013, "Bayesian inference for logistic models using Polya-Gamma latent variables",
 * JASA 108, section 4 and appendix) give it and the R package BayesLogit implements it:
 * omega = J*(1, |c| / 2) / 4, where J* is drawn by the alternating-series method from a
 * proposal that is a truncated inverse Gaussian below t = 0.64 and an exponential tail above.
 *
 * <p>E[omega] = tanh(c / 2) / (2c) and E[exp(-s omega)] = cosh(c / 2) / cosh(sqrt(c^2 / 4 + s / 2)),
 * which the tests check. Holds its generator and the last proposal mass: one instance per chain.
 */
public final class PolyaGamma {
    /** The truncation point t of the proposal (Devroye; PSW 2013, appendix). */
    private static final double TRUNC = 0.64;
    private static final double TRUNC_RECIP = 1 / TRUNC;
    private static final double PI2 = Math.PI * Math.PI;

    private final UniformRandomProvider rng;
    private final ContinuousSampler exponential;
    private final NormalizedGaussianSampler gaussian;

    public PolyaGamma(UniformRandomProvider rng) {
        this.rng = rng;
        this.exponential = ZigguratSampler.Exponential.of(rng);
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    /**
     * The last z and its {@link #massExponential}: the units of a site's arm share their linear
     * predictor (without unit covariates), and are drawn one after another, so the two normal
     * CDFs, two logarithms and two exponentials it costs are paid once per arm, not once per unit
     * (the same numbers: it is a function of z alone).
     */
    private double lastZ = Double.NaN;
    private double lastMass;

    /** One draw of PG(1, c). */
    public double sample(double c) {
        double z = Math.abs(c) * 0.5;
        double fz = PI2 / 8 + z * z / 2;
        if (z != lastZ) {
            lastMass = massExponential(z, fz);
            lastZ = z;
        }
        double mass = lastMass;
        while (true) {
            // proposal: exponential tail above t with probability p / (p + q), else truncated inverse Gaussian
            double x = rng.nextDouble() < mass ? TRUNC + exponential.sample() / fz : truncatedInverseGaussian(z);
            // alternating series: accept when the partial sums squeeze the uniform below the density
            double base = leftBase(x);
            double s = coefficient(0, x, base);
            double y = rng.nextDouble() * s;
            for (int n = 1; ; n++) {
                if (n % 2 == 1) {
                    s -= coefficient(n, x, base);
                    if (y <= s) {
                        return 0.25 * x;
                    }
                } else {
                    s += coefficient(n, x, base);
                    if (y > s) {
                        break;
                    }
                }
            }
        }
    }

    /** The series coefficient a_n(x) of the J*(1, 0) density (PSW 2013, eq. 14, piecewise at t). */
    static double coefficient(int n, double x) {
        return coefficient(n, x, leftBase(x));
    }

    /** log (pi / 2) and log k_n = log((n + 1/2) pi) for the first terms, which nearly every draw stops within. */
    private static final double LOG_HALF_PI = Math.log(0.5 * Math.PI);
    private static final double[] LOG_K = new double[8];

    static {
        for (int n = 0; n < LOG_K.length; n++) {
            LOG_K[n] = Math.log((n + 0.5) * Math.PI);
        }
    }

    /**
     * -3/2 (log(pi / 2) + log x), the part of the left piece's exponent shared by every n, for x
     * in (0, t]; 0 elsewhere, where the coefficient does not read it.
     */
    private static double leftBase(double x) {
        return x > TRUNC || x <= 0 ? 0 : -1.5 * (LOG_HALF_PI + Math.log(x));
    }

    /**
     * a_n(x) given {@link #leftBase}(x) for x in (0, t]: the same numbers as computing the whole
     * exponent each time (the same operations in the same order), with one logarithm a draw
     * instead of two a term.
     */
    private static double coefficient(int n, double x, double base) {
        double k = (n + 0.5) * Math.PI;
        if (x > TRUNC) {
            return k * Math.exp(-0.5 * k * k * x);
        }
        if (x <= 0) {
            return 0;
        }
        double logK = n < LOG_K.length ? LOG_K[n] : Math.log(k);
        return Math.exp(base + logK - 2 * (n + 0.5) * (n + 0.5) / x);
    }

    /** p / (p + q): the probability of the exponential part of the proposal. */
    private static double massExponential(double z, double fz) {
        double b = Math.sqrt(TRUNC_RECIP) * (TRUNC * z - 1);
        double a = -Math.sqrt(TRUNC_RECIP) * (TRUNC * z + 1);
        double x0 = Math.log(fz) + fz * TRUNC;
        double xb = x0 - z + logPhi(b);
        double xa = x0 + z + logPhi(a);
        double qOverP = 4 / Math.PI * (Math.exp(xb) + Math.exp(xa));
        return 1 / (1 + qOverP);
    }

    private static double logPhi(double x) {
        return Math.log(StandardNormal.cdf(x));
    }

    /** Inverse Gaussian IG(1 / z, 1) truncated to (0, t). */
    private double truncatedInverseGaussian(double z) {
        double x = TRUNC + 1;
        if (TRUNC_RECIP > z) {
            // mean 1/z above t: from the chi-square-based proposal, accepted with probability exp(-z^2 x / 2)
            double alpha = 0;
            while (rng.nextDouble() > alpha) {
                double e1 = exponential.sample();
                double e2 = exponential.sample();
                while (e1 * e1 > 2 * e2 / TRUNC) {
                    e1 = exponential.sample();
                    e2 = exponential.sample();
                }
                x = 1 + e1 * TRUNC;
                x = TRUNC / (x * x);
                alpha = Math.exp(-0.5 * z * z * x);
            }
        } else {
            // mean 1/z below t: IG draws (Michael, Schucany & Haas 1976) until one falls below t
            double mu = 1 / z;
            while (x > TRUNC) {
                double y = gaussian.sample();
                y *= y;
                double muY = mu * y;
                x = mu + 0.5 * mu * muY - 0.5 * mu * Math.sqrt(4 * muY + muY * muY);
                if (rng.nextDouble() > mu / (mu + x)) {
                    x = mu * mu / x;
                }
            }
        }
        return x;
    }
}
