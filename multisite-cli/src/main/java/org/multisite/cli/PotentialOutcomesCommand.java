package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.data.Family;
import org.multisite.io.DrawsCsv;
import org.multisite.io.InputException;
import org.multisite.io.PotentialOutcomesJson;
import org.multisite.io.UnitCsvReader;
import org.multisite.numeric.Decimals;
import org.multisite.potential.PotentialOutcomesAnalysis;
import org.multisite.report.HtmlReport;
import org.multisite.report.PotentialOutcomesText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multisite potential-outcomes DATA.csv}: a randomized experiment as a missing-data problem. */
@Command(name = "potential-outcomes", mixinStandardHelpOptions = true,
        header = "Impute each unit's missing potential outcome: ATEs, quantile effects.",
        description = {"Model-based causal inference within an experiment (Rubin 1978; Imbens & Rubin 2015, ch. 8): normal",
            "potential outcomes with arm-specific means (and covariate slopes) and SDs, and an assumed correlation rho",
            "between Y(0) and Y(1), which the data cannot identify (a sensitivity parameter). Imputes every unit's",
            "missing potential outcome from its posterior predictive and reports the super-population and the",
            "finite-sample ATE, quantile effects and, with --site, each site's finite-sample ATE, for each rho.",
            "--model two-part: for outcomes with many zeros (earnings), a logistic model of Y > 0 and a log-normal",
            "model of positive values in each arm, rho linking the arms' log outcomes."},
        footer = {"", "Examples:", "  multisite potential-outcomes nsw.csv --treatment treat --outcome re78 --rho-grid 0,0.5,1",
            "  multisite potential-outcomes trial.csv --covariates age,female --site site --json po.json"})
public final class PotentialOutcomesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA.csv", description = "Unit records with a header row.")
    Path data;

    @Option(names = "--treatment", defaultValue = "treatment", description = "0/1 treatment column (default: ${DEFAULT-VALUE}).")
    String treatment;

    @Option(names = "--outcome", defaultValue = "outcome", description = "Outcome column (default: ${DEFAULT-VALUE}).")
    String outcome;

    @Option(names = "--covariates", split = ",", paramLabel = "COL", description = "Unit covariates, with their own slope in each arm.")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--site", paramLabel = "COL", description = "Site column: each site gets its own mean in each arm"
            + " (site indicators join the covariates), and its finite-sample ATE is reported.")
    String site;

    @Option(names = "--model", defaultValue = "normal", description = "normal (default) or two-part.")
    String model;

    @Option(names = "--rho", description = "The correlation of Y(0) and Y(1) given the covariates, in [-1, 1] (default 0).")
    Double rho;

    @Option(names = "--rho-grid", split = ",", paramLabel = "R", description = "Several values of rho, for a sensitivity table.")
    List<Double> rhoGrid = new ArrayList<>();

    @Option(names = "--draws", defaultValue = "4000", description = "Posterior draws (exact for the normal model; default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--missing", defaultValue = "refuse", description = "A row with a missing value: refuse (default; the"
            + " units are the finite population whose ATE is estimated) or drop (and say how many on stderr).")
    String missing;

    @Mixin
    OutputOptions output;

    @Mixin
    DrawsOptions drawsOutput;

    @Override
    public Integer call() {
        PotentialOutcomesAnalysis.Model m = PotentialOutcomesAnalysis.Model.named(model);
        if (rho != null && !rhoGrid.isEmpty()) {
            throw new InputException("--rho and --rho-grid: give one");
        }
        List<Double> rhos = rhoGrid.isEmpty() ? List.of(rho == null ? 0.0 : rho) : rhoGrid;
        for (double r : rhos) {
            if (!(r >= -1 && r <= 1)) {
                throw new InputException((rhoGrid.isEmpty() ? "--rho " : "--rho-grid: ") + Decimals.format(r) + ": expected a correlation in [-1, 1]");
            }
        }
        UnitCsvReader.Missing policy = UnitCsvReader.Missing.named(missing);
        drawsOutput.check(output);
        UnitCsvReader.Result read = UnitCsvReader.read(data, new UnitCsvReader.Columns(site, treatment, outcome, covariates),
                Family.GAUSSIAN, policy, "--covariates");
        if (read.droppedSummary() != null) {
            spec.commandLine().getErr().println("multisite potential-outcomes: " + read.droppedSummary());
        }
        PotentialOutcomesAnalysis a;
        try {
            a = PotentialOutcomesAnalysis.of(read.data(), site != null, m, rhos, draws, seed);
        } catch (org.multisite.data.InvalidParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InputException(data + ": " + e.getMessage());
        }
        var tree = PotentialOutcomesJson.tree(a);
        return new Outputs(output, drawsOutput)
                .json(() -> PotentialOutcomesJson.write(tree))
                .report(() -> HtmlReport.renderPotentialOutcomes(PotentialOutcomesJson.page(a),
                        "multisite potential outcomes: " + data.getFileName()))
                .draws(() -> DrawsCsv.write(a.draws()))
                .text(() -> PotentialOutcomesText.render(a))
                .verdict(a.convergence())
                .emit(spec);
    }
}
