package org.multisite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.cli.Main;

/**
 * The test: the same spec and seed on Spark (local[2], as CI runs it) and on the local
 * engine give the same results file after sorting, and the same summary.
 */
class SparkStudyEngineTest {
    @TempDir
    Path dir;

    private static int run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return code;
    }

    private static List<String> sortedRows(Path results) throws IOException {
        List<String> lines = Files.readAllLines(results.resolve("replications.csv"));
        return lines.subList(1, lines.size()).stream().sorted().toList();
    }

    @Test
    void sparkAndLocalEnginesGiveTheSameResults() throws IOException {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, """
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
                """);
        Path spark = dir.resolve("spark");
        Path local = dir.resolve("local");
        run("study", spec.toString(), "--engine", "spark", "--threads", "2", "--out", spark.toString(), "--quiet");
        run("study", spec.toString(), "--engine", "local", "--threads", "2", "--out", local.toString(), "--quiet");
        // 4 cells x 6 replications x 2 models x (4 estimators x 3 site metrics + 1 model metric)
        assertThat(sortedRows(spark)).hasSize(4 * 6 * 2 * 13).isEqualTo(sortedRows(local));
        assertThat(Files.readString(spark.resolve("summary.csv"))).isEqualTo(Files.readString(local.resolve("summary.csv")));
        assertThat(Files.readAllLines(spark.resolve("done.tsv"))).hasSize(24);
    }
}
