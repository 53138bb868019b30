package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.multisite.data.Family;
import org.multisite.data.UnitData;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.UnitCsvReader;
import org.multisite.mcmc.SeedStreams;
import org.multisite.numeric.Quantiles;
import org.multisite.potential.NormalPotentialOutcomes;
import org.multisite.potential.TwoPartPotentialOutcomes;
import org.multisite.summary.ThreeGoals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite potential-outcomes DATA.csv}: a randomized experiment as a missing-data problem. */
@Command(name = "potential-outcomes", mixinStandardHelpOptions = true,
        description = {"Model-based causal inference within an experiment (Rubin 1978; Imbens & Rubin 2015, ch. 8): normal",
            "potential outcomes with arm-specific means (and covariate slopes) and SDs, and an assumed correlation rho",
            "between Y(0) and Y(1), which the data cannot identify (a sensitivity parameter). Imputes every unit's",
            "missing potential outcome from its posterior predictive and reports the super-population and the",
            "finite-sample ATE, quantile effects and, with --site, each site's finite-sample ATE, for each rho.",
            "--model two-part: for outcomes with many zeros (earnings), a logistic model of Y > 0 and a log-normal",
            "model of positive values in each arm, rho linking the arms' log outcomes."},
        footer = {"", "Examples:", "  multisite potential-outcomes nsw.csv --treatment treat --outcome re78 --rho-grid 0,0.5,1",
            "  multisite potential-outcomes trial.csv --treatment treatment --outcome y --covariates age --site school"})
public final class PotentialOutcomesCommand implements Callable<Integer> {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** The stream that breaks ties among the sites' mean ranks. */
    private static final long SITE_TIES = 17;

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

