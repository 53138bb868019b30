package org.multisite.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GModels;
import org.multisite.model.GSpec;
import org.multisite.sim.Designs;
import org.multisite.study.Estimator;
import org.multisite.study.Metric;
import org.multisite.study.StudySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A study spec (contract.md {@code study}) read from YAML into the core's {@link StudySpec}:
 * seed, replications, factors (each a list of levels, or one value), models (a name, or a
 * mapping with name, an optional label, priors and the model's integer options), estimators,
 * metrics, and the sampler's chains, warm-up and draws. Unknown keys are refused; every refusal
 * names the file and the entry.
 */
public final class StudySpecReader {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final List<String> KEYS = List.of("seed", "replications", "factors", "models", "estimators", "metrics",
            "sampler");
    private static final List<String> DEFAULT_ESTIMATORS = List.of("ml", "pm", "cb", "gr");
    private static final List<String> DEFAULT_METRICS = List.of("ssel", "isel", "rank_sel", "var_est");
    /** Every model's integer options, as a spec's model entries name them. */
    private static final List<String> OPTIONS = GModels.ALL.stream().flatMap(g -> g.options().stream())
            .map(o -> o.name()).distinct().toList();

    /** The spec as the core runs it, and its text as read (kept with the results, so a resume can check it). */
    public record Read(StudySpec spec, String text) {
    }

    private StudySpecReader() {
    }

    public static Read read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static Read parse(String name, String text) {
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
        Map<String, List<String>> factors = factors(name, root.path("factors"));
        List<StudySpec.Model> models = models(name, root.path("models"));
        List<Estimator> estimators = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        SamplerConfig sampler;
        try {
            list(name, root, "estimators", DEFAULT_ESTIMATORS).forEach(e -> estimators.add(Estimator.named(e)));
            list(name, root, "metrics", DEFAULT_METRICS).forEach(m -> metrics.add(Metric.named(m)));
        } catch (InvalidParameterException e) {
            throw new InputException(name + ": " + e.getMessage());
        }
        JsonNode s = root.path("sampler");
        for (String k : s.isObject() ? s.propertyNames() : List.<String>of()) {
            if (!List.of("chains", "warmup", "draws").contains(k)) {
                throw new InputException(name + ": sampler: key '" + k + "' is not known (chains, warmup, draws)");
            }
        }
        try {
            sampler = new SamplerConfig((int) integer(name, s, "chains", 2), (int) integer(name, s, "warmup", 500),
                    (int) integer(name, s, "draws", 1000), 1, seed, 1);
        } catch (InvalidParameterException e) {
            throw new InputException(name + ": sampler: " + e.getMessage());
        }
        StudySpec spec;
        try {
            spec = new StudySpec(seed, replications, factors, models, estimators, metrics, sampler);
        } catch (InvalidParameterException e) {
            boolean factor = factors.containsKey(e.parameter()) || Designs.FACTORS.contains(e.parameter());
            throw new InputException(name + ": " + (factor ? "factors: " : "") + e.getMessage());
        }
        try {
            spec.checkModels();
        } catch (InvalidParameterException e) {
            throw new InputException(name + ": models: " + e.getMessage());
        }
        return new Read(spec, text);
    }

    private static Map<String, List<String>> factors(String name, JsonNode f) {
        if (!f.isObject() || f.isEmpty()) {
            throw new InputException(name + ": 'factors' must map factor names to their levels, e.g. sites: [25, 50]");
        }
        Map<String, List<String>> factors = new LinkedHashMap<>();
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
        return factors;
    }

    /** The models: names, or mappings of name, label, priors (TARGET: DIST) and integer options. */
    private static List<StudySpec.Model> models(String name, JsonNode m) {
        List<StudySpec.Model> models = new ArrayList<>();
        if (m.isMissingNode()) {
            return List.of(new StudySpec.Model("normal", GSpec.of("normal")));
        }
        if (!m.isArray() || m.isEmpty()) {
            throw new InputException(name + ": 'models' must be a list, e.g. - name: normal");
        }
        for (JsonNode entry : m) {
            String model = entry.isString() ? entry.asString() : entry.path("name").asString("");
            if (model.isEmpty()) {
                throw new InputException(name + ": every model needs a name");
            }
            String label = model;
            List<String> priors = new ArrayList<>();
            Map<String, Integer> options = new LinkedHashMap<>();
            String dpPrior = null;
            for (String k : entry.isObject() ? entry.propertyNames() : List.<String>of()) {
                switch (k) {
                    case "name" -> { }
                    case "label" -> label = scalar(name, "models." + model + ".label", entry.get(k));
                    case "dp_prior" -> dpPrior = scalar(name, "models." + model + ".dp_prior", entry.get(k));
                    case "priors" -> {
                        for (String target : entry.get(k).propertyNames()) {
                            priors.add(target + "=" + scalar(name, "models." + model + ".priors." + target, entry.get(k).get(target)));
                        }
                    }
                    default -> {
                        if (GModels.ALL.stream().noneMatch(g -> g.hasOption(k))) {
                            throw new InputException(name + ": models: " + model + ": key '" + k + "' is not known (name, label,"
                                    + " priors, dp_prior, or a model's option: " + String.join(", ", OPTIONS) + ")");
                        }
                        options.put(k, (int) integer(name + ": models: " + model, entry, k, 0));
                    }
                }
            }
            try {
                models.add(new StudySpec.Model(label, new GSpec(model, priors, options, dpPrior)));
            } catch (InvalidParameterException e) {
                throw new InputException(name + ": models: " + (e.parameter().equals("model") ? "" : model + ": ") + e.getMessage());
            }
        }
        return models;
    }

    private static long integer(String name, JsonNode node, String key, long fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
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
