package org.multisite.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A study spec (contract.md {@code study}) read from YAML: seed, replications, factors (each a
 * list of levels, or one value), models with their priors, estimators, metrics, and the
 * sampler's chains, warm-up and draws. Unknown keys are refused, naming the file and the key.
 */
public final class StudySpecReader {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final List<String> KEYS = List.of("seed", "replications", "factors", "models", "estimators", "metrics",
            "sampler");

    /** A model of the spec: name, priors (NAME=DIST), and options (components, truncation, df, grid_points). */
    public record ModelEntry(String name, List<String> priors, Map<String, Integer> options) {
    }

    /** The spec as read; factor levels as strings, in the file's order. */
    public record Spec(long seed, int replications, Map<String, List<String>> factors, List<ModelEntry> models,
                       List<String> estimators, List<String> metrics, int chains, int warmup, int draws, String text) {
    }

    private StudySpecReader() {
    }

    public static Spec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static Spec parse(String name, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new InputException(name + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputException(name + ": expected a YAML mapping with keys " + KEYS);
        }
        for (String k : root.propertyNames()) {
            if (!KEYS.contains(k)) {
                throw new InputException(name + ": key '" + k + "' is not known (known: " + String.join(", ", KEYS) + ")");
            }
        }
        long seed = integer(name, root, "seed", 1);
        int replications = (int) integer(name, root, "replications", 100);
        if (replications < 1) {
            throw new InputException(name + ": replications must be >= 1, got " + replications);
        }
        Map<String, List<String>> factors = new LinkedHashMap<>();
        JsonNode f = root.path("factors");
        if (!f.isObject() || f.isEmpty()) {
            throw new InputException(name + ": 'factors' must map factor names to their levels, e.g. sites: [25, 50]");
        }
        for (String k : f.propertyNames()) {
            JsonNode v = f.get(k);
            List<String> levels = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode level : v) {
                    levels.add(scalar(name, "factors." + k, level));
                }
            } else {
                levels.add(scalar(name, "factors." + k, v));
            }
            if (levels.isEmpty()) {
                throw new InputException(name + ": factor '" + k + "' has no levels");
            }
            factors.put(k, levels);
        }
        List<ModelEntry> models = new ArrayList<>();
        JsonNode m = root.path("models");
        if (m.isMissingNode()) {
            models.add(new ModelEntry("normal", List.of(), Map.of()));
        } else if (!m.isArray() || m.isEmpty()) {
            throw new InputException(name + ": 'models' must be a list, e.g. - name: normal");
        } else {
            for (JsonNode entry : m) {
                if (entry.isString()) {
                    models.add(new ModelEntry(entry.asString(), List.of(), Map.of()));
                    continue;
                }
                String model = entry.path("name").asString("");
                if (model.isEmpty()) {
                    throw new InputException(name + ": every model needs a name");
                }
                List<String> priors = new ArrayList<>();
                Map<String, Integer> options = new LinkedHashMap<>();
                for (String k : entry.propertyNames()) {
                    switch (k) {
                        case "name" -> { }
                        case "priors" -> {
                            for (String target : entry.get(k).propertyNames()) {
                                priors.add(target + "=" + scalar(name, "models." + model + ".priors." + target,
                                        entry.get(k).get(target)));
                            }
                        }
                        case "components", "truncation", "df", "grid_points" -> options.put(k, (int) integer(name, entry, k, 0));
                        default -> throw new InputException(name + ": model " + model + ": key '" + k
                                + "' is not known (name, priors, components, truncation, df, grid_points)");
                    }
                }
                models.add(new ModelEntry(model, List.copyOf(priors), Map.copyOf(options)));
            }
        }
        List<String> estimators = list(name, root, "estimators", List.of("ml", "pm", "cb", "gr"));
        List<String> metrics = list(name, root, "metrics", List.of("ssel", "isel", "rank_sel", "var_est"));
        JsonNode sampler = root.path("sampler");
        for (String k : sampler.isObject() ? sampler.propertyNames() : List.<String>of()) {
            if (!List.of("chains", "warmup", "draws").contains(k)) {
                throw new InputException(name + ": sampler: key '" + k + "' is not known (chains, warmup, draws)");
            }
        }
        int chains = (int) integer(name, sampler, "chains", 2);
        int warmup = (int) integer(name, sampler, "warmup", 500);
        int draws = (int) integer(name, sampler, "draws", 1000);
        return new Spec(seed, replications, factors, models, estimators, metrics, chains, warmup, draws, text);
    }

    private static long integer(String name, JsonNode node, String key, long fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw new InputException(name + ": '" + key + "' must be an integer, got " + v);
        }
        return v.asLong();
    }

    private static String scalar(String name, String where, JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new InputException(name + ": " + where + " must be a number or a word, got " + v);
        }
        return v.asString();
    }

    private static List<String> list(String name, JsonNode root, String key, List<String> fallback) {
        JsonNode v = root.path(key);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (!v.isArray() || v.isEmpty()) {
            throw new InputException(name + ": '" + key + "' must be a list, e.g. [" + String.join(", ", fallback) + "]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            out.add(scalar(name, key, x));
        }
        return out;
    }
}
