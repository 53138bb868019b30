package org.multisite.cli;

import java.nio.file.Path;
import org.multisite.io.OutputFiles;
import picocli.CommandLine.Option;

/** Where a command's results go: shared by every command that has results to write. */
public final class OutputOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout, then nothing else goes there).")
    String json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write a self-contained HTML report.")
    Path report;

    @Option(names = "--quiet", description = "Print nothing on stdout; warnings go to stderr.")
    boolean quiet;

    boolean jsonToStdout() {
        return "-".equals(json);
    }

    /** Checks the output paths before any work, so that a bad path fails at once. */
    void check() {
        if (json != null && !jsonToStdout()) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        if (report != null) {
            OutputFiles.checkWritable(report, "--report");
        }
    }
}
