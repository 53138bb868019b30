package org.multisite.cli;

import java.nio.file.Path;
import java.util.List;
import org.multisite.eb.EbOverlay;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.io.DataDescription;
import org.multisite.io.DrawsCsv;
import org.multisite.io.FitJson;
import org.multisite.io.OutputFiles;
import org.multisite.io.SitesCsv;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.OneStageModel;
import org.multisite.model.SiteModel;
import org.multisite.report.HtmlReport;
import org.multisite.report.TextReport;
import picocli.CommandLine.Model.CommandSpec;

/** Fits a model and renders what the output options ask for: shared by {@code fit} and {@code demo}. */
final class FitRunner {
    private FitRunner() {
    }

    /** Checks every output path before any work, so a bad path fails at once. */
    static void checkOutputs(OutputOptions o, DrawsOptions d, Path sitesCsv) {
        o.check(d.drawsCsv, sitesCsv);
        d.check(o);
        if (sitesCsv != null) {
            OutputFiles.checkWritable(sitesCsv, "--sites-csv");
        }
    }

    /**
     * The empirical Bayes estimates of G from the same site estimates, on the fit's grid; none
     * for a one-stage fit, whose G is not a deconvolution of the site estimates.
     */
    private static EbOverlay overlay(FitResult fit) {
        if (fit.model() instanceof OneStageModel) {
            return null;
        }
        return EbOverlay.of(fit.model().data(), fit.summary().distribution().grid()).orElse(null);
    }

    /**
     * Fits, writes all outputs (or none), prints the summary; returns the exit code.
     *
     * @param source the data's name for titles, or null
     * @param dataLines lines on where the site data came from, printed after the summary's title
     */
    static int run(SiteModel model, SamplerConfig config, OutputOptions o, DrawsOptions d, Path sitesCsv, String source,
                   DataDescription description, List<String> dataLines, CommandSpec spec) {
        FitResult fit;
        try (ProgressLine progress = ProgressLine.start(spec.commandLine().getErr(), spec.name(), config, o.quiet)) {
            fit = Fitter.fit(model, config, progress);
        }
        return new Outputs(o, d)
                .json(() -> FitJson.write(fit, description))
                .draws(() -> DrawsCsv.write(fit.draws()))
                .file(sitesCsv, () -> SitesCsv.write(fit.summary()))
                .report(() -> HtmlReport.render(fit, description, "multisite: " + model.name() + " model"
                        + (source == null ? "" : " of " + source), overlay(fit)))
                .text(() -> TextReport.render(fit, source, dataLines))
                .verdict(fit.summary().convergence())
                .emit(spec);
    }
}
