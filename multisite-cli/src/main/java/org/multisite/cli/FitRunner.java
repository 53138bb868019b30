package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.io.DataDescription;
import org.multisite.io.DrawsCsv;
import org.multisite.io.FitJson;
import org.multisite.io.OutputFiles;
import org.multisite.io.SitesCsv;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.SiteModel;
import org.multisite.report.HtmlReport;
import org.multisite.report.TextReport;

/** Fits a model and writes what the output options ask for: shared by {@code fit} and {@code demo}. */
final class FitRunner {
    private FitRunner() {
    }

    /** Checks output paths before any work, so a bad path fails at once. */
    static void checkOutputs(OutputOptions o) {
        if (o.json != null && !o.jsonToStdout()) {
            OutputFiles.checkWritable(Path.of(o.json), "--json");
        }
        if (o.drawsCsv != null) {
            OutputFiles.checkWritable(o.drawsCsv, "--draws-csv");
        }
        if (o.sitesCsv != null) {
            OutputFiles.checkWritable(o.sitesCsv, "--sites-csv");
        }
        if (o.report != null) {
            OutputFiles.checkWritable(o.report, "--report");
        }
    }

    /** Fits, writes all outputs (or none), prints the summary; returns the exit code. */
    static int run(SiteModel model, SamplerConfig config, OutputOptions o, String source, PrintWriter out, PrintWriter err) {
        return run(model, config, o, source, DataDescription.siteLevel(), List.of(), out, err);
    }

    /** As above, for site data with a provenance ({@code description}, {@code dataLines} for the summary). */
    static int run(SiteModel model, SamplerConfig config, OutputOptions o, String source, DataDescription description,
                   List<String> dataLines, PrintWriter out, PrintWriter err) {
        FitResult fit = Fitter.fit(model, config);
        OutputFiles files = new OutputFiles();
        String json = o.json == null ? null : FitJson.write(fit, description);
        if (json != null && !o.jsonToStdout()) {
            files.add(Path.of(o.json), json);
        }
        if (o.drawsCsv != null) {
            files.add(o.drawsCsv, DrawsCsv.write(fit.draws()));
        }
        if (o.sitesCsv != null) {
            files.add(o.sitesCsv, SitesCsv.write(fit.summary()));
        }
        if (o.report != null) {
            files.add(o.report, HtmlReport.render(fit, description, "multisite: " + model.name() + " model"
                    + (source == null ? "" : " of " + source)));
        }
        files.commit();
        if (o.jsonToStdout()) {
            out.print(json);
        } else if (!o.quiet) {
            out.print(TextReport.render(fit, source, dataLines));
            if (o.report != null) {
                out.println("Report: " + o.report.toAbsolutePath());
            }
        }
        out.flush();
        for (String w : fit.summary().convergence().warnings()) {
            if (o.quiet || o.jsonToStdout()) {
                err.println("multisite: warning: " + w);
            }
        }
        return o.strict && !fit.summary().convergence().ok() ? Main.DIAGNOSTICS : Main.OK;
    }
}
