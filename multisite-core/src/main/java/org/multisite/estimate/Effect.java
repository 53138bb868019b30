package org.multisite.estimate;

import java.util.Locale;
import org.multisite.data.Family;

/**
 * The effect measure of each site: a difference in means ({@code diff}; for a 0/1 outcome the
 * same as {@code riskdiff}) or a log odds ratio ({@code logodds}, binomial only).
 */
public enum Effect {
    DIFF, LOGODDS, RISKDIFF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The default measure of a family: diff for gaussian, logodds for binomial. */
    public static Effect defaultFor(Family family) {
        return family == Family.BINOMIAL ? LOGODDS : DIFF;
    }
}
