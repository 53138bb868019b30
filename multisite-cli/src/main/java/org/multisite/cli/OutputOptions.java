package org.multisite.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a fit's results go. */
public final class OutputOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary to FILE ('-' for stdout, then nothing else goes there).")
    String json;

    @Option(names = "--draws-csv", paramLabel = "FILE", description = "Write all draws as CSV (.chain,.iteration,.draw,mu,tau,...,theta[1],...).")
    Path drawsCsv;

    @Option(names = "--sites-csv", paramLabel = "FILE", description = "Write the table of sites as CSV.")
    Path sitesCsv;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write a self-contained HTML report.")
    Path report;

    @Option(names = "--quiet", description = "Print nothing on stdout; warnings go to stderr.")
    boolean quiet;

    @Option(names = "--strict", description = "Exit with code 3 when the sampler diagnostics fail.")
    boolean strict;

    boolean jsonToStdout() {
        return "-".equals(json);
    }
}
