package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AnalyzeCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> QUICK = List.of("--draws", "300", "--warmup", "300");

    @TempDir
    Path dir;

    private static String[] args(List<String> head, List<String> tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    /**
     * The two separated groups of compare's test (80 sites): the folder holds analysis.json and
     * report.html; the JSON's verdict, heterogeneity, models (normal first, with their analysis)
     * and LOO; stdout ends with the verdict, which finds the two groups.
     */
    @Test
    void analysisOfTwoGroups() throws IOException {
        Path data = CompareCommandTest.bimodal(dir);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of(args(List.of("analyze", data.toString(), "--models", "logspline,t", "--out", out.toString(),
                "--threshold", "1"), QUICK));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("report.html")).exists();
        JsonNode root = JSON.readTree(Files.readString(out.resolve("analysis.json")));
        JsonNode verdict = root.path("verdict");
        assertThat(verdict.path("shape").asString()).isEqualTo("two_groups");
        for (String key : List.of("headline", "text", "sentences", "model", "mean", "mean_low", "mean_high", "prob_mean_positive",
                "sites_above", "sites_below", "evidence", "not_converged")) {
            assertThat(verdict.has(key)).as(key).isTrue();
        }
        JsonNode h = root.path("heterogeneity");
        for (String key : List.of("q", "q_p_value", "tau2", "tau2_low", "tau2_high", "i2", "i2_low", "i2_high", "h2", "h2_low",
                "h2_high", "prediction_low", "prediction_high", "informativeness")) {
            assertThat(h.path(key).isNumber()).as(key).isTrue();
        }
        assertThat(root.path("threshold").asDouble()).isEqualTo(1);
        JsonNode models = root.path("models");
        assertThat(models.size()).isEqualTo(3);
        assertThat(models.get(0).path("label").asString()).isEqualTo("normal");
        JsonNode analysis = models.get(1).path("analysis");
        assertThat(analysis.path("prob_two_groups").isNumber()).isTrue();
        assertThat(analysis.path("checks").size()).isEqualTo(7);
        assertThat(analysis.path("checks").get(6).path("statistic").asString()).isEqualTo("heavy_tails");
        assertThat(models.get(2).path("analysis").path("prob_nu_below_10").isNumber()).isTrue();
        assertThat(models.get(0).path("sites").get(0).path("prob_above_threshold").isNumber()).isTrue();
        // the share above the threshold is the mean of the sites' probabilities
        double mean = 0;
        for (JsonNode s : models.get(0).path("sites")) {
            mean += s.path("prob_above_threshold").asDouble() / 80;
        }
        assertThat(models.get(0).path("analysis").path("share_above_threshold").asDouble()).isCloseTo(mean,
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(root.path("loo").size()).isEqualTo(3);
        List<String> lines = r.out().strip().lines().toList();
        assertThat(r.out()).contains("Heterogeneity", "Models of G", "Posterior predictive checks", "Verdict: the sites fall into two groups");
        assertThat(lines.get(1)).startsWith("Written: ").endsWith("report.html and analysis.json beside it");
        // the summary ends with the verdict
        assertThat(verdict.path("text").asString()).endsWith(lines.get(lines.size() - 1).strip());
    }

    /** The same seed gives the same analysis.json, whatever the thread count. */
    @Test
    void sameSeedSameAnalysis() throws IOException {
        Path data = CompareCommandTest.bimodal(dir);
        for (String threads : List.of("1", "3")) {
            CliRun r = CliRun.of(args(List.of("analyze", data.toString(), "--models", "normal,t", "--out", dir.resolve("t" + threads).toString(),
                    "--threads", threads, "--quiet"), QUICK));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
        }
        String one = Files.readString(dir.resolve("t1/analysis.json")).replaceAll("\"seconds\" : [0-9.Ee-]+", "");
        String three = Files.readString(dir.resolve("t3/analysis.json")).replaceAll("\"seconds\" : [0-9.Ee-]+", "");
        assertThat(one).isEqualTo(three);
    }

    /** Unit records: site estimates first (two-stage), or the one-stage models with --one-stage. */
    @Test
    void unitRecords() throws IOException {
        Path trial = dir.resolve("trial.csv");
        assertThat(CliRun.of("simulate", "--sites", "25", "--site-size", "60", "--units", "--out", trial.toString()).code()).isZero();
        for (boolean oneStage : new boolean[] {false, true}) {
            Path out = dir.resolve(oneStage ? "one" : "two");
            List<String> head = new java.util.ArrayList<>(List.of("analyze", trial.toString(), "--models", "normal,t", "--out",
                    out.toString(), "--quiet"));
            if (oneStage) {
                head.add("--one-stage");
            }
            CliRun r = CliRun.of(args(head, QUICK));
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode root = JSON.readTree(Files.readString(out.resolve("analysis.json")));
            assertThat(root.path("left_out").asString()).isEqualTo(oneStage ? "unit" : "site");
            assertThat(root.path("verdict").path("text").asString()).contains("The average effect");
        }
    }

    /** DATA-analysis, then DATA-analysis-2: a run never writes into an earlier run's folder. */
    @Test
    void defaultFolderIsNew() throws IOException {
        Path data = Path.of("some/where/sites.csv");
        assertThat(AnalyzeCommand.defaultFolder(data, dir)).isEqualTo(dir.resolve("sites-analysis"));
        Files.createDirectory(dir.resolve("sites-analysis"));
        assertThat(AnalyzeCommand.defaultFolder(data, dir)).isEqualTo(dir.resolve("sites-analysis-2"));
    }

    @Test
    void badInputIsRefusedWithOneLine() throws IOException {
        Path data = CompareCommandTest.bimodal(dir);
        Path file = dir.resolve("taken.txt");
        Files.writeString(file, "x");
        Path two = dir.resolve("two.csv");
        Files.writeString(two, "site,estimate,se\na,1,1\nb,2,1\n");
        CliRun.assertRefused(List.of("analyze"), List.of("--quiet"), new String[][] {
            {"--out " + file + ": is a file", data.toString(), "--out", file.toString()},
            {"--threshold", data.toString(), "--threshold", "NaN", "--out", dir.resolve("a").toString()},
            {"--models: 'bogus' is not available", data.toString(), "--models", "bogus", "--out", dir.resolve("b").toString()},
            {"the analysis needs at least 3 sites, got 2", two.toString(), "--out", dir.resolve("c").toString()},
            {"--models: the analysis compares the normal model with at least one other", data.toString(), "--models", "normal",
                "--out", dir.resolve("d").toString()}});
        assertThat(Files.readString(file)).isEqualTo("x");
        for (String d : List.of("a", "b", "c", "d")) {
            assertThat(dir.resolve(d)).doesNotExist();
        }
    }
}
