package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.compare.ModelComparison;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.io.CompareJson;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.UnitCsvReader;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GModels;
import org.multisite.model.SiteModel;
import org.multisite.report.CompareReport;
import org.multisite.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multisite compare DATA.csv --models normal,t,mixture,dp}: every model on the same sites, by PSIS-LOO. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Fit several models of G to the same sites and compare them by leave-one-site-out cross-validation",
            "(PSIS-LOO, with Pareto k diagnostics); show how G and the extreme sites change across models.",
            "Unit-level records are first turned into site estimates, as 'multisite estimate' does; with --one-stage,",
            "the one-stage models of the records are compared by leave-one-unit-out cross-validation."},
        footer = {"", "Examples:", "  multisite compare sites.csv",
            "  multisite compare sites.csv --models normal,mixture --components 3 --json cmp.json --report cmp.html",
            "  multisite compare students.csv --site school --one-stage --models normal,t"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", defaultValue = "normal,t,mixture,dp,logspline",
            description = "Models of G to compare (default: ${DEFAULT-VALUE}).")
    List<String> models = new ArrayList<>();

    @Mixin
    OneStageOptions unitModel;

    @Mixin
    GOptions g;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the comparison as JSON to FILE ('-' for stdout).")
    String json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write an HTML page overlaying every model's G.")
    Path report;

    @Option(names = "--quiet", description = "Print nothing on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        List<String> unique = List.copyOf(new LinkedHashSet<>(models));
        if (unique.size() < 2) {
            throw new InputException("--models needs at least two models, got " + unique);
        }
        for (String m : unique) {
            if (!GModels.names().contains(m)) {
                throw new InputException("--models: '" + m + "' is not available (available: "
                        + String.join(", ", GModels.names()) + ")");
            }
        }
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        if (report != null) {
            OutputFiles.checkWritable(report, "--report");
        }
        g.check(unique);
        SamplerConfig config = sampling.config();
        // each prior goes to the compared models that have its target; the rest to the one-stage model of the units
        List<String> rest = g.rest(unique);
        boolean unitLevel = input.level().equals("unit");
        if (!(unitLevel && unitModel.oneStage)) {
            for (String a : rest) {
                throw new InputException("--prior " + a + ": none of the compared models " + unique + " has that parameter");
            }
        }
        SiteData sites;
        DataDescription description = DataDescription.siteLevel();
        List<SiteModel> chosen = new ArrayList<>();
        if (unitLevel) {
            UnitCsvReader.Result read = input.units();
            UnitFit first = null;
            for (String m : unique) {
                UnitFit fit = UnitFit.of(input.data.toString(), read, input.unit.estimatorOptions(),
                        s -> g.spec(m, s.size()), rest, unitModel.oneStage, unitModel.intercepts);
                first = first == null ? fit : first;
                chosen.add(fit.model());
            }
            sites = first.model().data();
            description = first.description();
        } else {
            unitModel.checkSiteLevel(input.unitColumnsHint());
            sites = input.siteData();
            for (String m : unique) {
                chosen.add(g.spec(m, sites.size()).siteLevel(sites));
            }
        }
        List<FitResult> fits = new ArrayList<>();
        for (SiteModel model : chosen) {
            fits.add(Fitter.fit(model, config));
        }
        ModelComparison comparison = ModelComparison.of(fits);
        String name = input.data.getFileName().toString();
        OutputFiles files = new OutputFiles();
        String jsonText = json == null ? null : CompareJson.write(comparison, description);
        if (jsonText != null && !toStdout) {
            files.add(Path.of(json), jsonText);
        }
        if (report != null) {
            files.add(report, HtmlReport.renderComparison(comparison, description, "multisite: models of G compared on " + name));
        }
        files.commit();
        PrintWriter out = spec.commandLine().getOut();
        if (toStdout) {
            out.print(jsonText);
        } else if (!quiet) {
            out.print(CompareReport.render(comparison, name));
            if (report != null) {
                out.println("Report: " + report.toAbsolutePath());
            }
        }
        out.flush();
        return Main.OK;
    }
}
