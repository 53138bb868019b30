package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.io.CountCsvReader;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.SeDesign;
import org.multisite.sim.Shape;
import org.multisite.sim.SiteSimulator;
import org.multisite.sim.Study;
import org.multisite.sim.UnitSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multisite simulate}: site estimates (or unit records) from a known distribution of effects. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a multi-site trial whose true site effects come from a known G: a standardized shape",
            "(mean 0, SD 1) times --tau plus --mean (plus site covariates), standard errors from the informativeness",
            "design (I = tau^2 / (tau^2 + geometric mean of se^2), spread by a ratio) or from site sizes (se^2 = kappa / n).",
            "Writes site,estimate,se,true_effect (and x1, x2, ... with --coefficients), or with --units the unit",
            "records site,treatment,outcome; or with --hetop coarsened counts of groups in ordered categories."},
        footer = {"", "Examples:", "  multisite simulate --shape mixture --sites 100 --informativeness 0.9 --out bimodal.csv",
            "  multisite simulate --shape t --df 5 --sites 50 --informativeness 0.5 --se-ratio 10",
            "  multisite simulate --sites 40 --site-size 60 --size-cv 0.5 --units --tau 0.2 --out trial.csv",
            "  multisite simulate --hetop --sites 40 --group-size 200 --cuts -1,0,0.8 --out groups.csv"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--shape", defaultValue = "gaussian", description = "gaussian, t, mixture, skew, ald or spike (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--sites", defaultValue = "50", description = "Number of sites J (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--mean", defaultValue = "0", description = "G's mean (default: ${DEFAULT-VALUE}).")
    double mean;

    @Option(names = "--tau", defaultValue = "1", description = "G's SD (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(names = "--df", description = "t: degrees of freedom, > 2 (default 5).")
    Double df;

    @Option(names = "--delta", description = "mixture: D, the distance between the components (default 4).")
    Double delta;

    @Option(names = "--epsilon", description = "mixture: e, the second component's weight (default 0.3).")
    Double epsilon;

    @Option(names = "--ups", description = "mixture: v, the second component's SD before rescaling (default 1).")
    Double ups;

    @Option(names = "--alpha", description = "skew: the skew-normal's slant (default 5).")
    Double alpha;

    @Option(names = "--kappa", description = "ald: the asymmetric Laplace's asymmetry, > 0 (default 2).")
    Double kappa;

    @Option(names = "--spike", description = "spike: the probability of an effect of exactly 0 (default 0.5).")
    Double spike;

    @Option(names = "--informativeness", description = "I in (0, 1) (default 0.5 when no site sizes are given).")
    Double informativeness;

    @Option(names = "--se-ratio", description = "max/min of se^2 across sites (default 1).")
    Double seRatio;

    @Option(names = "--sd-ratio", description = "max/min of se across sites: the same spread given on the SE scale"
            + " (its square is the --se-ratio).")
    Double sdRatio;

    @Option(names = "--site-size", description = "Mean site size N: sizes from a gamma with this mean and --size-cv, se^2 = kappa / n.")
    Double siteSize;

    @Option(names = "--size-cv", description = "Coefficient of variation of the site sizes (default 0.5).")
    Double sizeCv;

    @Option(names = "--min-size", description = "Smallest site size; smaller draws are redrawn (default 10).")
    Integer minSize;

    @Option(names = "--se-kappa", description = "kappa in se^2 = kappa / n (default 4: a difference in means of a"
            + " unit-variance outcome, half the units treated).")
    Double seKappa;

    @Option(names = "--coefficients", split = ",", paramLabel = "B", description = "Site covariates x1, x2, ... ~ N(0, 1)"
            + " with these coefficients in the true effects.")
    List<Double> coefficients = new ArrayList<>();

    @Option(names = "--units", description = "Write unit records (needs --site-size): gaussian outcomes with SD"
            + " sqrt(kappa / 4) per arm, or binary with --family binomial.")
    boolean units;

    @Option(names = "--family", defaultValue = "gaussian", description = "--units: gaussian or binomial outcomes (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--intercept-sd", defaultValue = "1", description = "--units: SD of the site intercepts (default: ${DEFAULT-VALUE}).")
    double interceptSd;

    @Option(names = "--hetop", description = "Write coarsened group counts instead (group,n1..nK,true_mu,true_sigma): group"
            + " means mean + tau z, SDs exp(--log-sd-mean + --log-sd-sd z), --group-size units each, --cuts.")
    boolean hetop;

    @Option(names = "--hetop-params", paramLabel = "FILE.csv", description = "--hetop with given group parameters: columns"
            + " group, n, mu, sigma.")
    Path hetopParams;

    @Option(names = "--cuts", split = ",", paramLabel = "C", description = "--hetop: the K - 1 cut points (default: -1,0,0.8).")
    List<Double> cuts = new ArrayList<>();

    @Option(names = "--group-size", description = "--hetop: units per group (default 100).")
    Integer groupSize;

    @Option(names = "--log-sd-mean", description = "--hetop: mean of the groups' log SDs (default 0).")
    Double logSdMean;

    @Option(names = "--log-sd-sd", description = "--hetop: SD of the groups' log SDs (default 0.2).")
    Double logSdSd;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write to FILE (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        if (out != null) {
            OutputFiles.checkWritable(out, "--out");
        }
        if (hetop || hetopParams != null) {
            emit(hetopCsv());
            return Main.OK;
        }
        for (Object[] o : new Object[][] {{"--cuts", cuts.isEmpty() ? null : cuts}, {"--group-size", groupSize},
            {"--log-sd-mean", logSdMean}, {"--log-sd-sd", logSdSd}}) {
            if (o[1] != null) {
                throw new InputException(o[0] + ": only with --hetop");
            }
        }
        SiteSimulator.Design design = design();
        String csv;
        try {
            if (units) {
                Family f = switch (family.toLowerCase(Locale.ROOT)) {
                    case "gaussian" -> Family.GAUSSIAN;
                    case "binomial" -> Family.BINOMIAL;
                    default -> throw new InputException("--family " + family + ": expected gaussian or binomial");
                };
                if (!(interceptSd >= 0)) {
                    throw new InputException("--intercept-sd " + interceptSd + ": expected a number >= 0");
                }
                csv = unitCsv(UnitSimulator.fromSites(design, interceptSd, f, SeedStreams.data(seed)));
            } else {
                if (spec.commandLine().getParseResult().hasMatchedOption("--family")
                        || spec.commandLine().getParseResult().hasMatchedOption("--intercept-sd")) {
                    throw new InputException("--family and --intercept-sd: only with --units");
                }
                csv = siteCsv(SiteSimulator.simulate(design, SeedStreams.data(seed)));
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        emit(csv);
        return Main.OK;
    }

    private void emit(String csv) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(csv);
            stdout.flush();
        } else {
            OutputFiles files = new OutputFiles();
            files.add(out, csv);
            files.commit();
        }
    }

    /** group,n1..nK,true_mu,true_sigma from drawn or given group parameters. */
    private String hetopCsv() {
        double[] c = (cuts.isEmpty() ? List.of(-1.0, 0.0, 0.8) : cuts).stream().mapToDouble(Double::doubleValue).toArray();
        if (c.length < 2) {
            throw new InputException("--cuts: HETOP needs K >= 3 categories, so at least 2 cut points");
        }
        for (int k = 0; k < c.length; k++) {
            if (!Double.isFinite(c[k]) || (k > 0 && !(c[k] > c[k - 1]))) {
                throw new InputException("--cuts " + cuts + ": expected increasing finite numbers");
            }
        }
        List<String> ids = new ArrayList<>();
        double[] mu;
        double[] sigma;
        int[] sizes;
        var rng = SeedStreams.data(seed);
        if (hetopParams != null) {
            CountCsvReader.Result read = CountCsvReader.read(hetopParams, "group", List.of("n"), List.of("--hetop-params"), null,
                    null, List.of("mu", "sigma"), "--hetop-params");
            ids.addAll(read.ids());
            sizes = read.counts()[0];
            mu = read.numbers()[0];
            sigma = read.numbers()[1];
            for (int g = 0; g < sizes.length; g++) {
                if (sizes[g] < 1 || !(sigma[g] > 0)) {
                    throw new InputException(hetopParams + ", line " + read.lines()[g] + ": n must be >= 1 and sigma > 0");
                }
            }
        } else {
            int n = groupSize == null ? 100 : groupSize;
            if (n < 1) {
                throw new InputException("--group-size " + n + ": expected at least 1");
            }
            double lm = logSdMean == null ? 0 : logSdMean;
            double ls = logSdSd == null ? 0.2 : logSdSd;
            if (!(ls >= 0)) {
                throw new InputException("--log-sd-sd " + ls + ": expected a number >= 0");
            }
            var z = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
            mu = new double[sites];
            sigma = new double[sites];
            sizes = new int[sites];
            for (int g = 0; g < sites; g++) {
                mu[g] = mean + tau * z.sample();
                sigma[g] = Math.exp(lm + ls * z.sample());
                sizes[g] = n;
                ids.add(String.format(Locale.ROOT, "g%02d", g + 1));
            }
        }
        int[][] counts = org.multisite.hetop.HetopSimulator.counts(mu, sigma, sizes, c, rng);
        StringBuilder b = new StringBuilder("group");
        for (int k = 1; k <= c.length + 1; k++) {
            b.append(",n").append(k);
        }
        b.append(",true_mu,true_sigma\n");
        for (int g = 0; g < mu.length; g++) {
            b.append(ids.get(g));
            for (int v : counts[g]) {
                b.append(',').append(v);
            }
            b.append(',').append(mu[g]).append(',').append(sigma[g]).append('\n');
        }
        return b.toString();
    }

    /** The design the options describe, each refusal naming its option. */
    SiteSimulator.Design design() {
        if (sites < 2) {
            throw new InputException("--sites " + sites + ": expected at least 2");
        }
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new InputException("--tau " + tau + ": expected a number > 0");
        }
        if (!Double.isFinite(mean)) {
            throw new InputException("--mean " + mean + ": expected a finite number");
        }
        String s = shape.toLowerCase(Locale.ROOT);
        only(s, "t", "--df", df);
        only(s, "mixture", "--delta", delta);
        only(s, "mixture", "--epsilon", epsilon);
        only(s, "mixture", "--ups", ups);
        only(s, "skew", "--alpha", alpha);
        only(s, "ald", "--kappa", kappa);
        only(s, "spike", "--spike", spike);
        if (!List.of("gaussian", "t", "mixture", "skew", "ald", "spike").contains(s)) {
            throw new InputException("--shape " + shape + ": expected gaussian, t, mixture, skew, ald or spike");
        }
        // the options as a study's factors: one place (Study) for the shapes, designs and defaults
        java.util.Map<String, String> factors = new java.util.LinkedHashMap<>();
        factors.put("shape", s);
        for (Object[] o : new Object[][] {{"df", df}, {"delta", delta}, {"epsilon", epsilon}, {"ups", ups}, {"alpha", alpha},
            {"kappa", kappa}, {"spike", spike}, {"informativeness", informativeness}, {"se_ratio", seRatio},
            {"sd_ratio", sdRatio}, {"site_size", siteSize}, {"size_cv", sizeCv}, {"min_size", minSize},
            {"se_kappa", seKappa}}) {
            if (o[1] != null) {
                factors.put((String) o[0], o[1].toString());
            }
        }
        Shape g;
        try {
            g = Study.shape(factors);
        } catch (IllegalArgumentException e) {
            throw new InputException("--shape " + s + ": " + e.getMessage());
        }
        boolean sized = siteSize != null;
        if (sized) {
            for (Object[] o : new Object[][] {{"--informativeness", informativeness}, {"--se-ratio", seRatio}, {"--sd-ratio", sdRatio}}) {
                if (o[1] != null) {
                    throw new InputException(o[0] + " and --site-size: give the informativeness design or site sizes, not both");
                }
            }
        } else {
            for (Object[] o : new Object[][] {{"--size-cv", sizeCv}, {"--min-size", minSize}, {"--se-kappa", seKappa}}) {
                if (o[1] != null) {
                    throw new InputException(o[0] + ": only with --site-size");
                }
            }
            if (seRatio != null && sdRatio != null) {
                throw new InputException("--se-ratio and --sd-ratio: give one (the first is the second squared)");
            }
            if (informativeness != null && !(informativeness > 0 && informativeness < 1)) {
                throw new InputException("--informativeness " + informativeness + ": expected a number in (0, 1)");
            }
            Double ratio = sdRatio != null ? sdRatio : seRatio;
            if (ratio != null && (!(ratio >= 1) || !Double.isFinite(ratio))) {
                throw new InputException((sdRatio != null ? "--sd-ratio " : "--se-ratio ") + ratio + ": expected a number >= 1");
            }
        }
        SeDesign se;
        try {
            se = Study.seDesign(factors);
        } catch (IllegalArgumentException e) {
            throw new InputException((sized ? "--site-size " + siteSize : "--informativeness") + ": " + e.getMessage());
        }
        double[] b = coefficients.stream().mapToDouble(Double::doubleValue).toArray();
        for (double v : b) {
            if (!Double.isFinite(v)) {
                throw new InputException("--coefficients: " + v + " is not a finite number");
            }
        }
        return new SiteSimulator.Design(g, sites, mean, tau, se, b);
    }

    private static void only(String shape, String needed, String option, Double value) {
        if (value != null && !shape.equals(needed)) {
            throw new InputException(option + ": only with --shape " + needed);
        }
    }

    /** site,estimate,se,true_effect[,x1,...]: numbers in shortest round-trip form. */
    static String siteCsv(SiteSimulator.Simulated sim) {
        SiteData d = sim.data();
        StringBuilder b = new StringBuilder("site,estimate,se,true_effect");
        for (String name : d.covariateNames()) {
            b.append(',').append(name);
        }
        b.append('\n');
        for (int j = 0; j < d.size(); j++) {
            b.append(d.id(j)).append(',').append(d.estimate(j)).append(',').append(d.se(j)).append(',')
                    .append(sim.trueEffects()[j]);
            for (int k = 0; k < d.covariateCount(); k++) {
                b.append(',').append(d.covariate(k)[j]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** site,treatment,outcome,true_effect (the unit's site's effect). */
    static String unitCsv(UnitSimulator.Simulated sim) {
        UnitData d = sim.data();
        StringBuilder b = new StringBuilder("site,treatment,outcome,true_effect\n");
        for (int i = 0; i < d.size(); i++) {
            int j = Integer.parseInt(d.site(i).substring(4)) - 1;
            b.append(d.site(i)).append(',').append(d.treatment(i)).append(',');
            double y = d.outcome(i);
            b.append(d.family() == Family.BINOMIAL ? Integer.toString((int) y) : Double.toString(y));
            b.append(',').append(sim.trueEffects()[j]).append('\n');
        }
        return b.toString();
    }
}
