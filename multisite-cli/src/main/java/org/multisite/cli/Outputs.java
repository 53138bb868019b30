package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.multisite.io.ConvergenceText;
import org.multisite.io.OutputFiles;
import org.multisite.summary.Convergence;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command writes and prints, as its output options ask: every file rendered first and
 * written all or nothing, then stdout (the one output named {@code -}, else the text unless
 * {@code --quiet}), then the convergence warnings on stderr where stdout does not show them, and
 * the exit code ({@link Main#DIAGNOSTICS} when {@code --strict} and the verdict fails).
 */
final class Outputs {
    private final OutputOptions options;
    private final DrawsOptions draws;
    private final Map<Path, Supplier<String>> files = new LinkedHashMap<>();
    private Supplier<String> json;
    private Supplier<String> text;
    private final List<Convergence> verdicts = new ArrayList<>();

    /** @param draws the sampling outputs, or null for a command that does not sample */
    Outputs(OutputOptions options, DrawsOptions draws) {
        this.options = options;
        this.draws = draws;
    }

    Outputs json(Supplier<String> rendered) {
        this.json = rendered;
        return this;
    }

    Outputs report(Supplier<String> rendered) {
        if (options.report != null) {
            files.put(options.report, rendered);
        }
        return this;
    }

    Outputs draws(Supplier<String> rendered) {
        if (draws != null && draws.drawsCsv != null) {
            files.put(draws.drawsCsv, rendered);
        }
        return this;
    }

    /** A further file, written when {@code path} is not null. */
    Outputs file(Path path, Supplier<String> rendered) {
        if (path != null) {
            files.put(path, rendered);
        }
        return this;
    }

    /** The readable summary for stdout. */
    Outputs text(Supplier<String> rendered) {
        this.text = rendered;
        return this;
    }

    /** A convergence verdict: its warnings, and with --strict the exit code. */
    Outputs verdict(Convergence c) {
        verdicts.add(c);
        return this;
    }

    /** Writes, prints and returns the exit code. */
    int emit(CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String jsonText = options.json == null || json == null ? null : json.get();
        // OutputOptions.check, before any work, allowed at most one of them
        boolean toStdout = options.jsonToStdout() || files.keySet().stream().anyMatch(OutputFiles::isStdout);
        OutputFiles pending = new OutputFiles(out);
        if (jsonText != null) {
            pending.add(Path.of(options.json), jsonText);
        }
        files.forEach((path, rendered) -> pending.add(path, rendered.get()));
        pending.commit();
        boolean textShown = false;
        if (!toStdout && !options.quiet && text != null) {
            out.print(text.get());
            if (options.report != null) {
                out.println("Report: " + options.report.toAbsolutePath());
            }
            textShown = true;
        }
        out.flush();
        boolean ok = true;
        for (Convergence c : verdicts) {
            ok &= c.ok();
            if (!textShown) {
                for (String w : ConvergenceText.warnings(c)) {
                    err.println("multisite: warning: " + w);
                }
            }
        }
        err.flush();
        return draws != null && draws.strict && !ok ? Main.DIAGNOSTICS : Main.OK;
    }
}
