package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.eb.EfronFit;
import org.multisite.eb.NormalEb;
import org.multisite.eb.Npmle;
import org.multisite.io.CountCsvReader;
import org.multisite.io.EbJson;
import org.multisite.io.InputException;
import org.multisite.io.SiteCsvReader;
import org.multisite.report.EbText;
import org.multisite.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite eb DATA.csv --method dl|ml|reml|npmle|efron}: empirical Bayes estimates of G and of each site's effect. */
@Command(name = "eb", mixinStandardHelpOptions = true,
        header = "Empirical Bayes: a normal G (DL, ML, REML), the NPMLE, or Efron's g-modeling.",
        description = "Empirical Bayes for a normal G, as R's metafor (rma, then blup): tau^2 by DerSimonian-Laird, "
            + "maximum likelihood or restricted maximum likelihood, with site covariates; mu, its SE, tau^2, and each "
            + "site's BLUP with its SE; or the Kiefer-Wolfowitz NPMLE of G on a grid, with each site's posterior "
            + "mean, SD and 95%% interval; or Efron's g-modeling with deconvolveR's semantics (normal family: with --se "
            + "each site keeps its own likelihood; without it the noise is N(0, 1) and the estimates are binned; "
            + "Poisson counts with frequency weights, zero-truncated by default; binomial trials and successes).",
        footer = {"", "Examples:", "  multisite eb sites.csv --method reml", "  multisite eb sites.csv --method dl --covariates x --json eb.json",
            "  multisite eb sites.csv --method npmle --grid-points 500 --report eb.html",
            "  multisite eb z.csv --site unit --estimate z --method efron --grid -4:5:0.2 --df 6",
            "  multisite eb words.csv --method efron --family poisson --value x --weight count --grid-log -4:4.5:0.025 --penalty 2",
            "  multisite eb surg.csv --method efron --family binomial --trials n --successes s"})
public final class EbCommand implements Callable<Integer> {
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

    @Option(names = "--grid-log", paramLabel = "FROM:TO:BY", description = "npmle, efron: the grid exp(FROM), exp(FROM + BY), ..., exp(TO).")
    String gridLog;

    @Option(names = "--grid-points", paramLabel = "M", description = "npmle, efron: M equally spaced points over the range of "
            + "the informative estimates, those with SE at most 3 times the median (default 300).")
    Integer gridPoints;

    @Mixin
    EbFamilyOptions family;

    @Mixin
    SiteColumnOptions columns;

