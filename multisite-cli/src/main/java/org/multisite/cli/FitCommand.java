package org.multisite.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.mcmc.Memory;
import org.multisite.model.GSpec;
import org.multisite.model.SiteModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multisite fit DATA.csv}: a hierarchical model of site effects on site-level data. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "Fit a hierarchical model of site effects to site estimates or to unit records.",
        description = {"Fit a hierarchical model of site effects to site-level estimates and standard errors,",
            "or to unit-level records (each site's effect is estimated first, as 'multisite estimate' does)."},
        footer = {"", "Examples:",
            "  multisite fit sites.csv",
            "  multisite fit sites.csv --prior 'mu=normal(0, 5)' --prior 'tau=half_cauchy(0, 5)' --json fit.json --report fit.html",
            "  multisite fit sites.csv --covariates urban,size --draws-csv draws.csv --sites-csv sites-out.csv",
            "  multisite fit students.csv --site school --outcome enrolled_ontime --family binomial --min-units 10",
            "  multisite fit trial.csv --one-stage --intercepts random --unit-covariates age",
            "",
            "Priors (--prior NAME=DIST): mu, tau or tau2, beta (all coefficients) or beta[NAME], nu (t), alpha (dp),",
            "alpha_sd (logspline: the scale of the spline coefficients, in log-density units);",
            "for mixture and dp, mu and tau (or tau2) are the priors of every component's location and scale.",
            "DIST one of normal(m, s), half_normal(0, s), half_cauchy(0, s), student_t(nu, m, s), half_t(nu, 0, s),",
            "uniform(a, b), inv_gamma(a, b), gamma(a, b), flat. The normal model needs normal or flat priors on mu and beta.",
            "Defaults are scaled to the data and printed with the results."})
public final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Mixin
    OneStageOptions unitModel;

    @Option(names = "--model", defaultValue = "normal", completionCandidates = GOptions.Names.class,
            description = "Model of G: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    GOptions g;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    OutputOptions output;

    @Mixin
    DrawsOptions draws;

    @Mixin
    SitesCsvOption sites;

    @Override
    public Integer call() {
        FitRunner.checkOutputs(output, draws, sites.sitesCsv);
        var config = sampling.config();
        g.check(List.of(model));
        List<String> unitPriors = g.rest(List.of(model));
        String level = input.level();
        String name = input.data.getFileName().toString();
        if (level.equals("unit")) {
            UnitFit fit = UnitFit.of(input.data.toString(), input.units(), input.unit.estimatorOptions(),
                    sites -> g.spec(model, sites.size()), unitPriors, unitModel.oneStage, unitModel.intercepts);
            return FitRunner.run(fit.model(), config, output, draws, sites.sitesCsv, name, fit.description(), fit.lines(), spec);
        }
        unitModel.checkSiteLevel(input.unitColumnsHint());
        for (String a : unitPriors) {
            throw new InputException("--prior " + a + ": the " + model + " model has no parameter '" + GSpec.target(a) + "'");
        }
        SiteData siteData = input.siteData();
        // what every site-level model holds at least (G's mean and SD, and G of each draw, two
        // numbers, and each site's rank tally, its effect recomputed rather than stored by the
        // normal model): refused before the model is built, which takes seconds at 100,000 sites;
        // the sampler checks the exact need
        Memory.checkDraws(config, 4, siteData.size(), siteData.size());
        SiteModel chosen = g.spec(model, siteData.size()).siteLevel(siteData);
        return FitRunner.run(chosen, config, output, draws, sites.sitesCsv, name, DataDescription.siteLevel(), List.of(), spec);
    }
}
