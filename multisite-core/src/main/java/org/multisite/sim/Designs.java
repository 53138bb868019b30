package org.multisite.sim;

import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidParameterException;
import org.multisite.numeric.Decimals;

/**
 * The simulation design that a set of named factors describes: a study's cell, or the simulate
 * command's options under the same names. One place for the shapes, the standard-error designs
 * and their defaults.
 *
 * <p>Factors: {@code shape} (gaussian, t, t5, mixture, bimodal = mixture(4, 0.3, 1), mixed =
 * mixture(5, 0.3, 2), skew, ald, spike) with its parameters {@code df, delta, epsilon, ups,
 * alpha, kappa, spike}; {@code sites}; {@code mean} (0) and {@code tau} (1);
 * {@code informativeness} with {@code se_ratio} (max/min of se^2) or {@code sd_ratio} (of se), or
 * {@code site_size} with {@code size_cv}, {@code min_size}, {@code se_kappa}. A shape's
 * parameters are ignored by the other shapes (a study crosses them); each refusal names its factor.
 */
public final class Designs {
    /** Every factor a design takes. */
    public static final List<String> FACTORS = List.of("shape", "df", "delta", "epsilon", "ups", "alpha", "kappa", "spike",
            "sites", "mean", "tau", "informativeness", "se_ratio", "sd_ratio", "site_size", "size_cv", "min_size", "se_kappa");
    /** Every shape's name. */
    public static final List<String> SHAPES = List.of("gaussian", "t", "t5", "mixture", "bimodal", "mixed", "skew", "ald",
            "spike");
    /** Sites when the factors do not say. */
    public static final int DEFAULT_SITES = 50;

    private Designs() {
    }

    /**
     * The design of {@code factors}, without site covariates.
     *
     * @throws InvalidParameterException naming the factor that is unknown or wrong
     */
    public static SiteSimulator.Design design(Map<String, String> factors) {
        return design(factors, new double[0]);
    }

    /** As {@link #design(Map)}, with site covariates x1, x2, ... ~ N(0, 1) whose effects are {@code coefficients}. */
    public static SiteSimulator.Design design(Map<String, String> factors, double[] coefficients) {
        for (Map.Entry<String, String> f : factors.entrySet()) {
            if (!FACTORS.contains(f.getKey())) {
                throw InvalidParameterException.of(f.getKey(), f.getValue(), "not a known factor (known: "
                        + String.join(", ", FACTORS) + ")");
            }
        }
        double sites = number(factors, "sites", DEFAULT_SITES);
        if (sites != Math.rint(sites) || Math.abs(sites) > Integer.MAX_VALUE) {
            throw InvalidParameterException.of("sites", factors.get("sites"), "expected a whole number");
        }
        return new SiteSimulator.Design(shape(factors), (int) sites, number(factors, "mean", 0), number(factors, "tau", 1),
                seDesign(factors), coefficients);
    }

    /**
     * G's standardized shape, with the defaults every entry point shares: df 5; the seed
     * research's bimodal mixture delta 4, epsilon 0.3, ups 1 (its "mixed": 5, 0.3, 2); skew-normal
     * slant 5 and asymmetric Laplace with the seed's p = 0.1 (kappa = sqrt(p / (1 - p)) = 1/3,
     * skewness +1.96, a long right tail); spike probability 0.5, a clearly non-normal value of our choosing.
     */
    public static Shape shape(Map<String, String> factors) {
        String name = factors.getOrDefault("shape", "gaussian");
        return switch (name) {
            case "gaussian" -> new Shape.Gaussian();
            case "t" -> new Shape.StudentT(number(factors, "df", 5));
            case "t5" -> new Shape.StudentT(5);
            case "mixture" -> new Shape.Mixture(number(factors, "delta", 4), number(factors, "epsilon", 0.3),
                    number(factors, "ups", 1));
            case "bimodal" -> new Shape.Mixture(4, 0.3, 1);
            case "mixed" -> new Shape.Mixture(5, 0.3, 2);
            case "skew" -> new Shape.SkewNormal(number(factors, "alpha", 5));
            // the seed's ALD has p = 0.1: kappa = sqrt(p / (1 - p)) = 1/3, skewness +1.96
            case "ald" -> new Shape.AsymmetricLaplace(number(factors, "kappa", 1.0 / 3));
            case "spike" -> new Shape.SpikeSlab(number(factors, "spike", 0.5));
            default -> throw InvalidParameterException.of("shape", name, "expected " + String.join(", ", SHAPES));
        };
    }

    /**
     * The standard errors' design: site sizes when {@code site_size} is given (CV 0.5, smallest
     * site 10, kappa 4: a difference in means of a unit-variance outcome, half the units treated),
     * else the informativeness design (I 0.5, se^2 ratio 1).
     */
    public static SeDesign seDesign(Map<String, String> factors) {
        if (factors.containsKey("site_size")) {
            double minimum = number(factors, "min_size", 10);
            if (minimum != Math.rint(minimum) || Math.abs(minimum) > Integer.MAX_VALUE) {
                throw InvalidParameterException.of("min_size", factors.get("min_size"), "expected a whole number");
            }
            return new SeDesign.SiteSizes(number(factors, "site_size", 0), number(factors, "size_cv", 0.5), (int) minimum,
                    number(factors, "se_kappa", 4));
        }
        double i = number(factors, "informativeness", 0.5);
        return factors.containsKey("sd_ratio") ? SeDesign.Informativeness.ofSeRatio(i, number(factors, "sd_ratio", 1))
                : new SeDesign.Informativeness(i, number(factors, "se_ratio", 1));
    }

    private static double number(Map<String, String> factors, String factor, double fallback) {
        String v = factors.get(factor);
        if (v == null) {
            return fallback;
        }
        try {
            return Decimals.parse(v);
        } catch (NumberFormatException e) {
            throw InvalidParameterException.of(factor, "'" + v + "'", "not a number");
        }
    }
}
