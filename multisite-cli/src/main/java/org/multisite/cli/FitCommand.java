package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.io.UnitCsvReader;
import org.multisite.io.InputException;
import org.multisite.io.SiteCsvReader;
import org.multisite.model.ClusterElicitation;
import org.multisite.model.SiteModel;
import org.multisite.prior.Prior;
import org.multisite.prior.PriorParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code multisite fit DATA.csv}: a hierarchical model of site effects on site-level data. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a hierarchical model of site effects to site-level estimates and standard errors,",
            "or to unit-level records (each site's effect is estimated first, as 'multisite estimate' does)."},
        footer = {"", "Examples:",
            "  multisite fit sites.csv",
            "  multisite fit sites.csv --prior 'mu=normal(0, 5)' --prior 'tau=half_cauchy(0, 5)' --json fit.json --report fit.html",
            "  multisite fit sites.csv --covariates urban,size --draws-csv draws.csv --sites-csv sites-out.csv",
            "  multisite fit students.csv --site school --outcome enrolled_ontime --family binomial --min-units 10",
            "  multisite fit trial.csv --one-stage --intercepts random --unit-covariates age",
            "",
            "Priors (--prior NAME=DIST): mu, tau or tau2, beta (all coefficients) or beta[NAME], nu (t), alpha (dp);",
            "for mixture and dp, mu and tau (or tau2) are the priors of every component's location and scale.",
            "DIST one of normal(m, s), half_normal(0, s), half_cauchy(0, s), student_t(nu, m, s), half_t(nu, 0, s),",
            "uniform(a, b), inv_gamma(a, b), gamma(a, b), flat. The normal model needs normal or flat priors on mu and beta.",
            "Defaults are scaled to the data and printed with the results."})