    @Option(names = "--draws", defaultValue = "4000", description = "Posterior draws (exact, independent; default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout).")
    String json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write an HTML report: the missing potential outcomes'"
            + " posterior predictive against the observed ones, and the ATEs by rho.")
    Path report;

    @Option(names = "--quiet", description = "Print nothing on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        if (!model.equals("normal") && !model.equals("two-part")) {
            throw new InputException("--model " + model + ": expected normal or two-part");
        }
        if (rho != null && !rhoGrid.isEmpty()) {
            throw new InputException("--rho and --rho-grid: give one");
        }
        List<Double> rhos = rhoGrid.isEmpty() ? List.of(rho == null ? 0.0 : rho) : rhoGrid;
        for (double r : rhos) {
            if (!(r >= -1 && r <= 1)) {
                throw new InputException((rhoGrid.isEmpty() ? "--rho " : "--rho-grid: ") + r + ": expected a correlation in [-1, 1]");
            }
        }
        if (draws < 100) {
            throw new InputException("--draws " + draws + ": expected at least 100");
        }
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        if (report != null) {
            OutputFiles.checkWritable(report, "--report");
        }
        UnitCsvReader.Result read = UnitCsvReader.read(data, new UnitCsvReader.Columns(site, treatment, outcome, covariates),
                Family.GAUSSIAN, UnitCsvReader.Missing.REFUSE, "--covariates");
        UnitData units = read.data();
        int n = units.size();
        int[] t = new int[n];
        double[] y = new double[n];
        double[][] x = new double[n][covariates.size()];
        Map<String, Integer> siteIndex = new LinkedHashMap<>();
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = units.treatment(i);
            y[i] = units.outcome(i);
            for (int k = 0; k < covariates.size(); k++) {
                x[i][k] = units.covariate(k, i);
            }
            s[i] = siteIndex.computeIfAbsent(units.site(i), key -> siteIndex.size());
        }
        // with sites, each site's own mean in each arm: indicators of every site but the first join the covariates
        int sitesCount = siteIndex.size();
        if (site != null && sitesCount > 1) {
            double[][] wider = new double[n][covariates.size() + sitesCount - 1];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, wider[i], 0, covariates.size());
                if (s[i] > 0) {
                    wider[i][covariates.size() + s[i] - 1] = 1;
                }
            }
            x = wider;
        }
        NormalPotentialOutcomes.Data input = new NormalPotentialOutcomes.Data(t, y, x, s, sitesCount);
        List<NormalPotentialOutcomes.Draws> results = new ArrayList<>();
        try {
            for (int r = 0; r < rhos.size(); r++) {
                // the same stream for every rho: the sensitivity table then differs by rho alone
                results.add(model.equals("normal") ? NormalPotentialOutcomes.sample(input, rhos.get(r), draws, SeedStreams.stream(seed))
                        : TwoPartPotentialOutcomes.sample(input, rhos.get(r), draws, SeedStreams.stream(seed)));
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(data + ": " + e.getMessage());
        }
        List<String> sites = new ArrayList<>(siteIndex.keySet());
        ObjectNode root = tree(model, rhos, results, site == null ? List.of() : sites);
        root.put("units", n);
        root.put("treated", Arrays.stream(t).sum());
        String text = json == null ? null : MAPPER.writeValueAsString(root) + "\n";
        OutputFiles files = new OutputFiles();
        if (text != null && !toStdout) {
            files.add(Path.of(json), text);
        }
        if (report != null) {
            ObjectNode page = root.deepCopy();
            page.set("predictive", predictive(t, y, results.get(0)));
            files.add(report, org.multisite.report.HtmlReport.renderPotentialOutcomes(page,
                    "multisite potential outcomes: " + data.getFileName()));
        }
        files.commit();
        PrintWriter out = spec.commandLine().getOut();
        if (toStdout) {
            out.print(text);
        } else if (!quiet) {
            out.print(render(model, rhos, results, site == null ? List.of() : sites, n, Arrays.stream(t).sum()));
        }
        out.flush();
        return Main.OK;
    }

    /**
     * Histograms, as densities on 30 common bins, of the observed and the imputed Y(0) (controls;
     * treated units' imputations) and Y(1) (treated; controls' imputations), for the report.
     */
    private static ObjectNode predictive(int[] t, double[] y, NormalPotentialOutcomes.Draws d) {
        ObjectNode o = MAPPER.createObjectNode();
        double[] obs0 = java.util.stream.IntStream.range(0, t.length).filter(i -> t[i] == 0).mapToDouble(i -> y[i]).toArray();
        double[] obs1 = java.util.stream.IntStream.range(0, t.length).filter(i -> t[i] == 1).mapToDouble(i -> y[i]).toArray();
        histograms(o, "y0", obs0, d.imputedControl());
        histograms(o, "y1", obs1, d.imputedTreated());
        return o;
    }

    private static void histograms(ObjectNode o, String name, double[] observed, double[] imputed) {
        double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(observed), Arrays.stream(imputed)).sorted().toArray();
        // the central 99% of both, so that a few imputed outliers do not flatten the picture
        double lo = Quantiles.type7(all, 0.005);
        double hi = Quantiles.type7(all, 0.995);
        int bins = 30;
        double width = hi > lo ? (hi - lo) / bins : 1;
        for (String kind : List.of("observed", "imputed")) {
            double[] v = kind.equals("observed") ? observed : imputed;
            double[] counts = new double[bins];
            for (double x : v) {
                int b = (int) Math.floor((x - lo) / width);
                if (b >= 0 && b < bins) {
                    counts[b]++;
                } else if (x == hi) {
                    counts[bins - 1]++;
                }
            }
            ArrayNode a = o.putArray(name + "_" + kind);
            for (int b = 0; b < bins; b++) {
                a.addArray().add(lo + (b + 0.5) * width).add(v.length == 0 ? 0 : counts[b] / (v.length * width));
            }
        }
    }

    /** {mean, sd, q2.5, q97.5} of a sample of draws. */
    private static ObjectNode summary(double[] draws) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(draws).average().orElseThrow();
        double ss = 0;
        for (double v : draws) {
            ss += (v - mean) * (v - mean);
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mean", mean);
        o.put("sd", Math.sqrt(ss / (draws.length - 1)));
        o.put("q2.5", Quantiles.type7(sorted, 0.025));
        o.put("q97.5", Quantiles.type7(sorted, 0.975));
        return o;
    }

    /** contract.md's potential-outcomes JSON, plus the unit-level effects' quantiles per rho. */
    static ObjectNode tree(String model, List<Double> rhos, List<NormalPotentialOutcomes.Draws> results, List<String> sites) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        ArrayNode r = root.putArray("rho");
        rhos.forEach(r::add);
        ArrayNode estimands = root.putArray("estimands");
        for (NormalPotentialOutcomes.Draws d : results) {
            ObjectNode e = estimands.addObject();
            e.put("rho", d.rho());
            e.set("ate_sp", summary(d.ateSp()));
            e.set("ate_fs", summary(d.ateFs()));
            for (int k = 0; k < NormalPotentialOutcomes.QTE_PROBS.length; k++) {
                e.set("qte" + Math.round(100 * NormalPotentialOutcomes.QTE_PROBS[k]), summary(d.qte()[k]));
            }
            ObjectNode effects = e.putObject("unit_effects");
            for (int k = 0; k < NormalPotentialOutcomes.EFFECT_PROBS.length; k++) {
                effects.set("q" + Math.round(100 * NormalPotentialOutcomes.EFFECT_PROBS[k]), summary(d.effects()[k]));
            }
        }
        if (!sites.isEmpty()) {
            ArrayNode list = root.putArray("sites");
            for (NormalPotentialOutcomes.Draws d : results) {
                // the three goals for the sites' finite-sample ATEs (Shen & Louis 1998), from the same draws
                ThreeGoals goals = sites.size() > 1 ? ThreeGoals.of(d.siteFs(), SeedStreams.stream(SITE_TIES)) : null;
                for (int j = 0; j < sites.size(); j++) {
                    ObjectNode o = list.addObject();
                    o.put("site", sites.get(j));
                    o.put("rho", d.rho());
                    o.set("ate_fs", summary(d.siteFs()[j]));
                    if (goals != null) {
                        o.put("cb", goals.cb(j)).put("gr", goals.gr(j)).put("rank", goals.rank(j))
                                .put("rank_mean", goals.rankMean(j)).put("rank_low", goals.rankLow(j))
                                .put("rank_high", goals.rankHigh(j));
                    }
                }
            }
        }
        return root;
    }

    private static String render(String model, List<Double> rhos, List<NormalPotentialOutcomes.Draws> results,
                                 List<String> sites, int n, int treated) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite potential-outcomes: %s model, %d units (%d treated), %d draws%n", model, n,
                treated, results.get(0).ateFs().length));
        b.append("  rho is not identified by the data: read the table as a sensitivity analysis.\n\n");
        b.append(String.format(Locale.ROOT, "  %6s %-10s %9s %9s %9s %9s%n", "rho", "estimand", "mean", "sd", "2.5%", "97.5%"));
        for (NormalPotentialOutcomes.Draws d : results) {
            row(b, d.rho(), "ATE (SP)", d.ateSp());
            row(b, d.rho(), "ATE (FS)", d.ateFs());
            for (int k = 0; k < NormalPotentialOutcomes.QTE_PROBS.length; k++) {
                row(b, d.rho(), "QTE " + Math.round(100 * NormalPotentialOutcomes.QTE_PROBS[k]) + "%", d.qte()[k]);
            }
        }
        if (!sites.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n  finite-sample ATE by site%n  %6s %-14s %9s %9s %9s %9s%n", "rho", "site",
                    "mean", "sd", "2.5%", "97.5%"));
            for (NormalPotentialOutcomes.Draws d : results) {
                for (int j = 0; j < sites.size(); j++) {
                    ObjectNode s = summary(d.siteFs()[j]);
                    b.append(String.format(Locale.ROOT, "  %6.2f %-14s %9.4f %9.4f %9.4f %9.4f%n", d.rho(), sites.get(j),
                            s.get("mean").asDouble(), s.get("sd").asDouble(), s.get("q2.5").asDouble(), s.get("q97.5").asDouble()));
                }
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, double rho, String name, double[] draws) {
        ObjectNode s = summary(draws);
        b.append(String.format(Locale.ROOT, "  %6.2f %-10s %9.4f %9.4f %9.4f %9.4f%n", rho, name, s.get("mean").asDouble(),
                s.get("sd").asDouble(), s.get("q2.5").asDouble(), s.get("q97.5").asDouble()));
    }
}
