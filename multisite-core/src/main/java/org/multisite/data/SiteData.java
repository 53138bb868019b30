package org.multisite.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.multisite.numeric.Vectors;

/**
 * Site-level data of a multi-site trial: for each site j an estimate y_j of its treatment
 * effect, the estimate's standard error s_j, and optional numeric site covariates x_j.
 *
 * <p>Instances are immutable and validated: estimates finite, standard errors finite and
 * positive, site ids distinct, at least two sites, covariate columns neither constant nor
 * collinear (with the intercept and with each other). Violations throw
 * {@link InvalidDataException} naming the offending value.
 */
public final class SiteData {
    /** Relative tolerance below which a covariate is taken as a linear combination of the others. */
    private static final double COLLINEARITY_TOLERANCE = 1e-9;
    /** The largest ratio of an estimate or SE to the smallest SE (and to 1, and of 1 to an SE). */
    public static final double MAX_SCALE = 1e100;

    private final List<String> ids;
    private final double[] estimates;
    private final double[] ses;
    private final List<String> covariateNames;
    /** covariates[k][j]: covariate k at site j, as given (not centred). */
    private final double[][] covariates;

    private SiteData(List<String> ids, double[] estimates, double[] ses,
                     List<String> covariateNames, double[][] covariates) {
        this.ids = ids;
        this.estimates = estimates;
        this.ses = ses;
        this.covariateNames = covariateNames;
        this.covariates = covariates;
    }

    /** Site data without covariates. */
    public static SiteData of(List<String> ids, double[] estimates, double[] ses) {
        return of(ids, estimates, ses, List.of(), new double[0][]);
    }

