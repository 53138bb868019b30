package org.multisite.study;

import java.util.Arrays;
import org.multisite.numeric.Quantiles;
import org.multisite.sim.SiteSimulator;
import org.multisite.summary.DistributionSummary;

/**
 * Metrics of a model's G against the design's: bias, squared error (its root over replications
 * is the RMSE), 95% coverage and interval width of G's mean and SD, computed in every draw, and
 * the squared error of G's 5, 25, 50, 75 and 95% quantiles (posterior means); divided by tau
 * (or tau^2 for squares).
 */
public enum ModelMetric implements Metric {
    BIAS_MU("bias_mu") {
        @Override
        public double value(Fit f) {
            return (f.mean().mean() - f.design().mean()) / f.design().tau();
        }
    },
    RMSE_MU("rmse_mu") {
        @Override
        public double value(Fit f) {
            return f.mean().squaredError(f.design().mean(), f.design().tau());
        }
    },
    COVER_MU("cover_mu") {
        @Override
        public double value(Fit f) {
            return f.mean().covers(f.design().mean());
        }
    },
    WIDTH_MU("width_mu") {
        @Override
        public double value(Fit f) {
            return f.mean().width() / f.design().tau();
        }
    },
    BIAS_TAU("bias_tau") {
        @Override
        public double value(Fit f) {
            return (f.sd().mean() - f.design().tau()) / f.design().tau();
        }
    },
    RMSE_TAU("rmse_tau") {
        @Override
        public double value(Fit f) {
            return f.sd().squaredError(f.design().tau(), f.design().tau());
        }
    },
    COVER_TAU("cover_tau") {
        @Override
        public double value(Fit f) {
            return f.sd().covers(f.design().tau());
        }
    },
    WIDTH_TAU("width_tau") {
        @Override
        public double value(Fit f) {
            return f.sd().width() / f.design().tau();
        }
    },
    /** mean over G's reported quantiles of (posterior mean quantile - true quantile)^2 / tau^2. */
    QUANTILE_SEL("quantile_sel") {
        @Override
        public double value(Fit f) {
            double[] probs = DistributionSummary.QUANTILE_PROBS;
            double[] quantiles = f.quantiles();
            SiteSimulator.Design design = f.design();
            double tau = design.tau();
            double sel = 0;
            for (int k = 0; k < probs.length; k++) {
                double truth = design.mean() + tau * design.shape().quantile(probs[k]);
                sel += (quantiles[k] - truth) * (quantiles[k] - truth);
            }
            return sel / probs.length / (tau * tau);
        }
    },
    /**
     * The share of the sites truly in the top 10% (the ceil(J / 10) largest true effects) that the
     * fit flags: whose posterior probability of being in the top 10% (the three goals'
     * {@code probTop}) exceeds {@link #FLAG_PROBABILITY}.
     */
    TOP_FLAGGED("top_flagged") {
        @Override
        public double value(Fit f) {
            return f.topFlagged();
        }
    },
    /**
     * 1 when PSIS-LOO prefers this model to the study's first one as {@code analyze}'s verdict
     * does (a lead of at least 1.5 SE of the difference and at least 2), else 0; not scored for the
     * first model itself.
     */
    LOO_PREFERRED("loo_preferred") {
        @Override
        public double value(Fit f) {
            return f.looPreferred();
        }
    };

    /**
     * The posterior probability of being in the top 10% above which {@link #TOP_FLAGGED} flags a
     * site: issue 17's rank target ("a site in the true top 10% is flagged with P > 0.9").
     */
    public static final double FLAG_PROBABILITY = 0.9;

    private final String label;

    ModelMetric(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The metric of one fit. */
    public abstract double value(Fit f);

    /**
     * What the model metrics read off one fit: G's mean and SD in every draw, the posterior means
     * of G's quantiles at {@link DistributionSummary#QUANTILE_PROBS} (null unless quantile_sel is
     * asked for), the design, and the share of the top sites flagged and whether LOO prefers the
     * model to the first (NaN unless asked for).
     */
    public record Fit(Posterior mean, Posterior sd, double[] quantiles, SiteSimulator.Design design,
                      double topFlagged, double looPreferred) {
    }

    /**
     * A quantity's posterior: the mean of its draws and their 95% interval (type-7 quantiles),
     * over the draws where it is finite (G's SD does not exist for a t with nu <= 2: the tau
     * metrics then describe G's SD where it exists, as the fit's summary does); NaN if none is.
     */
    public record Posterior(double mean, double lo, double hi) {
        /** The summary of {@code draws}. */
        public static Posterior of(double[] all) {
            double[] draws = Arrays.stream(all).allMatch(Double::isFinite) ? all
                    : Arrays.stream(all).filter(Double::isFinite).toArray();
            if (draws.length == 0) {
                return new Posterior(Double.NaN, Double.NaN, Double.NaN);
            }
            double mean = Arrays.stream(draws).average().orElseThrow();
            double[] sorted = draws.clone();
            Arrays.sort(sorted);
            return new Posterior(mean, Quantiles.type7(sorted, 0.025), Quantiles.type7(sorted, 0.975));
        }

        double squaredError(double truth, double tau) {
            return (mean - truth) * (mean - truth) / (tau * tau);
        }

        double covers(double truth) {
            return truth >= lo && truth <= hi ? 1.0 : 0.0;
        }

        double width() {
            return hi - lo;
        }
    }
}
