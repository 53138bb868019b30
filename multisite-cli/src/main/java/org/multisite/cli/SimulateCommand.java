package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.multisite.data.Family;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.SimulatedCsv;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;
import org.multisite.sim.UnitSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multisite simulate}: site estimates (or unit records, or coarsened group counts) from a known G. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Simulate a multi-site trial whose site effects come from a known G.",
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

    @Mixin
    ShapeOptions shape;

    @Option(names = "--sites", defaultValue = "50", description = "Number of sites J (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--mean", defaultValue = "0", description = "G's mean (default: ${DEFAULT-VALUE}).")
    double mean;

    @Option(names = "--tau", defaultValue = "1", description = "G's SD (default: ${DEFAULT-VALUE}).")
    double tau;

    @Mixin
    SeOptions se;

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

    @Mixin
    HetopSimulationOptions hetop;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write to FILE (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        if (out != null) {
            OutputFiles.checkWritable(out, "--out");
        }
        if (hetop.wanted()) {
            return emit(SimulatedCsv.hetop(hetop.simulate(sites, mean, tau, SeedStreams.data(seed))));
        }
        hetop.checkUnused();
        Map<String, String> factors = shape.factors();
        factors.putAll(se.factors());
        factors.put("sites", Integer.toString(sites));
        factors.put("mean", Double.toString(mean));
        factors.put("tau", Double.toString(tau));
        SiteSimulator.Design design = Designs.design(factors, coefficients.stream().mapToDouble(Double::doubleValue).toArray());
        if (!units) {
            for (String option : List.of("--family", "--intercept-sd")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new InputException("--family and --intercept-sd: only with --units");
                }
            }
            return emit(SimulatedCsv.sites(SiteSimulator.simulate(design, SeedStreams.data(seed))));
        }
        if (!factors.containsKey("site_size")) {
            throw new InputException("--units: unit records need site sizes (--site-size), not an informativeness design");
        }
        Family f = switch (family.toLowerCase(Locale.ROOT)) {
            case "gaussian" -> Family.GAUSSIAN;
            case "binomial" -> Family.BINOMIAL;
            default -> throw new InputException("--family " + family + ": expected gaussian or binomial");
        };
        return emit(SimulatedCsv.units(UnitSimulator.fromSites(design, interceptSd, f, SeedStreams.data(seed))));
    }

    private int emit(String csv) {
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(csv);
            stdout.flush();
        } else {
            OutputFiles files = new OutputFiles(spec.commandLine().getOut());
            files.add(out, csv);
            files.commit();
        }
        return Main.OK;
    }
}
