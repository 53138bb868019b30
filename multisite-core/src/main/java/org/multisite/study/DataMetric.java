package org.multisite.study;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.multisite.data.SiteData;

/**
 * Metrics of a replication's data alone, without a model: whether the classical tests a planner's
 * closed forms describe reject at the 5% level (1) or not (0), so that their mean over
 * replications is the empirical power (the {@code plan} command's check of its closed forms).
 */
public enum DataMetric implements Metric {
    /** The two-sided t test that the site estimates' mean is 0, on J - 1 df (Raudenbush & Liu 2000). */
    REJECT_MEAN("reject_mean") {
        @Override
        public double value(SiteData data) {
            double[] y = data.estimates();
            int j = y.length;
            double mean = 0;
            for (double v : y) {
                mean += v;
            }
            mean /= j;
            double ss = 0;
            for (double v : y) {
                ss += (v - mean) * (v - mean);
            }
            double t = mean / Math.sqrt(ss / (j - 1) / j);
            return Math.abs(t) > TDistribution.of(j - 1).inverseSurvivalProbability(LEVEL / 2) ? 1 : 0;
        }
    },
    /** Cochran's Q test that the effects vary, with the standard errors taken as known, on J - 1 df. */
    REJECT_HET("reject_het") {
        @Override
        public double value(SiteData data) {
            double[] y = data.estimates();
            double sw = 0;
            double swy = 0;
            for (int j = 0; j < y.length; j++) {
                double w = 1 / (data.se(j) * data.se(j));
                sw += w;
                swy += w * y[j];
            }
            double mean = swy / sw;
            double q = 0;
            for (int j = 0; j < y.length; j++) {
                q += (y[j] - mean) * (y[j] - mean) / (data.se(j) * data.se(j));
            }
            return q > ChiSquaredDistribution.of(y.length - 1).inverseSurvivalProbability(LEVEL) ? 1 : 0;
        }
    };

    /** The tests' level. */
    public static final double LEVEL = 0.05;

    private final String label;

    DataMetric(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The metric of one replication's data. */
    public abstract double value(SiteData data);
}
