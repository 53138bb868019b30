package org.multisite.cli;

import java.util.List;
import org.multisite.io.SiteCsvReader;
import picocli.CommandLine.Option;

/** The columns of site-level input, shared by {@code fit}, {@code compare} and {@code eb}. */
public final class SiteColumnOptions {
    @Option(names = "--site", defaultValue = "site", description = "Column of site ids (default: ${DEFAULT-VALUE}).")
    String site;

    @Option(names = "--estimate", defaultValue = "estimate", description = "Column of effect estimates (default: ${DEFAULT-VALUE}).")
    String estimate;

    @Option(names = "--se", defaultValue = "se", description = "Column of standard errors (default: ${DEFAULT-VALUE}).")
    String se;

    /** The reader's columns; {@code withSe} false reads no se column (unit noise, eb --method efron). */
    SiteCsvReader.Columns columns(List<String> covariates, boolean withSe) {
        return new SiteCsvReader.Columns(site, estimate, withSe ? se : null, List.copyOf(covariates));
    }
}
