package org.multisite.cli;

import org.multisite.io.InputException;
import picocli.CommandLine.Option;

/** {@code --one-stage} and {@code --intercepts}, shared by fit, compare and demo. */
final class OneStageOptions {
    @Option(names = "--one-stage", description = "Unit-level data: fit the one-stage model to the records themselves"
            + " instead of estimating each site first.")
    boolean oneStage;

    @Option(names = "--intercepts", defaultValue = "fixed",
            description = "One-stage site intercepts: fixed or random (default: ${DEFAULT-VALUE}).")
    String intercepts;

    /** Refuses both options for site-level data; {@code unitData} names where unit data would come from. */
    void checkSiteLevel(String unitData) {
        if (oneStage) {
            throw new InputException("--one-stage needs unit-level data (" + unitData + ")");
        }
        if (!"fixed".equals(intercepts)) {
            throw new InputException("--intercepts applies to the one-stage model only (--one-stage)");
        }
    }
}
