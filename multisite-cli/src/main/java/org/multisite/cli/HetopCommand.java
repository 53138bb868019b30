package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.data.InvalidParameterException;
import org.multisite.hetop.FhHetop;
import org.multisite.hetop.FhHetopFit;
import org.multisite.hetop.FhHetopLogspline;
import org.multisite.hetop.HetopMle;
import org.multisite.hetop.HetopModel;
import org.multisite.io.CountCsvReader;
import org.multisite.io.DrawsCsv;
import org.multisite.io.HetopJson;
import org.multisite.io.InputException;
import org.multisite.io.UnitCsvReader;
import org.multisite.numeric.Decimals;
import org.multisite.report.HetopText;
import org.multisite.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite hetop COUNTS.csv}: group means and SDs of a latent score from counts in ordered categories. */
@Command(name = "hetop", mixinStandardHelpOptions = true,
        header = "Group means and SDs of a latent score from ordered counts (HETOP, FH-HETOP).",
        description = {"Heteroskedastic ordered probit (HETOP): each group's mean and SD of a latent",
            "normal score from the counts of its units in K >= 3 ordered categories, the",
            "first two cut points fixed (Reardon et al. 2017; R's HETOP mle_hetop). Reports",
            "the estimates on the fixed-cut scale and standardized (population mean 0, SD",
            "1, also bias-corrected), and the ICC; or, with --method fh, the Fay-Herriot",
            "HETOP model (Lockwood, Castellano & Shear 2018): a bivariate normal prior on",
            "each group's (mean, log SD), or with --prior logspline Efron-style log-spline",
            "priors on grids of means and log SDs (as HETOP's fh_hetop), with group",
            "covariates, sampled by MCMC, with the three goals for the group means, the",
            "standardized scale and WAIC.",
            "With --method fh, 2000 draws are kept per chain unless --draws says otherwise."},
        footer = {"", "Examples:", "  multisite hetop groups.csv --group group --counts n1,n2,n3,n4 --fixed-cuts -1,0",
            "  multisite hetop groups.csv --counts n1,n2,n3,n4 --json hetop.json",
            "  multisite hetop groups.csv --counts n1,n2,n3,n4 --method fh --draws 2000 --mean-covariates x --sd-covariates x",
            "  multisite hetop groups.csv --counts n1,n2,n3,n4 --method fh --prior logspline --grid-points 100 --df 10"})
