package org.multisite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.analysis.Analysis;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.io.AnalysisJson;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.SiteModel;
import org.multisite.report.AnalysisText;
import org.multisite.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code multisite analyze DATA.csv}: the whole analysis of a multi-site trial (heterogeneity,
 * every model of G, LOO and stacking, predictive checks, the three goals) ending in a verdict in
 * plain words ({@link Analysis}); writes report.html and analysis.json into one folder.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        header = "The whole analysis of a multi-site trial in one command, ending in a verdict in plain words.",
        description = {"Heterogeneity at a glance (Q, I^2, H^2, tau^2 with Q-profile intervals, the prediction interval),"
            + " every model of G with its diagnostics, leave-one-out comparison and stacking weights, posterior predictive"
            + " checks, each site's posterior mean, CB and GR estimates and ranks per model, and the verdict in plain words"
            + " (docs/verdict.md). Writes report.html and analysis.json into --out (default: a new folder named after the"
            + " data) and prints a summary ending with the verdict. Unit records are first turned into site estimates;"
            + " --one-stage fits the one-stage models of the records instead. A model whose diagnostics fail is sampled"
            + " again, once, with 4 times the warm-up and thinning."},
        footer = {"", "Examples:", "  multisite analyze sites.csv",
            "  multisite analyze school_estimates.csv --site school --threshold 0.05 --out bogota",
            "  multisite analyze students.csv --site school --outcome enrolled_ontime --family binomial --min-units 10"})
public final class AnalyzeCommand implements Callable<Integer> {
    /** The most numbered folders tried for the default output folder. */
    static final int MAX_FOLDERS = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", completionCandidates = GOptions.Names.class,
            description = "Models of G, each NAME or NAME:LABEL (default: every model, ${COMPLETION-CANDIDATES});"
                    + " the normal model is always fitted, first, as the reference.")
    List<String> models = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "C", defaultValue = "0",
            description = "Report each site's P(effect > C) and the expected share of sites above C (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for report.html and analysis.json (created; default: a new folder DATA-analysis, numbered if taken).")
    Path out;

    @Option(names = "--quiet", description = "Print nothing on stdout; warnings go to stderr.")
    boolean quiet;

    @Option(names = "--strict", description = "Exit with code 3 when the diagnostics of any model fail.")
    boolean strict;

    @Mixin
    OneStageOptions unitModel;

    @Mixin
    GOptions g;

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() {
        if (!Double.isFinite(threshold)) {
            throw new InputException("--threshold " + threshold + ": expected a finite number");
        }
        ModelList list = ModelList.parse(models);
        List<String> names = new ArrayList<>(list.names());
        List<String> labels = new ArrayList<>(list.labels());
        // the normal model first: the reference of the checks, the LOO differences and the verdict
        int normal = names.indexOf("normal");
        if (normal < 0) {
            if (labels.contains("normal")) {
                throw new InputException("--models: the label 'normal' is the reference normal model's; choose another");
            }
            names.add(0, "normal");
            labels.add(0, "normal");
        } else if (normal > 0) {
            names.add(0, names.remove(normal));
            labels.add(0, labels.remove(normal));
        }
        if (names.size() < 2) {
            throw new InputException("--models: the analysis compares the normal model with at least one other");
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(names));
        g.check(unique);
        SamplerConfig config = sampling.config();
        Path folder = out != null ? out : defaultFolder(input.data, Path.of(""));
        checkFolder(folder);
        ModelList.Built built = ModelList.build(input, unitModel, g, names, labels, "analysed");
        SiteData sites = built.sites();
        DataDescription description = built.description();
        List<SiteModel> chosen = built.models();
        if (sites.size() < 3 + sites.covariateCount()) {
            throw new InputException(input.data + ": the analysis needs at least " + (3 + sites.covariateCount())
                    + " sites, got " + sites.size());
        }
        List<FitResult> fits = new ArrayList<>();
        Analysis analysis;
        try (ProgressLine progress = ProgressLine.start(spec.commandLine().getErr(), "analyze", config, quiet)) {
            for (SiteModel model : chosen) {
                String context = "model " + labels.get(fits.size()) + " (" + (fits.size() + 1) + " of " + chosen.size() + ")";
                progress.context(context);
                fits.add(Analysis.fit(model, config, progress, () -> {
                    progress.context(context + ", diagnostics failed: again with " + Analysis.RETRY + "x the sweeps");
                    progress.sampler(Analysis.longer(config));
                }));
                progress.sampler(config);
            }
            progress.context("");
            progress.phase("comparing the models and checking them");
            analysis = Analysis.of(sites, fits, labels, threshold, Analysis.checksRandom(config));
        }
        String name = input.data.getFileName().toString();
        DataDescription source = description;
        OutputFiles files = new OutputFiles();
        files.add(folder.resolve("analysis.json"), AnalysisJson.write(analysis, source));
        files.add(folder.resolve("report.html"), HtmlReport.renderAnalysis(analysis, source, "multisite: analysis of " + name));
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InputException("--out " + folder + ": cannot create the folder (" + e.getMessage() + ")");
        }
        files.commit();
        if (!quiet) {
            spec.commandLine().getOut().print(AnalysisText.render(analysis, name, folder.resolve("report.html").toAbsolutePath()
                    + " and analysis.json beside it"));
            spec.commandLine().getOut().flush();
        }
        boolean ok = fits.stream().allMatch(f -> f.summary().convergence().ok());
        return strict && !ok ? Main.DIAGNOSTICS : Main.OK;
    }

    /** DATA-analysis in {@code dir} (the working directory), or DATA-analysis-2, -3, ... when taken. */
    static Path defaultFolder(Path data, Path dir) {
        String stem = data.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-analysis";
        for (int k = 1; k <= MAX_FOLDERS; k++) {
            Path p = dir.resolve(k == 1 ? stem : stem + "-" + k);
            if (!Files.exists(p)) {
                return p;
            }
        }
        throw new InputException("--out: " + stem + " to " + stem + "-" + MAX_FOLDERS + " all exist; name a folder with --out");
    }

    /** A folder that exists, or can be created: not a file, and its files writable. */
    private static void checkFolder(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InputException("--out " + folder + ": is a file, not a folder");
        }
        if (Files.isDirectory(folder)) {
            OutputFiles.checkWritable(folder.resolve("analysis.json"), "--out");
            OutputFiles.checkWritable(folder.resolve("report.html"), "--out");
        } else {
            Path parent = folder.toAbsolutePath().getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new InputException("--out " + folder + ": cannot create the folder there");
            }
        }
    }
}
