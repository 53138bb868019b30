package org.multisite.data;

import java.util.Locale;

/** The outcome's family: continuous (gaussian) or 0/1 (binomial). */
public enum Family {
    GAUSSIAN, BINOMIAL;

    /** The name as the CLI spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
