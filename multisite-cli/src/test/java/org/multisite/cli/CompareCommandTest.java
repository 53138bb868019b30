package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.data.Family;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

public class CompareCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** 80 sites in two well-separated groups (0.7 at -1.5, 0.3 at 2, SD 0.3), se 0.5. */
    public static Path bimodal(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("site,estimate,se\n");
        java.util.Random random = new java.util.Random(5);
        for (int j = 0; j < 80; j++) {
            double theta = random.nextDouble() < 0.7 ? -1.5 + 0.3 * random.nextGaussian() : 2 + 0.3 * random.nextGaussian();
            csv.append("s").append(j).append(',').append(theta + 0.5 * random.nextGaussian()).append(",0.5\n");
        }
        Path p = dir.resolve("bimodal.csv");
        Files.writeString(p, csv.toString());
        return p;
    }

    @Test
    void mixturesPredictBimodalSitesBetter() throws IOException {
        Path data = bimodal(dir);
        Path report = dir.resolve("cmp.html");
        CliRun r = CliRun.of("compare", data.toString(), "--models", "normal,mixture,dp", "--truncation", "10",
                "--prior", "tau=half_normal(0, 2)", "--json", "-", "--report", report.toString(), "--draws", "600",
                "--warmup", "300");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("models").size()).isEqualTo(3);
        assertThat(root.path("models").get(1).path("model").path("name").asString()).isEqualTo("mixture");
        // the prior applies to the models that have tau: the normal model's G, the components' scale
        assertThat(root.path("models").get(0).path("model").path("priors").path("tau").asString()).isEqualTo("half_normal(0, 2)");
        JsonNode loo = root.path("loo");
        assertThat(loo.size()).isEqualTo(3);
        for (JsonNode l : loo) {
            for (String key : List.of("model", "elpd_loo", "se", "p_loo", "pareto_k_max", "elpd_diff", "se_diff")) {
                assertThat(l.has(key)).as(key).isTrue();
            }
            assertThat(l.path("pareto_k_max").asDouble()).isLessThan(0.7);
        }
        double normal = loo.get(0).path("elpd_loo").asDouble();
        double mixture = loo.get(1).path("elpd_loo").asDouble();
        // two groups 3.5 apart with se 0.5: the mixture predicts a left-out site far better,
        // by many standard errors of the difference
        assertThat(mixture - normal).isGreaterThan(4 * loo.get(0).path("se_diff").asDouble());
        assertThat(loo.get(0).path("elpd_diff").asDouble()).isNegative();
        assertThat(Files.readString(report)).contains("compare-data");
    }

    @Test
    void textTableAndRefusals() throws IOException {
        Path data = bimodal(dir);
        CliRun r = CliRun.of("compare", data.toString(), "--models", "normal,t", "--draws", "300", "--warmup", "100");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("PSIS-LOO", "elpd_loo", "Distribution of site effects G by model", "lowest:");
        String[][] refused = {
            {"--models needs at least two models", "--models", "normal"},
            {"'splines' is not available", "--models", "normal,splines"},
            {"none of the compared models [normal, t] has that parameter", "--models", "normal,t", "--prior", "alpha=gamma(1, 1)"},
            {"--components applies to --model mixture", "--models", "normal,t", "--components", "3"},
            {"--one-stage needs unit-level data", "--models", "normal,t", "--one-stage"},
        };
        for (String[] c : refused) {
            List<String> args = new java.util.ArrayList<>(List.of("compare", data.toString()));
            args.addAll(List.of(c).subList(1, c.length));
            CliRun bad = CliRun.of(args.toArray(String[]::new));
            assertThat(bad.code()).as(String.join(" ", args) + ": " + bad.err()).isEqualTo(2);
            assertThat(bad.err()).contains(c[0]);
            assertThat(bad.err().strip().lines().count()).isEqualTo(1);
        }
    }

    /**
     * One-stage models of the bundled unit records, compared unit by unit: the JSON says so, has
     * a LOO entry per model over all units, and a prior of one model's G (t's nu) is taken while
     * the unit model's (sigma) goes to every model.
     */
    @Test
    void oneStageModelsAreComparedUnitByUnit() throws IOException {
        Path data = dir.resolve("units.csv");
        try (java.io.InputStream in = DemoCommand.class.getResourceAsStream(DemoData.unitResource(Family.GAUSSIAN))) {
            Files.write(data, in.readAllBytes());
        }
        Path json = dir.resolve("one-stage.json");
        CliRun r = CliRun.of("compare", data.toString(), "--one-stage", "--models", "normal,t", "--draws", "300",
                "--warmup", "200", "--prior", "nu=gamma(2, 0.1)", "--prior", "sigma=half_normal(0, 5)", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Leave-one-unit-out");
        JsonNode root = JSON.readTree(json.toFile());
        assertThat(root.get("left_out").asString()).isEqualTo("unit");
        assertThat(root.get("loo")).hasSize(2);
        for (JsonNode model : root.get("models")) {
            assertThat(model.get("model").get("priors").get("sigma").asString()).isEqualTo("half_normal(0, 5)");
        }
        assertThat(root.get("models").get(1).get("model").get("priors").get("nu").asString()).isEqualTo("gamma(2, 0.1)");
        assertThat(root.get("loo").get(0).get("elpd_loo").asDouble()).isFinite().isNegative();
    }

    /**
     * The sampled commands' outputs: --draws-csv puts every model's draws side by side, columns
     * named MODEL.NAME; --strict exits with 3 when any model's diagnostics fail (10 draws here).
     */
    @Test
    void drawsOfEveryModelAndStrict() throws IOException {
        Path data = dir.resolve("sites.csv");
        Files.writeString(data, "site,estimate,se\nA,28,15\nB,8,10\nC,-3,16\nD,7,11\nE,-1,9\nF,1,11\nG,18,10\nH,12,18\n");
        Path draws = dir.resolve("draws.csv");
        CliRun r = CliRun.of("compare", data.toString(), "--models", "normal,t", "--chains", "2", "--warmup", "10", "--draws", "10",
                "--draws-csv", draws.toString(), "--strict", "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.DIAGNOSTICS);
        assertThat(r.err()).contains("multisite: warning: ");
        java.util.List<String> lines = Files.readAllLines(draws);
        assertThat(lines.get(0)).startsWith(".chain,.iteration,.draw,normal.mu,normal.tau,").contains(",t.nu,", ",t.theta[8]");
        assertThat(lines).hasSize(1 + 2 * 10);
    }

    /**
     * Issue 15, item 4: --models normal,dp,dp dropped one dp silently. A name twice needs labels;
     * LABEL.NAME=DIST gives a prior to one labelled model.
     */
    @Test
    void oneModelTwiceNeedsLabelsAndEachTakesItsOwnPriors() throws IOException {
        Path data = bimodal(dir);
        CliRun.assertRefused(List.of("compare", data.toString()), List.of(), new String[][] {
            {"'dp' appears twice; give each model its own label", "--models", "normal,dp,dp"},
            {"'x' appears twice", "--models", "dp:x,t:x"},
            {"a label is letters, digits", "--models", "normal,dp:a.b"},
        });
        Path json = dir.resolve("labels.json");
        CliRun r = CliRun.of("compare", data.toString(), "--models", "dp:diffuse,dp:inform", "--truncation", "10",
                "--prior", "diffuse.alpha=gamma(1, 0.1)", "--prior", "inform.alpha=gamma(2, 1)",
                "--draws", "100", "--warmup", "100", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("diffuse (dp)", "alpha ~ gamma(1, 0.1)", "inform (dp)", "alpha ~ gamma(2, 1)");
        JsonNode root = JSON.readTree(Files.readString(json));
        assertThat(root.path("loo").get(0).path("model").asString()).isEqualTo("diffuse");
        assertThat(root.path("models").get(1).path("label").asString()).isEqualTo("inform");
        assertThat(root.path("models").get(1).path("model").path("priors").path("alpha").asString()).isEqualTo("gamma(2, 1)");
    }
}
