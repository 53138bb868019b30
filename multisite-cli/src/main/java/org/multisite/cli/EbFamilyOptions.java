package org.multisite.cli;

import java.util.List;
import java.util.Locale;
import org.multisite.io.InputException;
import picocli.CommandLine.Option;

/** The likelihood of {@code eb}'s data: normal estimates, or with --method efron Poisson counts or binomial trials. */
public final class EbFamilyOptions {
    @Option(names = "--family", defaultValue = "normal", description = "Likelihood of the data: normal (estimates, "
            + "default), poisson (counts: --value, --weight) or binomial (--trials, --successes); the last two with --method efron.")
    String family;

    @Option(names = "--value", paramLabel = "COL", description = "efron, --family poisson: the column of counts.")
    String value;

    @Option(names = "--weight", paramLabel = "COL", description = "efron, --family poisson: frequency weights, how many units "
            + "have the row's count (default: 1 each).")
    String weight;

    @Option(names = "--keep-zeros", description = "efron, --family poisson: model zero counts too (deconv's ignoreZero = FALSE);"
            + " by default, as deconv, zeros are left out and the likelihood is truncated at zero.")
    boolean keepZeros;

    @Option(names = "--trials", paramLabel = "COL", description = "efron, --family binomial: the column of trials.")
    String trials;

    @Option(names = "--successes", paramLabel = "COL", description = "efron, --family binomial: the column of successes.")
    String successes;

    /** The family, lower case; each count option refused with the other families. */
    String checked() {
        String f = family.toLowerCase(Locale.ROOT);
        if (!List.of("normal", "poisson", "binomial").contains(f)) {
            throw new InputException("--family " + family + ": expected normal, poisson or binomial");
        }
        Object[][] options = {{"poisson", "--value", value}, {"poisson", "--weight", weight},
            {"poisson", "--keep-zeros", keepZeros ? Boolean.TRUE : null}, {"binomial", "--trials", trials},
            {"binomial", "--successes", successes}};
        for (Object[] o : options) {
            if (o[2] != null && !f.equals(o[0])) {
                throw new InputException(o[1] + ": only for --family " + o[0]);
            }
        }
        return f;
    }

    /** Refuses a count family without its columns. */
    void requireColumns(String f) {
        if (f.equals("poisson") && value == null) {
            throw new InputException("--family poisson needs --value COL, the column of counts");
        }
        if (f.equals("binomial") && (trials == null || successes == null)) {
            throw new InputException("--family binomial needs --trials COL and --successes COL");
        }
    }
}
