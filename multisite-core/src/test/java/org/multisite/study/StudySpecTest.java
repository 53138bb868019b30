package org.multisite.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GSpec;

class StudySpecTest {
    private static final SamplerConfig SAMPLER = new SamplerConfig(2, 50, 50, 1, 1, 1);

    private static StudySpec spec(Map<String, List<String>> factors, List<StudySpec.Model> models) {
        return new StudySpec(3, 2, factors, models, List.of(Estimator.ML, Estimator.GR), List.of(SiteMetric.SSEL,
                ModelMetric.COVER_TAU), SAMPLER);
    }

    private static Map<String, List<String>> factors() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("shape", List.of("gaussian", "skew"));
        f.put("sites", List.of("12"));
        return f;
    }

    private static final List<StudySpec.Model> MODELS = List.of(new StudySpec.Model("normal", GSpec.of("normal")),
            new StudySpec.Model("dp-tight", new GSpec("dp", List.of("alpha=gamma(4, 2)"), Map.of("truncation", 6))));

    @Test
    void everyMetricAndEstimatorIsFoundByItsName() {
        for (Metric m : Metric.all()) {
            assertThat(Metric.named(m.label())).isSameAs(m);
        }
        for (Estimator e : Estimator.values()) {
            assertThat(Estimator.named(e.label())).isSameAs(e);
        }
        assertThatThrownBy(() -> Metric.named("mse")).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("metrics mse: expected one of [ssel,");
    }

    @Test
    void refusalsNameTheFactorOrEntry() {
        Map<String, List<String>> bad = factors();
        bad.put("colour", List.of("red"));
        assertThatThrownBy(() -> spec(bad, MODELS)).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("colour red: not a known factor");
        Map<String, List<String>> shape = factors();
        shape.put("shape", List.of("gaussian", "cauchy"));
        assertThatThrownBy(() -> spec(shape, MODELS)).hasMessageStartingWith("shape cauchy: expected gaussian");
        Map<String, List<String>> df = factors();
        df.put("shape", List.of("t"));
        df.put("df", List.of("1.5"));
        assertThatThrownBy(() -> spec(df, MODELS)).hasMessageStartingWith("df 1.5: must be > 2");
        assertThatThrownBy(() -> spec(factors(), List.of(MODELS.get(0), MODELS.get(0))))
                .hasMessageContaining("two models have this label");
    }

    /** The local engine on 1 and 3 threads gives the same rows; the spec survives serialization and gives them too. */
    @Test
    void rowsDependOnTheSpecAloneNotOnTheEngineOrItsThreads() throws IOException, ClassNotFoundException {
        StudySpec spec = spec(factors(), MODELS);
        List<Task> tasks = new ArrayList<>();
        for (Map<String, String> cell : spec.cells()) {
            for (int r = 1; r <= spec.replications(); r++) {
                tasks.add(new Task(cell, r));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        StudySpec back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (StudySpec) in.readObject();
        }
        assertThat(back).isEqualTo(spec);
        List<Row> one = run(spec, tasks, 1);
        assertThat(one).hasSize(2 * 2 * 2 * (2 + 1));
        assertThat(run(spec, tasks, 3)).isEqualTo(one);
        assertThat(run(back, tasks, 2)).isEqualTo(one);
        assertThat(one).anyMatch(r -> r.model().equals("dp-tight") && r.metric().equals("cover_tau"));
    }

    private static List<Row> run(StudySpec spec, List<Task> tasks, int threads) {
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        new LocalStudyEngine().run(spec, tasks, threads, (task, r) -> rows.addAll(r));
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::cellKey).thenComparing(Row::replication).thenComparing(Row::model)
                .thenComparing(Row::estimator).thenComparing(Row::metric));
        return sorted;
    }
}
