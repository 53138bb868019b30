package org.multisite.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.multisite.data.SiteData;
import org.multisite.estimate.SiteEstimator;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.io.UnitCsvReader;
import org.multisite.io.UnitReport;
import org.multisite.model.GSpec;
import org.multisite.model.OneStageModel;
import org.multisite.model.OneStagePriors;
import org.multisite.model.SiteModel;
import org.multisite.prior.Prior;

/**
 * The model for unit-level records, shared by {@code fit}, {@code compare} and {@code demo}:
 * each site's effect estimated first, then either the model of those estimates (two-stage) or
 * the one-stage model of the records; with the data's provenance for the outputs.
 */
record UnitFit(SiteModel model, DataDescription description, List<String> lines) {

    /**
     * @param g G for the estimated sites (it may depend on them: the DP's elicited prior needs J)
     * @param unitPriors assignments for the one-stage model's own parameters (sigma, gamma, a, alpha, omega)
     */
    static UnitFit of(String name, UnitCsvReader.Result read, SiteEstimator.Options options, Function<SiteData, GSpec> g,
                      List<String> unitPriors, boolean oneStage, String intercepts) {
        SiteEstimator.Result estimates = SiteEstimator.estimate(read.data(), options);
        SiteData siteData;
        try {
            siteData = estimates.toSiteData();
        } catch (IllegalArgumentException e) {
            throw new InputException(name + ": " + e.getMessage());
        }
        DataDescription description = DataDescription.unitLevel(read, estimates, options.effect().label());
        List<String> lines = new ArrayList<>(List.of(oneStage
                ? "unit-level records, one-stage model (the site estimates are shown as the raw estimates):"
                : "unit-level records, site effects estimated first (" + options.effect().label() + "), then the model:"));
        lines.addAll(UnitReport.lines(read, estimates, false));
        GSpec spec = g.apply(siteData);
        SiteModel model;
        if (oneStage) {
            model = oneStage(read, siteData, intercepts, spec, unitPriors);
        } else {
            if (!"fixed".equals(intercepts)) {
                throw new InputException("--intercepts applies to the one-stage model only (--one-stage)");
            }
            for (String a : unitPriors) {
                throw new InputException("--prior " + a + ": the " + spec.model() + " model has no parameter '"
                        + GSpec.target(a) + "'");
            }
            model = spec.siteLevel(siteData);
        }
        return new UnitFit(model, description, lines);
    }

    private static SiteModel oneStage(UnitCsvReader.Result read, SiteData siteData, String intercepts, GSpec g,
                                      List<String> unitPriors) {
        OneStageModel.Intercepts kind = switch (intercepts.toLowerCase(Locale.ROOT)) {
            case "fixed" -> OneStageModel.Intercepts.FIXED;
            case "random" -> OneStageModel.Intercepts.RANDOM;
            default -> throw new InputException("--intercepts " + intercepts + ": expected fixed or random");
        };
        List<String> names = read.data().covariateNames();
        OneStagePriors priors = OneStagePriors.defaults(read.data(), siteData);
        for (String a : unitPriors) {
            Prior p = GSpec.prior(a);
            priors = priors.with(GSpec.target(a), p, names);
        }
        return OneStageModel.of(read.data(), siteData, kind, priors, g.effects(siteData));
    }
}
