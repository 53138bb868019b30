package org.multisite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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
 * same rows; and the command line, run as spark-submit runs it (the command-line jar with this
 * module beside it), finds the Spark engine and writes the local engine's results.
 */
class SparkStudyEngineTest {
    @TempDir
    Path dir;

    private static StudySpec spec() {
        Map<String, List<String>> factors = new LinkedHashMap<>();
        factors.put("shape", List.of("gaussian", "skew"));
        factors.put("sites", List.of("25"));
        factors.put("informativeness", List.of("0.5", "0.9"));
        return new StudySpec(11, 6, factors, List.of(new StudySpec.Model("normal", GSpec.of("normal")),
                new StudySpec.Model("t", GSpec.of("t"))), List.of(Estimator.values()),
                List.of(SiteMetric.SSEL, SiteMetric.ISEL, SiteMetric.RANK_SEL, ModelMetric.COVER_TAU),
                new SamplerConfig(2, 100, 300, 1, 11, 1));
    }

    private static List<Row> run(StudyEngine engine, StudySpec spec) {
        List<Task> tasks = new ArrayList<>();
        for (Map<String, String> cell : spec.cells()) {
            for (int r = 1; r <= spec.replications(); r++) {
                tasks.add(new Task(cell, r));
            }
        }
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        engine.run(spec, tasks, 2, (task, r) -> rows.addAll(r));
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::cellKey).thenComparing(Row::replication).thenComparing(Row::model)
                .thenComparing(Row::estimator).thenComparing(Row::metric));
        return sorted;
    }

    @Test
    void sparkAndLocalEnginesGiveTheSameRows() {
        StudySpec spec = spec();
        List<Row> spark = run(new SparkStudyEngine(), spec);
        // 4 cells x 6 replications x 2 models x (4 estimators x 3 site metrics + 1 model metric)
        assertThat(spark).hasSize(4 * 6 * 2 * 13).isEqualTo(run(new LocalStudyEngine(), spec));
    }

    /**
     * {@code java -cp multisite.jar:multisite-spark classes:Spark org.multisite.cli.Main study ... --engine spark}:
     * the class path spark-submit builds from the command-line jar and {@code --jars multisite-spark.jar}.
     * Needs the command-line jar, which the build makes before this module's tests.
     */
    @Test
    void theCommandLineFindsTheSparkEngine() throws IOException, InterruptedException {
        Path cliJar = Path.of("../multisite-cli/target/multisite.jar").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.exists(cliJar), "the command-line jar is not built (" + cliJar + "); run mvn verify");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, """
                seed: 4
                replications: 3
                factors: {shape: [gaussian], sites: [15]}
                models: [normal]
                estimators: [pm, gr]
                metrics: [ssel, cover_mu]
                sampler: {chains: 2, warmup: 50, draws: 100}
                """);
        Path spark = dir.resolve("spark");
        Path local = dir.resolve("local");
        study(cliJar, spec, "spark", spark);
        study(cliJar, spec, "local", local);
        assertThat(sorted(spark.resolve("replications.csv"))).hasSize(3 * (2 + 1))
                .isEqualTo(sorted(local.resolve("replications.csv")));
        assertThat(Files.readString(spark.resolve("summary.csv"))).isEqualTo(Files.readString(local.resolve("summary.csv")));
    }

    /** Runs {@code multisite study SPEC --engine ENGINE} in its own JVM, with the command-line jar first on the class path. */
    private void study(Path cliJar, Path spec, String engine, Path out) throws IOException, InterruptedException {
        String classPath = cliJar + File.pathSeparator + System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("spark.jvm.options", "").trim().split("\\s+")).stream()
                .filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", classPath, "org.multisite.cli.Main", "study", spec.toString(), "--engine", engine,
                "--threads", "2", "--out", out.toString(), "--quiet"));
        Path log = dir.resolve(engine + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(engine + " finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }

    private static List<String> sorted(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size()).stream().sorted().toList();
    }
}
