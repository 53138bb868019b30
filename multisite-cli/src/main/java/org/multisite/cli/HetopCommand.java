package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.hetop.FhHetop;
import org.multisite.hetop.FhHetopFit;
import org.multisite.hetop.FhHetopLogspline;
import org.multisite.hetop.HetopMle;
import org.multisite.hetop.HetopModel;
import org.multisite.io.CountCsvReader;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite hetop COUNTS.csv}: group means and SDs of a latent score from counts in ordered categories. */
@Command(name = "hetop", mixinStandardHelpOptions = true,
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
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COUNTS.csv", description = "One row per group: an id and the count of each category.")
    Path data;

    @Option(names = "--group", defaultValue = "group", description = "Group id column (default: ${DEFAULT-VALUE}; rows are numbered without one).")
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

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout).")
    String json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write an HTML report: group means against the cut"
            + " points, SDs against means, and the table.")
    Path report;

    @Option(names = "--quiet", description = "Print nothing on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        if (counts.size() < 3) {
            throw new InputException("--counts: HETOP needs at least 3 categories, got " + counts.size());
        }
        if (fixedCuts.size() != 2 || !(fixedCuts.get(0) < fixedCuts.get(1)) || !Double.isFinite(fixedCuts.get(0))
                || !Double.isFinite(fixedCuts.get(1))) {
            throw new InputException("--fixed-cuts " + fixedCuts + ": expected two increasing numbers A,B");
        }
        if (!method.equals("mle") && !method.equals("fh")) {
            throw new InputException("--method " + method + ": expected mle or fh");
        }
        boolean fh = method.equals("fh");
        if (!fh && (!meanCovariates.isEmpty() || !sdCovariates.isEmpty()
                || spec.commandLine().getParseResult().hasMatchedOption("--prior"))) {
            throw new InputException("--prior, --mean-covariates and --sd-covariates: only with --method fh");
        }
        if (fh && !prior.equals("normal") && !prior.equals("logspline")) {
            throw new InputException("--prior " + prior + ": expected normal or logspline");
        }
        boolean logspline = fh && prior.equals("logspline");
        for (String option : List.of("--grid-points", "--df", "--mean-grid", "--sd-grid")) {
            if (!logspline && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InputException(option + ": only with --method fh --prior logspline");
            }
        }
        FhHetopLogspline.Grids grids = logspline ? grids() : null;
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        if (report != null) {
            OutputFiles.checkWritable(report, "--report");
        }
        List<String> options = counts.stream().map(c -> "--counts").toList();
        List<String> covariates = new ArrayList<>(meanCovariates);
        sdCovariates.stream().filter(c -> !covariates.contains(c)).forEach(covariates::add);
        CountCsvReader.Result read = CountCsvReader.read(data, group, counts, options, null, null, covariates,
                "--mean-covariates or --sd-covariates");
        int groups = read.ids().size();
        int[][] n = new int[groups][counts.size()];
        for (int g = 0; g < groups; g++) {
            int total = 0;
            for (int k = 0; k < counts.size(); k++) {
                n[g][k] = read.counts()[k][g];
                total += n[g][k];
            }
            if (total == 0) {
                throw new InputException(data + ", line " + read.lines()[g] + ": group '" + read.ids().get(g)
                        + "' has no units (every count is 0)");
            }
        }
        double[] cuts = {fixedCuts.get(0), fixedCuts.get(1)};
        ObjectNode root;
        String rendered;
        if (fh) {
            double[][] x = columns(read, covariates, meanCovariates, groups);
            double[][] z = columns(read, covariates, sdCovariates, groups);
            HetopModel model = logspline
                    ? new FhHetopLogspline(n, cuts, meanCovariates, x, sdCovariates, z, grids, FhHetopLogspline.Priors.defaults())
                    : new FhHetop(n, cuts, meanCovariates, x, sdCovariates, z, FhHetop.Priors.defaults());
            // FH-HETOP's sparse groups (normal prior) and gamma (log-spline priors) mix more slowly
            // than a normal G: 2000 kept draws per chain unless asked
            var config = sampling.config();
            if (!spec.commandLine().getParseResult().hasMatchedOption("--draws")) {
                config = config.withDraws(2000);
            }
            if (model instanceof FhHetopLogspline ls) {
                int running = Math.min(config.chains(), config.threads());
                long need = running * ls.tableBytes();
                if (need > Runtime.getRuntime().maxMemory() / 2) {
                    throw new InputException(String.format(Locale.ROOT, "--grid-points %s: the grid tables need %,d MB (%d groups x"
                            + " %d x %d points x 8 bytes, for each of %d chains running at once), more than half the Java heap"
                            + " (%,d MB); use fewer points or --threads, or a larger heap (JAVA_TOOL_OPTIONS=-Xmx...)",
                            gridPoints, need >> 20, groups, grids.meanPoints(), grids.sdPoints(), running,
                            Runtime.getRuntime().maxMemory() >> 20));
                }
            }
            FhHetopFit fit = FhHetopFit.of(model, config);
            root = fhTree(read.ids(), n, fit);
            rendered = renderFh(read.ids(), n, fit);
        } else {
            HetopMle.Result r;
            try {
                r = HetopMle.fit(n, cuts);
            } catch (IllegalArgumentException e) {
                throw new InputException(data + ": " + e.getMessage());
            }
            root = tree(read.ids(), n, r);
            rendered = render(read.ids(), n, r);
        }
        String text = json == null ? null : MAPPER.writeValueAsString(root) + "\n";
        OutputFiles files = new OutputFiles();
        if (text != null && !toStdout) {
            files.add(Path.of(json), text);
        }
        if (report != null) {
            files.add(report, org.multisite.report.HtmlReport.renderHetop(root, "multisite hetop: " + data.getFileName()));
        }
        files.commit();
        PrintWriter out = spec.commandLine().getOut();
        if (toStdout) {
            out.print(text);
        } else if (!quiet) {
            out.print(rendered);
        }
        out.flush();
        return Main.OK;
    }

    /** The log-spline grids from --grid-points, --df, --mean-grid and --sd-grid, defaults from the fixed cuts. */
    private FhHetopLogspline.Grids grids() {
        if (gridPoints.isEmpty() || gridPoints.size() > 2 || splineDf.isEmpty() || splineDf.size() > 2) {
            throw new InputException("--grid-points and --df: one number, or two (means, SDs)");
        }
        int m1 = gridPoints.get(0);
        int m2 = gridPoints.get(gridPoints.size() - 1);
        int p1 = splineDf.get(0);
        int p2 = splineDf.get(splineDf.size() - 1);
        if (p1 < 3 || p2 < 3) {
            throw new InputException("--df " + splineDf + ": at least 3 (cubic B-splines)");
        }
        if (m1 < p1 || m2 < p2) {
            throw new InputException("--grid-points " + gridPoints + ": at least as many points as --df " + splineDf);
        }
        FhHetopLogspline.Grids d = FhHetopLogspline.Grids.defaults(new double[] {fixedCuts.get(0), fixedCuts.get(1)});
        double[] mean = meanGrid == null ? new double[] {d.meanLo(), d.meanHi()} : range("--mean-grid", meanGrid);
        double[] sd = sdGrid == null ? new double[] {Math.exp(d.logSdLo()), Math.exp(d.logSdHi())} : range("--sd-grid", sdGrid);
        if (!(sd[0] > 0)) {
            throw new InputException("--sd-grid " + sdGrid + ": the SDs must be positive");
        }
        return new FhHetopLogspline.Grids(mean[0], mean[1], m1, p1, Math.log(sd[0]), Math.log(sd[1]), m2, p2);
    }

    /** LO:HI, two finite increasing numbers. */
    private static double[] range(String option, String value) {
        String[] parts = value.split(":", -1);
        try {
            if (parts.length == 2) {
                double lo = Double.parseDouble(parts[0].trim());
                double hi = Double.parseDouble(parts[1].trim());
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi) {
                    return new double[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InputException(option + " " + value + ": expected LO:HI, two increasing numbers");
    }

    /** The named columns, group by group: rows g, columns in {@code names}' order. */
    private static double[][] columns(CountCsvReader.Result read, List<String> all, List<String> names, int groups) {
        double[][] out = new double[groups][names.size()];
        for (int c = 0; c < names.size(); c++) {
            double[] column = read.numbers()[all.indexOf(names.get(c))];
            for (int g = 0; g < groups; g++) {
                out[g][c] = column[g];
            }
        }
        return out;
    }

    /**
     * contract.md's hetop JSON for FH-HETOP: posterior means and SDs of each group's mean and SD,
     * 95% intervals of the mean, its CB, GR and rank; the standardized scale's posterior means; the
     * ICC; diagnostics; WAIC. Extra: cutpoints (posterior means), hyperparameters, p_waic, warnings.
     */
    static ObjectNode fhTree(List<String> ids, int[][] n, FhHetopFit fit) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", "fh");
        root.put("prior", fit.model().prior());
        root.put("categories", n[0].length);
        ArrayNode cuts = root.putArray("cutpoints");
        double[] fixed = fit.model().fixedCuts();
        cuts.add(fixed[0]);
        cuts.add(fixed[1]);
        for (int k = 3; k < n[0].length; k++) {
            cuts.add(fit.parameters().get("cut[" + k + "]").mean());
        }
        ArrayNode groups = root.putArray("groups");
        ArrayNode standardized = root.putObject("standardized").putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            int total = 0;
            for (int c : n[g]) {
                total += c;
            }
            FhHetopFit.Group x = fit.groups().get(g);
            groups.addObject().put("group", ids.get(g)).put("n", total).put("mu", x.mu().mean()).put("sigma", x.sigma().mean())
                    .put("mu_sd", x.mu().sd()).put("sigma_sd", x.sigma().sd()).put("mu_q2.5", x.mu().q2_5())
                    .put("mu_q97.5", x.mu().q97_5()).put("mu_cb", x.cb()).put("mu_gr", x.gr()).put("mu_rank", x.rank())
                    .put("mu_rank_mean", x.rankMean()).put("mu_rank_low", x.rankLow()).put("mu_rank_high", x.rankHigh())
                    .put("mu_rhat", x.mu().rhat()).put("mu_ess_bulk", x.mu().essBulk());
            standardized.addObject().put("group", ids.get(g)).put("mu", x.muStar().mean()).put("sigma", x.sigmaStar().mean())
                    .put("mu_sd", x.muStar().sd()).put("sigma_sd", x.sigmaStar().sd());
        }
        root.put("icc", fit.icc().mean());
        root.put("icc_sd", fit.icc().sd());
        ObjectNode hyper = root.putObject("hyperparameters");
        fit.parameters().forEach((name, s) -> {
            if (isHyperparameter(name)) {
                hyper.putObject(name).put("mean", s.mean()).put("sd", s.sd()).put("q2.5", s.q2_5()).put("q97.5", s.q97_5())
                        .put("rhat", s.rhat()).put("ess_bulk", s.essBulk());
            }
        });
        root.putObject("diagnostics").put("max_rhat", fit.maxRhat()).put("min_ess_bulk", fit.minEssBulk());
        root.put("waic", fit.waic());
        root.put("p_waic", fit.pWaic());
        ArrayNode warnings = root.putArray("warnings");
        for (String w : warnings(fit)) {
            warnings.add(w);
        }
        root.put("seconds", fit.seconds());
        return root;
    }

    /** Every recorded quantity but the groups' means and SDs and the cut points. */
    private static boolean isHyperparameter(String name) {
        return !name.startsWith("mu[") && !name.startsWith("sigma[") && !name.startsWith("cut[");
    }

    private static List<String> warnings(FhHetopFit fit) {
        List<String> w = new ArrayList<>();
        if (fit.maxRhat() > 1.01) {
            w.add(String.format(Locale.ROOT, "max R-hat %.3f > 1.01: the chains disagree; run more draws (--draws, --warmup)",
                    fit.maxRhat()));
        }
        if (fit.minEssBulk() < 400) {
            w.add(String.format(Locale.ROOT, "min bulk ESS %.0f < 400: run more draws", fit.minEssBulk()));
        }
        return w;
    }

    private static String renderFh(List<String> ids, int[][] n, FhHetopFit fit) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite hetop: FH-HETOP, %s prior, %d groups, %d categories, %d draws in %.1f s%n",
                fit.model().prior(), ids.size(), n[0].length, fit.draws().size(), fit.seconds()));
        b.append("  cut points:");
        double[] fixed = fit.model().fixedCuts();
        b.append(String.format(Locale.ROOT, " %.4f %.4f", fixed[0], fixed[1]));
        for (int k = 3; k < n[0].length; k++) {
            b.append(String.format(Locale.ROOT, " %.4f", fit.parameters().get("cut[" + k + "]").mean()));
        }
        b.append(String.format(Locale.ROOT, "%n  ICC %.4f (sd %.4f)   WAIC %.2f (p_waic %.2f)   max R-hat %.3f, min bulk ESS %.0f%n",
                fit.icc().mean(), fit.icc().sd(), fit.waic(), fit.pWaic(), fit.maxRhat(), fit.minEssBulk()));
        fit.parameters().forEach((name, s) -> {
            if (isHyperparameter(name)) {
                b.append(String.format(Locale.ROOT, "  %-28s %9.4f (sd %.4f)%n", name, s.mean(), s.sd()));
            }
        });
        b.append(String.format(Locale.ROOT, "%n  %-14s %6s %9s %9s %9s %9s %9s %9s %5s%n", "group", "n", "mu", "sd", "2.5%", "97.5%",
                "cb", "gr", "rank"));
        for (int g = 0; g < ids.size(); g++) {
            int total = 0;
            for (int c : n[g]) {
                total += c;
            }
            FhHetopFit.Group x = fit.groups().get(g);
            b.append(String.format(Locale.ROOT, "  %-14s %6d %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %5d%n", ids.get(g), total,
                    x.mu().mean(), x.mu().sd(), x.mu().q2_5(), x.mu().q97_5(), x.cb(), x.gr(), x.rank()));
        }
        for (String w : warnings(fit)) {
            b.append("warning: ").append(w).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** contract.md's hetop JSON for the MLE, plus every scale and each group's estimation status. */
    static ObjectNode tree(List<String> ids, int[][] n, HetopMle.Result r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", "mle");
        root.put("categories", n[0].length);
        ArrayNode cuts = root.putArray("cutpoints");
        for (double c : r.fc().cuts()) {
            cuts.add(c);
        }
        ArrayNode groups = root.putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            int total = 0;
            for (int c : n[g]) {
                total += c;
            }
            groups.addObject().put("group", ids.get(g)).put("n", total).put("mu", r.fc().mu()[g]).put("sigma", r.fc().sigma()[g])
                    .put("mu_status", r.muStatus()[g].name().toLowerCase(Locale.ROOT))
                    .put("sigma_status", r.sigmaStatus()[g].name().toLowerCase(Locale.ROOT));
        }
        root.set("standardized", scale(ids, r.star()));
        root.put("icc", r.fc().icc());
        ObjectNode scales = root.putObject("scales");
        scales.set("fc", scale(ids, r.fc()));
        scales.set("zero", scale(ids, r.zero()));
        scales.set("star", scale(ids, r.star()));
        if (r.starbc() != null) {
            scales.set("starbc", scale(ids, r.starbc()));
        }
        root.put("loglik", r.logLik());
        return root;
    }

    private static ObjectNode scale(List<String> ids, HetopMle.Scale s) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode groups = o.putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            groups.addObject().put("group", ids.get(g)).put("mu", s.mu()[g]).put("sigma", s.sigma()[g]);
        }
        ArrayNode cuts = o.putArray("cutpoints");
        for (double c : s.cuts()) {
            cuts.add(c);
        }
        o.put("icc", s.icc());
        return o;
    }

    private static String render(List<String> ids, int[][] n, HetopMle.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite hetop: maximum likelihood, %d groups, %d categories%n", ids.size(), n[0].length));
        b.append("  cut points:");
        for (double c : r.fc().cuts()) {
            b.append(String.format(Locale.ROOT, " %.4f", c));
        }
        b.append(String.format(Locale.ROOT, "%n  ICC %.4f (bias-corrected %s)   log likelihood %.4f%n%n", r.fc().icc(),
                r.starbc() == null ? "undefined: a group has one unit" : String.format(Locale.ROOT, "%.4f", r.starbc().icc()),
                r.logLik()));
        b.append(String.format(Locale.ROOT, "  %-14s %6s %10s %10s %10s %10s  %s%n", "group", "n", "mu", "sigma", "mu*", "sigma*",
                "status"));
        for (int g = 0; g < ids.size(); g++) {
            int total = 0;
            for (int c : n[g]) {
                total += c;
            }
            String status = r.muStatus()[g] == HetopMle.Status.EST && r.sigmaStatus()[g] == HetopMle.Status.EST ? ""
                    : "mu " + r.muStatus()[g].name().toLowerCase(Locale.ROOT) + ", sigma "
                    + r.sigmaStatus()[g].name().toLowerCase(Locale.ROOT);
            b.append(String.format(Locale.ROOT, "  %-14s %6d %10.4f %10.4f %10.4f %10.4f  %s%n", ids.get(g), total,
                    r.fc().mu()[g], r.fc().sigma()[g], r.star().mu()[g], r.star().sigma()[g], status));
        }
        b.append(String.format(Locale.ROOT, "%n  mu*, sigma*: the standardized scale (population mean 0, SD 1). Sparse groups:"
                + " sigma 'mean' = exp(mean log sigma of the estimated), mu 'min'/'max' = the extreme estimated mean.%n"));
        return b.toString();
    }
}