    @Option(names = "--covariates", split = ",", paramLabel = "NAME", description = "Numeric site covariates (not centred: mu is the intercept at 0).")
    List<String> covariates = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        String m = method.toLowerCase(Locale.ROOT);
        if (!List.of("dl", "ml", "reml", "npmle", "efron").contains(m)) {
            throw new InputException("--method " + method + ": expected dl, ml, reml, npmle or efron");
        }
        boolean efron = m.equals("efron");
        boolean normalMethod = !efron && !m.equals("npmle");
        for (Object[] o : new Object[][] {{"--df", df}, {"--penalty", penalty}, {"--bins", bins}}) {
            if (!efron && o[1] != null) {
                throw new InputException(o[0] + ": only for --method efron");
            }
        }
        if ((grid != null ? 1 : 0) + (gridLog != null ? 1 : 0) + (gridPoints != null ? 1 : 0) > 1) {
            throw new InputException("--grid, --grid-log and --grid-points: give one of them");
        }
        if (normalMethod && (grid != null || gridLog != null || gridPoints != null)) {
            throw new InputException((grid != null ? "--grid" : gridLog != null ? "--grid-log" : "--grid-points")
                    + ": only for --method npmle or efron");
        }
        if (!normalMethod && !covariates.isEmpty()) {
            throw new InputException("--covariates: not available with --method " + m);
        }
        String f = family.checked();
        if (!f.equals("normal")) {
            if (!efron) {
                throw new InputException("--family " + f + ": only with --method efron in this version");
            }
            family.requireColumns(f);
            for (String option : List.of("--estimate", "--se")) {
                if (given(option)) {
                    throw new InputException(option + ": only for --family normal (count data take "
                            + (f.equals("poisson") ? "--value and --weight)" : "--trials and --successes)"));
                }
            }
        }
        boolean unitNoise = efron && f.equals("normal") && !given("--se");
        if (efron && f.equals("normal") && !unitNoise && bins != null) {
            throw new InputException("--bins: only without --se (the binned unit-noise version)");
        }
        output.check();
        double[] support = grid != null ? Ranges.grid("--grid", grid) : gridLog != null ? Ranges.logGrid("--grid-log", gridLog) : null;
        int points = gridPoints == null ? 0 : gridPoints;
        int splineDf = df == null ? EfronFit.DEFAULT_DF : df;
        double c0 = penalty == null ? EfronFit.DEFAULT_PENALTY : penalty;
        String title = "multisite eb: " + m + " on " + data.getFileName();
        try {
            if (f.equals("poisson")) {
                CountCsvReader.Result read = CountCsvReader.read(data, columns.site, List.of(family.value), List.of("--value"),
                        family.weight, "--weight");
                if (java.util.Arrays.stream(read.counts()[0]).allMatch(c -> c == 0)) {
                    throw new InputException(data + ", column '" + family.value + "': every count is 0; nothing to deconvolve");
                }
                return emit(EfronFit.poisson(read.ids(), read.counts()[0], read.weights(), support,
                        points == 0 ? EfronFit.DEFAULT_POINTS : points, bins, family.keepZeros, splineDf, c0), title);
            }
            if (f.equals("binomial")) {
                CountCsvReader.Result read = CountCsvReader.read(data, columns.site, List.of(family.trials, family.successes),
                        List.of("--trials", "--successes"), null, null);
                return emit(binomial(read, support, points, splineDf, c0), title);
            }
            SiteData sites = SiteCsvReader.read(data, columns.columns(covariates, !unitNoise));
            int normalPoints = points == 0 ? EfronFit.DEFAULT_POINTS : points;
            if (efron) {
                return emit(unitNoise ? EfronFit.normalBinned(sites, support, normalPoints, bins == null ? EfronFit.DEFAULT_BINS
                        : bins, splineDf, c0) : EfronFit.normal(sites, support, normalPoints, splineDf, c0), title);
            }
            if (m.equals("npmle")) {
                Npmle.Result r = Npmle.fit(sites, support != null ? support : Npmle.automaticGrid(sites, normalPoints));
                ObjectNode tree = EbJson.npmle(sites, r);
                int code = emit(tree, tree, () -> EbText.npmle(sites, r), title);
                if (!r.converged()) {
                    spec.commandLine().getErr().printf(Locale.ROOT, "multisite: the NPMLE did not converge: optimality gap %.3g"
                            + " > %.0e after %d steps%n", r.kktGap(), Npmle.CONVERGED, r.iterations());
                    return Main.DIAGNOSTICS;
                }
                return code;
            }
            NormalEb.Result r = NormalEb.fit(sites, NormalEb.Method.valueOf(m.toUpperCase(Locale.ROOT)));
            ObjectNode tree = EbJson.normal(sites, r);
            return emit(tree, EbJson.page(tree, sites, r), () -> EbText.normal(sites, r), title);
        } catch (InvalidParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InputException((support == null ? data.toString() : gridLog != null ? "--grid-log" : "--grid") + ": "
                    + e.getMessage());
        }
    }

    /** The binomial family; impossible counts named by their line and column. */
    private EfronFit binomial(CountCsvReader.Result read, double[] support, int points, int splineDf, double c0) {
        try {
            return EfronFit.binomial(read.ids(), read.counts()[0], read.counts()[1], support, points, splineDf, c0);
        } catch (InvalidParameterException e) {
            String p = e.parameter();
            if (!p.endsWith("]")) {
                throw e;
            }
            int i = Integer.parseInt(p.substring(p.indexOf('[') + 1, p.length() - 1));
            throw new InputException(data + ", line " + read.lines()[i] + ", column '" + (p.startsWith("trials") ? family.trials
                    : family.successes) + "': " + e.reason() + (p.startsWith("trials") ? ", got " + e.value() : ""));
        }
    }

    private int emit(EfronFit fit, String title) {
        ObjectNode tree = EbJson.efron(fit);
        return emit(tree, tree, () -> EbText.efron(fit), title);
    }

    private int emit(ObjectNode tree, ObjectNode page, java.util.function.Supplier<String> text, String title) {
        return new Outputs(output, null).json(() -> EbJson.write(tree)).report(() -> HtmlReport.renderEb(page, title))
                .text(text).emit(spec);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
