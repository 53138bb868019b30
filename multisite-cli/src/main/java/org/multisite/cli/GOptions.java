package org.multisite.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.io.InputException;
import org.multisite.model.GModel;
import org.multisite.model.GModels;
import org.multisite.model.GSpec;
import org.multisite.prior.DpPrior;
import picocli.CommandLine.Option;

/**
 * Options of the models of G, shared by {@code fit} and {@code compare}: each registry option
 * ({@link GModel#options()}) as a flag, the priors, and the DP's elicited concentration. Which
 * prior and option belongs to which model is the registry's answer ({@link GModel#accepts},
 * {@link GModel#hasOption}).
 */
public final class GOptions {
    @Option(names = "--components", paramLabel = "K", description = "Mixture: number of normal components (default: 2).")
    Integer components;

    @Option(names = "--truncation", paramLabel = "K", description = "dp: components of the stick-breaking truncation (default: the fewest, at least 20,"
            + " whose last stick's expected mass is below 0.1%% at alpha's prior 95th percentile).")
    Integer truncation;

    @Option(names = "--dp-clusters", paramLabel = "MEAN[,VAR]", description = "dp, dpmeta: choose alpha's gamma prior so that the"
            + " prior number of clusters among the sites has this mean (and variance); the same as --dp-prior clusters:MEAN[,VAR].")
    String dpClusters;

    @Option(names = "--dp-prior", paramLabel = "SPEC", description = "dp, dpmeta: alpha's gamma prior chosen from the number"
            + " of sites: kl (or kl:uniform: the prior number of clusters closest to uniform, Dorazio 2009), kl:chisq(DF)"
            + " (closest to the chi-square density, the seed research's DF = 5), diffuse (gamma(0.05 J, 0.1)) or"
            + " clusters:MEAN[,VAR].")
    String dpPrior;

    @Option(names = "--passes", paramLabel = "N", description = "dpmeta: allocation passes a sweep, each followed by"
            + " alpha's update (default: 5).")
    Integer passes;

    @Option(names = "--df", paramLabel = "DF", description = "Log-spline G: spline columns (default: 5).")
    Integer df;

    @Option(names = "--grid-points", paramLabel = "M", description = "Log-spline G: grid points over the estimates' range (default: 101).")
    Integer gridPoints;

    @Option(names = "--prior", paramLabel = "NAME=DIST", description = "A prior, e.g. 'tau=half_cauchy(0, 5)'; repeatable."
            + " In compare, 'LABEL.NAME=DIST' gives it to the model of that label only.")
    List<String> priors = new ArrayList<>();

    /** The registered models' names, for the options' help. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return GModels.names().iterator();
        }
    }

    /** The flag of each registry option. */
    static String flag(String option) {
        return "--" + option.replace('_', '-');
    }

    /** The registry options given on the command line, by name. */
    Map<String, Integer> given() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Object[][] all = {{"components", components}, {"truncation", truncation}, {"passes", passes}, {"df", df},
            {"grid_points", gridPoints}};
        for (Object[] o : all) {
            if (o[1] != null) {
                out.put((String) o[0], (Integer) o[1]);
            }
        }
        return out;
    }

    /** Refuses options that none of {@code models} takes, and unknown model names. */
    void check(List<String> models) {
        for (String m : models) {
            GModels.named(m);
        }
        for (String option : given().keySet()) {
            if (models.stream().noneMatch(m -> GModels.named(m).hasOption(option))) {
                throw new InputException(flag(option) + " applies to --model " + String.join(" or ", GModels.ALL.stream()
                        .filter(g -> g.hasOption(option)).map(GModel::name).toList()));
            }
        }
        if (dpClusters != null && dpPrior != null) {
            throw new InputException("--dp-clusters and --dp-prior both set alpha's prior: give one");
        }
        String chosen = dpPrior != null ? "--dp-prior" : dpClusters != null ? "--dp-clusters" : null;
        if (chosen != null) {
            if (models.stream().noneMatch(m -> GModels.named(m).targets().contains("alpha"))) {
                throw new InputException(chosen + " applies to --model dp or dpmeta");
            }
            if (priors.stream().anyMatch(a -> a.trim().startsWith("alpha="))) {
                throw new InputException(chosen + " and --prior alpha=... both set alpha's prior: give one");
            }
            try {
                DpPrior.check(dpPriorSpec());
            } catch (IllegalArgumentException e) {
                throw new InputException(chosen + " " + (dpPrior != null ? dpPrior : dpClusters) + ": " + (dpPrior != null
                        ? e.getMessage() : "expected MEAN or MEAN,VAR, e.g. 4 or 4,6"));
            }
        }
        GSpec.checkDistinct(priors);
    }

    /** The assignments none of {@code models} takes: for the one-stage model of the units, or refused. */
    List<String> rest(List<String> models) {
        return rest(models, List.of());
    }

    /** As {@link #rest(List)}, leaving out the assignments to one of {@code labels} ({@code LABEL.NAME=DIST}). */
    List<String> rest(List<String> models, List<String> labels) {
        return priors.stream().filter(a -> labelOf(a, labels) == null)
                .filter(a -> models.stream().noneMatch(m -> GModels.named(m).accepts(GSpec.target(a)))).toList();
    }

    /** The label an assignment {@code LABEL.NAME=DIST} names, if it is one of {@code labels}; else null. */
    private static String labelOf(String assignment, List<String> labels) {
        String target = GSpec.target(assignment);
        int dot = target.indexOf('.');
        if (dot <= 0 || target.indexOf('[') >= 0 && target.indexOf('[') < dot) {
            return null;
        }
        String label = target.substring(0, dot);
        return labels.contains(label) ? label : null;
    }

    /** G {@code model} with the priors and options it takes, for {@code sites} sites (the DP's elicitation needs J). */
    GSpec spec(String model, int sites) {
        return spec(model, null, List.of(), sites);
    }

    /**
     * G {@code model} compared under {@code label} (one of {@code labels}): the plain priors it
     * takes and those given to its label, {@code LABEL.NAME=DIST}, the label dropped.
     */
    GSpec spec(String model, String label, List<String> labels, int sites) {
        GModel g = GModels.named(model);
        List<String> plain = priors.stream().filter(a -> labelOf(a, labels) == null).toList();
        List<String> assignments = new ArrayList<>(GSpec.accepted(model, plain));
        for (String a : priors) {
            if (label != null && label.equals(labelOf(a, labels))) {
                assignments.add(a.substring(a.indexOf('.') + 1).trim());
            }
        }
        Map<String, Integer> options = new LinkedHashMap<>();
        given().forEach((k, v) -> {
            if (g.hasOption(k)) {
                options.put(k, v);
            }
        });
        String dp = g.targets().contains("alpha") ? dpPriorSpec() : null;
        GSpec spec = new GSpec(model, assignments, options, dp);
        if (dp != null) {
            try {
                DpPrior.resolve(dp, sites);
            } catch (IllegalArgumentException e) {
                throw new InputException((dpPrior != null ? "--dp-prior " : "--dp-clusters ") + (dpPrior != null ? dpPrior : dpClusters)
                        + ": " + e.getMessage());
            }
        }
        return spec;
    }

    /** alpha's prior chosen from the number of sites, as {@link DpPrior} reads it; null when none is. */
    private String dpPriorSpec() {
        return dpPrior != null ? dpPrior : dpClusters != null ? "clusters:" + dpClusters : null;
    }
}
