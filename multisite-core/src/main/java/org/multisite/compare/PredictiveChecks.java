package org.multisite.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.data.SiteData;
import org.multisite.eb.NormalEb;
import org.multisite.mcmc.Draws;
import org.multisite.model.EffectDistribution;
import org.multisite.model.EffectsPrior;
import org.multisite.model.SiteModel;
import org.multisite.numeric.StandardNormal;

/**
 * Posterior predictive checks of a model of G on statistics that a normal G hides (Gelman,
 * Meng & Stern 1996): for each of up to {@value #MAX_DRAWS} evenly spaced posterior draws, J
 * new site effects from that draw's G (shifted by the sites' covariates), and new estimates
 * y_rep_j = theta_rep_j + se_j z_j with the sites' own standard errors. Each statistic T is
 * computed on the observed and on every replicated data set; its p-value is the share of
 * replicates at least as extreme, in the direction the statistic warns of.
 *
 * <p>The statistics use the standardized residuals of each data set's own REML normal fit,
 * r_j = (y_j - x_j' b) / sqrt(se_j^2 + tau^2) ({@link NormalEb}), so that unequal standard
 * errors do not masquerade as a shape of G:
 * <ul>
 *   <li>{@code sd}: their SD (upper tail: more spread than the model predicts);</li>
 *   <li>{@code skewness}: their sample skewness (two-sided: 2 min(p, 1 - p));</li>
 *   <li>{@code kurtosis}: their excess kurtosis (upper: heavier tails);</li>
 *   <li>{@code max}, {@code min}: the largest and smallest estimate (upper, lower);</li>
 *   <li>{@code two_groups}: the share of the residuals' sum of squares that the best split into
 *       two groups (a cut of the sorted residuals) explains, 1 - W_2 / W_1 (upper: two groups);
 *       each group holds at least a tenth of the sites ({@link #MIN_GROUP_SHARE}), so that one
 *       or two outlying sites, which the tail checks see, do not pass for a group.</li>
 * </ul>
 */
public final class PredictiveChecks {
    /** The most posterior draws replicated. */
    public static final int MAX_DRAWS = 1000;
    /** The least share of the sites in each group of {@code two_groups}'s split. */
    public static final double MIN_GROUP_SHARE = 0.1;
    /** The statistics, in output order. */
    public static final List<String> STATISTICS = List.of("sd", "skewness", "kurtosis", "max", "min", "two_groups");

    /** One statistic: its observed value, the replicates' mean, and the predictive p-value. */
    public record Check(String statistic, double observed, double replicatedMean, double pValue) {
    }

    private PredictiveChecks() {
    }

    /**
     * @param rng the source of the replicated effects and estimates
     * @throws IllegalArgumentException with too few sites for the normal fit of each data set
     */
    public static List<Check> of(SiteModel model, Draws draws, UniformRandomProvider rng) {
        SiteData data = model.data();
        int sites = data.size();
        double[] se = ses(data);
        double[][] covariates = covariates(data);
        double[] observed = statistics(data, se, covariates, data.estimates());
        int used = Math.min(MAX_DRAWS, draws.size());
        double[][] replicated = new double[used][];
        double[] x = data.centredCovariatesRowMajor();
        double[] y = new double[sites];
        for (int r = 0; r < used; r++) {
            int i = (int) ((long) r * draws.size() / used);
            EffectDistribution g = model.distribution(draws, i);
            for (int j = 0; j < sites; j++) {
                double shift = EffectsPrior.covariateShift(draws, i, data.covariateNames(), x, j);
                y[j] = g.sample(rng) + shift + data.se(j) * StandardNormal.quantile(EffectDistribution.openUnit(rng));
            }
            replicated[r] = statistics(data, se, covariates, y);
        }
        List<Check> out = new ArrayList<>();
        for (int k = 0; k < STATISTICS.size(); k++) {
            String name = STATISTICS.get(k);
            double mean = 0;
            int above = 0;
            int below = 0;
            for (double[] t : replicated) {
                mean += t[k] / used;
                above += t[k] >= observed[k] ? 1 : 0;
                below += t[k] <= observed[k] ? 1 : 0;
            }
            double upper = above / (double) used;
            double lower = below / (double) used;
            double p = switch (name) {
                case "skewness" -> Math.min(1, 2 * Math.min(upper, lower));
                case "min" -> lower;
                default -> upper;
            };
            out.add(new Check(name, observed[k], mean, p));
        }
        return out;
    }

