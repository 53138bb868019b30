package org.multisite.study;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.InvalidParameterException;

/**
 * A study's loss or summary, made free of G's scale (divided by tau^2, or tau). Site metrics
 * ({@link SiteMetric}) score each estimator's site estimates; model metrics
 * ({@link ModelMetric}) score each model's G; data metrics ({@link DataMetric}) score the
 * replication's data alone, once.
 */
public sealed interface Metric permits SiteMetric, ModelMetric, DataMetric {
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

    /** Every metric: the site metrics, the model metrics, then the data metrics. */
    static List<Metric> all() {
        List<Metric> out = new ArrayList<>(List.of(SiteMetric.values()));
        out.addAll(List.of(ModelMetric.values()));
        out.addAll(List.of(DataMetric.values()));
        return out;
    }
}