    /**
     * Site data with covariates.
     *
     * @param covariates covariates[k][j] is covariate k of site j
     * @throws InvalidDataException if any of the rules in the class description is broken
     */
    public static SiteData of(List<String> ids, double[] estimates, double[] ses,
                              List<String> covariateNames, double[][] covariates) {
        int n = ids.size();
        if (estimates.length != n || ses.length != n) {
            throw new InvalidDataException("ids, estimates and standard errors differ in length");
        }
        if (n < 2) {
            throw new InvalidDataException("at least 2 sites are needed, got " + n);
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < n; j++) {
            String id = ids.get(j);
            if (!seen.add(id)) {
                throw new InvalidDataException("duplicate site id '" + id + "'");
            }
            if (!Double.isFinite(estimates[j])) {
                throw new InvalidDataException("site '" + id + "': estimate is not finite: " + estimates[j]);
            }
            if (!(ses[j] > 0) || !Double.isFinite(ses[j])) {
                throw new InvalidDataException("site '" + id + "': standard error must be finite and > 0, got " + ses[j]);
            }
        }
        checkScale(ids, estimates, ses);
        if (covariateNames.size() != covariates.length) {
            throw new InvalidDataException("covariate names and columns differ in number");
        }
        if (new HashSet<>(covariateNames).size() != covariateNames.size()) {
            throw new InvalidDataException("a covariate is named twice: " + covariateNames);
        }
        double[][] copy = new double[covariates.length][];
        for (int k = 0; k < covariates.length; k++) {
            if (covariates[k].length != n) {
                throw new InvalidDataException("covariate '" + covariateNames.get(k) + "' has "
                        + covariates[k].length + " values for " + n + " sites");
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(covariates[k][j])) {
                    throw new InvalidDataException("site '" + ids.get(j) + "': covariate '"
                            + covariateNames.get(k) + "' is not finite");
                }
            }
            copy[k] = covariates[k].clone();
        }
        checkRank(covariateNames, copy, n);
        return new SiteData(List.copyOf(ids), estimates.clone(), ses.clone(),
                List.copyOf(covariateNames), copy);
    }

    /**
     * The models square estimates and SEs and divide by the SEs: estimates and SEs beyond
     * {@link #MAX_SCALE} times the smallest SE (or beyond 1e100 in magnitude, or SEs below
     * 1e-100) would overflow or underflow, and are refused with a request to rescale. SEs across
     * 12 orders of magnitude, and estimates 1e12 times the smallest SE, are well inside.
     */
    private static void checkScale(List<String> ids, double[] estimates, double[] ses) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : ses) {
            smallest = Math.min(smallest, s);
        }
        for (int j = 0; j < ids.size(); j++) {
            double size = Math.max(Math.abs(estimates[j]), ses[j]);
            if (size > MAX_SCALE || ses[j] < 1 / MAX_SCALE || size / smallest > MAX_SCALE) {
                throw new InvalidDataException("site '" + ids.get(j) + "': estimate " + estimates[j] + " with SE " + ses[j]
                        + " is beyond 1e100 times the smallest SE (" + smallest + ") or outside 1e-100 to 1e100: rescale the data");
            }
        }
    }

    /**
     * Modified Gram-Schmidt on the centred covariate columns: a column whose residual norm,
     * after projecting out the intercept and the earlier columns, is below a relative
     * tolerance of its centred norm is constant or collinear.
     */
    private static void checkRank(List<String> names, double[][] columns, int n) {
        int p = columns.length;
        if (p == 0) {
            return;
        }
        if (p + 1 >= n) {
            throw new InvalidDataException(p + " covariates need more than " + (p + 1) + " sites, got " + n);
        }
        double[][] q = new double[p][];
        for (int k = 0; k < p; k++) {
            double[] v = Vectors.centred(columns[k]);
            double norm0 = Vectors.norm(v);
            if (norm0 == 0) {
                throw new InvalidDataException("covariate '" + names.get(k) + "' is constant");
            }
            for (int i = 0; i < k; i++) {
                double d = Vectors.dot(q[i], v);
                for (int j = 0; j < n; j++) {
                    v[j] -= d * q[i][j];
                }
            }
            double norm = Vectors.norm(v);
            if (norm <= COLLINEARITY_TOLERANCE * norm0) {
                throw new InvalidDataException("covariate '" + names.get(k)
                        + "' is collinear with the intercept and " + names.subList(0, k));
            }
            for (int j = 0; j < n; j++) {
                v[j] /= norm;
            }
            q[k] = v;
        }
    }

    /** Number of sites J. */
    public int size() {
        return ids.size();
    }

    public List<String> ids() {
        return ids;
    }

    public String id(int j) {
        return ids.get(j);
    }

    public double estimate(int j) {
        return estimates[j];
    }

    public double se(int j) {
        return ses[j];
    }

    /** A copy of the estimates y_1..y_J. */
    public double[] estimates() {
        return estimates.clone();
    }

    /** A copy of the standard errors s_1..s_J. */
    public double[] ses() {
        return ses.clone();
    }

    public List<String> covariateNames() {
        return covariateNames;
    }

    public int covariateCount() {
        return covariates.length;
    }

    /** A copy of covariate k's values at all sites, as given. */
    public double[] covariate(int k) {
        return covariates[k].clone();
    }

    /** The covariates centred at their means, row-major: out[j * p + k] for site j, covariate k. */
    public double[] centredCovariatesRowMajor() {
        int n = size();
        int p = covariateCount();
        double[] x = new double[n * p];
        for (int k = 0; k < p; k++) {
            double[] c = Vectors.centred(covariates[k]);
            for (int j = 0; j < n; j++) {
                x[j * p + k] = c[j];
            }
        }
        return x;
    }

    /** A site's SE above this multiple of the median SE leaves it out of the data's robust scale. */
    private static final double INFORMATIVE_SE = 3;

    /**
     * The estimates of the informative sites, those whose SE is at most 3 times the median SE:
     * sites whose estimates are nearly unconstrained (a separated logistic fit, say) say little
     * about G and would otherwise set the scale of defaults.
     */
    public double[] informativeEstimates() {
        double limit = INFORMATIVE_SE * Vectors.median(ses);
        return java.util.stream.IntStream.range(0, size()).filter(j -> ses[j] <= limit)
                .mapToDouble(j -> estimates[j]).toArray();
    }

    /** The median of the informative sites' estimates. */
    public double robustCentre() {
        return Vectors.median(informativeEstimates());
    }

    /**
     * 1.4826 times the median absolute deviation of the informative sites' estimates (the SD for
     * normal data), or their SD, or 1, whichever first is positive.
     */
    public double robustScale() {
        double[] y = informativeEstimates();
        double centre = Vectors.median(y);
        double[] dev = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            dev[j] = Math.abs(y[j] - centre);
        }
        double mad = 1.4826 * Vectors.median(dev);
        if (mad > 0) {
            return mad;
        }
        double sd = Vectors.sd(y);
        return sd > 0 ? sd : 1;
    }

    /** Geometric mean of the sampling variances, GM(s^2) = exp(mean_j log s_j^2). */
    public double geometricMeanVariance() {
        double sum = 0;
        for (double s : ses) {
            sum += Math.log(s * s);
        }
        return Math.exp(sum / ses.length);
    }
}
