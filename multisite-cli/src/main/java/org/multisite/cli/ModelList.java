package org.multisite.cli;

import java.util.ArrayList;
import java.util.List;
import org.multisite.io.InputException;
import org.multisite.model.GModels;

/**
 * The models of {@code --models NAME[:LABEL],...} (compare, analyze): each a registry name and
 * its label (the name unless given); each label once.
 */
record ModelList(List<String> names, List<String> labels) {
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
}
