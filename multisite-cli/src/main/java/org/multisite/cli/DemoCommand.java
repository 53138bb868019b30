package org.multisite.cli;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.io.SiteCsvReader;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code multisite demo}: the normal model on the bundled example, with an HTML report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fit the normal model to the bundled example: " + DemoData.DESCRIPTION,
            "Prints the summary and writes an HTML report (default: multisite-demo-report.html in the current directory)."},
        footer = {"", "Examples:", "  multisite demo", "  multisite demo --report /tmp/demo.html --json demo.json"})
public final class DemoCommand implements Callable<Integer> {
    /** Default report file, in the working directory. */
    static final String DEFAULT_REPORT = "multisite-demo-report.html";

    @Spec
    CommandSpec spec;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (output.report == null) {
            output.report = Path.of(DEFAULT_REPORT);
        }
        FitRunner.checkOutputs(output);
        var config = sampling.config();
        SiteData data;
        try (Reader r = new InputStreamReader(DemoCommand.class.getResourceAsStream(DemoData.RESOURCE), StandardCharsets.UTF_8)) {
            data = SiteCsvReader.read(DemoData.FILE_NAME, r, SiteCsvReader.Columns.defaults());
        }
        NormalModel model = NormalModel.of(data, NormalPriors.defaults(data));
        return FitRunner.run(model, config, output, DemoData.FILE_NAME + ", bundled example",
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