public final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA.csv", description = "Site-level CSV with a header row.")
    Path data;

    @Option(names = "--site", defaultValue = "site", description = "Column of site ids (default: ${DEFAULT-VALUE}).")
    String siteColumn;

    @Option(names = "--estimate", defaultValue = "estimate", description = "Column of effect estimates (default: ${DEFAULT-VALUE}).")
    String estimateColumn;

    @Option(names = "--se", defaultValue = "se", description = "Column of standard errors (default: ${DEFAULT-VALUE}).")
    String seColumn;

    @Option(names = "--covariates", split = ",", paramLabel = "NAME", description = "Numeric site-level covariate columns, comma separated (centred; mu is then the effect at their means).")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--level", description = "Data level: site (estimates and standard errors) or unit (records of units);"
            + " default: site if the estimate and se columns are present, unit if the treatment and outcome columns are.")
    String level;

    @Mixin
    UnitOptions unit;

    @Option(names = "--one-stage", description = "Unit-level data: fit the one-stage model to the records themselves"
            + " (gaussian outcome) instead of estimating each site first.")
    boolean oneStage;

    @Option(names = "--intercepts", defaultValue = "fixed", description = "One-stage site intercepts: fixed (flat priors) or random (default: ${DEFAULT-VALUE}).")
    String intercepts;

    @Option(names = "--model", defaultValue = "normal", description = "Model of G: normal, t, mixture or dp (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--components", paramLabel = "K", description = "Mixture: number of normal components (default: 2).")
    Integer components;

    @Option(names = "--truncation", paramLabel = "K", description = "DP: components of the stick-breaking truncation (default: 20).")
    Integer truncation;

    @Option(names = "--dp-clusters", paramLabel = "MEAN[,VAR]", description = "DP: choose alpha's gamma prior so that the"
            + " prior number of clusters among the sites has this mean (and variance).")
    String dpClusters;

    @Option(names = "--prior", paramLabel = "NAME=DIST", description = "A prior, e.g. 'tau=half_cauchy(0, 5)'; repeatable.")
    List<String> priors = new ArrayList<>();

    @Mixin
    SamplingOptions sampling;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        FitRunner.checkOutputs(output);
        var config = sampling.config();
        String level = level();
        if (oneStage && !level.equals("unit")) {
            throw new InputException("--one-stage needs unit-level data (columns '" + unit.treatment + "' and '"
                    + unit.outcome + "', or --level unit)");
        }
        if (level.equals("unit")) {
            if (!covariates.isEmpty()) {
                throw new InputException("--covariates: site covariates with unit-level data are not available in this version"
                        + " (adjust for unit covariates with --unit-covariates)");
            }
            UnitFit fit = UnitFit.of(data.toString(), unit.read(data, siteColumn), unit.estimatorOptions(), this::gChoice,
                    oneStage, intercepts);
            return FitRunner.run(fit.model(), config, output, data.getFileName().toString(), fit.description(),
                    fit.lines(), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (!"fixed".equals(intercepts)) {
            throw new InputException("--intercepts applies to the one-stage model only (--one-stage)");
        }
        SiteData siteData = SiteCsvReader.read(data,
                new SiteCsvReader.Columns(siteColumn, estimateColumn, seColumn, List.copyOf(covariates)));
        SiteModel chosen = gChoice(siteData).siteLevel(siteData);
        return FitRunner.run(chosen, config, output, data.getFileName().toString(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The model of G asked for, with its options and priors, for these sites. */
    GChoice gChoice(SiteData sites) {
        if (components != null && !model.equals("mixture")) {
            throw new InputException("--components applies to --model mixture");
        }
        if (truncation != null && !model.equals("dp")) {
            throw new InputException("--truncation applies to --model dp");
        }
        GChoice choice = GChoice.of(model, sites, priors).withComponents(model.equals("dp") ? truncation : components,
                model.equals("dp") ? "--truncation" : "--components");
        if (dpClusters != null) {
            if (!model.equals("dp")) {
                throw new InputException("--dp-clusters applies to --model dp");
            }
            if (priors.stream().anyMatch(a -> a.trim().startsWith("alpha="))) {
                throw new InputException("--dp-clusters and --prior alpha=... both set alpha's prior: give one");
            }
            choice.withAlpha(elicitAlpha(sites.size()));
        }
        return choice;
    }

    private Prior elicitAlpha(int sites) {
        String[] parts = dpClusters.split(",");
        try {
            double mean = Double.parseDouble(parts[0].trim());
            Double variance = parts.length > 1 ? Double.valueOf(parts[1].trim()) : null;
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            Prior.Gamma g = ClusterElicitation.elicit(sites, mean, variance);
            // four significant digits, so that the printed prior is the one used
            return Prior.gamma(round4(g.shape()), round4(g.rate()));
        } catch (NumberFormatException e) {
            throw new InputException("--dp-clusters " + dpClusters + ": expected MEAN or MEAN,VAR, e.g. 4 or 4,6");
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    private static double round4(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).doubleValue();
    }

    /** The data level: as given, or site when the estimate or se column is present, unit when treatment and outcome are. */
    private String level() {
        if (level != null) {
            if (!level.equals("site") && !level.equals("unit")) {
                throw new InputException("--level " + level + ": expected site or unit");
            }
            return level;
        }
        List<String> header = UnitCsvReader.header(data);
        if (header.isEmpty()) {
            throw new InputException(data + ": empty file (a header row is needed)");
        }
        // either site-level column names the form; the site reader then names what is missing
        if (header.contains(estimateColumn) || header.contains(seColumn)) {
            return "site";
        }
        if (header.contains(unit.treatment) && header.contains(unit.outcome)) {
            return "unit";
        }
        throw new InputException(data + ": neither site-level columns ('" + estimateColumn + "', '" + seColumn
                + "') nor unit-level columns ('" + unit.treatment + "', '" + unit.outcome + "') found (columns: "
                + String.join(", ", header) + "); name them with --estimate/--se or --treatment/--outcome");
    }

    /** Replaces one prior of a set: (priors, target, prior) to new priors. */
    interface PriorUpdate<P> {
        P apply(P priors, String target, Prior prior);
    }

    /** Applies each {@code NAME=DIST} in order to the defaults. */
    static <P> P applyPriors(P priors, List<String> assignments, PriorUpdate<P> update) {
        P out = priors;
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--prior " + a + ": expected NAME=DIST, e.g. tau=half_cauchy(0, 5)");
            }
            String target = a.substring(0, eq).trim();
            try {
                out = update.apply(out, target, PriorParser.parse(a.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new InputException("--prior " + a + ": " + e.getMessage());
            }
        }
        return out;
    }
}
