package org.multisite.summary;

import java.util.Map;

/**
 * Did the chains converge? The one verdict every sampled result carries (fits, comparisons,
 * FH-HETOP, potential outcomes): the largest R-hat and the smallest bulk and tail ESS over the
 * quantities checked, each with the quantity it came from, against the thresholds of Vehtari,
 * Gelman, Simpson, Carpenter & Buerkner (2021, section 4): R-hat at most {@value #RHAT_LIMIT},
 * and bulk and tail ESS at least {@value #ESS_PER_CHAIN} per chain. Quantities whose diagnostic
 * is NaN (a constant column) are passed over; with none left the verdict is NaN and passes.
 * Renderers phrase it; this type only says what failed.
 *
 * @param worstRhat the quantity with the largest R-hat (null if none is finite)
 * @param worstEssBulk the quantity with the smallest bulk ESS
 * @param worstEssTail the quantity with the smallest tail ESS
 * @param chains the number of chains, which sets the ESS threshold
 * @param lastStick for a truncated Dirichlet process, the largest mean over the chains of the
 *     mass in its last stick ({@code w_last}); NaN for other models
 */
public record Convergence(double maxRhat, String worstRhat, double minEssBulk, String worstEssBulk, double minEssTail,
                          String worstEssTail, int chains, double lastStick) {
    /**
     * A truncated DP whose last stick holds more than this share of G's mass in a chain is
     * truncated too early: the 1% of issue 15's guard (Ishwaran & James 2001 bound the error of
     * the truncation by the mass it leaves out).
     */
    public static final double LAST_STICK_LIMIT = 0.01;

    /** R-hat above this fails (Vehtari et al. 2021, section 4). */
    public static final double RHAT_LIMIT = 1.01;
    /** Bulk and tail ESS below this many per chain fail (Vehtari et al. 2021: 100 per chain). */
    public static final double ESS_PER_CHAIN = 100;

    /** The verdict over {@code checked} (name to summary, in the order ties are resolved: the first worst wins). */
    public static Convergence of(Map<String, ParameterSummary> checked, int chains) {
        return of(checked, chains, Double.NaN);
    }

    /** As {@link #of(Map, int)}, with a truncated DP's largest chain-mean mass in the last stick. */
    public static Convergence of(Map<String, ParameterSummary> checked, int chains, double lastStick) {
        double maxRhat = Double.NaN;
        double minBulk = Double.NaN;
        double minTail = Double.NaN;
        String worstRhat = null;
        String worstBulk = null;
        String worstTail = null;
        for (Map.Entry<String, ParameterSummary> e : checked.entrySet()) {
            ParameterSummary s = e.getValue();
            if (!(s.rhat() <= maxRhat) && !Double.isNaN(s.rhat())) {
                maxRhat = s.rhat();
                worstRhat = e.getKey();
            }
            if (!(s.essBulk() >= minBulk) && !Double.isNaN(s.essBulk())) {
                minBulk = s.essBulk();
                worstBulk = e.getKey();
            }
            if (!(s.essTail() >= minTail) && !Double.isNaN(s.essTail())) {
                minTail = s.essTail();
                worstTail = e.getKey();
            }
        }
        return new Convergence(maxRhat, worstRhat, minBulk, worstBulk, minTail, worstTail, chains, lastStick);
    }

    /** The ESS below which the check fails: {@value #ESS_PER_CHAIN} per chain. */
    public double essLimit() {
        return ESS_PER_CHAIN * chains;
    }

    /** The chains disagree: R-hat above {@value #RHAT_LIMIT}. */
    public boolean rhatFails() {
        return maxRhat > RHAT_LIMIT;
    }

    /** Too few effective draws for the posterior's bulk. */
    public boolean essBulkFails() {
        return minEssBulk < essLimit();
    }

    /** Too few effective draws for its tails (the intervals' ends). */
    public boolean essTailFails() {
        return minEssTail < essLimit();
    }

    /** A truncated DP's last stick holds more than {@value #LAST_STICK_LIMIT} of G's mass in some chain. */
    public boolean truncationFails() {
        return lastStick > LAST_STICK_LIMIT;
    }

    /** Every check passes. */
    public boolean ok() {
        return !rhatFails() && !essBulkFails() && !essTailFails() && !truncationFails();
    }
}
