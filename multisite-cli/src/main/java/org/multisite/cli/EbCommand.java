package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.eb.EfronDeconvolution;
import org.multisite.eb.NormalEb;
import org.multisite.eb.Npmle;
import org.multisite.io.CountCsvReader;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.SiteCsvReader;
import org.multisite.numeric.Vectors;
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

/** {@code multisite eb DATA.csv --method dl|ml|reml}: empirical Bayes for a normal G. */
@Command(name = "eb", mixinStandardHelpOptions = true,
        description = "Empirical Bayes for a normal G, as R's metafor (rma, then blup): tau^2 by DerSimonian-Laird, "
            + "maximum likelihood or restricted maximum likelihood, with site covariates; mu, its SE, tau^2, and each "
            + "site's BLUP with its SE; or the Kiefer-Wolfowitz NPMLE of G on a grid, with each site's posterior "
            + "mean, SD and 95%% interval; or Efron's g-modeling with deconvolveR's semantics (normal family: with --se "
            + "each site keeps its own likelihood; without it the noise is N(0, 1) and the estimates are binned; "
            + "Poisson counts with frequency weights, zero-truncated by default; binomial trials and successes).",
        footer = {"", "Examples:", "  multisite eb sites.csv --method reml", "  multisite eb sites.csv --method dl --covariates x --json eb.json",
            "  multisite eb sites.csv --method npmle --grid-points 500",
            "  multisite eb z.csv --site unit --estimate z --method efron --grid -4:5:0.2 --df 6",
            "  multisite eb words.csv --method efron --family poisson --value x --weight count --grid-log -4:4.5:0.025 --penalty 2",
            "  multisite eb surg.csv --method efron --family binomial --trials n --successes s"})
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
            + "rounded range of the estimates, so n - 1 bins (default 40); --family poisson: deconv's n, the support "
            + "1..n of the counts (0..n-1 with --keep-zeros; default: all the counts).")
    Integer bins;

    @Option(names = "--grid", paramLabel = "FROM:TO:BY", description = "npmle, efron: G's support points FROM, FROM + BY, ..., TO.")
    String grid;

    @Option(names = "--grid-points", paramLabel = "M", description = "npmle, efron: M equally spaced points over the range of "
            + "the informative estimates, those with SE at most 3 times the median (default 300).")
    Integer gridPoints;

    @Option(names = "--family", defaultValue = "normal", description = "Likelihood of the data: normal (estimates, "
            + "default), poisson (counts: --value, --weight) or binomial (--trials, --successes); the last two with --method efron.")
    String family;

    @Option(names = "--grid-log", paramLabel = "FROM:TO:BY", description = "npmle, efron: the grid exp(FROM), exp(FROM + BY), ..., exp(TO).")
    String gridLog;

    @Option(names = "--value", paramLabel = "COL", description = "efron, --family poisson: the column of counts.")
    String value;

    @Option(names = "--weight", paramLabel = "COL", description = "efron, --family poisson: frequency weights, how many units "
            + "have the row's count (default: 1 each).")
    String weight;

    @Option(names = "--keep-zeros", description = "efron, --family poisson: model zero counts too (deconv's ignoreZero = FALSE);"
            + " by default, as deconv, zeros are left out and the likelihood is truncated at zero.")
    boolean keepZeros;

    @Option(names = "--trials", paramLabel = "COL", description = "efron, --family binomial: the column of trials.")
    String trials;

    @Option(names = "--successes", paramLabel = "COL", description = "efron, --family binomial: the column of successes.")
    String successes;

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
        int gridOptions = (grid != null ? 1 : 0) + (gridLog != null ? 1 : 0) + (gridPoints != null ? 1 : 0);
        if (gridOptions > 1) {
            throw new InputException("--grid, --grid-log and --grid-points: give one of them");
        }
        if (m != null && gridOptions > 0) {
            throw new InputException((grid != null ? "--grid" : gridLog != null ? "--grid-log" : "--grid-points")
                    + ": only for --method npmle or efron");
        }
        if (m == null && !covariates.isEmpty()) {
            throw new InputException("--covariates: not available with --method " + method.toLowerCase(Locale.ROOT));
        }
        int dfValue = df == null ? DECONV_DF : df;
        double c0 = penalty == null ? DECONV_C0 : penalty;
        if (dfValue < 1) {
            throw new InputException("--df " + dfValue + ": expected at least 1");
        }
        if (!(c0 >= 0) || !Double.isFinite(c0)) {
            throw new InputException("--penalty " + penalty + ": expected a number >= 0");
        }
        if (bins != null && (bins < 3 || bins > MAX_POINTS)) {
            throw new InputException("--bins " + bins + ": expected 3 to " + MAX_POINTS);
        }
        double[] support = grid != null ? parseGrid("--grid", grid) : gridLog != null ? exp(parseGrid("--grid-log", gridLog)) : null;
        if (gridPoints != null && (gridPoints < 2 || gridPoints > MAX_POINTS)) {
            throw new InputException("--grid-points " + gridPoints + ": expected 2 to " + MAX_POINTS);
        }
        String fam = family.toLowerCase(Locale.ROOT);
        if (!List.of("normal", "poisson", "binomial").contains(fam)) {
            throw new InputException("--family " + family + ": expected normal, poisson or binomial");
        }
        onlyWithFamily(fam, "poisson", "--value", value);
        onlyWithFamily(fam, "poisson", "--weight", weight);
        onlyWithFamily(fam, "poisson", "--keep-zeros", keepZeros ? Boolean.TRUE : null);
        onlyWithFamily(fam, "binomial", "--trials", trials);
        onlyWithFamily(fam, "binomial", "--successes", successes);
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        if (!fam.equals("normal")) {
            if (!efron) {
                throw new InputException("--family " + fam + ": only with --method efron in this version");
            }
            for (String option : List.of("--estimate", "--se")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new InputException(option + ": only for --family normal (count data take "
                            + (fam.equals("poisson") ? "--value and --weight)" : "--trials and --successes)"));
                }
            }
            CountEfron counted = fam.equals("poisson") ? poisson(support, dfValue, c0) : binomial(support, dfValue, c0);
            emit(counted.tree(), counted.rendered(), toStdout);
            return Main.OK;
        }
        boolean unitNoise = efron && !spec.commandLine().getParseResult().hasMatchedOption("--se");
        if (efron && !unitNoise && bins != null) {
            throw new InputException("--bins: only without --se (the binned unit-noise version)");
        }
        int binsValue = bins == null ? DECONV_BINS : bins;
        SiteData sites = SiteCsvReader.read(data, columns.columns(covariates, !unitNoise));
        ObjectNode tree;
        String rendered;
        try {
            double[] points = m != null ? null : support != null ? support
                    : Npmle.automaticGrid(sites, gridPoints == null ? GRID_POINTS : gridPoints);
            if (efron) {
                checkDf(dfValue, points);
                EfronDeconvolution.Result r = unitNoise
                        ? EfronDeconvolution.normalBinned(sites.estimates(), points, binsValue, dfValue, c0)
                        : EfronDeconvolution.normalUnits(sites.estimates(), sites.ses(), points, dfValue, c0);
                double[][] post = EfronDeconvolution.posterior(r, sites.estimates(), sites.ses());
                Units units = Units.of(sites);
                tree = efronTree("normal", units, r, post, dfValue, c0);
                tree.put("noise", unitNoise ? "unit" : "se");
                if (unitNoise) {
                    tree.put("bins", binsValue);
                }
                rendered = renderEfron(units, r, post, dfValue, c0,
                        unitNoise ? "unit noise, " + (binsValue - 1) + " bins" : "each unit's own se");
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
        emit(tree, rendered, toStdout);
        return Main.OK;
    }

    /** Writes the JSON (atomically) and the text, as the options ask. */
    private void emit(ObjectNode tree, String rendered, boolean toStdout) {
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
    }

    private static void checkDf(int df, double[] points) {
        if (df > points.length - 2) {
            throw new InputException("--df " + df + ": the grid has " + points.length + " points; df must be at most "
                    + (points.length - 2));
        }
    }

    /** An efron fit of count data: its JSON and its text. */
    private record CountEfron(ObjectNode tree, String rendered) {
    }

    /**
     * deconv's Poisson family: counts (--value) with frequency weights (--weight), support 1..n
     * zero-truncated (or 0..n-1 with --keep-zeros), n = --bins or the largest count (plus one
     * with zeros); the default grid log-spaced from 0.02 times the smallest positive count
     * (at least 1) to the largest, as deconvolveR's vignette grid exp(seq(-4, 4.5, .025)) spans
     * the Shakespeare counts 1..100.
     */
    private CountEfron poisson(double[] support, int df, double c0) {
        if (value == null) {
            throw new InputException("--family poisson needs --value COL, the column of counts");
        }
        CountCsvReader.Result read = CountCsvReader.read(data, columns.site, List.of(value), List.of("--value"), weight, "--weight");
        int[] x = read.counts()[0];
        int max = java.util.Arrays.stream(x).max().orElse(0);
        int minPositive = java.util.Arrays.stream(x).filter(v -> v > 0).min().orElse(1);
        if (max == 0) {
            throw new InputException(data + ", column '" + value + "': every count is 0; nothing to deconvolve");
        }
        boolean ignoreZero = !keepZeros;
        int n = bins != null ? bins : ignoreZero ? max : max + 1;
        double[] points = support;
        if (points == null) {
            int count = gridPoints == null ? GRID_POINTS : gridPoints;
            double lo = Math.log(0.02 * minPositive);
            double hi = Math.log(max);
            points = new double[count];
            for (int k = 0; k < count; k++) {
                points[k] = Math.exp(lo + (hi - lo) * k / (count - 1));
            }
        }
        checkDf(df, points);
        EfronDeconvolution.Result r;
        try {
            r = EfronDeconvolution.poisson(x, read.weights(), points, n, ignoreZero, df, c0);
        } catch (IllegalArgumentException e) {
            throw new InputException((gridLog != null ? "--grid-log" : "--grid") + ": " + e.getMessage());
        }
        double[][] post = EfronDeconvolution.poissonPosterior(r, x, ignoreZero);
        double[] estimate = java.util.Arrays.stream(x).asDoubleStream().toArray();
        Units units = new Units(read.ids(), new String[] {"estimate", "count", "weight"},
                new double[][] {estimate, estimate, read.weights()});
        ObjectNode tree = efronTree("poisson", units, r, post, df, c0);
        tree.put("support", n);
        tree.put("ignore_zero", ignoreZero);
        if (ignoreZero) {
            ArrayNode tg = ((ObjectNode) tree.get("g")).putArray("thinned");
            for (double v : EfronDeconvolution.thinned(r)) {
                tg.add(v);
            }
        }
        return new CountEfron(tree, renderEfron(units, r, post, df, c0, "Poisson counts " + (ignoreZero ? "1.." + n
                + ", zero-truncated" : "0.." + (n - 1))));
    }

    /**
     * deconv's binomial family: each unit's trials and successes keep their own likelihood;
     * the default grid is deconvolveR's vignette grid seq(0.01, 0.99, 0.01), or --grid-points
     * equally spaced over [0.01, 0.99].
     */
    private CountEfron binomial(double[] support, int df, double c0) {
        if (trials == null || successes == null) {
            throw new InputException("--family binomial needs --trials COL and --successes COL");
        }
        CountCsvReader.Result read = CountCsvReader.read(data, columns.site, List.of(trials, successes),
                List.of("--trials", "--successes"), null, null);
        int[] n = read.counts()[0];
        int[] s = read.counts()[1];
        double[] estimate = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            if (n[i] < 1) {
                throw new InputException(data + ", line " + read.lines()[i] + ", column '" + trials
                        + "': trials must be at least 1, got " + n[i]);
            }
            if (s[i] > n[i]) {
                throw new InputException(data + ", line " + read.lines()[i] + ", column '" + successes + "': " + s[i]
                        + " successes in " + n[i] + " trials");
            }
            estimate[i] = (double) s[i] / n[i];
        }
        double[] points = support;
        if (points == null) {
            int count = gridPoints == null ? 99 : gridPoints;
            points = new double[count];
            for (int k = 0; k < count; k++) {
                points[k] = 0.01 + 0.98 * k / (count - 1);
            }
        }
        checkDf(df, points);
        EfronDeconvolution.Result r;
        try {
            r = EfronDeconvolution.binomial(n, s, points, df, c0);
        } catch (IllegalArgumentException e) {
            throw new InputException((gridLog != null ? "--grid-log" : "--grid") + ": " + e.getMessage());
        }
        double[][] post = EfronDeconvolution.binomialPosterior(r, n, s);
        Units units = new Units(read.ids(), new String[] {"estimate", "trials", "successes"}, new double[][] {estimate,
            java.util.Arrays.stream(n).asDoubleStream().toArray(), java.util.Arrays.stream(s).asDoubleStream().toArray()});
        return new CountEfron(efronTree("binomial", units, r, post, df, c0),
                renderEfron(units, r, post, df, c0, "binomial trials and successes"));
    }

    private static void onlyWithFamily(String family, String needed, String option, Object value) {
        if (value != null && !family.equals(needed)) {
            throw new InputException(option + ": only for --family " + needed);
        }
    }

    private static double[] exp(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.exp(v[i]);
        }
        return out;
    }

    private static void onlyWithEfron(boolean efron, String option, Object value) {
        if (!efron && value != null) {
            throw new InputException(option + ": only for --method efron");
        }
    }

    /** FROM:TO:BY as an ascending grid, TO included when it falls on a step (within rounding). */
    static double[] parseGrid(String option, String spec) {
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
            throw new InputException(option + " " + spec + ": expected FROM:TO:BY, three numbers");
        }
        if (!Double.isFinite(from) || !Double.isFinite(to) || !(by > 0) || !(to > from)) {
            throw new InputException(option + " " + spec + ": expected FROM < TO and BY > 0");
        }
        long count = (long) Math.floor((to - from) / by + 1e-9) + 1;
        if (count < 2 || count > MAX_POINTS) {
            throw new InputException(option + " " + spec + ": gives " + count + " points; expected 2 to " + MAX_POINTS);
        }
        double[] points = new double[(int) count];
        for (int k = 0; k < count; k++) {
            points[k] = from + k * by;
        }
        return points;
    }

    /**
     * The units of an EB fit as the JSON's {@code sites} array and the text table show them:
     * ids and named input columns ({@code estimate} and {@code se} for the normal family).
     */
    record Units(List<String> ids, String[] names, double[][] columns) {
        static Units of(SiteData sites) {
            return new Units(sites.ids(), new String[] {"estimate", "se"}, new double[][] {sites.estimates(), sites.ses()});
        }

        int size() {
            return ids.size();
        }
    }

    /** The contract's eb JSON for efron: g with its SE, cdf with its SE, bias, and S. */
    static ObjectNode efronTree(String family, Units units, EfronDeconvolution.Result r, double[][] post, int df, double c0) {
        ObjectNode root = root("efron", family);
        root.put("mu", Vectors.dot(r.tau(), r.g()));
        root.put("df", df);
        root.put("penalty", c0);
        putUnits(root, units, post[0], post[1]);
        putColumns(root.putObject("g"), new String[] {"grid", "mass", "se", "cdf", "cdf_se", "bias"},
                r.tau(), r.g(), r.seG(), r.cdf(), r.seCdf(), r.bias());
        root.put("S", r.s());
        return root;
    }

    private static String renderEfron(Units units, EfronDeconvolution.Result r, double[][] post, int df, double c0,
                                      String likelihood) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: Efron's g-modeling, %d grid points, df %d, penalty %.4g, %s, %d units%n",
                r.tau().length, df, c0, likelihood, units.size()));
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
        unitTable(b, units, 50, new String[] {"mean", "sd"}, post[0], post[1]);
        return b.toString();
    }

    /** The contract's eb JSON for the NPMLE: no tau2, mu_se or beta; G as grid, mass and cdf. */
    static ObjectNode npmleTree(SiteData sites, Npmle.Result r) {
        ObjectNode root = root("npmle", "normal");
        root.put("mu", Vectors.dot(r.grid(), r.mass()));
        root.put("loglik", r.logLik());
        root.put("iterations", r.iterations());
        root.put("kkt_gap", r.kktGap());
        ArrayNode list = putUnits(root, Units.of(sites), r.mean(), r.sd());
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
        unitTable(b, Units.of(sites), sites.size(), new String[] {"mean", "sd", "2.5%", "97.5%"}, r.mean(), r.sd(), r.lower(),
                r.upper());
        return b.toString();
    }

    /** The contract's eb JSON for the normal methods. */
    static ObjectNode tree(SiteData sites, NormalEb.Result r) {
        ObjectNode root = root(r.method().name().toLowerCase(Locale.ROOT), "normal");
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
        putUnits(root, Units.of(sites), r.blup(), r.blupSe());
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
        unitTable(b, Units.of(sites), sites.size(), new String[] {"blup", "blup se"}, r.blup(), r.blupSe());
        return b.toString();
    }

    /** The JSON root every method shares: method and family. */
    private static ObjectNode root(String method, String family) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", method);
        root.put("family", family);
        return root;
    }

    /** The contract's {@code sites} array: each unit's input columns, with its EB mean and sd. */
    private static ArrayNode putUnits(ObjectNode root, Units units, double[] mean, double[] sd) {
        ArrayNode list = root.putArray("sites");
        for (int j = 0; j < units.size(); j++) {
            ObjectNode o = list.addObject().put("site", units.ids().get(j));
            for (int c = 0; c < units.names().length; c++) {
                double v = units.columns()[c][j];
                // counts, trials and successes as JSON integers
                boolean count = !units.names()[c].equals("estimate") && !units.names()[c].equals("se") && v == Math.rint(v);
                if (count) {
                    o.put(units.names()[c], (long) v);
                } else {
                    o.put(units.names()[c], v);
                }
            }
            o.put("mean", mean[j]).put("sd", sd[j]);
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

    /** The table of units: id, input columns and the given columns, at most {@code limit} rows. */
    private static void unitTable(StringBuilder b, Units units, int limit, String[] headers, double[]... columns) {
        b.append(String.format(Locale.ROOT, "  %-14s", "site"));
        for (String h : units.names()) {
            b.append(String.format(Locale.ROOT, " %10s", h));
        }
        for (String h : headers) {
            b.append(String.format(Locale.ROOT, " %10s", h));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        int shown = Math.min(units.size(), limit);
        for (int j = 0; j < shown; j++) {
            b.append(String.format(Locale.ROOT, "  %-14s", units.ids().get(j)));
            for (double[] column : units.columns()) {
                b.append(String.format(Locale.ROOT, " %10.4g", column[j]));
            }
            for (double[] column : columns) {
                b.append(String.format(Locale.ROOT, " %10.4g", column[j]));
            }
            b.append(String.format(Locale.ROOT, "%n"));
        }
        if (shown < units.size()) {
            b.append(String.format(Locale.ROOT, "  ... %d more (all in --json)%n", units.size() - shown));
        }
    }
}
