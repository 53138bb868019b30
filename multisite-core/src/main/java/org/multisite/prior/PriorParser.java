package org.multisite.prior;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multisite.numeric.Decimals;

/**
 * Parses the readable prior syntax: {@code normal(0, 5)}, {@code half_cauchy(0, 1)},
 * {@code half_normal(0, 1)}, {@code student_t(3, 0, 2.5)}, {@code half_t(3, 0, 1)},
 * {@code uniform(0, 10)}, {@code inv_gamma(1, 1)}, {@code gamma(2, 0.1)}, {@code flat}.
 * Half distributions take their location as first argument, which must be 0, or omit it.
 */
public final class PriorParser {
    private static final Pattern CALL = Pattern.compile("\\s*([A-Za-z_]+)\\s*(?:\\((.*)\\))?\\s*");
    private static final String KNOWN =
            "normal, half_normal, half_cauchy, student_t, half_t, uniform, inv_gamma, gamma, flat, fixed";

    private PriorParser() {
    }

    /**
     * Parses one distribution.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static Prior parse(String text) {
        Matcher m = CALL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read prior '" + text + "': expected NAME(ARGS), e.g. normal(0, 5)");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        double[] a = arguments(text, m.group(2));
        switch (name) {
            case "normal":
                need(name, a, 2, "mean, sd");
                return Prior.normal(a[0], a[1]);
            case "half_normal":
                return Prior.halfNormal(halfScale(name, a, "sd"));
            case "half_cauchy":
                return Prior.halfCauchy(halfScale(name, a, "scale"));
            case "student_t":
                need(name, a, 3, "nu, location, scale");
                return Prior.studentT(a[0], a[1], a[2]);
            case "half_t":
                if (a.length == 3) {
                    requireZeroLocation(name, a[1]);
                    return Prior.halfT(a[0], a[2]);
                }
                need(name, a, 2, "nu, 0, scale");
                return Prior.halfT(a[0], a[1]);
            case "uniform":
                need(name, a, 2, "lower, upper");
                return Prior.uniform(a[0], a[1]);
            case "inv_gamma":
                need(name, a, 2, "shape, scale");
                return Prior.invGamma(a[0], a[1]);
            case "gamma":
                need(name, a, 2, "shape, rate");
                return Prior.gamma(a[0], a[1]);
            case "flat":
                need(name, a, 0, "");
                return Prior.flat();
            case "fixed":
                need(name, a, 1, "value");
                return Prior.fixed(a[0]);
            default:
                throw new IllegalArgumentException("unknown distribution '" + m.group(1) + "' (known: " + KNOWN + ")");
        }
    }

    private static double[] arguments(String text, String inside) {
        if (inside == null || inside.isBlank()) {
            return new double[0];
        }
        List<Double> values = new ArrayList<>();
        for (String part : inside.split(",", -1)) {
            try {
                values.add(Decimals.parse(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot read prior '" + text + "': '" + part.trim() + "' is not a number");
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void need(String name, double[] a, int n, String names) {
        if (a.length != n) {
            throw new IllegalArgumentException(name + " takes " + n + " argument" + (n == 1 ? "" : "s")
                    + (n > 0 ? " (" + names + ")" : "") + ", got " + a.length);
        }
    }

    private static double halfScale(String name, double[] a, String what) {
        if (a.length == 2) {
            requireZeroLocation(name, a[0]);
            return a[1];
        }
        need(name, a, 1, "0, " + what);
        return a[0];
    }

    private static void requireZeroLocation(String name, double location) {
        if (location != 0) {
            throw new IllegalArgumentException(name + ": location must be 0, got " + format(location));
        }
    }

    /** Shortest decimal form of x that {@link #parse} reads back ({@link Decimals#format}). */
    public static String format(double x) {
        return Decimals.format(x);
    }
}
