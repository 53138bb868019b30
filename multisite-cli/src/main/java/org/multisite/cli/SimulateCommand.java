package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.estimate.Family;
import org.multisite.estimate.UnitData;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.SeDesign;
import org.multisite.sim.Shape;
import org.multisite.sim.SiteSimulator;
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
            "records site,treatment,outcome."},
        footer = {"", "Examples:", "  multisite simulate --shape mixture --sites 100 --informativeness 0.9 --out bimodal.csv",
            "  multisite simulate --shape t --df 5 --sites 50 --informativeness 0.5 --se-ratio 10",
            "  multisite simulate --sites 40 --site-size 60 --size-cv 0.5 --units --tau 0.2 --out trial.csv"})
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

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write to FILE (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        if (out != null) {
            OutputFiles.checkWritable(out, "--out");
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
                csv = unitCsv(UnitSimulator.fromSites(design, interceptSd, f, SeedStreams.stream(seed)));
            } else {
                if (spec.commandLine().getParseResult().hasMatchedOption("--family")
                        || spec.commandLine().getParseResult().hasMatchedOption("--intercept-sd")) {
                    throw new InputException("--family and --intercept-sd: only with --units");
                }
                csv = siteCsv(SiteSimulator.simulate(design, SeedStreams.stream(seed)));
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(csv);
            stdout.flush();
        } else {
            OutputFiles files = new OutputFiles();
            files.add(out, csv);
            files.commit();
        }
        return Main.OK;
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
        Shape g;
        try {
            g = switch (s) {
                case "gaussian" -> new Shape.Gaussian();
                case "t" -> new Shape.StudentT(or(df, 5));
                case "mixture" -> new Shape.Mixture(or(delta, 4), or(epsilon, 0.3), or(ups, 1));
                case "skew" -> new Shape.SkewNormal(or(alpha, 5));
                case "ald" -> new Shape.AsymmetricLaplace(or(kappa, 2));
                case "spike" -> new Shape.SpikeSlab(or(spike, 0.5));
                default -> throw new InputException("--shape " + shape + ": expected gaussian, t, mixture, skew, ald or spike");
            };
        } catch (IllegalArgumentException e) {
            throw new InputException("--shape " + s + ": " + e.getMessage());
        }
        SeDesign se;
        boolean sized = siteSize != null;
        if (sized) {
            for (Object[] o : new Object[][] {{"--informativeness", informativeness}, {"--se-ratio", seRatio}, {"--sd-ratio", sdRatio}}) {
                if (o[1] != null) {
                    throw new InputException(o[0] + " and --site-size: give the informativeness design or site sizes, not both");
                }
            }
            try {
                se = new SeDesign.SiteSizes(siteSize, or(sizeCv, 0.5), minSize == null ? 10 : minSize, or(seKappa, 4));
            } catch (IllegalArgumentException e) {
                throw new InputException("--site-size " + siteSize + ": " + e.getMessage());
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
            double i = or(informativeness, 0.5);
            if (!(i > 0 && i < 1)) {
                throw new InputException("--informativeness " + i + ": expected a number in (0, 1)");
            }
            double ratio = sdRatio != null ? sdRatio * sdRatio : or(seRatio, 1);
            if (!(ratio >= 1) || !Double.isFinite(ratio)) {
                throw new InputException((sdRatio != null ? "--sd-ratio " + sdRatio : "--se-ratio " + seRatio) + ": expected a number >= 1");
            }
            se = new SeDesign.Informativeness(i, ratio);
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

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
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
