package org.multisite.cli;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.estimate.Effect;
import org.multisite.estimate.SiteEstimator;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.io.SiteCsvReader;
import org.multisite.io.UnitCsvReader;
import org.multisite.model.GSpec;
import org.multisite.model.SiteModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multisite demo}: the normal model on the bundled example, with an HTML report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Fit the normal model to a bundled example and write an HTML report.",
        description = {"Fit the normal model to a bundled example. Site level (default): " + DemoData.DESCRIPTION,
            "Unit level (--level unit): 30 simulated sites of 20 to 60 units with a gaussian or binomial outcome,",
            "two-stage by default, one-stage with --one-stage (gaussian).",
            "Prints the summary and writes an HTML report (default: multisite-demo-report.html in the current directory)."},
        footer = {"", "Examples:", "  multisite demo", "  multisite demo --report /tmp/demo.html --json demo.json",
            "  multisite demo --level unit --family binomial", "  multisite demo --level unit --one-stage --intercepts random"})
public final class DemoCommand implements Callable<Integer> {
    /** Default report file, in the working directory. */
    static final String DEFAULT_REPORT = "multisite-demo-report.html";

    @Spec
    CommandSpec spec;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    OutputOptions output;

    @Mixin
    DrawsOptions draws;

    @Mixin
    SitesCsvOption sites;

    @Option(names = "--level", defaultValue = "site", description = "Which example: site (estimates) or unit (records) (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--family", defaultValue = "gaussian", description = "Unit-level example's outcome: gaussian or binomial (default: ${DEFAULT-VALUE}).")
    String family;

    @Mixin
    OneStageOptions unitModel;

    @Override
    public Integer call() throws Exception {
        if (output.report == null) {
            output.report = Path.of(DEFAULT_REPORT);
        }
        FitRunner.checkOutputs(output, draws, sites.sitesCsv);
        var config = sampling.config();
        if (level.equals("unit")) {
            return unitDemo(config);
        }
        if (!level.equals("site")) {
            throw new InputException("--level " + level + ": expected site or unit");
        }
        unitModel.checkSiteLevel("the unit-level example, --level unit");
        SiteData data;
        try (Reader r = new InputStreamReader(DemoCommand.class.getResourceAsStream(DemoData.RESOURCE), StandardCharsets.UTF_8)) {
            data = SiteCsvReader.read(DemoData.FILE_NAME, r, SiteCsvReader.Columns.defaults());
        }
        SiteModel model = GSpec.of("normal").siteLevel(data);
        return FitRunner.run(model, config, output, draws, sites.sitesCsv, DemoData.FILE_NAME + ", bundled example",
                DataDescription.siteLevel(), List.of(), spec);
    }

    private int unitDemo(org.multisite.mcmc.SamplerConfig config) throws java.io.IOException {
        Family f = switch (family) {
            case "gaussian" -> Family.GAUSSIAN;
            case "binomial" -> Family.BINOMIAL;
            default -> throw new InputException("--family " + family + ": expected gaussian or binomial");
        };
        String name = DemoData.unitFileName(f);
        UnitCsvReader.Result read;
        try (Reader r = new InputStreamReader(DemoCommand.class.getResourceAsStream(DemoData.unitResource(f)),
                StandardCharsets.UTF_8)) {
            read = UnitCsvReader.read(name, r, new UnitCsvReader.Columns("site", "treatment", "outcome", List.of("z")),
                    f, UnitCsvReader.Missing.REFUSE);
        }
        UnitFit fit = UnitFit.of(name, read, new SiteEstimator.Options(Effect.defaultFor(f), 2, 0),
                sites -> GSpec.of("normal"), List.of(), unitModel.oneStage, unitModel.intercepts);
        return FitRunner.run(fit.model(), config, output, draws, sites.sitesCsv, name + ", bundled example",
                fit.description(), fit.lines(), spec);
    }
}
