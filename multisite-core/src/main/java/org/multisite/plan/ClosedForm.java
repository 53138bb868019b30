package org.multisite.plan;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.FDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.multisite.numeric.GaussLegendre;
import org.multisite.numeric.NoncentralT;

/**
 * The planner's closed forms for a multi-site randomized trial with every site of the mean size
 * and normal site effects (as Optimal Design and PowerUpR assume):
 * <ul>
 * <li>the power of the two-sided test of the average effect (Raudenbush & Liu 2000, "Statistical
 *     power and optimal design for multisite randomized trials", Psychological Methods 5(2),
 *     199-213; Spybrook et al. 2011, the Optimal Design documentation, section 5, from p. 30): the site
 *     estimates' mean over its standard error is noncentral t with J - 1 df and noncentrality
 *     delta / sqrt((tau^2 + V) / J), V a site estimate's sampling variance; this is PowerUpR's
 *     {@code power.bira2} (bira2r1) with omega2 = tau^2 / rho2 and no site covariates;</li>
 * <li>the power of the test that the effects vary (the same paper): the ratio of the estimates'
 *     spread to their sampling variance is (1 + tau^2 / V) times a central F on J - 1 and J (n - 2)
 *     df, or a chi-square on J - 1 over its df when V is known (Cochran's Q);</li>
 * <li>the expected width of the 95% Q-profile interval of tau (Viechtbauer 2007; metafor's
 *     {@code confint}): with equal sampling variances, Q(tau^2) = S / (V + tau^2) and
 *     S = (V + tau^2) X, X chi-square on J - 1 df, so the interval's ends are
 *     V (k X / c - 1) at the chi-square's quantiles c, k = 1 + tau^2 / V; their square roots'
 *     difference is integrated over X.</li>
 * </ul>
 */
public final class ClosedForm {
    /** Panels of the 10-point rule over each end's integral. */
    private static final int PANELS = 200;
    /** X's upper limit: its quantile at this upper-tail probability. */
    private static final double TAIL = 1e-16;

    private ClosedForm() {
    }

    /** The power of the two-sided level-{@code alpha} t test of the average effect. */
    public static double powerMean(TrialDesign d, double alpha) {
        int df = d.sites() - 1;
        double critical = TDistribution.of(df).inverseSurvivalProbability(alpha / 2);
        double lambda = d.effect() / Math.sqrt((d.tau() * d.tau() + d.siteVariance()) / d.sites());
        return NoncentralT.upperTail(critical, df, lambda) + NoncentralT.upperTail(critical, df, -lambda);
    }

    /** The power of the level-{@code alpha} test that the site effects vary (tau > 0). */
    public static double powerHet(TrialDesign d, double alpha) {
        int df1 = d.sites() - 1;
        double k = 1 + d.tau() * d.tau() / d.siteVariance();
        double df2 = d.outcome().withinDf(d.sites(), d.units());
        if (Double.isInfinite(df2)) {
            ChiSquaredDistribution chi = ChiSquaredDistribution.of(df1);
            return chi.survivalProbability(chi.inverseSurvivalProbability(alpha) / k);
        }
        FDistribution f = FDistribution.of(df1, df2);
        return f.survivalProbability(f.inverseSurvivalProbability(alpha) / k);
    }

    /** The expected width of the 95% Q-profile confidence interval of tau, in tau's units. */
    public static double tauCiWidth(TrialDesign d) {
        int df = d.sites() - 1;
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(df);
        double v = d.siteVariance();
        double k = 1 + d.tau() * d.tau() / v;
        double upperEnd = expectedRoot(chi, v, k, chi.inverseCumulativeProbability(0.025));
        double lowerEnd = expectedRoot(chi, v, k, chi.inverseSurvivalProbability(0.025));
        return upperEnd - lowerEnd;
    }

    /**
     * E[sqrt(max(0, v (k X / c - 1)))]: with x = c / k + s^2 the integrand is smooth at the
     * point where the end leaves 0.
     */
    private static double expectedRoot(ChiSquaredDistribution chi, double v, double k, double c) {
        double start = c / k;
        double end = chi.inverseSurvivalProbability(TAIL);
        if (end <= start) {
            return 0;
        }
        double factor = Math.sqrt(v * k / c);
        return GaussLegendre.integrate(s -> factor * s * chi.density(start + s * s) * 2 * s, 0, Math.sqrt(end - start), PANELS);
    }
}
