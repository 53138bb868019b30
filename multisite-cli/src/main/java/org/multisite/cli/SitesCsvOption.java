package org.multisite.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --sites-csv}: the table of sites of a fit, shared by {@code fit} and {@code demo}. */
public final class SitesCsvOption {
    @Option(names = "--sites-csv", paramLabel = "FILE", description = "Write the table of sites as CSV ('-' for stdout).")
    Path sitesCsv;
}
