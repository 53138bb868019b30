package org.multisite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.StudyResults;
import org.multisite.io.StudySpecReader;
import org.multisite.report.HtmlReport;
import org.multisite.report.StudyText;
import org.multisite.study.LocalStudyEngine;
import org.multisite.study.StudyEngine;
import org.multisite.study.StudySpec;
import org.multisite.study.StudySummary;
import org.multisite.study.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multisite study SPEC.yaml}: a factorial simulation study, resumable, on all cores or on Spark. */
@Command(name = "study", mixinStandardHelpOptions = true,
        header = "Run a simulation study over designs, models, estimators and metrics.",
        description = {"Run a simulation study: every cell of the factors x replications x models x estimators x metrics.",
            "Each replication's data and fits depend only on (seed, cell, replication), so results are the same on any",
            "number of threads and after --resume. Writes DIR/replications.csv (appended and forced to disk as each",
            "replication finishes), DIR/summary.csv (means with Monte Carlo standard errors), DIR/report.html (a chart",
            "and a table per metric) and DIR/spec.yaml."},
        footer = {"", "Examples:", "  multisite study spec.yaml --out study1", "  multisite study spec.yaml --out study1 --resume",
            "  multisite study --preset acceptance --out check", "  multisite study --preset seed-research --out seed --threads 32"})
public final class StudyCommand implements Callable<Integer> {
    /** Named specs shipped with multisite. */
    static final List<String> PRESETS = List.of("acceptance", "seed-research", "paper-table");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC.yaml", description = "The study spec (or use --preset).")
    Path specFile;

    @Option(names = "--preset", description = "A named spec instead of a file: acceptance (the normal model on one cell),"
            + " seed-research (the seed research's full design: 216 cells, 4 models), paper-table (the cells of its"
            + " published table: 36 cells, 4 models).")
    String preset;

    @Option(names = "--out", defaultValue = "study-results", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--engine", defaultValue = "local", description = "local (default: a thread pool) or spark (under"
            + " spark-submit with multisite-spark.jar; local[--threads] when no master is set).")
    String engine;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--resume", description = "Finish the study in --out: skip the replications it has done.")
    boolean resume;

    @Option(names = "--quiet", description = "No progress on stderr, no summary on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        if ((specFile == null) == (preset == null)) {
            throw new InputException("study: give a SPEC.yaml or --preset NAME (one of " + String.join(", ", PRESETS) + ")");
        }
        StudyEngine chosen = engine(engine);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new InputException("--threads " + workers + ": expected at least 1");
        }
        StudySpecReader.Read read = preset != null ? StudySpecReader.parse("preset " + preset, presetText(preset))
                : StudySpecReader.read(specFile);
        StudySpec study = read.spec();
        List<String> factors = new ArrayList<>(study.factors().keySet());
        Map<String, String> modelOf = new LinkedHashMap<>();
        study.models().forEach(m -> modelOf.put(m.label(), m.g().model()));
        StudyResults.Opened opened = StudyResults.open(out, factors, modelOf, read.text(), resume);
        if (!opened.damaged().isEmpty()) {
            // said even with --quiet: results were changed outside the study
            spec.commandLine().getErr().println("multisite study: " + opened.damaged().size() + " finished replication"
                    + (opened.damaged().size() == 1 ? "'s rows were" : "s' rows were") + " missing or changed in "
                    + out.resolve("replications.csv") + ", running again: " + StudyResults.describe(opened.damaged()));
        }
        List<Task> todo = new ArrayList<>();
        for (var cell : study.cells()) {
            for (int r = 1; r <= study.replications(); r++) {
                if (!opened.done().contains(StudyResults.mark(cell, r))) {
                    todo.add(new Task(cell, r));
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        AtomicInteger finished = new AtomicInteger();
        int before = opened.done().size();
        try (StudyResults results = opened.results()) {
            chosen.run(study, todo, workers, (task, rows) -> {
                results.append(task, rows);
                if (!quiet) {
                    progress(err, "study", finished.incrementAndGet(), todo.size(), before, start);
                }
            });
        }
        StudyResults.Rows rows = opened.results().readRows();
        List<StudySummary> summary = StudySummary.of(rows.rows());
        Path written = opened.results().writeSummary(summary, rows.cells());
        Path report = out.resolve("report.html");
        OutputFiles files = new OutputFiles();
        files.add(report, HtmlReport.renderStudy(summary, rows.cells(), factors,
                "multisite study: " + (preset != null ? "preset " + preset : specFile.getFileName().toString())));
        files.commit();
        if (!quiet) {
            err.printf(Locale.ROOT, "%sstudy: %d replications run (%d already done) in %.1f s; results in %s%n",
                    System.console() != null ? System.lineSeparator() : "", todo.size(), before,
                    (System.nanoTime() - start) / 1e9, out.toAbsolutePath());
            err.flush();
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(StudyText.table(summary, rows.cells(), factors));
            stdout.println("Summary: " + written.toAbsolutePath());
            stdout.println("Report: " + report.toAbsolutePath());
            stdout.flush();
        }
        return Main.OK;
    }

    /** The engine {@code name}: the built-in local one, or one found on the class path (Spark). */
    static StudyEngine engine(String name) {
        if (name.equals("local")) {
            return new LocalStudyEngine();
        }
        for (StudyEngine e : ServiceLoader.load(StudyEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new InputException("--engine " + name + ": " + (name.equals("spark")
                ? "Spark is not on the class path; run the study with spark-submit --class org.multisite.cli.Main --jars"
                + " multisite-spark/target/multisite-spark.jar multisite-cli/target/multisite.jar study SPEC.yaml --engine spark"
                + " (see the README)" : "expected local or spark"));
    }

    /**
     * Progress: done, total and the time left at the rate so far; on a terminal one line
     * rewritten in place, otherwise (a log) a line at each tenth of the work.
     */
    static void progress(PrintWriter err, String command, int n, int total, int before, long start) {
        boolean terminal = System.console() != null;
        if (!terminal && n != total && n * 10L / total == (n - 1) * 10L / total) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double eta = seconds / n * (total - n);
        err.printf(Locale.ROOT, "%s%s: %d/%d replications (%d%%), %.0f s elapsed, about %.0f s left%s", terminal ? "\r" : "", command,
                n + before, total + before, 100 * (n + before) / Math.max(total + before, 1), seconds, eta,
                terminal ? "   " : System.lineSeparator());
        err.flush();
    }

    static String presetText(String name) {
        if (!PRESETS.contains(name)) {
            throw new InputException("--preset " + name + ": expected one of " + String.join(", ", PRESETS));
        }
        try (InputStream in = StudyCommand.class.getResourceAsStream("/org/multisite/study/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
