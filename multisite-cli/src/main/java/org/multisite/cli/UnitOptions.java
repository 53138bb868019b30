package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.multisite.data.Family;
import org.multisite.estimate.Effect;
import org.multisite.estimate.SiteEstimator;
import org.multisite.io.InputException;
import org.multisite.io.UnitCsvReader;
import picocli.CommandLine.Option;

/** Options of unit-level input, shared by {@code estimate} and {@code fit}. */
public final class UnitOptions {
    @Option(names = "--treatment", defaultValue = "treatment", description = "Column of the 0/1 treatment (default: ${DEFAULT-VALUE}).")
    String treatment;

    @Option(names = "--outcome", defaultValue = "outcome", description = "Column of the outcome (default: ${DEFAULT-VALUE}).")
    String outcome;

    @Option(names = "--family", defaultValue = "gaussian", description = "Outcome family: gaussian or binomial (0/1) (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--unit-covariates", split = ",", paramLabel = "NAME", description = "Numeric unit-level covariate columns, comma separated (adjusted for within each site).")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--effect", description = "Site effect measure: diff, logodds or riskdiff (default: diff for gaussian, logodds for binomial).")
    String effect;

    @Option(names = "--min-per-arm", defaultValue = "2", description = "Drop sites with fewer units in an arm (default: ${DEFAULT-VALUE}).")
    int minPerArm;

    @Option(names = "--min-units", defaultValue = "0", description = "Drop sites with fewer units in all (default: ${DEFAULT-VALUE}).")
    int minUnits;

    @Option(names = "--missing", defaultValue = "drop", description = "A row with a missing value: drop (and count it) or refuse (default: ${DEFAULT-VALUE}).")
    String missing;

    Family family() {
        return switch (family.toLowerCase(Locale.ROOT)) {
            case "gaussian" -> Family.GAUSSIAN;
            case "binomial" -> Family.BINOMIAL;
            default -> throw new InputException("--family " + family + ": expected gaussian or binomial");
        };
    }

    SiteEstimator.Options estimatorOptions() {
        Effect e;
        if (effect == null) {
            e = Effect.defaultFor(family());
        } else {
            e = switch (effect.toLowerCase(Locale.ROOT)) {
                case "diff" -> Effect.DIFF;
                case "logodds" -> Effect.LOGODDS;
                case "riskdiff" -> Effect.RISKDIFF;
                default -> throw new InputException("--effect " + effect + ": expected diff, logodds or riskdiff");
            };
        }
        if (e == Effect.LOGODDS && family() != Family.BINOMIAL) {
            throw new InputException("--effect logodds needs a 0/1 outcome (--family binomial)");
        }
        if (e == Effect.RISKDIFF && family() != Family.BINOMIAL) {
            throw new InputException("--effect riskdiff needs a 0/1 outcome (--family binomial)");
        }
        try {
            return new SiteEstimator.Options(e, minPerArm, minUnits);
        } catch (IllegalArgumentException ex) {
            throw new InputException(ex.getMessage());
        }
    }

    UnitCsvReader.Missing missingPolicy() {
        return UnitCsvReader.Missing.named(missing);
    }

    UnitCsvReader.Result read(Path file, String siteColumn) {
        estimatorOptions(); // refuse bad options before reading the file
        return UnitCsvReader.read(file, new UnitCsvReader.Columns(siteColumn, treatment, outcome, List.copyOf(covariates)),
                family(), missingPolicy());
    }
}
