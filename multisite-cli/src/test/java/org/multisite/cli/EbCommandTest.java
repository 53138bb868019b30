package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EbCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void remlWithACovariateAsTheContractSays() throws IOException {
        // the data of NormalEbTest; REML values from its independent computation
        StringBuilder csv = new StringBuilder("site,estimate,se,x\n");
        double[] y = {0.1, 0.9, -0.4, 1.2, 0.3, -0.2, 0.8, 1.5, -0.6, 0.5};
        double[] v = {0.02, 0.05, 0.03, 0.04, 0.06, 0.02, 0.05, 0.03, 0.04, 0.02};
        double[] x = {1, 0, 2, 1, 0, 3, 2, 0, 1, 3};
        for (int j = 0; j < y.length; j++) {
            csv.append((char) ('a' + j)).append(',').append(y[j]).append(',').append(Math.sqrt(v[j])).append(',').append(x[j]).append('\n');
        }
        Path data = dir.resolve("sites.csv");
        Files.writeString(data, csv.toString());
        CliRun r = CliRun.of("eb", data.toString(), "--method", "reml", "--covariates", "x", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        for (String key : List.of("method", "family", "mu", "mu_se", "tau2", "loglik", "beta", "sites")) {
            assertThat(root.has(key)).as(key).isTrue();
        }
        assertThat(root.has("g")).isFalse();
        assertThat(root.path("method").asString()).isEqualTo("reml");
        assertThat(root.path("tau2").asDouble()).isCloseTo(0.42054165605070304, within(5e-8));
        assertThat(root.path("beta").path("x").asDouble()).isCloseTo(-0.24460465080443095, within(1e-8));
        assertThat(root.path("sites").get(1).path("mean").asDouble()).isCloseTo(0.8817420293743395, within(1e-8));
        CliRun text = CliRun.of("eb", data.toString(), "--method", "dl");
        assertThat(text.out()).contains("normal G by DL", "tau^2", "blup");
        CliRun poisson = CliRun.of("eb", data.toString(), "--family", "poisson");
        assertThat(poisson.code()).isEqualTo(2);
        assertThat(poisson.err()).contains("--family poisson: only with --method efron");
        assertThat(poisson.out()).isEmpty();
    }

    @Test
    void npmleOnAGivenGrid() throws IOException {
        // y = -1, 1 with unit SEs on the grid {-1, 0, 1}: by symmetry w = (a, 1 - 2a, a), and each site's
        // likelihood a (phi(0) + phi(2)) + (1 - 2a) phi(1) falls with a, since phi(0) + phi(2) < 2 phi(1)
        // (1.1353 < 1.2131 after dividing by phi(0)): G is the point mass at 0
        Path data = dir.resolve("pair.csv");
        Files.writeString(data, "site,estimate,se\na,-1,1\nb,1,1\n");
        CliRun r = CliRun.of("eb", data.toString(), "--method", "npmle", "--grid", "-1:1:1", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("method").asString()).isEqualTo("npmle");
        assertThat(root.has("tau2")).isFalse();
        assertThat(root.has("mu_se")).isFalse();
        assertThat(root.path("g").path("grid").size()).isEqualTo(3);
        assertThat(root.path("g").path("mass").get(0).asDouble()).isCloseTo(0, within(1e-9));
        assertThat(root.path("g").path("mass").get(1).asDouble()).isCloseTo(1, within(1e-9));
        assertThat(root.path("g").path("cdf").get(2).asDouble()).isCloseTo(1, within(1e-12));
        assertThat(root.path("sites").get(1).path("mean").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(root.path("sites").get(1).path("upper").asDouble()).isEqualTo(0);
        double logLik = 2 * (-0.5 - 0.5 * Math.log(2 * Math.PI));
        assertThat(root.path("loglik").asDouble()).isCloseTo(logLik, within(1e-9));
        CliRun text = CliRun.of("eb", data.toString(), "--method", "npmle", "--grid-points", "5");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("NPMLE of G on 5 grid points, 2 sites");
    }

    @Test
    void badGridOptionsAreRefusedInOneLine() throws IOException {
        Path data = dir.resolve("pair.csv");
        Files.writeString(data, "site,estimate,se\na,-1,1\nb,1,1\n");
        for (List<String> args : List.of(List.of("--method", "npmle", "--grid", "1:0:0.1"),
                List.of("--method", "npmle", "--grid", "a:b"),
                List.of("--method", "npmle", "--grid", "-1:1:1", "--grid-points", "10"),
                List.of("--method", "reml", "--grid-points", "10"),
                List.of("--method", "npmle", "--covariates", "x"))) {
            java.util.ArrayList<String> all = new java.util.ArrayList<>(List.of("eb", data.toString()));
            all.addAll(args);
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains(args.get(2));
        }
    }

    @Test
    void unitRecordsArePointedToEstimate() throws IOException {
        Path data = dir.resolve("units.csv");
        Files.writeString(data, "site,treatment,outcome\nA,1,0.5\nA,0,0.1\n");
        CliRun r = CliRun.of("eb", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("look like unit-level records", "multisite estimate");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void efronBinnedAndWithStandardErrorsAsTheCore() throws IOException {
        // 200 values from a fixed two-point pattern plus deterministic noise; the CLI must hand the core
        // exactly the grid, bins, df and penalty asked for, and report what it returns
        StringBuilder csv = new StringBuilder("unit,z,s\n");
        double[] z = new double[200];
        double[] s = new double[200];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i % 3 == 0 ? -2 : 1.5) + Math.sin(7.3 * i) * 1.2;
            s[i] = 0.8 + 0.4 * ((i * 37) % 11) / 10.0;
            csv.append("u").append(i).append(',').append(z[i]).append(',').append(s[i]).append('\n');
        }
        Path data = dir.resolve("z.csv");
        Files.writeString(data, csv.toString());
        double[] tau = new double[41];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = -4 + 0.2 * k;
        }
        CliRun binned = CliRun.of("eb", data.toString(), "--site", "unit", "--estimate", "z", "--method", "efron",
                "--grid", "-4:4:0.2", "--df", "4", "--penalty", "2", "--bins", "30", "--json", "-");
        assertThat(binned.code()).as(binned.err()).isZero();
        JsonNode root = JSON.readTree(binned.out());
        var expected = org.multisite.eb.EfronDeconvolution.normalBinned(z, tau, 30, 4, 2);
        assertThat(root.path("noise").asString()).isEqualTo("unit");
        assertThat(root.path("S").asDouble()).isEqualTo(expected.s());
        assertThat(root.path("g").path("mass").get(20).asDouble()).isEqualTo(expected.g()[20]);
        assertThat(root.path("g").path("bias").get(5).asDouble()).isEqualTo(expected.bias()[5]);
        assertThat(root.path("g").path("cdf_se").get(30).asDouble()).isEqualTo(expected.seCdf()[30]);
        assertThat(root.has("tau2")).isFalse();

        CliRun own = CliRun.of("eb", data.toString(), "--site", "unit", "--estimate", "z", "--se", "s", "--method", "efron",
                "--grid", "-4:4:0.2", "--df", "4", "--json", "-");
        assertThat(own.code()).as(own.err()).isZero();
        JsonNode ownRoot = JSON.readTree(own.out());
        var units = org.multisite.eb.EfronDeconvolution.normalUnits(z, s, tau, 4, 1);
        double[][] post = org.multisite.eb.EfronDeconvolution.posterior(units, z, s);
        assertThat(ownRoot.path("noise").asString()).isEqualTo("se");
        assertThat(ownRoot.path("g").path("mass").get(12).asDouble()).isEqualTo(units.g()[12]);
        assertThat(ownRoot.path("sites").get(7).path("mean").asDouble()).isEqualTo(post[0][7]);

        for (List<String> bad : List.of(List.of("--method", "reml", "--df", "4"), List.of("--method", "efron", "--bins", "2"),
                List.of("--method", "efron", "--se", "s", "--bins", "30"), List.of("--method", "efron", "--penalty", "-1"))) {
            java.util.ArrayList<String> all = new java.util.ArrayList<>(List.of("eb", data.toString(), "--site", "unit",
                    "--estimate", "z"));
            all.addAll(bad);
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertThat(r.code()).as(bad.toString()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
    }

    /**
     * Poisson counts with frequency weights and binomial trials/successes reach the core with
     * the grid, support, df and penalty asked for, and the JSON reports what it returns.
     */
    @Test
    void efronCountFamiliesAsTheCore() throws IOException {
        Path counts = dir.resolve("counts.csv");
        int[] x = {1, 2, 3, 4, 5, 6, 8, 12};
        double[] w = {120, 61, 35, 22, 14, 9, 6, 2};
        StringBuilder csv = new StringBuilder("x,count\n");
        for (int i = 0; i < x.length; i++) {
            csv.append(x[i]).append(',').append((int) w[i]).append('\n');
        }
        Files.writeString(counts, csv.toString());
        CliRun poisson = CliRun.of("eb", counts.toString(), "--method", "efron", "--family", "poisson", "--value", "x",
                "--weight", "count", "--grid-log", "-3:2.5:0.1", "--df", "4", "--penalty", "2", "--json", "-");
        assertThat(poisson.code()).as(poisson.err()).isZero();
        double[] tau = new double[56];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = Math.exp(-3 + 0.1 * k);
        }
        var expected = org.multisite.eb.EfronDeconvolution.poisson(x, w, tau, 12, true, 4, 2);
        JsonNode root = JSON.readTree(poisson.out());
        assertThat(root.path("family").asString()).isEqualTo("poisson");
        assertThat(root.path("support").asInt()).isEqualTo(12);
        assertThat(root.path("ignore_zero").asBoolean()).isTrue();
        assertThat(root.path("S").asDouble()).isEqualTo(expected.s());
        assertThat(root.path("g").path("grid").get(10).asDouble()).isCloseTo(tau[10], within(1e-15));
        assertThat(root.path("g").path("mass").get(30).asDouble()).isEqualTo(expected.g()[30]);
        assertThat(root.path("g").path("thinned").get(30).asDouble())
                .isEqualTo(org.multisite.eb.EfronDeconvolution.thinned(expected)[30]);
        JsonNode third = root.path("sites").get(2);
        assertThat(third.path("count").isIntegralNumber()).isTrue();
        assertThat(third.path("weight").asInt()).isEqualTo(35);
        assertThat(third.path("mean").asDouble())
                .isEqualTo(org.multisite.eb.EfronDeconvolution.poissonPosterior(expected, x, true)[0][2]);

        Path binary = dir.resolve("trials.csv");
        int[] n = {10, 12, 8, 20, 15, 9, 30, 11};
        int[] y = {0, 3, 8, 2, 0, 9, 5, 1};
        StringBuilder b = new StringBuilder("unit,n,s\n");
        for (int i = 0; i < n.length; i++) {
            b.append("u").append(i).append(',').append(n[i]).append(',').append(y[i]).append('\n');
        }
        Files.writeString(binary, b.toString());
        CliRun binomial = CliRun.of("eb", binary.toString(), "--method", "efron", "--family", "binomial", "--site", "unit",
                "--trials", "n", "--successes", "s", "--json", "-");
        assertThat(binomial.code()).as(binomial.err()).isZero();
        double[] grid = new double[99];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = 0.01 + 0.98 * k / 98;
        }
        var fit = org.multisite.eb.EfronDeconvolution.binomial(n, y, grid, 5, 1);
        JsonNode broot = JSON.readTree(binomial.out());
        assertThat(broot.path("family").asString()).isEqualTo("binomial");
        assertThat(broot.path("S").asDouble()).isEqualTo(fit.s());
        assertThat(broot.path("g").path("cdf").get(50).asDouble()).isEqualTo(fit.cdf()[50]);
        assertThat(broot.path("sites").get(2).path("site").asString()).isEqualTo("u2");
        assertThat(broot.path("sites").get(2).path("estimate").asDouble()).isEqualTo(1.0);
        assertThat(broot.path("sites").get(2).path("mean").asDouble())
                .isEqualTo(org.multisite.eb.EfronDeconvolution.binomialPosterior(fit, n, y)[0][2]);
    }

    @Test
    void badCountDataAndFamilyOptionsAreRefusedInOneLine() throws IOException {
        Path binary = dir.resolve("bad-trials.csv");
        Files.writeString(binary, "n,s\n10,2\n5,7\n");
        Path negative = dir.resolve("negative.csv");
        Files.writeString(negative, "x\n3\n-1\n");
        Path fractional = dir.resolve("fractional.csv");
        Files.writeString(fractional, "x\n3\n1.5\n");
        Path sites = dir.resolve("pair.csv");
        Files.writeString(sites, "site,estimate,se\na,-1,1\nb,1,1\n");
        String[][] cases = {
            {"bad-trials.csv, line 3, column 's': 7 successes in 5 trials", binary.toString(), "--method", "efron",
                "--family", "binomial", "--trials", "n", "--successes", "s"},
            {"negative.csv, line 3, column 'x': expected a count", negative.toString(), "--method", "efron",
                "--family", "poisson", "--value", "x"},
            {"fractional.csv, line 3, column 'x': expected a count", fractional.toString(), "--method", "efron",
                "--family", "poisson", "--value", "x"},
            {"--family poisson needs --value", negative.toString(), "--method", "efron", "--family", "poisson"},
            {"--family binomial needs --trials", binary.toString(), "--method", "efron", "--family", "binomial"},
            {"--family poisson: only with --method efron", negative.toString(), "--method", "npmle", "--family", "poisson",
                "--value", "x"},
            {"--value: only for --family poisson", sites.toString(), "--method", "efron", "--value", "x"},
            {"--se: only for --family normal", negative.toString(), "--method", "efron", "--family", "poisson",
                "--value", "x", "--se", "se"},
            {"--family gamma: expected normal, poisson or binomial", sites.toString(), "--family", "gamma"},
            {"--grid: the grid of a binomial G must lie in [0, 1]", binary.toString(), "--method", "efron",
                "--family", "binomial", "--trials", "n", "--successes", "n", "--grid", "0.5:1.5:0.1"},
            {"--grid-log 1:0:1: expected FROM < TO", negative.toString(), "--method", "efron", "--family", "poisson",
                "--value", "x", "--grid-log", "1:0:1"},
            {"no column 'y'", negative.toString(), "--method", "efron", "--family", "poisson", "--value", "y"},
        };
        CliRun.assertRefused(List.of("eb"), List.of(), cases);
    }
}
