package org.multisite.cli;

import org.multisite.io.InputException;
import org.multisite.numeric.Decimals;

/** Numeric ranges given as option values: {@code LO:HI} and {@code FROM:TO:BY}. */
final class Ranges {
    /** Guard on grid points: a mistyped BY (1e-6 for 1e-2) would otherwise ask for gigabytes. */
    static final int MAX_POINTS = 100_000;

    private Ranges() {
    }

    /** LO:HI, two finite increasing numbers. */
    static double[] range(String option, String value) {
        String[] parts = value.split(":", -1);
        try {
            if (parts.length == 2) {
                double lo = Decimals.parse(parts[0]);
                double hi = Decimals.parse(parts[1]);
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi) {
                    return new double[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InputException(option + " " + value + ": expected LO:HI, two increasing numbers");
    }

    /** FROM:TO:BY as an ascending grid, TO included when it falls on a step (within rounding); 2 to {@link #MAX_POINTS} points. */
    static double[] grid(String option, String spec) {
        String[] parts = spec.split(":");
        double from;
        double to;
        double by;
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            from = Decimals.parse(parts[0]);
            to = Decimals.parse(parts[1]);
            by = Decimals.parse(parts[2]);
        } catch (NumberFormatException e) {
            throw new InputException(option + " " + spec + ": expected FROM:TO:BY, three numbers");
        }
        if (!Double.isFinite(from) || !Double.isFinite(to) || !(by > 0) || !(to > from)) {
            throw new InputException(option + " " + spec + ": expected FROM < TO and BY > 0");
        }
        long count = (long) Math.floor((to - from) / by + 1e-9) + 1;
        if (count < 2 || count > MAX_POINTS) {
            throw new InputException(option + " " + spec + ": gives " + count + " points; expected 2 to " + MAX_POINTS);
        }
        double[] points = new double[(int) count];
        for (int k = 0; k < count; k++) {
            points[k] = from + k * by;
        }
        return points;
    }

    /** FROM:TO:BY on the log scale: the grid exp(FROM), exp(FROM + BY), ..., exp(TO). */
    static double[] logGrid(String option, String spec) {
        double[] v = grid(option, spec);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.exp(v[i]);
        }
        return out;
    }
}
