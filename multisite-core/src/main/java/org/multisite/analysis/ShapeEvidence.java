package org.multisite.analysis;

import java.util.ArrayList;
import java.util.List;
import org.multisite.mcmc.Draws;
import org.multisite.model.SiteModel;
import org.multisite.numeric.Quantiles;

/**
 * What a fitted model of G says about G's shape, draw by draw: whether G holds two groups of
 * sites, and (for the t model) how heavy its tails are. The verdict ({@link Verdict}) reads
 * these; docs/verdict.md gives the rules.
 *
 * <p>Two groups: G's density on a fine grid has an antimode a (a local minimum) with at least
 * {@value #MIN_GROUP_SHARE} of G's mass on each side, and the density at a is at most
 * {@value #MAX_DIP} of the lower of the two peaks beside it. The share keeps a few outlying
 * sites from counting as a group; the dip keeps a shoulder or a flat top from counting as two
 * modes. Both are our choices, calibrated on the acceptance cases of docs/verdict.md.
 */
public final class ShapeEvidence {
    /** The least share of G on each side of the antimode for two groups. */
    public static final double MIN_GROUP_SHARE = 0.1;
    /** The density at the antimode, at most this share of the lower peak. */
    public static final double MAX_DIP = 0.8;
    /** The grid's points. */
    static final int GRID_POINTS = 401;
    /** The most draws read. */
    public static final int MAX_DRAWS = 1000;

    private ShapeEvidence() {
    }

    /**
     * What the draws of G say about two groups: the share of draws that hold them, and over those
     * draws the median share of G in the lower group (with its 5% and 95% quantiles) and the
     * median modes of the two groups; NaN summaries when no draw holds two groups.
     */
    public record TwoGroups(double probability, double lowerShare, double lowerShareLow, double lowerShareHigh,
                            double lowerPeak, double upperPeak) {
    }

    /**
     * Two groups in (up to {@value #MAX_DRAWS} evenly spaced) posterior draws of G, G's density
     * evaluated on {@value #GRID_POINTS} points from {@code low} to {@code high} (a range that
     * holds nearly all of G).
     */
    public static TwoGroups twoGroups(SiteModel model, Draws draws, double low, double high) {
        return twoGroups(model, draws, low, high, MAX_DIP);
    }

    static TwoGroups twoGroups(SiteModel model, Draws draws, double low, double high, double dip) {
        if (!(high > low)) {
            return new TwoGroups(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int used = Math.min(MAX_DRAWS, draws.size());
        double[] grid = new double[GRID_POINTS];
        for (int k = 0; k < GRID_POINTS; k++) {
            grid[k] = low + (high - low) * k / (GRID_POINTS - 1);
        }
        double[] f = new double[GRID_POINTS];
        List<Groups> found = new ArrayList<>();
        for (int r = 0; r < used; r++) {
            int i = (int) ((long) r * draws.size() / used);
            var g = model.distribution(draws, i);
            for (int k = 0; k < GRID_POINTS; k++) {
                f[k] = g.density(grid[k]);
            }
            Groups groups = groups(grid, f, dip);
            if (groups != null) {
                found.add(groups);
            }
        }
        if (found.isEmpty()) {
            return new TwoGroups(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] share = found.stream().mapToDouble(Groups::lowerShare).sorted().toArray();
        double[] lower = found.stream().mapToDouble(Groups::lowerPeak).sorted().toArray();
        double[] upper = found.stream().mapToDouble(Groups::upperPeak).sorted().toArray();
        return new TwoGroups(found.size() / (double) used, Quantiles.type7(share, 0.5), Quantiles.type7(share, 0.05),
                Quantiles.type7(share, 0.95), Quantiles.type7(lower, 0.5), Quantiles.type7(upper, 0.5));
    }

    /**
     * Whether a density on an evenly spaced grid has an antimode with at least {@link
     * #MIN_GROUP_SHARE} of the mass on each side and a dip to at most {@link #MAX_DIP} of the
     * lower neighbouring peak (masses by the trapezoid rule, relative to the grid's total).
     */
    static boolean twoGroups(double[] f) {
        double[] index = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            index[k] = k;
        }
        return groups(index, f) != null;
    }

    /**
     * The two groups of a density on an evenly spaced grid, where {@link #twoGroups} finds
     * them: the deepest qualifying dip, then each side's share of the mass and its peak.
     *
     * @param lowerShare the share of G below the dip
     * @param lowerPeak the lower group's mode; {@code upperPeak} the upper group's
     */
    public record Groups(double lowerShare, double lowerPeak, double upperPeak) {
    }

    /** The two groups of {@code density} on {@code grid}, or null when it holds no two groups. */
    public static Groups groups(double[] grid, double[] density) {
        return groups(grid, density, MAX_DIP);
    }

    private static Groups groups(double[] grid, double[] density, double maxDip) {
        int n = density.length;
        double[] cumulative = new double[n];
        for (int k = 1; k < n; k++) {
            cumulative[k] = cumulative[k - 1] + 0.5 * (density[k - 1] + density[k]);
        }
        double total = cumulative[n - 1];
        if (!(total > 0)) {
            return null;
        }
        // the highest point at or left of each point, and right of it
        int[] leftPeak = new int[n];
        int[] rightPeak = new int[n];
        for (int k = 1; k < n; k++) {
            leftPeak[k] = density[k] > density[leftPeak[k - 1]] ? k : leftPeak[k - 1];
        }
        rightPeak[n - 1] = n - 1;
        for (int k = n - 2; k >= 0; k--) {
            rightPeak[k] = density[k] > density[rightPeak[k + 1]] ? k : rightPeak[k + 1];
        }
        int dip = -1;
        double depth = maxDip;
        for (int a = 1; a < n - 1; a++) {
            double left = cumulative[a] / total;
            double ratio = density[a] / Math.min(density[leftPeak[a]], density[rightPeak[a + 1]]);
            if (left >= MIN_GROUP_SHARE && 1 - left >= MIN_GROUP_SHARE && ratio <= depth) {
                depth = ratio;
                dip = a;
            }
        }
        return dip < 0 ? null : new Groups(cumulative[dip] / total, grid[leftPeak[dip]], grid[rightPeak[dip + 1]]);
    }

    /** The share of draws of parameter {@code name} below {@code value}. */
    public static double probabilityBelow(Draws draws, String name, double value) {
        double[] column = draws.column(name);
        int count = 0;
        for (double v : column) {
            count += v < value ? 1 : 0;
        }
        return count / (double) column.length;
    }
}
