package org.multisite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GSpec;
import org.multisite.study.Estimator;
import org.multisite.study.LocalStudyEngine;
import org.multisite.study.ModelMetric;
import org.multisite.study.Row;
import org.multisite.study.SiteMetric;
import org.multisite.study.StudyEngine;
import org.multisite.study.StudySpec;
import org.multisite.study.Task;

/**
 * The same spec and seed on Spark (local[2], as CI runs it) and on the local engine give the
 * same rows. Where the command-line jar is built (the reactor builds it before this module),
 * Spark runs as spark-submit runs it: the command line in its own JVM with this module beside the
 * jar, which must find the Spark engine by itself; otherwise the engine runs in this JVM.
 */
class SparkStudyEngineTest {
    private static final String SPEC = """
            seed: 11
            replications: 6
            factors:
              shape: [gaussian, skew]
              sites: [25]
              informativeness: [0.5, 0.9]
            models: [normal, t]
            estimators: [ml, pm, cb, gr]
            metrics: [ssel, isel, rank_sel, cover_tau]
            sampler: {chains: 2, warmup: 100, draws: 300}
            """;

    @TempDir
    Path dir;

    /** {@link #SPEC} as the core's spec. */
    private static StudySpec spec() {
        Map<String, List<String>> factors = new java.util.LinkedHashMap<>();
        factors.put("shape", List.of("gaussian", "skew"));
        factors.put("sites", List.of("25"));
        factors.put("informativeness", List.of("0.5", "0.9"));
        return new StudySpec(11, 6, factors, List.of(new StudySpec.Model("normal", GSpec.of("normal")),
                new StudySpec.Model("t", GSpec.of("t"))), List.of(Estimator.values()),
                List.of(SiteMetric.SSEL, SiteMetric.ISEL, SiteMetric.RANK_SEL, ModelMetric.COVER_TAU),
                new SamplerConfig(2, 100, 300, 1, 11, 1));
    }

    /**
     * Every row of the study on {@code engine}, as the results file's lines (factors, replication,
     * model, label, estimator, metric, value), sorted.
     */
    private static List<String> lines(StudyEngine engine, StudySpec spec) {
        Map<String, String> modelOf = new java.util.HashMap<>();
        spec.models().forEach(m -> modelOf.put(m.label(), m.g().model()));
        List<Task> tasks = new ArrayList<>();
        for (Map<String, String> cell : spec.cells()) {
            for (int r = 1; r <= spec.replications(); r++) {
                tasks.add(new Task(cell, r));
            }
        }
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        engine.run(spec, tasks, 2, (task, rows) -> {
            for (Row r : rows) {
                out.add(String.join(",", task.cell().get("shape"), task.cell().get("sites"), task.cell().get("informativeness"),
                        Integer.toString(task.replication()), modelOf.get(r.model()), r.model(), r.estimator(), r.metric(),
                        Double.toString(r.value())));
            }
        });
        return out.stream().sorted().toList();
    }

    @Test
    void sparkAndLocalEnginesGiveTheSameRows() throws IOException, InterruptedException {
        StudySpec spec = spec();
        List<String> local = lines(new LocalStudyEngine(), spec);
        // 4 cells x 6 replications x 2 models x (4 estimators x 3 site metrics + 1 model metric)
        assertThat(local).hasSize(4 * 6 * 2 * 13);
        Path cliJar = Path.of("../multisite-cli/target/multisite.jar").toAbsolutePath().normalize();
        if (!Files.exists(cliJar)) {
            System.out.println("SparkStudyEngineTest: " + cliJar + " is not built; running the Spark engine in this JVM instead"
                    + " of through the command line (mvn verify builds it first)");
            assertThat(lines(new SparkStudyEngine(), spec)).isEqualTo(local);
            return;
        }
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, SPEC);
        Path out = dir.resolve("spark");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("spark.jvm.options", "").trim().split("\\s+")).stream()
                .filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", cliJar + File.pathSeparator + System.getProperty("java.class.path"),
                "org.multisite.cli.Main", "study", file.toString(), "--engine", "spark", "--threads", "2", "--out", out.toString(),
                "--quiet"));
        Path log = dir.resolve("spark.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the study finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        List<String> written = Files.readAllLines(out.resolve("replications.csv"));
        assertThat(written.subList(1, written.size()).stream().sorted().toList()).isEqualTo(local);
        assertThat(Files.readAllLines(out.resolve("done.tsv"))).hasSize(24);
    }
}
