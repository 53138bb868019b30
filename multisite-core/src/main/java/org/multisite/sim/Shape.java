package org.multisite.sim;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.TDistribution;
import org.multisite.data.InvalidParameterException;
import org.multisite.numeric.StandardNormal;

/**
 * The standardized shapes of the true distribution of site effects in simulation studies
 * (design.md section 6, after the seed research): each has mean 0 and variance 1, so that
 * theta_j = mean + tau u_j has mean and SD (mean, tau) whatever the shape. Each gives draws,
 * its CDF (for the exact integrated squared error of a G estimate) and its quantiles.
 */
public sealed interface Shape {
    /** Standard normal. */
    record Gaussian() implements Shape {
        @Override
        public double sample(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            return z.sample();
        }

        @Override
        public double cdf(double x) {
            return StandardNormal.cdf(x);
        }

        @Override
        public String describe() {
            return "gaussian";
        }
    }

    /** Student t with {@code df} > 2 degrees of freedom, scaled by sqrt((df - 2) / df). */
    record StudentT(double df) implements Shape {
        public StudentT {
            if (!(df > 2)) {
                throw InvalidParameterException.of("df", df, "must be > 2 for a standardized t");
            }
        }

        private double scale() {
            return Math.sqrt((df - 2) / df);
        }

        @Override
        public double sample(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            // t = z / sqrt(chi2_df / df), the chi-square as a gamma(df / 2, 2) draw
            double chi2 = 2 * org.multisite.mcmc.GammaDraw.sample(df / 2, rng, z);
            return scale() * z.sample() / Math.sqrt(chi2 / df);
        }

        @Override
        public double cdf(double x) {
            return TDistribution.of(df).cumulativeProbability(x / scale());
        }

        @Override
        public String describe() {
            return "t(df " + df + ")";
        }
    }

    /**
     * The seed research's two-component mixture (1 - e) N(-e D, 1) + e N((1 - e) D, v^2)
     * (mean 0), divided by its SD sqrt((1 - e) + e v^2 + e (1 - e) D^2): {@code delta} = D,
     * {@code epsilon} = e, {@code ups} = v, the second component's SD before rescaling.
     */
    record Mixture(double delta, double epsilon, double ups) implements Shape {
        public Mixture {
            if (!(epsilon > 0 && epsilon < 1)) {
                throw InvalidParameterException.of("epsilon", epsilon, "expected a number in (0, 1)");
            }
            if (!(ups > 0) || !Double.isFinite(ups)) {
                throw InvalidParameterException.of("ups", ups, "expected a number > 0");
            }
            if (!(delta >= 0) || !Double.isFinite(delta)) {
                throw InvalidParameterException.of("delta", delta, "expected a number >= 0");
            }
        }

        private double sd() {
            return Math.sqrt((1 - epsilon) + epsilon * ups * ups + epsilon * (1 - epsilon) * delta * delta);
        }

        @Override
        public double sample(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            double u = rng.nextDouble() < epsilon ? (1 - epsilon) * delta + ups * z.sample() : -epsilon * delta + z.sample();
            return u / sd();
        }

        @Override
        public double cdf(double x) {
            double u = x * sd();
            return (1 - epsilon) * StandardNormal.cdf(u + epsilon * delta) + epsilon * StandardNormal.cdf((u - (1 - epsilon) * delta) / ups);
        }

        @Override
        public String describe() {
            return "mixture(delta " + delta + ", epsilon " + epsilon + ", ups " + ups + ")";
        }
    }

    /**
     * Azzalini's skew-normal with slant {@code alpha}, standardized: with d = alpha / sqrt(1 +
     * alpha^2), mean d sqrt(2 / pi) and variance 1 - 2 d^2 / pi. CDF Phi(z) - 2 T(z, alpha), T
     * Owen's function.
     */
    record SkewNormal(double alpha) implements Shape {
        public SkewNormal {
            if (!Double.isFinite(alpha)) {
                throw InvalidParameterException.of("alpha", alpha, "expected a finite number");
            }
        }

        private double d() {
            return alpha / Math.sqrt(1 + alpha * alpha);
        }