    /** The statistics of estimates {@code y} with the sites' standard errors {@code se} and covariates ({@code covariates[k][j]}). */
    static double[] statistics(SiteData sites, double[] se, double[][] covariates, double[] y) {
        SiteData d = SiteData.of(sites.ids(), y, se, sites.covariateNames(), covariates);
        NormalEb.Result fit = NormalEb.fit(d, NormalEb.Method.REML);
        int n = y.length;
        double[] r = new double[n];
        double[] b = fit.beta();
        for (int j = 0; j < n; j++) {
            double fitted = b[0];
            for (int c = 1; c < b.length; c++) {
                fitted += b[c] * covariates[c - 1][j];
            }
            r[j] = (y[j] - fitted) / Math.sqrt(se[j] * se[j] + fit.tau2());
        }
        double[] m = moments(r);
        return new double[] {m[0], m[1], m[2], Arrays.stream(y).max().orElseThrow(), Arrays.stream(y).min().orElseThrow(),
            twoGroups(r)};
    }

    private static double[] ses(SiteData sites) {
        double[] se = new double[sites.size()];
        for (int j = 0; j < se.length; j++) {
            se[j] = sites.se(j);
        }
        return se;
    }

    private static double[][] covariates(SiteData sites) {
        double[][] c = new double[sites.covariateCount()][];
        for (int k = 0; k < c.length; k++) {
            c[k] = sites.covariate(k);
        }
        return c;
    }

    /** {SD (divisor n), skewness m3 / m2^1.5, excess kurtosis m4 / m2^2 - 3} of {@code r}. */
    static double[] moments(double[] r) {
        int n = r.length;
        double mean = Arrays.stream(r).average().orElseThrow();
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : r) {
            double d = v - mean;
            m2 += d * d / n;
            m3 += d * d * d / n;
            m4 += d * d * d * d / n;
        }
        if (!(m2 > 0)) {
            return new double[] {0, 0, 0};
        }
        return new double[] {Math.sqrt(m2), m3 / Math.pow(m2, 1.5), m4 / (m2 * m2) - 3};
    }

    /**
     * 1 - W_2 / W_1: the share of the sum of squares explained by the best cut of the sorted
     * values into two groups of at least ceil(n {@link #MIN_GROUP_SHARE}) values each (any cut
     * when n < 20).
     */
    static double twoGroups(double[] r) {
        double[] s = r.clone();
        Arrays.sort(s);
        int n = s.length;
        double total = 0;
        double mean = Arrays.stream(s).average().orElseThrow();
        for (double v : s) {
            total += (v - mean) * (v - mean);
        }
        if (!(total > 0)) {
            return 0;
        }
        // between-groups sum of squares of a cut after position c: n1 n2 / n (mean1 - mean2)^2
        double prefix = 0;
        double sum = Arrays.stream(s).sum();
        double best = 0;
        int least = n < 20 ? 1 : (int) Math.ceil(n * MIN_GROUP_SHARE);
        for (int c = 1; c < n; c++) {
            prefix += s[c - 1];
            if (c < least || n - c < least) {
                continue;
            }
            double m1 = prefix / c;
            double m2 = (sum - prefix) / (n - c);
            best = Math.max(best, (double) c * (n - c) / n * (m1 - m2) * (m1 - m2));
        }
        return best / total;
    }
}
