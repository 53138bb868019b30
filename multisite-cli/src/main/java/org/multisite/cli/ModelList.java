package org.multisite.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.multisite.data.SiteData;
import org.multisite.io.DataDescription;
import org.multisite.io.InputException;
import org.multisite.io.UnitCsvReader;
import org.multisite.model.GModels;
import org.multisite.model.SiteModel;

/**
 * The models of {@code --models NAME[:LABEL],...} (compare, analyze): each a registry name and
 * its label (the name unless given); each label once.
 */
record ModelList(List<String> names, List<String> labels) {
    /** The models built for the data: the sites they describe, the data's provenance, one model per name. */
    record Built(SiteData sites, DataDescription description, List<SiteModel> models) {
    }

    /** @param entries the option's values; empty means every model in the registry */
    static ModelList parse(List<String> entries) {
        List<String> names = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String entry : entries.isEmpty() ? GModels.names() : entries) {
            int colon = entry.indexOf(':');
            String name = (colon < 0 ? entry : entry.substring(0, colon)).trim();
            String label = (colon < 0 ? name : entry.substring(colon + 1)).trim();
            if (!GModels.names().contains(name)) {
                throw new InputException("--models: '" + name + "' is not available (available: "
                        + String.join(", ", GModels.names()) + ")");
            }
            if (!label.matches("[A-Za-z0-9_-]+")) {
                throw new InputException("--models " + entry + ": a label is letters, digits, '_' and '-'");
            }
            if (labels.contains(label)) {
                throw new InputException("--models: '" + label + "' appears twice; give each model its own label, e.g. "
                        + name + ":a," + name + ":b (and --prior 'a.NAME=DIST' for one of them)");
            }
            names.add(name);
            labels.add(label);
        }
        return new ModelList(List.copyOf(names), List.copyOf(labels));
    }

    /**
     * The models of {@code names} (labelled {@code labels}) for the data of {@code input}: site
     * estimates, or unit records estimated per site first or, with {@code --one-stage}, modelled
     * one stage; {@code command} names the models in the refusal of a prior none of them has.
     */
    static Built build(DataOptions input, OneStageOptions unitModel, GOptions g, List<String> names, List<String> labels,
                       String command) {
        List<String> unique = List.copyOf(new LinkedHashSet<>(names));
        // each prior goes to the models that have its target; the rest to the one-stage model of the units
        List<String> rest = g.rest(unique, labels);
        boolean unitLevel = input.level().equals("unit");
        if (!(unitLevel && unitModel.oneStage)) {
            for (String a : rest) {
                throw new InputException("--prior " + a + ": none of the " + command + " models " + unique + " has that parameter");
            }
        }
        List<SiteModel> chosen = new ArrayList<>();
        if (unitLevel) {
            UnitCsvReader.Result read = input.units();
            UnitFit first = null;
            for (int k = 0; k < names.size(); k++) {
                String m = names.get(k);
                String label = labels.get(k);
                UnitFit fit = UnitFit.of(input.data.toString(), read, input.unit.estimatorOptions(),
                        s -> g.spec(m, label, labels, s.size()), rest, unitModel.oneStage, unitModel.intercepts);
                first = first == null ? fit : first;
                chosen.add(fit.model());
            }
            return new Built(first.model().data(), first.description(), List.copyOf(chosen));
        }
        unitModel.checkSiteLevel(input.unitColumnsHint());
        SiteData sites = input.siteData();
        for (int k = 0; k < names.size(); k++) {
            chosen.add(g.spec(names.get(k), labels.get(k), labels, sites.size()).siteLevel(sites));
        }
        return new Built(sites, DataDescription.siteLevel(), List.copyOf(chosen));
    }
}
