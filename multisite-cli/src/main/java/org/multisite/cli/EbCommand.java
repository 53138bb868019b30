package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.data.Vectors;
import org.multisite.eb.NormalEb;
import org.multisite.eb.EfronDeconvolution;
import org.multisite.eb.Npmle;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.SiteCsvReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite eb DATA.csv --method dl|ml|reml}: empirical Bayes for a normal G. */
@Command(name = "eb", mixinStandardHelpOptions = true,
        description = "Empirical Bayes for a normal G, as R's metafor (rma, then blup): tau^2 by DerSimonian-Laird, "
            + "maximum likelihood or restricted maximum likelihood, with site covariates; mu, its SE, tau^2, and each "
            + "site's BLUP with its SE; or the Kiefer-Wolfowitz NPMLE of G on a grid, with each site's posterior "
            + "mean, SD and 95%% interval; or Efron's g-modeling with deconvolveR's semantics (normal family: with --se "
            + "each site keeps its own likelihood; without it the noise is N(0, 1) and the estimates are binned).",
        footer = {"", "Examples:", "  multisite eb sites.csv --method reml", "  multisite eb sites.csv --method dl --covariates x --json eb.json",
            "  multisite eb sites.csv --method npmle --grid-points 500",
            "  multisite eb z.csv --site unit --estimate z --method efron --grid -4:5:0.2 --df 6"})
public final class EbCommand implements Callable<Integer> {
    /** The default grid size: REBayes GLmix's default of 300 points. */
    private static final int GRID_POINTS = 300;
    /** deconvolveR deconv's defaults: pDegree 5, c0 1, n 40. */
    private static final int DECONV_DF = 5;
    private static final double DECONV_C0 = 1;
    private static final int DECONV_BINS = 40;
    /**
     * Guard on grid points and bins: the likelihood matrix is units x points, so a mistyped BY
     * (1e-6 for 1e-2) would otherwise ask for gigabytes; 10^5 points is far beyond any G's detail.
     */
    private static final int MAX_POINTS = 100_000;
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA.csv", description = "Site-level CSV with a header row.")
    Path data;

    @Option(names = "--method", defaultValue = "reml", description = "dl, ml, reml, npmle or efron (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--df", description = "efron: spline columns of log g, deconv's pDegree (default 5).")
    Integer df;

    @Option(names = "--penalty", description = "efron: c0, the penalty on the norm of alpha (default 1).")
    Double penalty;

    @Option(names = "--bins", description = "efron without --se: deconv's n, the number of bin edges over the "
            + "rounded range of the estimates, so n - 1 bins (default 40).")
    Integer bins;

    @Option(names = "--grid", paramLabel = "FROM:TO:BY", description = "npmle, efron: G's support points FROM, FROM + BY, ..., TO.")
    String grid;

    @Option(names = "--grid-points", paramLabel = "M", description = "npmle, efron: M equally spaced points over the range of "
            + "the informative estimates, those with SE at most 3 times the median (default 300).")
    Integer gridPoints;

    @Option(names = "--family", defaultValue = "normal", description = "Likelihood of the estimates: normal "
            + "(default; poisson and binomial come with the NPMLE and Efron's g-modeling).")
    String family;

    @Mixin
    SiteColumnOptions columns;