public final class HetopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COUNTS.csv", description = "One row per group: an id and the count of each category.")
    Path data;

    @Option(names = "--group", defaultValue = "group", description = "Group id column (default: ${DEFAULT-VALUE} if the file has one, else rows are numbered; given, it must exist).")
    String group;

    @Option(names = "--counts", split = ",", required = true, paramLabel = "COL", description = "The K count columns, lowest category first.")
    List<String> counts = new ArrayList<>();

    @Option(names = "--fixed-cuts", split = ",", paramLabel = "A,B", description = "The first two cut points, A < B (default: -1,0).")
    List<Double> fixedCuts = new ArrayList<>(List.of(-1.0, 0.0));

    @Option(names = "--method", defaultValue = "mle", description = "mle (default) or fh.")
    String method;

    @Option(names = "--prior", defaultValue = "normal", description = "fh: the prior of the groups' (mean, log SD): normal"
            + " (bivariate normal with estimated means, SDs and correlation; default) or logspline.")
    String prior;

    @Option(names = "--grid-points", split = ",", paramLabel = "M[,M2]", description = "fh, logspline: points of the grid of"
            + " means and of the grid of log SDs (one number for both; default: 50; coarser grids mix more slowly).")
    List<Integer> gridPoints = new ArrayList<>(List.of(50));

    @Option(names = "--df", split = ",", paramLabel = "P[,P2]", description = "fh, logspline: spline degrees of freedom of the"
            + " two priors (one number for both; default: 10; at least 3).")
    List<Integer> splineDf = new ArrayList<>(List.of(10));

    @Option(names = "--mean-grid", paramLabel = "LO:HI", description = "fh, logspline: range of the grid of means (default:"
            + " the fixed cuts' midpoint +- 5 times their distance).")
    String meanGrid;

    @Option(names = "--sd-grid", paramLabel = "LO:HI", description = "fh, logspline: range of the group SDs, the grid equally"
            + " spaced in log SD (default: 0.1 to 5 times the fixed cuts' distance).")
    String sdGrid;

    @Option(names = "--mean-covariates", split = ",", paramLabel = "COL", description = "fh: group covariates of the means (centred).")
    List<String> meanCovariates = new ArrayList<>();

    @Option(names = "--sd-covariates", split = ",", paramLabel = "COL", description = "fh: group covariates of the log SDs (centred).")
    List<String> sdCovariates = new ArrayList<>();

    @Mixin
    SamplingOptions sampling;

    @Mixin
    OutputOptions output;

    @Mixin
    DrawsOptions draws;

    @Override
    public Integer call() {
        if (counts.size() < 3) {
            throw new InputException("--counts: HETOP needs at least 3 categories, got " + counts.size());
        }
        if (fixedCuts.size() != 2 || !(fixedCuts.get(0) < fixedCuts.get(1)) || !Double.isFinite(fixedCuts.get(0))
                || !Double.isFinite(fixedCuts.get(1))) {
            throw new InputException("--fixed-cuts " + String.join(",", fixedCuts.stream().map(Decimals::format).toList())
                    + ": expected two increasing numbers A,B");
        }
        if (!method.equals("mle") && !method.equals("fh")) {
            throw new InputException("--method " + method + ": expected mle or fh");
        }
        boolean fh = method.equals("fh");
        if (!fh) {
            for (String option : List.of("--prior", "--mean-covariates", "--sd-covariates", "--draws-csv", "--strict")) {
                if (given(option)) {
                    throw new InputException(option + ": only with --method fh");
                }
            }
        }
        if (fh && !prior.equals("normal") && !prior.equals("logspline")) {
            throw new InputException("--prior " + prior + ": expected normal or logspline");
        }
        boolean logspline = fh && prior.equals("logspline");
        for (String option : List.of("--grid-points", "--df", "--mean-grid", "--sd-grid")) {
            if (!logspline && given(option)) {
                throw new InputException(option + ": only with --method fh --prior logspline");
            }
        }
        draws.check(output);
        List<String> covariates = new ArrayList<>(meanCovariates);
        sdCovariates.stream().filter(c -> !covariates.contains(c)).forEach(covariates::add);
        if (given("--group")) {
            List<String> header = UnitCsvReader.header(data);
            if (!header.contains(group)) {
                throw new InputException(data + ": no column '" + group + "' (columns: " + String.join(", ", header)
                        + "); choose one with --group");
            }
        }
        CountCsvReader.Result read = CountCsvReader.read(data, group, counts, counts.stream().map(c -> "--counts").toList(),
                null, null, covariates, "--mean-covariates or --sd-covariates");
        List<String> ids = read.ids();
        int[][] n = read.rows(data);
        double[] cuts = {fixedCuts.get(0), fixedCuts.get(1)};
        String title = "multisite hetop: " + data.getFileName();
        if (!fh) {
            HetopMle.Result r;
            try {
                r = HetopMle.fit(n, cuts);
            } catch (IllegalArgumentException e) {
                throw new InputException(data + ": " + e.getMessage());
            }
            ObjectNode tree = HetopJson.mle(ids, n, r);
            return new Outputs(output, null).json(() -> HetopJson.write(tree)).report(() -> HtmlReport.renderHetop(tree, title))
                    .text(() -> HetopText.mle(ids, n, r)).emit(spec);
        }
        // FH-HETOP's sparse groups (normal prior) and gamma (log-spline priors) mix more slowly
        // than a normal G: 2000 kept draws per chain unless asked
        var config = sampling.config();
        if (!given("--draws")) {
            config = config.withDraws(2000);
        }
        FhHetopFit fit;
        try {
            double[][] x = read.columns(covariates, meanCovariates);
            double[][] z = read.columns(covariates, sdCovariates);
            HetopModel model = logspline
                    ? new FhHetopLogspline(n, cuts, meanCovariates, x, sdCovariates, z, grids(), FhHetopLogspline.Priors.defaults())
                    : new FhHetop(n, cuts, meanCovariates, x, sdCovariates, z, FhHetop.Priors.defaults());
            try (ProgressLine progress = ProgressLine.start(spec.commandLine().getErr(), "hetop", config, output.quiet)) {
                fit = FhHetopFit.of(model, config, progress);
            }
        } catch (InvalidParameterException e) {
            // the grid options as given (one number or two)
            String as = switch (e.parameter()) {
                case "grid_points" -> "--grid-points " + gridPoints;
                case "df" -> "--df " + splineDf;
                default -> null;
            };
            throw as == null ? e : new InputException(as + ": " + e.reason());
        }
        ObjectNode tree = HetopJson.fh(ids, n, fit);
        return new Outputs(output, draws).json(() -> HetopJson.write(tree)).report(() -> HtmlReport.renderHetop(tree, title))
                .draws(() -> DrawsCsv.write(fit.draws())).text(() -> HetopText.fh(ids, n, fit)).verdict(fit.convergence())
                .emit(spec);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The log-spline grids from --grid-points, --df, --mean-grid and --sd-grid, defaults from the fixed cuts. */
    private FhHetopLogspline.Grids grids() {
        if (gridPoints.isEmpty() || gridPoints.size() > 2 || splineDf.isEmpty() || splineDf.size() > 2) {
            throw new InputException("--grid-points and --df: one number, or two (means, SDs)");
        }
        FhHetopLogspline.Grids d = FhHetopLogspline.Grids.defaults(new double[] {fixedCuts.get(0), fixedCuts.get(1)});
        double[] mean = meanGrid == null ? new double[] {d.meanLo(), d.meanHi()} : Ranges.range("--mean-grid", meanGrid);
        double[] sd = sdGrid == null ? new double[] {Math.exp(d.logSdLo()), Math.exp(d.logSdHi())} : Ranges.range("--sd-grid", sdGrid);
        if (!(sd[0] > 0)) {
            throw new InputException("--sd-grid " + sdGrid + ": the SDs must be positive");
        }
        return new FhHetopLogspline.Grids(mean[0], mean[1], gridPoints.get(0), splineDf.get(0), Math.log(sd[0]), Math.log(sd[1]),
                gridPoints.get(gridPoints.size() - 1), splineDf.get(splineDf.size() - 1));
    }
}
