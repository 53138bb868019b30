package org.multisite.cli;

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
import org.multisite.io.DrawsCsv;
import org.multisite.io.InputException;
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
        header = "Compare models of G fitted to the same sites, by leave-one-out cross-validation.",
        description = {"Fit several models of G to the same sites and compare them by leave-one-site-out cross-validation",
            "(PSIS-LOO, with Pareto k diagnostics); show how G and the extreme sites change across models.",
            "Unit-level records are first turned into site estimates, as 'multisite estimate' does; with --one-stage,",
            "the one-stage models of the records are compared by leave-one-unit-out cross-validation."},
        footer = {"", "Examples:", "  multisite compare sites.csv",
            "  multisite compare sites.csv --models normal,mixture --components 3 --json cmp.json --report cmp.html",
            "  multisite compare students.csv --site school --outcome enrolled_ontime --family binomial --one-stage --models normal,t"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", completionCandidates = GOptions.Names.class,
            description = "Models of G to compare, each NAME or NAME:LABEL (default: every model, ${COMPLETION-CANDIDATES});"
                    + " a name twice needs labels, e.g. dp:diffuse,dp:inform.")
    List<String> models = new ArrayList<>();

    @Mixin
    OneStageOptions unitModel;

    @Mixin
    GOptions g;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    OutputOptions output;

    @Mixin
    DrawsOptions draws;

    @Override
    public Integer call() {
        ModelList list = ModelList.parse(models);
        List<String> names = list.names();
        List<String> labels = list.labels();
        if (names.size() < 2) {
            throw new InputException("--models needs at least two models, got " + names);
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(names));
        draws.check(output);
        g.check(unique);
        SamplerConfig config = sampling.config();
        ModelList.Built built = ModelList.build(input, unitModel, g, names, labels, "compared");
        SiteData sites = built.sites();
        DataDescription description = built.description();
        List<SiteModel> chosen = built.models();
        List<FitResult> fits = new ArrayList<>();
        try (ProgressLine progress = ProgressLine.start(spec.commandLine().getErr(), "compare", config, output.quiet)) {
            for (SiteModel model : chosen) {
                progress.context("model " + labels.get(fits.size()) + " (" + (fits.size() + 1) + " of " + chosen.size() + ")");
                fits.add(Fitter.fit(model, config, progress));
            }
        }
        ModelComparison comparison = ModelComparison.of(fits, labels);
        String name = input.data.getFileName().toString();
        DataDescription source = description;
        Outputs outputs = new Outputs(output, draws)
                .json(() -> CompareJson.write(comparison, source))
                .report(() -> HtmlReport.renderComparison(comparison, source, "multisite: models of G compared on " + name))
                .draws(() -> DrawsCsv.write(labels,
                        fits.stream().map(FitResult::draws).toList()))
                .text(() -> CompareReport.render(comparison, name));
        fits.forEach(f -> outputs.verdict(f.summary().convergence()));
        return outputs.emit(spec);
    }
}
