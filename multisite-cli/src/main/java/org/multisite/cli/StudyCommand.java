package org.multisite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.io.InputException;
import org.multisite.io.StudyResults;
import org.multisite.io.StudySpecReader;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.GModels;
import org.multisite.model.GSpec;
import org.multisite.sim.SiteSimulator;
import org.multisite.sim.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multisite study SPEC.yaml}: a factorial simulation study, resumable, on all cores. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run a simulation study: every cell of the factors x replications x models x estimators x metrics.",
            "Each replication's data and fits depend only on (seed, cell, replication), so results are the same on any",
            "number of threads and after --resume. Writes DIR/replications.csv (appended and forced to disk as each",
            "replication finishes), DIR/summary.csv (means with Monte Carlo standard errors), DIR/report.html (a chart",
            "and a table per metric) and DIR/spec.yaml."},
        footer = {"", "Examples:", "  multisite study spec.yaml --out study1", "  multisite study spec.yaml --out study1 --resume",
            "  multisite study --preset acceptance --out check", "  multisite study --preset seed-research --out seed --threads 32"})
public final class StudyCommand implements Callable<Integer> {
    /** Named specs shipped with multisite. */
    static final List<String> PRESETS = List.of("acceptance", "seed-research");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC.yaml", description = "The study spec (or use --preset).")
    Path specFile;

