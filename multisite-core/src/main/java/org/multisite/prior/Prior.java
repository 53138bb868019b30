package org.multisite.prior;

import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.CauchyDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A prior distribution with a readable string form such as {@code normal(0, 5)}.
 *
 * <p>{@link #logDensity(double)} is the normalized log density (minus infinity outside the
 * support); {@link Flat} is improper and returns 0 everywhere. The string form round-trips
 * through {@link PriorParser#parse(String)}. Parameterizations follow Stan: {@code gamma(shape,
 * rate)}, {@code inv_gamma(shape, scale)}, {@code student_t(nu, location, scale)}.
 */
public sealed interface Prior {
    /** log(sqrt(2 pi)). */
    double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** log(2), the factor of a half distribution folded at 0. */
    double LOG_2 = Math.log(2);

    /** The log density at x, including its normalizing constant; -infinity off the support. */
    double logDensity(double x);

    /** True when the support is (0, infinity) or a part of it. */
    boolean positive();

    /** False only for {@link Flat}. */
    default boolean proper() {
        return true;
    }

    /**
     * A chain's starting value: {@code preferred} where the prior's density is positive there,
     * else a point inside its support (the middle of a bounded one), so that no sampler starts
     * where the posterior is zero.
     */
    default double inSupport(double preferred) {
        if (logDensity(preferred) > Double.NEGATIVE_INFINITY) {
            return preferred;
        }
        if (this instanceof Uniform u) {
            double lo = positive() || preferred > 0 ? Math.max(u.lower(), 0) : u.lower();
            return 0.5 * (lo + u.upper());
        }
        return preferred;
    }

    /** {@link #inSupport} on the log scale: {@code logPreferred} itself (unchanged, not exp then log) when it is in the support. */
    default double logInSupport(double logPreferred) {
        double x = Math.exp(logPreferred);
        return logDensity(x) > Double.NEGATIVE_INFINITY ? logPreferred : Math.log(inSupport(x));
    }

    /**
     * One draw from the prior.
     *
     * @throws IllegalStateException for an improper prior
     */
    double sample(UniformRandomProvider rng);

    static Normal normal(double mean, double sd) {
        return new Normal(mean, sd);
    }

    static HalfNormal halfNormal(double sd) {
        return new HalfNormal(sd);
    }

    static HalfCauchy halfCauchy(double scale) {
        return new HalfCauchy(scale);
    }

    static StudentT studentT(double nu, double location, double scale) {
        return new StudentT(nu, location, scale);
    }

    static HalfT halfT(double nu, double scale) {
        return new HalfT(nu, scale);
    }

    static Uniform uniform(double lower, double upper) {
        return new Uniform(lower, upper);
    }

    static InvGamma invGamma(double shape, double scale) {
        return new InvGamma(shape, scale);
    }

    static Gamma gamma(double shape, double rate) {
        return new Gamma(shape, rate);
    }

    static Fixed fixed(double value) {
        return new Fixed(value);
    }

    static Flat flat() {
        return Flat.INSTANCE;
    }

