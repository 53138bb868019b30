package org.multisite.study;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.GSpec;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;

/**
 * A simulation study (design.md section 6), as plain data: the seed, the replications, the
 * factors whose every combination is a cell, the models of G to fit in every replication (each
 * under a label, so one model may appear with different priors), the estimators and metrics,
 * and the sampler. Serializable, so that an engine can ship it to its workers, which rebuild
 * every model through the registry.
 *
 * @param factors each factor's levels, in the order the cells vary (the first slowest)
 */
public record StudySpec(long seed, int replications, Map<String, List<String>> factors, List<Model> models,
                        List<Estimator> estimators, List<Metric> metrics, SamplerConfig sampler) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A model of the study: its label in the results, and G. */
    public record Model(String label, GSpec g) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @throws InvalidParameterException naming what is wrong: replications, a factor (every
     *     cell's design is checked), a duplicate label, or an empty list
     */
    public StudySpec {
        if (replications < 1) {
            throw InvalidParameterException.of("replications", replications, "must be >= 1");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        factors.forEach((k, v) -> {
            if (v.isEmpty()) {
                throw InvalidParameterException.of(k, "[]", "a factor needs at least one level");
            }
            copy.put(k, List.copyOf(v));
        });
        factors = Collections.unmodifiableMap(copy);
        models = List.copyOf(models);
        estimators = List.copyOf(estimators);
        metrics = List.copyOf(metrics);
        for (Object[] list : new Object[][] {{"models", models}, {"estimators", estimators}, {"metrics", metrics}}) {
            if (((List<?>) list[1]).isEmpty()) {
                throw InvalidParameterException.of((String) list[0], "[]", "give at least one");
            }
        }
        Set<String> labels = new HashSet<>();
        for (Model m : models) {
            if (!labels.add(m.label())) {
                throw InvalidParameterException.of("models", m.label(), "two models have this label; give each its own");
            }
        }
        for (Map<String, String> cell : cells(factors)) {
            Designs.design(cell);
        }
    }

    /**
     * Builds every model on a data set simulated from the first cell, so that priors and options
     * a model refuses only when it is built (a location prior of the wrong family, a grid too
     * coarse) are refused before any replication runs.
     *
     * @throws InvalidParameterException naming the model's prior or option
     */
    public void checkModels() {
        SiteData sample = SiteSimulator.simulate(Designs.design(cells().get(0)), SeedStreams.data(seed)).data();
        for (Model m : models) {
            try {
                m.g().siteLevel(sample);
            } catch (InvalidParameterException e) {
                throw e.isPrior() ? InvalidParameterException.prior(m.label() + ": " + e.parameter(), e.value(), e.reason())
                        : InvalidParameterException.of(m.label() + ": " + e.parameter(), e.value(), e.reason());
            }
        }
    }

    /** Every cell: each combination of the factors' levels, the first factor varying slowest. */
    public List<Map<String, String>> cells() {
        return cells(factors);
    }

    private static List<Map<String, String>> cells(Map<String, List<String>> factors) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (var f : factors.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : out) {
                for (String level : f.getValue()) {
                    Map<String, String> d = new LinkedHashMap<>(c);
                    d.put(f.getKey(), level);
                    next.add(d);
                }
            }
            out = next;
        }
        return out.stream().map(Collections::unmodifiableMap).toList();
    }

    /**
     * The cell's factors in a canonical order (sorted by name), as {@code name=value;...}: the
     * cell's identity in files and in its seed.
     */
    public static String key(Map<String, String> cell) {
        return cell.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ";" + b).orElse("");
    }
}
