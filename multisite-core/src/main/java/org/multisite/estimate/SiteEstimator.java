package org.multisite.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.multisite.data.Family;
import org.multisite.data.InvalidDataException;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.numeric.Vectors;

/**
 * Site-level effect estimates from unit records, one regression per site (design.md section 3):
 * <ul>
 *   <li>{@code diff}: difference in means with the Neyman (HC2) standard error
 *       sqrt(s_1^2 / n_1 + s_0^2 / n_0); with unit covariates, {@code ols}: OLS of y on
 *       (1, T, z) with the HC2 standard error of T's coefficient;</li>
 *   <li>{@code logodds}: the log odds ratio of a 0/1 outcome by logistic regression on
 *       (1, T, z) as R's glm fits it ({@code mle}), or by Firth's penalized likelihood
 *       ({@code firth}) where the maximum likelihood estimate does not exist: an arm whose
 *       outcome is constant (quasi-complete separation), or, with covariates, a fit that does
 *       not converge or drives fitted probabilities to 0 or 1;</li>
 *   <li>{@code riskdiff}: the difference in proportions, as {@code diff}.</li>
 * </ul>
 * Sites with an arm smaller than {@code minPerArm}, or fewer than {@code minUnits} units, are
 * dropped with the reason. Covariates constant within a site, or collinear with the columns
 * before them, are left out of that site's regression (as R's lm aliases them).
 */
public final class SiteEstimator {
    /** Fitted probabilities this close to 0 or 1 mark a logistic fit as separated. */
    private static final double SEPARATION_PROBABILITY = 1e-8;
    /** Relative residual norm below which a design column counts as collinear with earlier ones. */
    private static final double ALIAS_TOLERANCE = 1e-9;

    private SiteEstimator() {
    }

    /** How to estimate: effect measure, smallest arm and smallest site allowed. */
    public record Options(Effect effect, int minPerArm, int minUnits) {
        public Options {
            if (minPerArm < 1) {
                throw new IllegalArgumentException("--min-per-arm must be >= 1, got " + minPerArm);
            }
            if (minUnits < 0) {
                throw new IllegalArgumentException("--min-units must be >= 0, got " + minUnits);
            }
        }
    }

    /** The estimates, in order of the sites' first appearance, and the sites dropped. */
    public record Result(List<SiteEstimate> estimates, List<DroppedSite> dropped) {
        /**
         * The estimates as site-level data for a model.
         *
         * @throws InvalidDataException if fewer than 2 sites remain
         */
        public SiteData toSiteData() {
            if (estimates.size() < 2) {
                throw new InvalidDataException("at least 2 sites with estimates are needed, got " + estimates.size()
                        + " (" + dropped.size() + " dropped)");
            }
            List<String> ids = new ArrayList<>();
            double[] y = new double[estimates.size()];
            double[] se = new double[estimates.size()];
            for (int j = 0; j < y.length; j++) {
                ids.add(estimates.get(j).site());
                y[j] = estimates.get(j).estimate();
                se[j] = estimates.get(j).se();
            }
            return SiteData.of(ids, y, se);
        }