    private static double requirePositive(String dist, String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(dist + ": " + what + " must be finite and > 0, got " + PriorParser.format(v));
        }
        return v;
    }

    private static double requireFinite(String dist, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(dist + ": " + what + " must be finite, got " + v);
        }
        return v;
    }

    /** N(mean, sd^2). */
    record Normal(double mean, double sd) implements Prior {
        public Normal {
            requireFinite("normal", "mean", mean);
            requirePositive("normal", "sd", sd);
        }

        @Override
        public double logDensity(double x) {
            double z = (x - mean) / sd;
            return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
        }

        @Override
        public boolean positive() {
            return false;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return NormalDistribution.of(mean, sd).createSampler(rng).sample();
        }

        @Override
        public String toString() {
            return "normal(" + PriorParser.format(mean) + ", " + PriorParser.format(sd) + ")";
        }
    }

    /** |N(0, sd^2)|, density 2 phi(x / sd) / sd on x >= 0. */
    record HalfNormal(double sd) implements Prior {
        public HalfNormal {
            requirePositive("half_normal", "sd", sd);
        }

        @Override
        public double logDensity(double x) {
            if (x < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double z = x / sd;
            return LOG_2 - 0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
        }

        @Override
        public boolean positive() {
            return true;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return Math.abs(NormalDistribution.of(0, sd).createSampler(rng).sample());
        }

        @Override
        public String toString() {
            return "half_normal(0, " + PriorParser.format(sd) + ")";
        }
    }

    /** Half-Cauchy, density 2 / (pi scale (1 + (x / scale)^2)) on x >= 0. */
    record HalfCauchy(double scale) implements Prior {
        public HalfCauchy {
            requirePositive("half_cauchy", "scale", scale);
        }

        @Override
        public double logDensity(double x) {
            if (x < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double z = x / scale;
            return LOG_2 - Math.log(Math.PI * scale) - Math.log1p(z * z);
        }

        @Override
        public boolean positive() {
            return true;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return Math.abs(CauchyDistribution.of(0, scale).createSampler(rng).sample());
        }

        @Override
        public String toString() {
            return "half_cauchy(0, " + PriorParser.format(scale) + ")";
        }
    }

    /** Location-scale Student t with nu degrees of freedom. */
    record StudentT(double nu, double location, double scale) implements Prior {
        public StudentT {
            requirePositive("student_t", "nu", nu);
            requireFinite("student_t", "location", location);
            requirePositive("student_t", "scale", scale);
        }

        @Override
        public double logDensity(double x) {
            return logT(nu, (x - location) / scale) - Math.log(scale);
        }

        @Override
        public boolean positive() {
            return false;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return location + scale * TDistribution.of(nu).createSampler(rng).sample();
        }

        @Override
        public String toString() {
            return "student_t(" + PriorParser.format(nu) + ", " + PriorParser.format(location) + ", "
                    + PriorParser.format(scale) + ")";
        }
    }

    /** |t_nu| scaled, density 2 t_nu(x / scale) / scale on x >= 0. */
    record HalfT(double nu, double scale) implements Prior {
        public HalfT {
            requirePositive("half_t", "nu", nu);
            requirePositive("half_t", "scale", scale);
        }

        @Override
        public double logDensity(double x) {
            if (x < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return LOG_2 + logT(nu, x / scale) - Math.log(scale);
        }

        @Override
        public boolean positive() {
            return true;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return scale * Math.abs(TDistribution.of(nu).createSampler(rng).sample());
        }

        @Override
        public String toString() {
            return "half_t(" + PriorParser.format(nu) + ", 0, " + PriorParser.format(scale) + ")";
        }
    }

    /** Uniform on [lower, upper]. */
    record Uniform(double lower, double upper) implements Prior {
        public Uniform {
            requireFinite("uniform", "lower", lower);
            requireFinite("uniform", "upper", upper);
            if (!(upper > lower)) {
                throw new IllegalArgumentException("uniform: upper must exceed lower, got uniform("
                        + PriorParser.format(lower) + ", " + PriorParser.format(upper) + ")");
            }
        }

        @Override
        public double logDensity(double x) {
            return x < lower || x > upper ? Double.NEGATIVE_INFINITY : -Math.log(upper - lower);
        }

        @Override
        public boolean positive() {
            return lower >= 0;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return lower + (upper - lower) * rng.nextDouble();
        }

        @Override
        public String toString() {
            return "uniform(" + PriorParser.format(lower) + ", " + PriorParser.format(upper) + ")";
        }
    }

    /** Inverse gamma, density b^a / Gamma(a) x^(-a-1) exp(-b / x) on x > 0 (a = shape, b = scale). */
    record InvGamma(double shape, double scale) implements Prior {
        public InvGamma {
            requirePositive("inv_gamma", "shape", shape);
            requirePositive("inv_gamma", "scale", scale);
        }

        @Override
        public double logDensity(double x) {
            if (!(x > 0)) {
                return Double.NEGATIVE_INFINITY;
            }
            return shape * Math.log(scale) - LogGamma.value(shape) - (shape + 1) * Math.log(x) - scale / x;
        }

        @Override
        public boolean positive() {
            return true;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return 1 / GammaDistribution.of(shape, 1 / scale).createSampler(rng).sample();
        }

        @Override
        public String toString() {
            return "inv_gamma(" + PriorParser.format(shape) + ", " + PriorParser.format(scale) + ")";
        }
    }

    /** Gamma, density b^a / Gamma(a) x^(a-1) exp(-b x) on x > 0 (a = shape, b = rate). */
    record Gamma(double shape, double rate) implements Prior {
        public Gamma {
            requirePositive("gamma", "shape", shape);
            requirePositive("gamma", "rate", rate);
        }

        @Override
        public double logDensity(double x) {
            if (x < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return shape * Math.log(rate) - LogGamma.value(shape) + (shape - 1) * Math.log(x) - rate * x;
        }

        @Override
        public boolean positive() {
            return true;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return GammaDistribution.of(shape, 1 / rate).createSampler(rng).sample();
        }

        @Override
        public String toString() {
            return "gamma(" + PriorParser.format(shape) + ", " + PriorParser.format(rate) + ")";
        }
    }

    /**
     * A parameter held at {@code value} (a point mass): the model does not sample it. Only the
     * parameters a model declares fixable take it ({@code nu} of the t); the others refuse it.
     */
    record Fixed(double value) implements Prior {
        public Fixed {
            requireFinite("fixed", "value", value);
        }

        @Override
        public double logDensity(double x) {
            return x == value ? 0 : Double.NEGATIVE_INFINITY;
        }

        @Override
        public boolean positive() {
            return value > 0;
        }

        @Override
        public double inSupport(double preferred) {
            return value;
        }

        @Override
        public double logInSupport(double logPreferred) {
            return Math.log(value);
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            return value;
        }

        @Override
        public String toString() {
            return "fixed(" + PriorParser.format(value) + ")";
        }
    }

    /** The improper uniform density over the parameter's whole range (log density 0). */
    final class Flat implements Prior {
        static final Flat INSTANCE = new Flat();

        private Flat() {
        }

        @Override
        public double logDensity(double x) {
            return 0;
        }

        @Override
        public boolean positive() {
            return false;
        }

        @Override
        public boolean proper() {
            return false;
        }

        @Override
        public double sample(UniformRandomProvider rng) {
            throw new IllegalStateException("flat is improper: it cannot be sampled");
        }

        @Override
        public String toString() {
            return "flat";
        }
    }

    /** log of the standard Student t density with nu degrees of freedom at z. */
    private static double logT(double nu, double z) {
        return LogGamma.value((nu + 1) / 2) - LogGamma.value(nu / 2) - 0.5 * Math.log(nu * Math.PI)
                - (nu + 1) / 2 * Math.log1p(z * z / nu);
    }
}
