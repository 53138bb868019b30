package org.multisite.analysis;

import java.util.List;
import org.multisite.compare.PredictiveChecks;
import org.multisite.fit.FitResult;

/**
 * What the analysis reads from one fitted model of G.
 *
 * @param label the model's label
 * @param fit the fit (its summary holds each site's posterior mean, CB, GR and ranks)
 * @param elpdDiff the model's PSIS-LOO elpd minus the normal model's (0 for the normal model)
 * @param elpdDiffSe the standard error of that difference
 * @param paretoHigh the number of left-out points with Pareto k above {@link org.multisite.compare.Psis#K_THRESHOLD} (PSIS unreliable there)
 * @param stackingWeight the model's stacking weight
 * @param checks the posterior predictive checks ({@link PredictiveChecks}); empty when there are
 *     too few sites for them
 * @param twoGroups what the draws of G say of two groups ({@link ShapeEvidence}); null for the
 *     models whose draws of G say nothing about groups (normal, t, and the DPs, whose draws of G
 *     are spiky by construction)
 * @param probHeavyTails P(nu < {@value Verdict#HEAVY_NU} | data) for the t model, NaN otherwise
 * @param probAbove each site's P(theta_j > threshold | data)
 * @param shareAbove the expected share of sites with an effect above the threshold
 * @param probAboveMean each site's P(theta_j > G's mean | data), G's mean of the same draw
 * @param gMean the posterior of G's mean
 * @param probMeanPositive P(G's mean > 0 | data)
 */
public record ModelAnalysis(String label, FitResult fit, double elpdDiff, double elpdDiffSe, int paretoHigh,
                            double stackingWeight, List<PredictiveChecks.Check> checks, ShapeEvidence.TwoGroups twoGroups,
                            double probHeavyTails, double[] probAbove, double shareAbove, double[] probAboveMean,
                            org.multisite.summary.ParameterSummary gMean, double probMeanPositive) {
    /** The model's name in the registry. */
    public String model() {
        return fit.model().name();
    }

    /** P(G holds two groups | data), NaN when not read. */
    public double probTwoGroups() {
        return twoGroups == null ? Double.NaN : twoGroups.probability();
    }

    /** Whether the diagnostics passed: a model that failed them is shown, never read for the verdict. */
    public boolean converged() {
        return fit.summary().convergence().ok();
    }

    /** The predictive p-value of a statistic, NaN when not computed. */
    public double pValue(String statistic) {
        for (PredictiveChecks.Check c : checks) {
            if (c.statistic().equals(statistic)) {
                return c.pValue();
            }
        }
        return Double.NaN;
    }
}
