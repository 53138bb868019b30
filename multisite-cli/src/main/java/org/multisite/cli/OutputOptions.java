package org.multisite.cli;

import java.nio.file.Path;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import picocli.CommandLine.Option;

/** Where a command's results go: shared by every command that has results to write. */
public final class OutputOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout, then nothing else goes there).")
    String json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write a self-contained HTML report ('-' for stdout).")
    Path report;

    @Option(names = "--quiet", description = "Print nothing on stdout; warnings go to stderr.")
    boolean quiet;

    boolean jsonToStdout() {
        return "-".equals(json);
    }

    /**
     * Checks the output paths before any work, so that a bad path fails at once: with
     * {@code others}, the command's further output paths (null when not given), at most one of
     * all is {@code -} (stdout).
     */
    void check(Path... others) {
        int toStdout = jsonToStdout() ? 1 : 0;
        for (Path p : java.util.Arrays.asList(others)) {
            toStdout += OutputFiles.isStdout(p) ? 1 : 0;
        }
        toStdout += OutputFiles.isStdout(report) ? 1 : 0;
        if (toStdout > 1) {
            throw new InputException("only one output can go to standard output (-)");
        }
        if (json != null && !jsonToStdout()) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        if (report != null) {
            OutputFiles.checkWritable(report, "--report");
        }
    }
}
