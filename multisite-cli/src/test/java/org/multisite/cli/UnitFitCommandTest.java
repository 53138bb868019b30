package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multisite.data.Family;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** fit and demo on unit-level records: two-stage and one-stage paths, and their refusals. */
class UnitFitCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path gaussianUnits() throws IOException {
        Path p = dir.resolve("units.csv");
        try (InputStream in = DemoCommand.class.getResourceAsStream(DemoData.unitResource(Family.GAUSSIAN))) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void unitDemoDataResourcesAreWhatTheGeneratorMakes(Family family) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DemoData.unitResource(family))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DemoData.unitCsv(family));
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void unitDemoRunsForBothFamilies(Family family) {
        CliRun r = CliRun.of("demo", "--level", "unit", "--family", family.label(), "--report",
                dir.resolve("demo.html").toString(), "--draws", "300", "--warmup", "100");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("unit-level records", "30 sites estimated",
                family == Family.BINOMIAL ? "mle" : "ols", "Diagnostics");
        assertThat(dir.resolve("demo.html")).exists();
    }

    @Test
    void oneStageFitReportsSigmaGammaAndIntercepts() throws IOException {
        CliRun r = CliRun.of("fit", gaussianUnits().toString(), "--one-stage", "--unit-covariates", "z",
                "--prior", "sigma=half_normal(0, 2)", "--json", "-", "--draws", "500", "--warmup", "200");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("data").path("level").asString()).isEqualTo("unit");
        assertThat(root.path("model").path("priors").path("sigma").asString()).isEqualTo("half_normal(0, 2)");
        assertThat(root.path("model").path("priors").path("a").asString()).isEqualTo("flat");
        for (String p : List.of("mu", "tau", "sigma[control]", "sigma[treated]", "gamma[z]")) {
            assertThat(root.path("parameters").has(p)).as(p).isTrue();
        }
        assertThat(root.path("intercepts").size()).isEqualTo(30);
        assertThat(root.path("intercepts").get(0).path("site").asString()).isEqualTo("site01");
        assertThat(root.path("intercepts").get(0).has("rhat")).isTrue();
        assertThat(root.path("sampler").path("method").asString()).contains("one-stage");
        // the simulated gamma is 0.5 and the sigmas 1 and 1.1: within 4 posterior SDs
        JsonNode gamma = root.path("parameters").path("gamma[z]");
        assertThat(Math.abs(gamma.path("mean").asDouble() - 0.5)).isLessThan(4 * gamma.path("sd").asDouble());
    }

    @Test
    void oneStageRandomInterceptsAddAlphaAndOmega() throws IOException {
        CliRun r = CliRun.of("fit", gaussianUnits().toString(), "--one-stage", "--intercepts", "random", "--json", "-",
                "--draws", "300", "--warmup", "100");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("parameters").has("alpha")).isTrue();
        assertThat(root.path("parameters").has("omega")).isTrue();
        assertThat(root.path("model").path("priors").has("omega")).isTrue();
    }

    @Test
    void tModelOnSiteAndUnitData() throws IOException {
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site,estimate,se\nA,28,15\nB,8,10\nC,-3,16\nD,7,11\nE,-1,9\nF,1,11\nG,18,10\nH,12,18\n");
        CliRun r = CliRun.of("fit", sites.toString(), "--model", "t", "--prior", "nu=gamma(2, 0.2)", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("model").path("name").asString()).isEqualTo("t");
        assertThat(root.path("model").path("priors").path("nu").asString()).isEqualTo("gamma(2, 0.2)");
        assertThat(root.path("parameters").has("nu")).isTrue();
        assertThat(root.path("sampler").path("method").asString()).contains("scale mixture");
        CliRun one = CliRun.of("fit", gaussianUnits().toString(), "--one-stage", "--model", "t", "--json", "-",
                "--draws", "300", "--warmup", "200");
        assertThat(one.code()).as(one.err()).isZero();
        JsonNode oneRoot = JSON.readTree(one.out());
        assertThat(oneRoot.path("parameters").has("nu")).isTrue();
        assertThat(oneRoot.path("parameters").has("sigma[treated]")).isTrue();
        CliRun bad = CliRun.of("fit", sites.toString(), "--prior", "nu=gamma(2, 0.1)");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("the normal model has no parameter 'nu'");
    }

    @Test
    void mixtureAndDirichletProcessModels() throws IOException {
        StringBuilder csv = new StringBuilder("site,estimate,se\n");
        java.util.Random random = new java.util.Random(3);
        for (int j = 0; j < 60; j++) {
            double theta = random.nextDouble() < 0.7 ? -1.5 + 0.3 * random.nextGaussian() : 2 + 0.3 * random.nextGaussian();
            csv.append("s").append(j).append(',').append(theta + 0.5 * random.nextGaussian()).append(",0.5\n");
        }
        Path sites = dir.resolve("bimodal.csv");
        Files.writeString(sites, csv.toString());
        CliRun mix = CliRun.of("fit", sites.toString(), "--model", "mixture", "--components", "3", "--json", "-",
                "--draws", "500", "--warmup", "300");
        assertThat(mix.code()).as(mix.err()).isZero();
        JsonNode m = JSON.readTree(mix.out());
        assertThat(m.path("model").path("name").asString()).isEqualTo("mixture");
        assertThat(m.path("parameters").has("w[3]")).isTrue();
        assertThat(m.path("parameters").has("tau[1]")).isTrue();
        CliRun ls = CliRun.of("fit", sites.toString(), "--model", "logspline", "--df", "6", "--grid-points", "61",
                "--prior", "alpha_sd=half_normal(0, 2)", "--json", "-", "--draws", "300", "--warmup", "200");
        assertThat(ls.code()).as(ls.err()).isZero();
        JsonNode l = JSON.readTree(ls.out());
        assertThat(l.path("model").path("priors").path("alpha_sd").asString()).isEqualTo("half_normal(0, 2)");
        assertThat(l.path("model").path("priors").path("alpha").asString()).contains("6 natural spline columns on 61 grid points");
        assertThat(l.path("parameters").has("alpha_sd")).isTrue();
        CliRun dp = CliRun.of("fit", sites.toString(), "--model", "dp", "--dp-clusters", "3,4", "--truncation", "12",
                "--json", "-", "--draws", "500", "--warmup", "300");
        assertThat(dp.code()).as(dp.err()).isZero();
        JsonNode d = JSON.readTree(dp.out());
        assertThat(d.path("model").path("priors").path("alpha").asString()).startsWith("gamma(");
        assertThat(d.path("parameters").has("clusters")).isTrue();
        assertThat(d.path("parameters").has("w_last")).isTrue();
        assertThat(d.path("parameters").has("w[1]")).isFalse();
        String[][] refused = {
            {"--components applies to --model mixture", "--components", "3"},
            {"--dp-clusters applies to --model dp", "--dp-clusters", "3"},
            {"--dp-clusters 3,x: expected MEAN or MEAN,VAR", "--model", "dp", "--dp-clusters", "3,x"},
            {"between 1 and the 60 sites", "--model", "dp", "--dp-clusters", "99"},
            {"both set alpha's prior", "--model", "dp", "--dp-clusters", "3", "--prior", "alpha=gamma(1, 1)"},
            {"--df applies to --model logspline", "--df", "4"},
        };
        for (String[] c : refused) {
            List<String> args = new java.util.ArrayList<>(List.of("fit", sites.toString()));
            args.addAll(List.of(c).subList(1, c.length));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(c[0]);
        }
    }

    @Test
    void refusals() throws IOException {
        Path units = gaussianUnits();
        Path binary = dir.resolve("binary.csv");
        Files.writeString(binary, "site,treatment,outcome\na,1,1\na,1,0\na,0,1\na,0,0\nb,1,1\nb,1,0\nb,0,1\nb,0,0\n");
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site,estimate,se\na,1,1\nb,2,1\n");
        String[][] cases = {
            {"a=flat: with a binary outcome", "fit", binary.toString(), "--family", "binomial", "--one-stage", "--prior", "a=flat"},
            {"--one-stage needs unit-level data", "fit", sites.toString(), "--one-stage"},
            {"--intercepts sideways: expected fixed or random", "fit", units.toString(), "--one-stage", "--intercepts", "sideways"},
            {"--intercepts applies to the one-stage model only", "fit", units.toString(), "--intercepts", "random"},
            {"no parameter 'nu'", "fit", units.toString(), "--one-stage", "--prior", "nu=gamma(2, 0.1)"},
            {"site covariates with unit-level data", "fit", units.toString(), "--covariates", "z"},
            {"--one-stage needs unit-level data (the unit-level example", "demo", "--one-stage"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(c[0]);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
    }
}