        /** How many sites each method served, e.g. {@code 35 mle, 8 firth}. */
        public String methodCounts() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (SiteEstimate e : estimates) {
                counts.merge(e.method(), 1L, Long::sum);
            }
            List<String> parts = new ArrayList<>();
            counts.forEach((m, c) -> parts.add(c + " " + m));
            return String.join(", ", parts);
        }
    }

    /**
     * @throws IllegalArgumentException if the effect does not suit the family
     */
    public static Result estimate(UnitData data, Options options) {
        if (options.effect() == Effect.LOGODDS && data.family() != Family.BINOMIAL) {
            throw new IllegalArgumentException("--effect logodds needs a 0/1 outcome (--family binomial)");
        }
        List<SiteEstimate> estimates = new ArrayList<>();
        List<DroppedSite> dropped = new ArrayList<>();
        for (Map.Entry<String, int[]> e : data.bySite().entrySet()) {
            String site = e.getKey();
            int[] units = e.getValue();
            int treated = 0;
            for (int i : units) {
                treated += data.treatment(i);
            }
            int control = units.length - treated;
            String problem = sizeProblem(treated, control, units.length, options);
            if (problem != null) {
                dropped.add(new DroppedSite(site, problem));
                continue;
            }
            SiteFit fit = estimateSite(data, units, options.effect());
            if (fit.dropReason() != null) {
                dropped.add(new DroppedSite(site, fit.dropReason()));
            } else if (!(fit.se() > 0) || !Double.isFinite(fit.se()) || !Double.isFinite(fit.estimate())) {
                dropped.add(new DroppedSite(site, "standard error is " + fit.se()
                        + " (the outcome is constant within both arms)"));
            } else {
                estimates.add(new SiteEstimate(site, fit.estimate(), fit.se(), treated, control, fit.method()));
            }
        }
        return new Result(List.copyOf(estimates), List.copyOf(dropped));
    }

    private static String sizeProblem(int treated, int control, int n, Options options) {
        if (treated == 0 || control == 0) {
            return String.format(Locale.ROOT, "one arm only (%d treated, %d control)", treated, control);
        }
        if (treated < options.minPerArm() || control < options.minPerArm()) {
            return String.format(Locale.ROOT, "fewer than %d units in an arm (%d treated, %d control)",
                    options.minPerArm(), treated, control);
        }
        if (n < options.minUnits()) {
            return String.format(Locale.ROOT, "fewer than %d units (%d)", options.minUnits(), n);
        }
        return null;
    }

    /** One site's estimate, standard error and method, or the reason it has none. */
    private record SiteFit(double estimate, double se, String method, String dropReason) {
        static SiteFit of(double[] estimateAndSe, String method) {
            return new SiteFit(estimateAndSe[0], estimateAndSe[1], method, null);
        }

        static SiteFit dropped(String reason) {
            return new SiteFit(Double.NaN, Double.NaN, null, reason);
        }
    }

    private static SiteFit estimateSite(UnitData data, int[] units, Effect effect) {
        double[] y = new double[units.length];
        for (int r = 0; r < units.length; r++) {
            y[r] = data.outcome(units[r]);
        }
        double[][] x = design(data, units);
        if (x == null) {
            return SiteFit.dropped("the treatment is collinear with the unit covariates");
        }
        if (effect == Effect.LOGODDS) {
            return logOdds(data, units, x, y);
        }
        if (x[0].length == 2) {
            return SiteFit.of(differenceInMeans(data, units, y), "diff");
        }
        double[] fit = LinearRegression.fitHc2(x, y, 1);
        if (fit == null) {
            return SiteFit.dropped("HC2 is undefined: a unit has leverage 1 in the regression on the covariates");
        }
        return SiteFit.of(fit, "ols");
    }

    /** ybar_1 - ybar_0 and sqrt(s_1^2 / n_1 + s_0^2 / n_0). */
    static double[] differenceInMeans(UnitData data, int[] units, double[] y) {
        int n1 = 0;
        for (int i : units) {
            n1 += data.treatment(i);
        }
        double[] y1 = new double[n1];
        double[] y0 = new double[units.length - n1];
        int a = 0;
        int b = 0;
        for (int r = 0; r < units.length; r++) {
            if (data.treatment(units[r]) == 1) {
                y1[a++] = y[r];
            } else {
                y0[b++] = y[r];
            }
        }
        double v = Vectors.variance(y1) / y1.length + Vectors.variance(y0) / y0.length;
        return new double[] {Vectors.mean(y1) - Vectors.mean(y0), Math.sqrt(v)};
    }

    private static SiteFit logOdds(UnitData data, int[] units, double[][] x, double[] y) {
        int[][] cells = new int[2][2];
        for (int r = 0; r < units.length; r++) {
            cells[data.treatment(units[r])][(int) y[r]]++;
        }
        boolean separated = cells[0][0] == 0 || cells[0][1] == 0 || cells[1][0] == 0 || cells[1][1] == 0;
        if (!separated) {
            LogisticRegression.Fit mle = LogisticRegression.maximumLikelihood(x, y);
            if (mle != null && mle.converged() && !extreme(mle.fitted())) {
                return SiteFit.of(new double[] {mle.beta()[1], mle.se(1)}, "mle");
            }
        }
        LogisticRegression.Fit firth = LogisticRegression.firth(x, y);
        if (firth == null) {
            return SiteFit.dropped("Firth's logistic regression failed (singular information)");
        }
        return SiteFit.of(new double[] {firth.beta()[1], firth.se(1)}, "firth");
    }

    private static boolean extreme(double[] p) {
        for (double v : p) {
            if (v < SEPARATION_PROBABILITY || v > 1 - SEPARATION_PROBABILITY) {
                return true;
            }
        }
        return false;
    }

    /**
     * The site's design (1, T, z...), leaving out covariates constant within the site or
     * collinear with earlier columns; null if T itself is collinear with the intercept.
     */
    static double[][] design(UnitData data, int[] units) {
        int n = units.length;
        List<double[]> columns = new ArrayList<>();
        List<double[]> basis = new ArrayList<>();
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1);
        columns.add(one);
        basis.add(normalized(one.clone()));
        double[] t = new double[n];
        for (int r = 0; r < n; r++) {
            t[r] = data.treatment(units[r]);
        }
        if (!addIfIndependent(t, columns, basis)) {
            return null;
        }
        for (int k = 0; k < data.covariateNames().size(); k++) {
            double[] z = new double[n];
            for (int r = 0; r < n; r++) {
                z[r] = data.covariate(k, units[r]);
            }
            addIfIndependent(z, columns, basis);
        }
        double[][] x = new double[n][columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            for (int r = 0; r < n; r++) {
                x[r][c] = columns.get(c)[r];
            }
        }
        return x;
    }

    /** Gram-Schmidt: keeps the column if its residual on the basis is not negligible. */
    private static boolean addIfIndependent(double[] column, List<double[]> columns, List<double[]> basis) {
        double[] v = column.clone();
        double norm0 = Vectors.norm(v);
        if (norm0 == 0) {
            return false;
        }
        for (double[] q : basis) {
            double d = Vectors.dot(q, v);
            for (int r = 0; r < v.length; r++) {
                v[r] -= d * q[r];
            }
        }
        if (Vectors.norm(v) <= ALIAS_TOLERANCE * norm0) {
            return false;
        }
        columns.add(column);
        basis.add(normalized(v));
        return true;
    }

    private static double[] normalized(double[] v) {
        double norm = Vectors.norm(v);
        for (int r = 0; r < v.length; r++) {
            v[r] /= norm;
        }
        return v;
    }
}
