package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.multisite.estimate.SiteEstimator;
import org.multisite.io.EstimatesCsv;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.UnitCsvReader;
import org.multisite.io.UnitReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multisite estimate DATA.csv}: unit records to site-level estimates. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        header = "Turn unit records into site effect estimates and SEs (the CSV that fit reads).",
        description = {"Turn unit-level records into site-level effect estimates and standard errors, the CSV that 'fit' reads:",
            "difference in means with the Neyman (HC2) standard error; OLS with unit covariates and HC2;",
            "for a 0/1 outcome the log odds ratio by logistic regression (as R's glm), with Firth's penalized",
            "likelihood where separation makes the maximum likelihood estimate not exist; or the risk difference.",
            "Dropped rows and sites are reported on stderr."},
        footer = {"", "Examples:",
            "  multisite estimate students.csv --site school --outcome enrolled_ontime --family binomial --out schools.csv",
            "  multisite estimate trial.csv --unit-covariates age,female --out sites.csv",
            "  multisite fit schools.csv"})
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA.csv", description = "Unit-level CSV with a header row.")
    Path data;

    @Option(names = "--site", defaultValue = "site", description = "Column of site ids (default: ${DEFAULT-VALUE}).")
    String siteColumn;

    @Mixin
    UnitOptions unit;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the estimates to FILE (default: stdout).")
    Path out;

    @Option(names = "--quiet", description = "Do not report dropped rows and sites on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        if (out != null) {
            OutputFiles.checkWritable(out, "--out");
        }
        UnitCsvReader.Result read = unit.read(data, siteColumn);
        SiteEstimator.Result result = SiteEstimator.estimate(read.data(), unit.estimatorOptions());
        if (result.estimates().isEmpty()) {
            throw new InputException(data + ": no site could be estimated (" + result.dropped().size()
                    + " sites dropped, e.g. " + result.dropped().get(0).site() + ": " + result.dropped().get(0).reason() + ")");
        }
        String csv = EstimatesCsv.write(result);
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(csv);
            stdout.flush();
        } else {
            OutputFiles files = new OutputFiles(spec.commandLine().getOut());
            files.add(out, csv);
            files.commit();
        }
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            for (String line : UnitReport.lines(read, result, true)) {
                err.println("multisite estimate: " + line);
            }
            if (out != null && !OutputFiles.isStdout(out)) {
                err.println("multisite estimate: wrote " + out.toAbsolutePath());
            }
            err.flush();
        }
        return Main.OK;
    }
}
