package org.multisite.cli;

import java.nio.file.Path;
import org.multisite.io.OutputFiles;
import picocli.CommandLine.Option;

/** Outputs of the commands that sample: the draws, and whether failed diagnostics fail the run. */
public final class DrawsOptions {
    @Option(names = "--draws-csv", paramLabel = "FILE", description = "Write all draws as CSV (.chain,.iteration,.draw, then one column per quantity; '-' for stdout).")
    Path drawsCsv;

    @Option(names = "--strict", description = "Exit with code 3 when the sampler diagnostics fail.")
    boolean strict;

    /** Checks the draws' path, and that at most one of it and {@code output}'s is stdout. */
    void check(OutputOptions output) {
        output.check(drawsCsv);
        if (drawsCsv != null) {
            OutputFiles.checkWritable(drawsCsv, "--draws-csv");
        }
    }
}
