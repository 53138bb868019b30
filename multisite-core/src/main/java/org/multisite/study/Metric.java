package org.multisite.study;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.InvalidParameterException;

/**
 * A study's loss or summary, made free of G's scale (divided by tau^2, or tau). Site metrics
 * ({@link SiteMetric}) score each estimator's site estimates; model metrics
 * ({@link ModelMetric}) score each model's G.
 */
public sealed interface Metric permits SiteMetric, ModelMetric {
    /** Its name in specs and results. */
    String label();

    /** @throws InvalidParameterException (metrics) for an unknown name */
    static Metric named(String name) {
        for (Metric m : all()) {
            if (m.label().equals(name)) {
                return m;
            }
        }
        throw InvalidParameterException.of("metrics", name, "expected one of " + all().stream().map(Metric::label).toList());
    }

    /** Every metric: the site metrics, then the model metrics. */
    static List<Metric> all() {
        List<Metric> out = new ArrayList<>(List.of(SiteMetric.values()));
        out.addAll(List.of(ModelMetric.values()));
        return out;
    }
}
