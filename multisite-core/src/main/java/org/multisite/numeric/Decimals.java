package org.multisite.numeric;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Numbers as people write them in data files and options: an optional sign, digits with an
 * optional decimal point, an optional exponent ({@code -1.5}, {@code .5}, {@code 2e-3}), and
 * {@code Inf}, {@code Infinity} and {@code NaN} for the callers that refuse them by name.
 * Java's own suffixes and forms ({@code 2f}, {@code 0.5D}, {@code 0x1p3}) are not numbers here:
 * {@link Double#parseDouble} reads them silently, and a column holding them is more likely
 * mislabelled than meant.
 */
public final class Decimals {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(Inf|Infinity|inf|infinity|NaN|nan)");

    private Decimals() {
    }

    /**
     * The number {@code text} writes (surrounding blanks ignored).
     *
     * @throws NumberFormatException if it is not a decimal number as described above
     */
    public static double parse(String text) {
        String t = text.trim();
        if (DECIMAL.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        if (SPECIAL.matcher(t).matches()) {
            boolean negative = t.startsWith("-");
            String word = t.replaceFirst("^[+-]", "");
            if (word.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new NumberFormatException("'" + t + "' is not a decimal number");
    }

    /**
     * Shortest decimal form of x that {@link #parse} reads back: plain from 1e-6 to 1e15 (5, 2.5,
     * 0.001), with an exponent beyond (1e100, 5.77e-12).
     */
    public static String format(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        double a = Math.abs(x);
        if (a >= 1e-6 && a < 1e15) {
            return d.toPlainString();
        }
        return d.toString().replace("E+", "e").replace("E", "e");
    }
}
