package org.multisite.study;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.multisite.data.SiteData;
import org.multisite.eb.Heterogeneity;
import org.multisite.numeric.Vectors;

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
            double t = Vectors.mean(y) / Math.sqrt(Vectors.variance(y) / y.length);
            return Math.abs(t) > TDistribution.of(y.length - 1).inverseSurvivalProbability(LEVEL / 2) ? 1 : 0;
        }
    },
    /** Cochran's Q test that the effects vary ({@link Heterogeneity#q}), the standard errors taken as known. */
    REJECT_HET("reject_het") {
        @Override
        public double value(SiteData data) {
            int df = data.size() - 1 - data.covariateCount();
            return Heterogeneity.q(data) > ChiSquaredDistribution.of(df).inverseSurvivalProbability(LEVEL) ? 1 : 0;
        }
    };

    /** The tests' level: the planner's simulated tests (plan refuses another --significance when it simulates). */
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
