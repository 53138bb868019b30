package org.multisite.hetop;

import java.util.ArrayList;
import java.util.List;
import org.multisite.mcmc.Model;
import org.multisite.numeric.StandardNormal;

/**
 * A Bayesian HETOP model of group counts over K ordered categories, whatever the prior on the
 * groups' means and SDs: it records {@code mu[g]}, {@code sigma[g]} and the free cuts
 * {@code cut[k]}, and shares the groups' likelihood.
 */
public interface HetopModel extends Model {
    int[][] counts();

    double[] fixedCuts();

    /** The prior's name: normal or logspline. */
    String prior();

    /** The hyperpriors, by parameter, as readable strings ({@code beta_mu[..]: normal(0, 5)}). */
    java.util.Map<String, String> priors();

    /** Bytes each running chain holds beyond the draws (the log-spline prior's grid tables). */
    default long tableBytes() {
        return 0;
    }

    default int groups() {
        return counts().length;
    }

    /** The three goals of the group means pool every group's mean of every draw. */
    @Override
    default int pooledPerDraw() {
        return groups();
    }

    default int categories() {
        return counts()[0].length;
    }

    /** Refuses fewer than 3 categories, or fixed cuts that are not two increasing numbers. */
    static void checkShape(int categories, double[] fixedCuts) {
        if (categories < 3 || fixedCuts.length != 2 || !(fixedCuts[0] < fixedCuts[1])) {
            throw new IllegalArgumentException("FH-HETOP needs K >= 3 categories and two increasing fixed cut points");
        }
    }

    /** mu[1..G], sigma[1..G] and cut[3..K-1]: the names every HETOP model records first, in this order. */
    static List<String> groupAndCutNames(int groups, int categories) {
        List<String> names = new ArrayList<>();
        for (int g = 1; g <= groups; g++) {
            names.add("mu[" + g + "]");
        }
        for (int g = 1; g <= groups; g++) {
            names.add("sigma[" + g + "]");
        }
        for (int k = 3; k < categories; k++) {
            names.add("cut[" + k + "]");
        }
        return names;
    }

    /** Each covariate column minus its mean over the groups (rows are groups). */
    static double[][] centredColumns(double[][] covariates, int columns) {
        int groups = covariates.length;
        double[][] d = new double[groups][columns];
        for (int k = 0; k < columns; k++) {
            double mean = 0;
            for (int g = 0; g < groups; g++) {
                mean += covariates[g][k] / groups;
            }
            for (int g = 0; g < groups; g++) {
                d[g][k] = covariates[g][k] - mean;
            }
        }
        return d;
    }

    /**
     * A chain's starting mean for a group, before jitter: its mean category index (0..K-1) placed
     * on the fixed cuts' scale, category 0.5 at the first cut and each category one cut distance on.
     */
    static double startingMean(int[] n, double[] fixedCuts) {
        double total = 0;
        double m = 0;
        for (int k = 0; k < n.length; k++) {
            total += n[k];
            m += k * n[k];
        }
        return fixedCuts[0] + (fixedCuts[1] - fixedCuts[0]) * (m / total - 0.5);
    }

    /** The fixed cuts, then each free cut the one before plus exp(its log gap). */
    static void cutsFromLogGaps(double[] fixedCuts, double[] logGaps, double[] cuts) {
        cuts[0] = fixedCuts[0];
        cuts[1] = fixedCuts[1];
        for (int k = 2; k < cuts.length; k++) {
            cuts[k] = cuts[k - 1] + Math.exp(logGaps[k - 2]);
        }
    }

    /** Group g's multinomial log likelihood (without the multinomial coefficient). */
    default double logLik(int g, double mu, double logSigma, double[] cuts) {
        return logLik(counts()[g], mu, logSigma, cuts);
    }

    /**
     * The floor of a category's probability, as HETOP's mle_hetop keeps each cell in
     * [1e-300, 1 - 1e-300] (R/mle_hetop.R), so that no observed category has log probability -infinity.
     */
    double PROBABILITY_FLOOR = 1e-300;

    /** A category's probability upper - lower, kept in [PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR]. */
    static double cellProbability(double upper, double lower) {
        return Math.min(Math.max(upper - lower, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR);
    }

    /**
     * sum_k n_k log P(k), P(k) = Phi((c_k - mu) / sigma) - Phi((c_{k-1} - mu) / sigma), each
     * probability kept off 0 and 1 by {@link #cellProbability}.
     */
    static double logLik(int[] n, double mu, double logSigma, double[] cuts) {
        double sigma = Math.exp(logSigma);
        double l = 0;
        double lower = 0;
        for (int k = 0; k < n.length; k++) {
            double upper = k < n.length - 1 ? StandardNormal.cdf((cuts[k] - mu) / sigma) : 1;
            if (n[k] > 0) {
                l += n[k] * Math.log(cellProbability(upper, lower));
            }
            lower = upper;
        }
        return l;
    }
}