        private double mean() {
            return d() * Math.sqrt(2 / Math.PI);
        }

        private double sd() {
            return Math.sqrt(1 - 2 * d() * d() / Math.PI);
        }

        @Override
        public double sample(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            // Azzalini's representation: d |u0| + sqrt(1 - d^2) u1
            double v = d() * Math.abs(z.sample()) + Math.sqrt(1 - d() * d()) * z.sample();
            return (v - mean()) / sd();
        }

        @Override
        public double cdf(double x) {
            double v = mean() + sd() * x;
            return Math.min(1, Math.max(0, StandardNormal.cdf(v) - 2 * OwensT.value(v, alpha)));
        }

        @Override
        public String describe() {
            return "skew-normal(alpha " + alpha + ")";
        }
    }

    /**
     * The asymmetric Laplace of Kotz, Kozubowski & Podgorski (2001, ch. 3) with asymmetry
     * {@code kappa}: X = E1 / kappa - kappa E2 (standard exponentials), mean 1/kappa - kappa,
     * variance 1/kappa^2 + kappa^2; standardized.
     */
    record AsymmetricLaplace(double kappa) implements Shape {
        public AsymmetricLaplace {
            if (!(kappa > 0)) {
                throw InvalidParameterException.of("kappa", kappa, "must be > 0");
            }
        }

        private double mean() {
            return 1 / kappa - kappa;
        }

        private double sd() {
            return Math.sqrt(1 / (kappa * kappa) + kappa * kappa);
        }

        @Override
        public double sample(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            double e1 = -Math.log1p(-rng.nextDouble());
            double e2 = -Math.log1p(-rng.nextDouble());
            return (e1 / kappa - kappa * e2 - mean()) / sd();
        }

        @Override
        public double cdf(double x) {
            // P(X <= v): for v >= 0, 1 - exp(-kappa v) / (1 + kappa^2); below, kappa^2 exp(v / kappa) / (1 + kappa^2)
            double v = mean() + sd() * x;
            double k2 = kappa * kappa;
            return v >= 0 ? 1 - Math.exp(-kappa * v) / (1 + k2) : k2 * Math.exp(v / kappa) / (1 + k2);
        }

        @Override
        public String describe() {
            return "asymmetric Laplace(kappa " + kappa + ")";
        }
    }

    /**
     * Spike and slab: 0 with probability {@code spike}, else N(0, 1 / (1 - spike)), so that the
     * variance is 1.
     */
    record SpikeSlab(double spike) implements Shape {
        public SpikeSlab {
            if (!(spike >= 0 && spike < 1)) {
                throw InvalidParameterException.of("spike", spike, "must be in [0, 1)");
            }
        }

        @Override
        public double sample(UniformRandomProvider rng, NormalizedGaussianSampler z) {
            return rng.nextDouble() < spike ? 0 : z.sample() / Math.sqrt(1 - spike);
        }

        @Override
        public double cdf(double x) {
            return (x >= 0 ? spike : 0) + (1 - spike) * StandardNormal.cdf(x * Math.sqrt(1 - spike));
        }

        @Override
        public String describe() {
            return "spike and slab(spike " + spike + ")";
        }
    }

    /** A draw of u, mean 0 and variance 1. */
    double sample(UniformRandomProvider rng, NormalizedGaussianSampler z);

    /** P(u <= x). */
    double cdf(double x);

    /** The name and parameters, for outputs. */
    String describe();

    /** The p-quantile, by bisection on the CDF to 1e-12 (the CDFs are continuous but for the spike's jump at 0). */
    default double quantile(double p) {
        double lo = -1;
        double hi = 1;
        while (cdf(lo) > p) {
            lo *= 2;
        }
        while (cdf(hi) < p) {
            hi *= 2;
        }
        while (hi - lo > 1e-12) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** A new Gaussian sampler on {@code rng}, for {@link #sample}. */
    static NormalizedGaussianSampler gaussian(UniformRandomProvider rng) {
        return ZigguratSampler.NormalizedGaussian.of(rng);
    }

}
