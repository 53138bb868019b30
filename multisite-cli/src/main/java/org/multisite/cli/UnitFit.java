package org.multisite.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.multisite.data.SiteData;
import org.multisite.estimate.SiteEstimator;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.io.UnitCsvReader;
import org.multisite.io.UnitReport;
import org.multisite.model.OneStageModel;
import org.multisite.model.OneStagePriors;
import org.multisite.model.SiteModel;

/**
 * The model for unit-level records, shared by {@code fit} and {@code demo}: each site's effect
 * estimated first, then either the normal model of those estimates (two-stage) or the one-stage
 * model of the records; with the data's provenance for the outputs.
 */
record UnitFit(SiteModel model, DataDescription description, List<String> lines) {

    static UnitFit of(String name, UnitCsvReader.Result read, SiteEstimator.Options options,
                      java.util.function.Function<SiteData, GChoice> gModel, boolean oneStage, String intercepts) {
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
        GChoice g = gModel.apply(siteData);
        SiteModel model;
        try {
            model = oneStage ? oneStage(read, siteData, intercepts, g) : twoStage(siteData, intercepts, g);
        } catch (IllegalArgumentException e) {
            throw new InputException("--prior: " + e.getMessage());
        }
        return new UnitFit(model, description, lines);
    }

    private static SiteModel twoStage(SiteData siteData, String intercepts, GChoice g) {
        if (!"fixed".equals(intercepts)) {
            throw new InputException("--intercepts applies to the one-stage model only (--one-stage)");
        }
        return g.siteLevel(siteData);
    }

    private static SiteModel oneStage(UnitCsvReader.Result read, SiteData siteData, String intercepts, GChoice g) {
        OneStageModel.Intercepts kind = switch (intercepts.toLowerCase(Locale.ROOT)) {
            case "fixed" -> OneStageModel.Intercepts.FIXED;
            case "random" -> OneStageModel.Intercepts.RANDOM;
            default -> throw new InputException("--intercepts " + intercepts + ": expected fixed or random");
        };
        List<String> names = read.data().covariateNames();
        OneStagePriors chosen = FitCommand.applyPriors(OneStagePriors.defaults(read.data(), siteData), g.rest(),
                (p, target, prior) -> p.with(target, prior, names));
        return OneStageModel.of(read.data(), siteData, kind, chosen, g.effects(siteData));
    }
}
