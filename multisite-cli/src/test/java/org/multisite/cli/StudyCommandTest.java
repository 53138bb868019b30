package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyCommandTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            seed: 3
            replications: %d
            factors:
              shape: [gaussian, bimodal]
              sites: [30]
              informativeness: [0.5]
            models:
              - name: normal
            estimators: [ml, pm, gr]
            metrics: [ssel, isel, cover_tau]
            sampler: {chains: 2, warmup: 100, draws: %d}
            """;

    private Path spec(int replications, int draws) throws IOException {
        Path p = dir.resolve("spec-" + replications + "-" + draws + ".yaml");
        Files.writeString(p, String.format(SPEC, replications, draws));
        return p;
    }

    private static List<String> sortedRows(Path results) throws IOException {
        List<String> lines = Files.readAllLines(results.resolve("replications.csv"));
        return lines.subList(1, lines.size()).stream().sorted().toList();
    }

    /**
     * A study runs, writes rows for every (cell, replication, model, estimator, metric) and a
     * summary; the same study on 1 and on 3 threads gives the same rows; a second run into the
     * same directory is refused, and --resume with nothing left changes nothing but dropping
     * unmarked rows.
     */
    @Test
    void runsSummarizesAndResumes() throws IOException {
        Path spec = spec(4, 300);
        Path one = dir.resolve("one");
        CliRun r = CliRun.of("study", spec.toString(), "--out", one.toString(), "--threads", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        // 2 cells x 4 replications x (3 estimators x 2 site metrics + 1 model metric)
        assertThat(sortedRows(one)).hasSize(2 * 4 * 7);
        assertThat(Files.readAllLines(one.resolve("replications.csv")).get(0))
                .isEqualTo("shape,sites,informativeness,replication,model,label,estimator,metric,value");
        List<String> summary = Files.readAllLines(one.resolve("summary.csv"));
        assertThat(summary.get(0)).isEqualTo("shape,sites,informativeness,model,label,estimator,metric,mean,mcse,replications");
        assertThat(summary).hasSize(1 + 2 * 7);
        Path three = dir.resolve("three");
        CliRun r3 = CliRun.of("study", spec.toString(), "--out", three.toString(), "--threads", "3", "--quiet");
        assertThat(r3.code()).as(r3.err()).isZero();
        assertThat(sortedRows(three)).isEqualTo(sortedRows(one));
        assertThat(Files.readString(three.resolve("summary.csv"))).isEqualTo(Files.readString(one.resolve("summary.csv")));
        CliRun again = CliRun.of("study", spec.toString(), "--out", one.toString(), "--quiet");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("use --resume");
        // rows of a replication never marked done (a kill between writing and marking) are dropped on resume
        Files.writeString(one.resolve("replications.csv"), "gaussian,30,0.5,99,normal,normal,ml,ssel,1.0\n",
                java.nio.file.StandardOpenOption.APPEND);
        CliRun resumed = CliRun.of("study", spec.toString(), "--out", one.toString(), "--resume", "--quiet");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(sortedRows(one)).isEqualTo(sortedRows(three));
    }

    /**
     * The issue's test: a study killed with SIGKILL (a separate JVM, destroyed forcibly once a
     * few replications are marked done) and resumed ends with exactly the rows of an
     * uninterrupted run.
     */
    @Test
    void killedAndResumedEqualsUninterrupted() throws Exception {
        Path spec = spec(30, 3000);
        Path killed = dir.resolve("killed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.multisite.cli.Main", "study", spec.toString(), "--out",
                killed.toString(), "--threads", "1", "--quiet").redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path done = killed.resolve("done.tsv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!Files.exists(done) || Files.readAllLines(done).size() < 3)) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the study finished before it could be killed: " + Files.readString(dir.resolve("child.log")))
                .isTrue();
        p.destroyForcibly().waitFor();
        int marked = Files.readAllLines(done).size();
        assertThat(marked).isLessThan(60);
        CliRun resumed = CliRun.of("study", spec.toString(), "--out", killed.toString(), "--resume", "--threads", "2", "--quiet");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        Path whole = dir.resolve("whole");
        CliRun uninterrupted = CliRun.of("study", spec.toString(), "--out", whole.toString(), "--threads", "2", "--quiet");
        assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();
        assertThat(sortedRows(killed)).hasSize(2 * 30 * 7).isEqualTo(sortedRows(whole));
        assertThat(Files.readString(killed.resolve("summary.csv"))).isEqualTo(Files.readString(whole.resolve("summary.csv")));
    }

    /**
     * Issue 14, item 2: results damaged by hand (cut at a row boundary, cut mid-row, a value
     * edited, rows duplicated) are found on resume, which names the replications and runs them
     * again, ending with the rows of an untouched run. Before, a cut at a row boundary gave a
     * summary of fewer replications with exit 0, and a cut mid-row an ArrayIndexOutOfBoundsException.
     */
    @Test
    void damagedResultsAreFoundAndRunAgain() throws IOException {
        Path spec = spec(3, 100);
        Path whole = dir.resolve("whole");
        assertThat(CliRun.of("study", spec.toString(), "--out", whole.toString(), "--quiet").code()).isZero();
        String rows = Files.readString(whole.resolve("replications.csv"));
        String done = Files.readString(whole.resolve("done.tsv"));
        List<String> lines = rows.lines().toList();
        String edited = lines.get(5).replaceFirst(",[^,]*$", ",0.125");
        String[][] damages = {
            {"cut at a row boundary", String.join("\n", lines.subList(0, lines.size() - 3)) + "\n"},
            {"cut mid-row", rows.substring(0, rows.length() - 9)},
            {"a value edited", rows.replace(lines.get(5), edited)},
            {"rows duplicated", rows + String.join("\n", lines.subList(1, 4)) + "\n"},
        };
        for (String[] damage : damages) {
            Path d = dir.resolve("damaged-" + damage[0].replace(' ', '-'));
            Files.createDirectories(d);
            Files.copy(whole.resolve("spec.yaml"), d.resolve("spec.yaml"));
            Files.writeString(d.resolve("done.tsv"), done);
            Files.writeString(d.resolve("replications.csv"), damage[1]);
            CliRun resumed = CliRun.of("study", spec.toString(), "--out", d.toString(), "--resume", "--quiet");
            assertThat(resumed.code()).as(damage[0] + ": " + resumed.err()).isZero();
            assertThat(resumed.err()).as(damage[0]).contains("rows were missing or changed in", "running again: ")
                    .containsPattern("shape=\\w+;sites=30 \\(replication");
            assertThat(sortedRows(d)).as(damage[0]).isEqualTo(sortedRows(whole));
            assertThat(Files.readString(d.resolve("summary.csv"))).as(damage[0]).isEqualTo(Files.readString(whole.resolve("summary.csv")));
        }
    }

    /**
     * Issue 15, item 4: one model twice under two labels gives two sets of rows, each with the
     * model's registry name and its label; two models of one name without labels are refused.
     */
    @Test
    void labelledModelsKeepTheirOwnRows() throws IOException {
        Path spec = dir.resolve("labels.yaml");
        Files.writeString(spec, """
                seed: 3
                replications: 2
                factors: {sites: [20]}
                models:
                  - {name: dp, label: diffuse, priors: {alpha: 'gamma(1, 0.1)'}, truncation: 10}
                  - {name: dp, label: inform, priors: {alpha: 'gamma(2, 1)'}, truncation: 10}
                estimators: [pm]
                metrics: [ssel]
                sampler: {chains: 2, warmup: 50, draws: 100}
                """);
        Path out = dir.resolve("labels");
        CliRun r = CliRun.of("study", spec.toString(), "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary).containsExactly("sites,model,label,estimator,metric,mean,mcse,replications",
                summary.get(1), summary.get(2));
        assertThat(summary.get(1)).startsWith("20,dp,diffuse,pm,ssel,").endsWith(",2");
        assertThat(summary.get(2)).startsWith("20,dp,inform,pm,ssel,").endsWith(",2");
        Path same = dir.resolve("same.yaml");
        Files.writeString(same, "factors: {sites: [20]}\nmodels: [dp, dp]\n");
        CliRun.assertRefused(List.of("study"), List.of("--out", dir.resolve("same").toString()), new String[][] {
            {"two models have this label", same.toString()},
        });
    }

    @Test
    void badSpecsAreRefusedInOneLine() throws IOException {
        Path unknownKey = dir.resolve("a.yaml");
        Files.writeString(unknownKey, "seed: 1\nfactorz: {sites: [10]}\n");
        Path unknownFactor = dir.resolve("b.yaml");
        Files.writeString(unknownFactor, "factors: {sites: [10], colour: [red]}\n");
        Path badModel = dir.resolve("c.yaml");
        Files.writeString(badModel, "factors: {sites: [10]}\nmodels: [{name: splines}]\n");
        Path badPrior = dir.resolve("d.yaml");
        Files.writeString(badPrior, "factors: {sites: [10]}\nmodels: [{name: normal, priors: {nu: 'gamma(2, 0.1)'}}]\n");
        Path badShape = dir.resolve("e.yaml");
        Files.writeString(badShape, "factors: {shape: [cauchy]}\n");
        Path badMetric = dir.resolve("f.yaml");
        Files.writeString(badMetric, "factors: {sites: [10]}\nmetrics: [mse]\n");
        String[][] cases = {
            {"key 'factorz' is not known", unknownKey.toString()},
            {"b.yaml: factors: colour red: not a known factor", unknownFactor.toString()},
            {"c.yaml: models: model splines: not available", badModel.toString()},
            {"the normal model has no parameter 'nu'", badPrior.toString()},
            {"e.yaml: factors: shape cauchy: expected gaussian", badShape.toString()},
            {"f.yaml: metrics mse: expected one of", badMetric.toString()},
            {"--engine spark: Spark is not on the class path; run the study with spark-submit", badMetric.toString(), "--engine", "spark"},
            {"give a SPEC.yaml or --preset", "--threads", "2"},
            {"--preset nine: expected one of", "--preset", "nine"},
        };
        CliRun.assertRefused(List.of("study"), List.of("--out", dir.resolve("refused").toString()), cases);
    }

    /** The presets parse and build (the seed research's 216 cells included) without running. */
    @Test
    void presetsBuild() {
        Map<String, Integer> cells = Map.of("acceptance", 1, "seed-research", 6 * 3 * 3 * 4, "paper-table", 3 * 3 * 2 * 2);
        for (String name : StudyCommand.PRESETS) {
            var study = org.multisite.io.StudySpecReader.parse(name, StudyCommand.presetText(name)).spec();
            assertThat(study.cells()).as(name).hasSize(cells.get(name));
            if (!name.equals("acceptance")) {
                // the seed's four models, its R as the ratio of the standard errors
                assertThat(study.models().stream().map(m -> m.label()).toList())
                        .containsExactly("Gaussian", "T", "DP-diffuse", "DP-inform");
                assertThat(study.models().get(3).g().dpPrior()).isEqualTo("kl:chisq(5)");
                assertThat(study.factors()).containsKey("sd_ratio").doesNotContainKey("se_ratio");
            }
        }
    }
}
