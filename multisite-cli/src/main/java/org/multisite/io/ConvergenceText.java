package org.multisite.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.multisite.summary.Convergence;

/** The convergence verdict in words: the same sentences in the text, the JSON's warnings and on stderr. */
public final class ConvergenceText {
    private ConvergenceText() {
    }

    /** One warning per failed check, naming the worst quantity and what to do. */
    public static List<String> warnings(Convergence c) {
        List<String> out = new ArrayList<>();
        if (c.truncationFails()) {
            out.add(String.format(Locale.ROOT, "the DP's last stick holds %.1f%% of G's mass in a chain (more than %.0f%%):"
                    + " the truncation cuts G short; raise --truncation (more iterations will not help)",
                    100 * c.lastStick(), 100 * Convergence.LAST_STICK_LIMIT));
        }
        if (c.rhatFails()) {
            // four decimals: three printed 1.0104 as "1.010 > 1.01"
            out.add(String.format(Locale.ROOT, "R-hat of %s is %.4f > %.2f: the chains disagree; %s",
                    c.worstRhat(), c.maxRhat(), Convergence.RHAT_LIMIT, c.truncationFails()
                            ? "raise --truncation first" : "run more iterations"));
        }
        if (c.essBulkFails()) {
            // rounded down: 399.6 rounded would read "400 < 400"
            out.add(String.format(Locale.ROOT, "bulk ESS of %s is %.0f < %.0f: run more draws", c.worstEssBulk(),
                    Math.floor(c.minEssBulk()), c.essLimit()));
        }
        if (c.essTailFails()) {
            out.add(String.format(Locale.ROOT, "tail ESS of %s is %.0f < %.0f: run more draws", c.worstEssTail(),
                    Math.floor(c.minEssTail()), c.essLimit()));
        }
        return out;
    }

    /** {@code max R-hat 1.0012, min bulk ESS 3466, min tail ESS 3001: ok} (or {@code WARNING}). */
    public static String line(Convergence c) {
        return String.format(Locale.ROOT, "max R-hat %.4f, min bulk ESS %.0f, min tail ESS %.0f: %s", c.maxRhat(),
                c.minEssBulk(), c.minEssTail(), c.ok() ? "ok" : "WARNING");
    }
}
