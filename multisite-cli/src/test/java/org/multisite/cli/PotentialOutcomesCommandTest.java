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

class PotentialOutcomesCommandTest {
    @TempDir
    Path dir;

    private Path trial() throws IOException {
        Path out = dir.resolve("trial.csv");
        CliRun r = CliRun.of("simulate", "--sites", "3", "--site-size", "120", "--min-size", "80", "--units", "--tau", "0.3",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    /**
     * The contract's JSON: an estimand block per rho with the SP and FS ATEs and the three QTEs,
     * a site block per (site, rho). The SP ATE does not depend on rho (its posterior involves the
     * observed arms only, and the same seed is used for each rho); the FS ATE's spread grows with rho.
     */
    @Test
    void sensitivityTableAndSites() throws IOException {
        CliRun r = CliRun.of("potential-outcomes", trial().toString(), "--site", "site", "--rho-grid", "0,0.5,1", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertThat(root.path("model").asString()).isEqualTo("normal");
        assertThat(root.path("rho")).hasSize(3);
        JsonNode e0 = root.path("estimands").get(0);
        JsonNode e1 = root.path("estimands").get(2);
        for (String k : List.of("ate_sp", "ate_fs", "qte25", "qte50", "qte75")) {
            assertThat(e0.path(k).has("mean")).as(k).isTrue();
            assertThat(e0.path(k).has("q97.5")).as(k).isTrue();
        }
        assertThat(e0.path("ate_sp").path("mean").asDouble()).isEqualTo(e1.path("ate_sp").path("mean").asDouble());
        assertThat(e0.path("ate_fs").path("sd").asDouble()).isLessThan(e1.path("ate_fs").path("sd").asDouble());
        assertThat(root.path("sites")).hasSize(9);
        assertThat(root.path("sites").get(0).path("site").asString()).isEqualTo("site01");
        // the three goals of the sites' finite-sample ATEs: ranks 1..3 within each rho
        java.util.Set<Integer> ranks = new java.util.HashSet<>();
        for (int j = 0; j < 3; j++) {
            ranks.add(root.path("sites").get(j).path("rank").asInt());
            assertThat(root.path("sites").get(j).has("cb")).isTrue();
            assertThat(root.path("sites").get(j).has("gr")).isTrue();
        }
        assertThat(ranks).containsExactlyInAnyOrder(1, 2, 3);
        CliRun text = CliRun.of("potential-outcomes", trial().toString(), "--rho", "0.3");
        assertThat(text.out()).contains("ATE (FS)", "sensitivity");
    }

    @Test
    void badOptionsAreRefusedInOneLine() throws IOException {
        Path data = trial();
        String[][] cases = {
            {"--model tobit: expected normal or two-part", "--model", "tobit"},
            {"the two-part model needs outcomes >= 0", "--model", "two-part"},
            {"--rho 1.5: expected a correlation in [-1, 1]", "--rho", "1.5"},
            {"--rho and --rho-grid: give one", "--rho", "0", "--rho-grid", "0,1"},
            {"no column 'age'", "--covariates", "age"},
            {"choose one with --covariates", "--covariates", "age"},
            {"no column 'arm'", "--treatment", "arm"},
            {"choose one with --treatment", "--treatment", "arm"},
            {"--draws 10: expected 100 to 1000000", "--draws", "10"},
        };
        CliRun.assertRefused(List.of("potential-outcomes", data.toString()), List.of(), cases);
    }

    /** The two-part model on nonnegative outcomes with zeros, through the command line. */
    @Test
    void twoPartModel() throws IOException {
        Path data = dir.resolve("earnings.csv");
        StringBuilder b = new StringBuilder("treatment,outcome\n");
        for (int i = 0; i < 200; i++) {
            double y = i % 3 == 0 ? 0 : Math.exp(8 + 0.5 * Math.sin(i) + (i % 2) * 0.2);
            b.append(i % 2).append(',').append(y).append('\n');
        }
        Files.writeString(data, b.toString());
        CliRun r = CliRun.of("potential-outcomes", data.toString(), "--model", "two-part", "--draws", "500", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertThat(root.path("model").asString()).isEqualTo("two-part");
        assertThat(root.path("estimands").get(0).path("ate_sp").path("mean").asDouble()).isFinite();
    }

    /**
     * The sampled commands' outputs: the draws of every estimand as CSV, and the convergence
     * verdict in the JSON (exact draws pass it; --strict then exits 0).
     */
    @Test
    void drawsAndDiagnostics() throws IOException {
        Path draws = dir.resolve("draws.csv");
        CliRun r = CliRun.of("potential-outcomes", trial().toString(), "--site", "site", "--rho-grid", "0,1", "--draws", "500",
                "--draws-csv", draws.toString(), "--strict", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode diagnostics = JsonMapper.builder().build().readTree(r.out()).path("diagnostics");
        assertThat(diagnostics.path("max_rhat").asDouble()).isLessThan(1.01);
        assertThat(diagnostics.path("warnings")).isEmpty();
        List<String> lines = Files.readAllLines(draws);
        assertThat(lines.get(0)).startsWith(".chain,.iteration,.draw,ate_sp[rho=0],ate_fs[rho=0],qte25[rho=0]")
                .contains("ate_fs[site03,rho=1]");
        assertThat(lines).hasSize(501);
    }
}
