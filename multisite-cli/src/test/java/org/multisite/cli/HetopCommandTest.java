package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.hetop.HetopMle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HetopCommandTest {
    @TempDir
    Path dir;

    private static final String COUNTS = "group,n1,n2,n3,n4\na,5,8,0,0\nb,0,10,10,0\nc,12,0,0,0\nd,0,0,0,10\ne,3,7,6,4\n"
            + "f,2,5,9,8\ng,6,9,4,1\nh,1,3,8,12\n";

    /** The JSON carries the core's estimates, statuses and scales, as contract.md's hetop section names them. */
    @Test
    void mleAsTheCore() throws IOException {
        Path data = dir.resolve("counts.csv");
        Files.writeString(data, COUNTS);
        CliRun r = CliRun.of("hetop", data.toString(), "--counts", "n1,n2,n3,n4", "--fixed-cuts", "-1,0", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        HetopMle.Result core = HetopMle.fit(new int[][] {{5, 8, 0, 0}, {0, 10, 10, 0}, {12, 0, 0, 0}, {0, 0, 0, 10},
            {3, 7, 6, 4}, {2, 5, 9, 8}, {6, 9, 4, 1}, {1, 3, 8, 12}}, new double[] {-1, 0});
        assertThat(root.path("method").asString()).isEqualTo("mle");
        assertThat(root.path("categories").asInt()).isEqualTo(4);
        assertThat(root.path("cutpoints").get(2).asDouble()).isEqualTo(core.fc().cuts()[2]);
        JsonNode c = root.path("groups").get(2);
        assertThat(c.path("group").asString()).isEqualTo("c");
        assertThat(c.path("n").asInt()).isEqualTo(12);
        assertThat(c.path("mu").asDouble()).isEqualTo(core.fc().mu()[2]);
        assertThat(c.path("mu_status").asString()).isEqualTo("min");
        assertThat(root.path("standardized").path("groups").get(4).path("mu").asDouble()).isEqualTo(core.star().mu()[4]);
        assertThat(root.path("icc").asDouble()).isCloseTo(core.fc().icc(), within(1e-15));
        assertThat(root.path("scales").path("starbc").path("icc").asDouble()).isEqualTo(core.starbc().icc());
        CliRun text = CliRun.of("hetop", data.toString(), "--counts", "n1,n2,n3,n4");
        assertThat(text.out()).contains("ICC", "mu min, sigma mean");
    }

    /**
     * FH-HETOP shares the sampled commands' outputs: --draws-csv writes every group's mean and SD
     * draw by draw, and --strict exits with 3 when the diagnostics fail (here: 2 chains of 20 draws).
     */
    @Test
    void fhWritesItsDrawsAndStrictFailsShortChains() throws IOException {
        Path data = dir.resolve("counts.csv");
        Files.writeString(data, COUNTS);
        Path draws = dir.resolve("draws.csv");
        CliRun r = CliRun.of("hetop", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh", "--chains", "2",
                "--warmup", "20", "--draws", "20", "--draws-csv", draws.toString(), "--strict", "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.DIAGNOSTICS);
        assertThat(r.err()).contains("multisite: warning: ");
        List<String> lines = Files.readAllLines(draws);
        assertThat(lines.get(0)).startsWith(".chain,.iteration,.draw,mu[1],mu[2]").contains("sigma[8]", "cut[3]");
        assertThat(lines).hasSize(1 + 2 * 20);
        CliRun mle = CliRun.of("hetop", data.toString(), "--counts", "n1,n2,n3,n4", "--strict");
        assertThat(mle.code()).isEqualTo(2);
        assertThat(mle.err()).contains("--strict: only with --method fh");
    }

    @Test
    void badInputsAreRefusedInOneLine() throws IOException {
        Path data = dir.resolve("counts.csv");
        Files.writeString(data, COUNTS);
        Path negative = dir.resolve("negative.csv");
        Files.writeString(negative, "group,n1,n2,n3\na,1,2,3\nb,4,-1,2\n");
        Path fractional = dir.resolve("fractional.csv");
        Files.writeString(fractional, "group,n1,n2,n3\na,1,2,3\nb,4,1.5,2\n");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "group,n1,n2,n3\na,1,2,3\nb,0,0,0\n");
        String[][] cases = {
            {"--counts: HETOP needs at least 3 categories, got 2", data.toString(), "--counts", "n1,n2"},
            {"negative.csv, line 3, column 'n2': expected a count", negative.toString(), "--counts", "n1,n2,n3"},
            {"fractional.csv, line 3, column 'n2': expected a count", fractional.toString(), "--counts", "n1,n2,n3"},
            {"empty.csv, line 3: group 'b' has no units", empty.toString(), "--counts", "n1,n2,n3"},
            {"--fixed-cuts 0,-1: expected two increasing numbers", data.toString(), "--counts", "n1,n2,n3,n4",
                "--fixed-cuts", "0,-1"},
            {"no column 'n5'", data.toString(), "--counts", "n1,n2,n5"},
            {"--prior flat: expected normal or logspline", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh",
                "--prior", "flat"},
            {"--grid-points: only with --method fh --prior logspline", data.toString(), "--counts", "n1,n2,n3,n4", "--method",
                "fh", "--grid-points", "40"},
            {"--df [2]: at least 3", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh", "--prior", "logspline",
                "--df", "2"},
            {"--grid-points [8]: at least as many points as the spline degrees of freedom (10,10)", data.toString(), "--counts", "n1,n2,n3,n4", "--method",
                "fh", "--prior", "logspline", "--grid-points", "8"},
            {"--mean-grid 3:1: expected LO:HI, two increasing numbers", data.toString(), "--counts", "n1,n2,n3,n4", "--method",
                "fh", "--prior", "logspline", "--mean-grid", "3:1"},
            {"--grid-points [20000]: the grid tables need", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh", "--prior",
                "logspline", "--grid-points", "20000", "--threads", "1"},
            {"--sd-grid 0:2: the SDs must be positive", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh", "--prior",
                "logspline", "--sd-grid", "0:2"},
            {"only with --method fh", data.toString(), "--counts", "n1,n2,n3,n4", "--mean-covariates", "n1"},
            {"--method bayes: expected mle or fh", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "bayes"},
        };
        CliRun.assertRefused(List.of("hetop"), List.of(), cases);
    }

    /**
     * --prior logspline with a covariate of each: the prior named in the JSON, gamma, the
     * covariates' coefficients and the log-spline distributions' moments among the
     * hyperparameters, every group's interval around its mean, and the same output for the same seed.
     */
    @Test
    void fhLogsplineWithCovariates() throws IOException {
        Path data = fhData();
        String[] args = {"hetop", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh", "--prior", "logspline",
            "--grid-points", "30,20", "--df", "6", "--mean-covariates", "x", "--sd-covariates", "x", "--draws", "200",
            "--warmup", "100", "--json", "-"};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertThat(root.path("prior").asString()).isEqualTo("logspline");
        for (String h : List.of("gamma", "beta_mu[x]", "beta_sigma[x]", "g_mu_mean", "g_mu_sd", "g_log_sigma_mean", "g_log_sigma_sd")) {
            assertThat(root.path("hyperparameters").has(h)).as(h).isTrue();
        }
        for (JsonNode g : root.path("groups")) {
            assertThat(g.path("mu_q2.5").asDouble()).isLessThan(g.path("mu").asDouble()).isLessThan(g.path("mu_q97.5").asDouble());
        }
        CliRun again = CliRun.of(args);
        assertThat(again.out().replaceAll("\"seconds\" : [0-9.eE-]+", ""))
                .isEqualTo(r.out().replaceAll("\"seconds\" : [0-9.eE-]+", ""));
    }

    private Path fhData() throws IOException {
        Path data = dir.resolve("fh.csv");
        StringBuilder b = new StringBuilder("group,n1,n2,n3,n4,x\n");
        int[][] rows = {{3, 7, 6, 4}, {2, 5, 9, 8}, {6, 9, 4, 1}, {1, 3, 8, 12}, {8, 6, 3, 3}, {0, 4, 9, 7}, {5, 5, 5, 5},
            {10, 6, 3, 1}, {1, 2, 6, 11}, {4, 8, 6, 2}};
        for (int g = 0; g < rows.length; g++) {
            b.append("g").append(g).append(',').append(rows[g][0]).append(',').append(rows[g][1]).append(',')
                    .append(rows[g][2]).append(',').append(rows[g][3]).append(',').append(g % 3).append('\n');
        }
        Files.writeString(data, b.toString());
        return data;
    }

    /**
     * --method fh with a covariate of the means and of the log SDs: the contract's fields, the
     * covariates' coefficients among the hyperparameters, and the same output for the same seed.
     */
    @Test
    void fhWithCovariates() throws IOException {
        Path data = fhData();
        String[] args = {"hetop", data.toString(), "--counts", "n1,n2,n3,n4", "--method", "fh", "--mean-covariates", "x",
            "--sd-covariates", "x", "--draws", "300", "--warmup", "200", "--json", "-"};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertThat(root.path("method").asString()).isEqualTo("fh");
        JsonNode g = root.path("groups").get(3);
        for (String field : List.of("group", "n", "mu", "sigma", "mu_sd", "sigma_sd", "mu_q2.5", "mu_q97.5", "mu_cb", "mu_gr", "mu_rank")) {
            assertThat(g.has(field)).as(field).isTrue();
        }
        assertThat(g.path("mu_q2.5").asDouble()).isLessThan(g.path("mu").asDouble()).isLessThan(g.path("mu_q97.5").asDouble());
        assertThat(root.path("hyperparameters").has("beta_mu[x]")).isTrue();
        assertThat(root.path("hyperparameters").has("beta_sigma[x]")).isTrue();
        assertThat(root.path("standardized").path("groups")).hasSize(10);
        assertThat(root.path("icc").asDouble()).isBetween(0.0, 1.0);
        assertThat(root.path("waic").asDouble()).isFinite();
        assertThat(root.path("diagnostics").has("max_rhat")).isTrue();
        CliRun again = CliRun.of(args);
        assertThat(again.out().replaceAll("\"seconds\" : [0-9.eE-]+", ""))
                .isEqualTo(r.out().replaceAll("\"seconds\" : [0-9.eE-]+", ""));
    }
}