    @Option(names = "--covariates", split = ",", paramLabel = "NAME", description = "Numeric site covariates (not centred: mu is the intercept at 0).")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout).")
    String json;

    @Option(names = "--quiet", description = "Print nothing on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        NormalEb.Method m = switch (method.toLowerCase(Locale.ROOT)) {
            case "dl" -> NormalEb.Method.DL;
            case "ml" -> NormalEb.Method.ML;
            case "reml" -> NormalEb.Method.REML;
            case "npmle", "efron" -> null;
            default -> throw new InputException("--method " + method + ": expected dl, ml, reml, npmle or efron");
        };
        boolean efron = "efron".equalsIgnoreCase(method);
        onlyWithEfron(efron, "--df", df);
        onlyWithEfron(efron, "--penalty", penalty);
        onlyWithEfron(efron, "--bins", bins);
        if (grid != null && gridPoints != null) {
            throw new InputException("--grid and --grid-points: give one or the other");
        }
        if (m != null && (grid != null || gridPoints != null)) {
            throw new InputException((grid != null ? "--grid" : "--grid-points") + ": only for --method npmle or efron");
        }
        if (m == null && !covariates.isEmpty()) {
            throw new InputException("--covariates: not available with --method " + method.toLowerCase(Locale.ROOT));
        }
        int dfValue = df == null ? DECONV_DF : df;
        double c0 = penalty == null ? DECONV_C0 : penalty;
        int binsValue = bins == null ? DECONV_BINS : bins;
        if (dfValue < 1) {
            throw new InputException("--df " + dfValue + ": expected at least 1");
        }
        if (!(c0 >= 0) || !Double.isFinite(c0)) {
            throw new InputException("--penalty " + penalty + ": expected a number >= 0");
        }
        if (binsValue < 3 || binsValue > MAX_POINTS) {
            throw new InputException("--bins " + binsValue + ": expected 3 to " + MAX_POINTS);
        }
        boolean unitNoise = efron && !spec.commandLine().getParseResult().hasMatchedOption("--se");
        if (efron && !unitNoise && bins != null) {
            throw new InputException("--bins: only without --se (the binned unit-noise version)");
        }
        double[] support = grid == null ? null : parseGrid(grid);
        if (gridPoints != null && (gridPoints < 2 || gridPoints > MAX_POINTS)) {
            throw new InputException("--grid-points " + gridPoints + ": expected 2 to " + MAX_POINTS);
        }
        if (!"normal".equalsIgnoreCase(family)) {
            throw new InputException("--family " + family + ": "
                    + (List.of("poisson", "binomial").contains(family.toLowerCase(Locale.ROOT))
                            ? "not available in this version (available: normal)" : "expected normal, poisson or binomial"));
        }
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        SiteData sites = SiteCsvReader.read(data, columns.columns(covariates, !unitNoise));
        ObjectNode tree;
        String rendered;
        try {
            double[] points = m != null ? null : support != null ? support
                    : Npmle.automaticGrid(sites, gridPoints == null ? GRID_POINTS : gridPoints);
            if (efron) {
                if (dfValue > points.length - 2) {
                    throw new InputException("--df " + dfValue + ": the grid has " + points.length
                            + " points; df must be at most " + (points.length - 2));
                }
                EfronDeconvolution.Result r = unitNoise
                        ? EfronDeconvolution.normalBinned(sites.estimates(), points, binsValue, dfValue, c0)
                        : EfronDeconvolution.normalUnits(sites.estimates(), sites.ses(), points, dfValue, c0);
                double[][] post = EfronDeconvolution.posterior(r, sites.estimates(), sites.ses());
                tree = efronTree(sites, r, post, unitNoise, dfValue, c0, binsValue);
                rendered = renderEfron(sites, r, post, unitNoise, dfValue, c0, binsValue);
            } else if (m == null) {
                Npmle.Result r = Npmle.fit(sites, points);
                tree = npmleTree(sites, r);
                rendered = renderNpmle(sites, r);
            } else {
                NormalEb.Result r = NormalEb.fit(sites, m);
                tree = tree(sites, r);
                rendered = render(sites, r);
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(data + ": " + e.getMessage());
        }
        String text = json == null ? null : MAPPER.writeValueAsString(tree) + "\n";
        if (text != null && !toStdout) {
            OutputFiles files = new OutputFiles();
            files.add(Path.of(json), text);
            files.commit();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (toStdout) {
            out.print(text);
        } else if (!quiet) {
            out.print(rendered);
        }
        out.flush();
        return Main.OK;
    }

    private static void onlyWithEfron(boolean efron, String option, Object value) {
        if (!efron && value != null) {
            throw new InputException(option + ": only for --method efron");
        }
    }

    /** FROM:TO:BY as an ascending grid, TO included when it falls on a step (within rounding). */
    static double[] parseGrid(String spec) {
        String[] parts = spec.split(":");
        double from;
        double to;
        double by;
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            from = Double.parseDouble(parts[0]);
            to = Double.parseDouble(parts[1]);
            by = Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            throw new InputException("--grid " + spec + ": expected FROM:TO:BY, three numbers");
        }
        if (!Double.isFinite(from) || !Double.isFinite(to) || !(by > 0) || !(to > from)) {
            throw new InputException("--grid " + spec + ": expected FROM < TO and BY > 0");
        }
        long count = (long) Math.floor((to - from) / by + 1e-9) + 1;
        if (count < 2 || count > MAX_POINTS) {
            throw new InputException("--grid " + spec + ": gives " + count + " points; expected 2 to " + MAX_POINTS);
        }
        double[] points = new double[(int) count];
        for (int k = 0; k < count; k++) {
            points[k] = from + k * by;
        }
        return points;
    }

    /** The contract's eb JSON for efron: g with its SE, cdf with its SE, bias, and S. */
    static ObjectNode efronTree(SiteData sites, EfronDeconvolution.Result r, double[][] post, boolean unitNoise, int df,
                                double c0, int bins) {
        ObjectNode root = root("efron");
        root.put("mu", Vectors.dot(r.tau(), r.g()));
        root.put("noise", unitNoise ? "unit" : "se");
        root.put("df", df);
        root.put("penalty", c0);
        if (unitNoise) {
            root.put("bins", bins);
        }
        putSites(root, sites, post[0], post[1]);
        putColumns(root.putObject("g"), new String[] {"grid", "mass", "se", "cdf", "cdf_se", "bias"},
                r.tau(), r.g(), r.seG(), r.cdf(), r.seCdf(), r.bias());
        root.put("S", r.s());
        return root;
    }

    private static String renderEfron(SiteData sites, EfronDeconvolution.Result r, double[][] post, boolean unitNoise,
                                      int df, double c0, int bins) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: Efron's g-modeling, %d grid points, df %d, penalty %.4g, %s, %d units%n",
                r.tau().length, df, c0, unitNoise ? "unit noise, " + (bins - 1) + " bins" : "each unit's own se", sites.size()));
        b.append(String.format(Locale.ROOT, "  S (penalty / information) %.4g%n%n", r.s()));
        b.append(String.format(Locale.ROOT, "  %10s %10s %10s %10s %10s %10s%n", "theta", "g", "se g", "G", "se G", "bias g"));
        // about 25 rows of the grid: enough to read g's shape; all of it is in --json
        int step = Math.max(1, r.tau().length / 25);
        for (int k = 0; k < r.tau().length; k += step) {
            b.append(String.format(Locale.ROOT, "  %10.4g %10.4g %10.4g %10.4g %10.4g %10.4g%n", r.tau()[k], r.g()[k],
                    r.seG()[k], r.cdf()[k], r.seCdf()[k], r.bias()[k]));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        // efron is for many units (thousands of players, z-values): the first 50 rows
        siteTable(b, sites, 50, new String[] {"mean", "sd"}, post[0], post[1]);
        return b.toString();
    }

    /** The contract's eb JSON for the NPMLE: no tau2, mu_se or beta; G as grid, mass and cdf. */
    static ObjectNode npmleTree(SiteData sites, Npmle.Result r) {
        ObjectNode root = root("npmle");
        root.put("mu", Vectors.dot(r.grid(), r.mass()));
        root.put("loglik", r.logLik());
        root.put("iterations", r.iterations());
        root.put("kkt_gap", r.kktGap());
        ArrayNode list = putSites(root, sites, r.mean(), r.sd());
        for (int j = 0; j < sites.size(); j++) {
            ((ObjectNode) list.get(j)).put("lower", r.lower()[j]).put("upper", r.upper()[j]);
        }
        double[] cdf = new double[r.grid().length];
        double running = 0;
        for (int k = 0; k < cdf.length; k++) {
            running += r.mass()[k];
            cdf[k] = Math.min(1, running);
        }
        putColumns(root.putObject("g"), new String[] {"grid", "mass", "cdf"}, r.grid(), r.mass(), cdf);
        return root;
    }

    private static String renderNpmle(SiteData sites, Npmle.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: NPMLE of G on %d grid points, %d sites%n", r.grid().length,
                sites.size()));
        b.append(String.format(Locale.ROOT, "  log likelihood %.8g   %d SQP steps   optimality gap %.2g%n", r.logLik(),
                r.iterations(), r.kktGap()));
        b.append("  G's support (mass >= 0.001):");
        for (int k = 0; k < r.grid().length; k++) {
            if (r.mass()[k] >= 1e-3) {
                b.append(String.format(Locale.ROOT, " %.4g (%.3f)", r.grid()[k], r.mass()[k]));
            }
        }
        b.append(String.format(Locale.ROOT, "%n%n"));
        siteTable(b, sites, sites.size(), new String[] {"mean", "sd", "2.5%", "97.5%"}, r.mean(), r.sd(), r.lower(),
                r.upper());
        return b.toString();
    }

    /** The contract's eb JSON for the normal methods. */
    static ObjectNode tree(SiteData sites, NormalEb.Result r) {
        ObjectNode root = root(r.method().name().toLowerCase(Locale.ROOT));
        root.put("mu", r.mu());
        root.put("mu_se", r.muSe());
        root.put("tau2", r.tau2());
        root.put("loglik", r.logLik());
        ObjectNode beta = root.putObject("beta");
        ObjectNode betaSe = root.putObject("beta_se");
        for (int k = 0; k < sites.covariateCount(); k++) {
            beta.put(sites.covariateNames().get(k), r.beta()[k + 1]);
            betaSe.put(sites.covariateNames().get(k), Math.sqrt(r.betaCovariance()[k + 1][k + 1]));
        }
        putSites(root, sites, r.blup(), r.blupSe());
        return root;
    }

    private static String render(SiteData sites, NormalEb.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: normal G by %s, %d sites%n", r.method().name(), sites.size()));
        b.append(String.format(Locale.ROOT, "  mu %.6g (se %.6g)   tau^2 %.6g (tau %.6g)   log likelihood %.6g%n", r.mu(),
                r.muSe(), r.tau2(), Math.sqrt(r.tau2()), r.logLik()));
        for (int k = 0; k < sites.covariateCount(); k++) {
            b.append(String.format(Locale.ROOT, "  beta[%s] %.6g (se %.6g)%n", sites.covariateNames().get(k),
                    r.beta()[k + 1], Math.sqrt(r.betaCovariance()[k + 1][k + 1])));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        siteTable(b, sites, sites.size(), new String[] {"blup", "blup se"}, r.blup(), r.blupSe());
        return b.toString();
    }

    /** The JSON root every method shares: method and family (only the normal family so far). */
    private static ObjectNode root(String method) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", method);
        root.put("family", "normal");
        return root;
    }

    /** The contract's {@code sites} array: each site's estimate and se, with its EB mean and sd. */
    private static ArrayNode putSites(ObjectNode root, SiteData sites, double[] mean, double[] sd) {
        ArrayNode list = root.putArray("sites");
        for (int j = 0; j < sites.size(); j++) {
            list.addObject().put("site", sites.id(j)).put("estimate", sites.estimate(j)).put("se", sites.se(j))
                    .put("mean", mean[j]).put("sd", sd[j]);
        }
        return list;
    }

    /** Named arrays of equal length under {@code node} (the contract's {@code g}). */
    private static void putColumns(ObjectNode node, String[] names, double[]... columns) {
        for (int c = 0; c < names.length; c++) {
            ArrayNode a = node.putArray(names[c]);
            for (double v : columns[c]) {
                a.add(v);
            }
        }
    }

    /** The table of sites: id, estimate, se and the given columns, at most {@code limit} rows. */
    private static void siteTable(StringBuilder b, SiteData sites, int limit, String[] headers, double[]... columns) {
        b.append(String.format(Locale.ROOT, "  %-14s %10s %10s", "site", "estimate", "se"));
        for (String h : headers) {
            b.append(String.format(Locale.ROOT, " %10s", h));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        int shown = Math.min(sites.size(), limit);
        for (int j = 0; j < shown; j++) {
            b.append(String.format(Locale.ROOT, "  %-14s %10.4g %10.4g", sites.id(j), sites.estimate(j), sites.se(j)));
            for (double[] column : columns) {
                b.append(String.format(Locale.ROOT, " %10.4g", column[j]));
            }
            b.append(String.format(Locale.ROOT, "%n"));
        }
        if (shown < sites.size()) {
            b.append(String.format(Locale.ROOT, "  ... %d more (all in --json)%n", sites.size() - shown));
        }
    }
}