    @Option(names = "--preset", description = "A named spec instead of a file: acceptance (the normal model on one cell),"
            + " seed-research (the seed research's full design).")
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
    public Integer call() throws Exception {
        if ((specFile == null) == (preset == null)) {
            throw new InputException("study: give a SPEC.yaml or --preset NAME (one of " + String.join(", ", PRESETS) + ")");
        }
        StudyEngine chosen = null;
        if (!engine.equals("local")) {
            for (StudyEngine e : java.util.ServiceLoader.load(StudyEngine.class)) {
                if (e.name().equals(engine)) {
                    chosen = e;
                }
            }
            if (chosen == null) {
                throw new InputException("--engine " + engine + ": " + (engine.equals("spark")
                        ? "Spark is not on the class path; run the study with spark-submit --class org.multisite.cli.Main"
                        + " multisite-spark/target/multisite-spark.jar study SPEC.yaml --engine spark (see the README)"
                        : "expected local or spark"));
            }
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new InputException("--threads " + workers + ": expected at least 1");
        }
        StudySpecReader.Spec read = preset != null ? StudySpecReader.parse("preset " + preset, presetText(preset))
                : StudySpecReader.read(specFile);
        Study.Spec study = build(read);
        List<String> factors = new ArrayList<>(read.factors().keySet());
        Set<String> done = new HashSet<>();
        StudyResults results = StudyResults.open(out, factors, read.text(), resume, done);
        List<Map<String, String>> todo = new ArrayList<>();
        List<Integer> reps = new ArrayList<>();
        for (Map<String, String> cell : study.cells()) {
            for (int r = 1; r <= study.replications(); r++) {
                if (!done.contains(Study.key(cell) + "\t" + r)) {
                    todo.add(cell);
                    reps.add(r);
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        AtomicInteger finished = new AtomicInteger();
        StudyEngine.Sink sink = (cell, r, rows) -> {
            results.append(cell, r, rows);
            int n = finished.incrementAndGet();
            if (!quiet) {
                progress(err, n, todo.size(), done.size(), start);
            }
        };
        try {
            if (chosen != null) {
                chosen.run(preset != null ? "preset " + preset : specFile.toString(), read.text(), todo, reps, workers, sink);
            } else {
                runLocally(study, todo, reps, workers, sink);
            }
        } finally {
            results.close();
        }
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        List<Study.Summary> summary = Study.summarize(results.readRows(cells));
        Path written = results.writeSummary(summary, cells);
        Path report = out.resolve("report.html");
        org.multisite.io.OutputFiles files = new org.multisite.io.OutputFiles();
        files.add(report, org.multisite.report.HtmlReport.renderStudy(summary, cells, factors,
                "multisite study: " + (preset != null ? "preset " + preset : specFile.getFileName().toString())));
        files.commit();
        if (!quiet) {
            err.printf(Locale.ROOT, "%sstudy: %d replications run (%d already done) in %.1f s; results in %s%n",
                    System.console() != null ? System.lineSeparator() : "", todo.size(),
                    done.size(), (System.nanoTime() - start) / 1e9, out.toAbsolutePath());
            err.flush();
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(table(summary, cells, factors));
            stdout.println("Summary: " + written.toAbsolutePath());
            stdout.println("Report: " + report.toAbsolutePath());
            stdout.flush();
        }
        return Main.OK;
    }

    /** The local engine: a fixed pool of worker threads, one replication per task. */
    private static void runLocally(Study.Spec study, List<Map<String, String>> todo, List<Integer> reps, int workers,
                                   StudyEngine.Sink sink) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "study-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < todo.size(); i++) {
                Map<String, String> cell = todo.get(i);
                int r = reps.get(i);
                futures.add(pool.submit(() -> {
                    List<Study.Row> rows = Study.replicate(study, cell, r);
                    synchronized (sink) {
                        sink.accept(cell, r, rows);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Progress: done, total and the time left at the rate so far; on a terminal one line
     * rewritten in place, otherwise (a log) a line at each tenth of the work.
     */
    private static synchronized void progress(PrintWriter err, int n, int total, int before, long start) {
        boolean terminal = System.console() != null;
        if (!terminal && n != total && n * 10L / total == (n - 1) * 10L / total) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double eta = seconds / n * (total - n);
        err.printf(Locale.ROOT, "%sstudy: %d/%d replications (%d%%), %.0f s elapsed, about %.0f s left%s", terminal ? "\r" : "",
                n + before, total + before, 100 * (n + before) / Math.max(total + before, 1), seconds, eta,
                terminal ? "   " : System.lineSeparator());
        err.flush();
    }

    /** The spec as the core runs it; its models checked once on a simulated data set of the first cell. */
    public static Study.Spec build(StudySpecReader.Spec read) {
        List<Map<String, String>> cells = Study.cells(read.factors());
        for (Map<String, String> cell : cells) {
            try {
                Study.design(cell);
            } catch (IllegalArgumentException e) {
                throw new InputException("study: " + e.getMessage());
            }
        }
        List<Study.ModelSpec> models = new ArrayList<>();
        for (StudySpecReader.ModelEntry m : read.models()) {
            GSpec g;
            try {
                g = new GSpec(m.name(), m.priors(), m.options());
            } catch (InvalidParameterException e) {
                throw new InputException("study: " + (e.parameter().equals("model") ? "model '" + m.name()
                        + "' is not available (" + String.join(", ", GModels.names()) + ")" : "model " + m.name() + ": "
                        + e.getMessage()));
            }
            models.add(new Study.ModelSpec(m.name(), g::siteLevel));
        }
        SamplerConfig sampler;
        try {
            sampler = new SamplerConfig(read.chains(), read.warmup(), read.draws(), 1, read.seed(), 1);
        } catch (IllegalArgumentException e) {
            throw new InputException("study: sampler: " + e.getMessage());
        }
        Study.Spec study;
        try {
            study = new Study.Spec(read.seed(), read.replications(), cells, models, read.estimators(), read.metrics(), sampler);
        } catch (IllegalArgumentException e) {
            throw new InputException("study: " + e.getMessage());
        }
        // priors and options are checked on data like the study's, before any replication runs
        SiteData sample = SiteSimulator.simulate(Study.design(cells.get(0)), SeedStreams.data(read.seed())).data();
        for (Study.ModelSpec m : models) {
            try {
                m.build().apply(sample);
            } catch (InvalidParameterException e) {
                throw new InputException("study: model " + m.name() + ": " + e.getMessage());
            }
        }
        return study;
    }

    public static String presetText(String name) {
        if (!PRESETS.contains(name)) {
            throw new InputException("--preset " + name + ": expected one of " + String.join(", ", PRESETS));
        }
        try (InputStream in = StudyCommand.class.getResourceAsStream("/org/multisite/study/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The summary as a text table, a line per cell, model, estimator and metric. */
    static String table(List<Study.Summary> summary, Map<String, Map<String, String>> cells, List<String> factors) {
        StringBuilder b = new StringBuilder();
        for (String f : factors) {
            b.append(String.format(Locale.ROOT, "%-16s", f));
        }
        b.append(String.format(Locale.ROOT, "%-10s %-9s %-13s %10s %9s %5s%n", "model", "estimator", "metric", "mean", "mcse", "reps"));
        for (Study.Summary s : summary) {
            for (String f : factors) {
                b.append(String.format(Locale.ROOT, "%-16s", cells.get(s.cellKey()).get(f)));
            }
            b.append(String.format(Locale.ROOT, "%-10s %-9s %-13s %10.4f %9.4f %5d%n", s.model(), s.estimator(), s.metric(),
                    s.mean(), s.mcse(), s.replications()));
        }
        return b.toString();
    }
}
