package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class FitCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EIGHT_SCHOOLS = "# Rubin (1981) eight schools\nsite,estimate,se\n"
            + "A,28,15\nB,8,10\nC,-3,16\nD,7,11\nE,-1,9\nF,1,11\nG,18,10\nH,12,18\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void demoPrintsTheSummaryAndWritesTheReport() {
        Path report = dir.resolve("demo.html");
        CliRun r = CliRun.of("demo", "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Priors:", "mu ~ normal(", "tau ~ half_cauchy(", "I (informativeness)",
                "site01", "shrinkage", "rank 95%", "Diagnostics: max R-hat", "Report: " + report.toAbsolutePath());
        assertThat(report).exists();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void demoDataResourceIsWhatTheGeneratorMakes() throws IOException {
        try (var in = DemoCommand.class.getResourceAsStream(DemoData.RESOURCE)) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(DemoData.csv());
        }
    }

    @Test
    void fitWritesEveryOutputWithTheContractsNames() throws IOException {
        Path data = write("eight.csv", EIGHT_SCHOOLS);
        Path json = dir.resolve("fit.json");
        Path draws = dir.resolve("draws.csv");
        Path sites = dir.resolve("sites.csv");
        Path report = dir.resolve("fit.html");
        CliRun r = CliRun.of("fit", data.toString(), "--prior", "mu=normal(0, 5)", "--prior", "tau=half_cauchy(0, 5)",
                "--json", json.toString(), "--draws-csv", draws.toString(), "--sites-csv", sites.toString(),
                "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(Files.readString(json));
        assertThat(root.path("tool").path("name").asString()).isEqualTo("multisite");
        assertThat(root.path("model").path("name").asString()).isEqualTo("normal");
        assertThat(root.path("model").path("priors").path("mu").asString()).isEqualTo("normal(0, 5)");
        assertThat(root.path("model").path("priors").path("tau").asString()).isEqualTo("half_cauchy(0, 5)");
        assertThat(root.path("data").path("level").asString()).isEqualTo("site");
        assertThat(root.path("data").path("sites").asInt()).isEqualTo(8);
        assertThat(root.path("sampler").path("chains").asInt()).isEqualTo(4);
        for (String p : List.of("mu", "tau")) {
            JsonNode node = root.path("parameters").path(p);
            for (String key : List.of("mean", "sd", "median", "q2.5", "q5", "q95", "q97.5", "rhat", "ess_bulk", "ess_tail", "mcse_mean")) {
                assertThat(node.has(key)).as(p + "." + key).isTrue();
            }
        }
        // acceptance values of issue 2: E[mu] 4.40, E[tau] 3.59; 4 MCSE
        JsonNode mu = root.path("parameters").path("mu");
        JsonNode tau = root.path("parameters").path("tau");
        assertThat(mu.path("mean").asDouble()).isCloseTo(4.40, within(4 * mu.path("mcse_mean").asDouble() + 0.05));
        assertThat(tau.path("mean").asDouble()).isCloseTo(3.59, within(4 * tau.path("mcse_mean").asDouble() + 0.05));
        JsonNode site = root.path("sites").get(0);
        for (String key : List.of("site", "estimate", "se", "mean", "sd", "median", "q2.5", "q97.5", "rank_mean", "rank",
                "rank_q2.5", "rank_q97.5", "cb", "gr", "shrinkage", "rhat", "ess_bulk")) {
            assertThat(site.has(key)).as("sites[0]." + key).isTrue();
        }
        assertThat(site.path("site").asString()).isEqualTo("A");
        assertThat(site.path("rank").isInt()).isTrue();
        assertThat(site.path("rank_q2.5").isInt()).isTrue();
        JsonNode dist = root.path("distribution");
        assertThat(dist.path("quantiles").has("0.05")).isTrue();
        assertThat(dist.path("grid").size()).isEqualTo(dist.path("density").size()).isEqualTo(dist.path("cdf").size());
        assertThat(dist.path("predictive").has("q2.5")).isTrue();
        assertThat(root.path("diagnostics").path("max_rhat").asDouble()).isLessThan(1.01);
        assertThat(root.path("seconds").isNumber()).isTrue();

        List<String> drawLines = Files.readAllLines(draws);
        assertThat(drawLines.get(0)).isEqualTo(".chain,.iteration,.draw,mu,tau,theta[1],theta[2],theta[3],theta[4],theta[5],theta[6],theta[7],theta[8]");
        assertThat(drawLines).hasSize(4001);
        assertThat(drawLines.get(1001)).startsWith("2,1,1001,");
        List<String> siteLines = Files.readAllLines(sites);
        assertThat(siteLines.get(0)).startsWith("site,estimate,se,mean,sd,median,q2.5");
        assertThat(siteLines).hasSize(9);
        assertThat(Files.readString(report)).contains("echarts").contains("\"site\":\"A\"");
        assertThat(r.out()).contains("mu ~ normal(0, 5)");
        // outputs are ordinary files: readable by others under the usual umask 022, no temporary left
        if (Files.getFileStore(json).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(json)).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.endsWith(".tmp"));
        }
    }

    @Test
    void strictExitsWithThreeWhenDiagnosticsFail() throws IOException {
        Path data = write("eight.csv", EIGHT_SCHOOLS);
        // 4 x 20 draws cannot reach a bulk ESS of 400
        CliRun strict = CliRun.of("fit", data.toString(), "--draws", "20", "--warmup", "0", "--strict", "--quiet");
        assertThat(strict.code()).isEqualTo(3);
        assertThat(strict.out()).isEmpty();
        assertThat(strict.err()).contains("warning: bulk ESS");
        CliRun lenient = CliRun.of("fit", data.toString(), "--draws", "20", "--warmup", "0");
        assertThat(lenient.code()).isZero();
        assertThat(lenient.out()).contains("WARNING", "warning: bulk ESS");
    }

    @Test
    void helpShowsAnExample() {
        CliRun r = CliRun.of("fit", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:", "multisite fit sites.csv", "--prior", "--draws-csv", "--sites-csv", "--report");
        assertThat(CliRun.of("demo", "--help").out()).contains("Examples:");
        assertThat(CliRun.of("--help").out()).contains("Examples:", "fit", "demo");
        CliRun none = CliRun.of();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void manySitesPrintOnlyTheExtremes() throws IOException {
        StringBuilder csv = new StringBuilder("site,estimate,se\n");
        for (int j = 1; j <= 120; j++) {
            csv.append("s").append(j).append(',').append(j / 10.0).append(",1\n");
        }
        CliRun r = CliRun.of("fit", write("many.csv", csv.toString()).toString(), "--draws", "200", "--warmup", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("the 10 lowest and 10 highest ranked of 120");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+s\\d+ .*"))).hasSize(20);
    }

    @Test
    void jsonOnStdoutIsOnlyJson() throws IOException {
        Path data = write("eight.csv", EIGHT_SCHOOLS);
        CliRun r = CliRun.of("fit", data.toString(), "--json", "-", "--draws", "200", "--warmup", "0");
        assertThat(r.code()).isZero();
        assertThat(JSON.readTree(r.out()).path("parameters").has("tau")).isTrue();
    }

    @Test
    void sameSeedSameBytesWhateverTheThreads() throws IOException {
        Path data = write("eight.csv", EIGHT_SCHOOLS);
        String a = withoutSeconds(CliRun.of("fit", data.toString(), "--json", "-", "--threads", "1", "--seed", "7").out());
        String b = withoutSeconds(CliRun.of("fit", data.toString(), "--json", "-", "--threads", "3", "--seed", "7").out());
        assertThat(b).isEqualTo(a);
        String c = withoutSeconds(CliRun.of("fit", data.toString(), "--json", "-", "--threads", "1", "--seed", "8").out());
        assertThat(c).isNotEqualTo(a);
    }

    private static String withoutSeconds(String json) {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        node.remove("seconds");
        return node.toString();
    }

    @Test
    void covariatesGiveBetaParameters() throws IOException {
        Path data = write("cov.csv", "site,estimate,se,urban\nA,28,15,1\nB,8,10,0\nC,-3,16,0\nD,7,11,1\nE,-1,9,0\nF,1,11,1\nG,18,10,1\nH,12,18,0\n");
        CliRun r = CliRun.of("fit", data.toString(), "--covariates", "urban", "--prior", "beta=normal(0, 10)", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("parameters").has("beta[urban]")).isTrue();
        assertThat(root.path("model").path("priors").path("beta[urban]").asString()).isEqualTo("normal(0, 10)");
        assertThat(root.path("model").path("covariates").get(0).asString()).isEqualTo("urban");
    }

    static Stream<Arguments> badInputs() {
        String ok = "site,estimate,se\nA,1,1\nB,2,1\nC,3,2\n";
        return Stream.of(
                Arguments.of("missing file", null, List.of(), "no such file"),
                Arguments.of("unit-level data read as site-level", "site,treatment,outcome\nA,1,0.5\nA,0,0.1\n", List.of("--level", "site"), "look like unit-level records; use --level unit"),
                Arguments.of("missing column", "site,estimate,stderr\nA,1,1\nB,2,1\n", List.of(), "no column 'se' (columns: site, estimate, stderr); choose one with --se"),
                Arguments.of("non-numeric", "site,estimate,se\nA,1,1\nB,x2,1\n", List.of(), "line 3, column 'estimate': 'x2' is not a number"),
                Arguments.of("blank value", "site,estimate,se\nA,1,1\nB,2,\n", List.of(), "line 3, column 'se': value is blank (missing)"),
                Arguments.of("se zero", "site,estimate,se\nA,1,1\nB,2,0\n", List.of(), "line 3, column 'se': standard error must be > 0, got 0"),
                Arguments.of("se infinite", "site,estimate,se\nA,1,1\nB,2,Infinity\n", List.of(), "line 3, column 'se': 'Infinity' is not a finite number"),
                Arguments.of("duplicate site", "site,estimate,se\nA,1,1\n# comment\nA,2,1\n", List.of(), "line 4, column 'site': site 'A' appears again (first on line 2)"),
                Arguments.of("one site", "site,estimate,se\nA,1,1\n", List.of(), "at least 2 sites are needed, got 1"),
                Arguments.of("empty file", "", List.of(), "empty file"),
                Arguments.of("ragged row", "site,estimate,se\nA,1,1\nB,2\n", List.of(), "line 3: 2 fields where the header has 3"),
                Arguments.of("constant covariate", "site,estimate,se,k\nA,1,1,3\nB,2,1,3\nC,3,2,3\n", List.of("--covariates", "k"), "covariate 'k' is constant"),
                Arguments.of("collinear covariates", "site,estimate,se,x,z\nA,1,1,1,2\nB,2,1,2,4\nC,3,2,3,6\nD,3,2,5,10\n", List.of("--covariates", "x,z"), "covariate 'z' is collinear"),
                Arguments.of("missing covariate", ok, List.of("--covariates", "size"), "no column 'size'"),
                Arguments.of("bad prior", ok, List.of("--prior", "tau=half_cauchy(0, -1)"), "--prior tau=half_cauchy(0, -1): half_cauchy: scale must be finite and > 0, got -1"),
                Arguments.of("unknown distribution", ok, List.of("--prior", "tau=cauchy(0, 1)"), "unknown distribution 'cauchy'"),
                Arguments.of("unknown target", ok, List.of("--prior", "nu=gamma(2, 0.1)"), "no parameter 'nu'"),
                Arguments.of("no equals", ok, List.of("--prior", "normal(0,1)"), "expected NAME=DIST"),
                Arguments.of("improper", "site,estimate,se\nA,1,1\nB,2,1\n", List.of("--prior", "mu=flat", "--prior", "tau=flat"), "posterior is improper"),
                Arguments.of("non-normal mu", ok, List.of("--prior", "mu=student_t(3, 0, 1)"), "needs a normal or flat prior"),
                Arguments.of("bad chains", ok, List.of("--chains", "0"), "--chains 0: must be >= 1"),
                Arguments.of("not a number option", ok, List.of("--draws", "many"), "--draws"),
                Arguments.of("unknown model", ok, List.of("--model", "splines"), "--model splines: not available"),
                Arguments.of("unknown option", ok, List.of("--bogus"), "Unknown option: '--bogus'"),
                Arguments.of("json into missing dir", ok, List.of("--json", "/nonexistent-dir/x.json"), "--json /nonexistent-dir/x.json: directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExitsWithTwoOneLineAndWritesNothing(String name, String csv, List<String> options, String message) throws IOException {
        Path data = csv == null ? dir.resolve("absent.csv") : write("data.csv", csv);
        Path json = dir.resolve("out.json");
        Path report = dir.resolve("out.html");
        List<String> args = new java.util.ArrayList<>(List.of("fit", data.toString(), "--report", report.toString()));
        args.addAll(options);
        if (!options.contains("--json")) {
            args.addAll(List.of("--json", json.toString()));
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        if (options.isEmpty() || options.get(0).equals("--covariates")) {
            assertThat(r.err()).as("a data error names the file").contains(data.toString());
        } else {
            assertThat(r.err()).as("an option error names the option").contains(options.get(0));
        }
        assertThat(json).doesNotExist();
        assertThat(report).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(f -> f.equals("data.csv"));
        }
    }

    @Test
    void bogotaSchoolsWithSeparatedFitsAreHandled() throws IOException {
        Path file = Path.of("..", "..", "shared", "data", "bogota-cct", "school_estimates.csv");
        if (!Files.exists(file)) {
            file = Path.of("..", "..", "..", "shared", "data", "bogota-cct", "school_estimates.csv");
        }
        Assumptions.assumeTrue(Files.exists(file), "../shared/data/bogota-cct is absent: skipping the Bogota fit");
        String header = Files.readAllLines(file).get(0);
        Assumptions.assumeTrue(header.contains("estimate") && header.contains("se"), "unexpected columns: " + header);
        String site = header.split(",")[0];
        CliRun r = CliRun.of("fit", file.toString(), "--site", site, "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("data").path("sites").asInt()).isEqualTo(43);
        assertThat(root.path("diagnostics").path("max_rhat").asDouble()).isLessThan(1.01);
        for (JsonNode s : root.path("sites")) {
            if (s.path("se").asDouble() > 1000) {
                // a separated school carries no information: fully shrunk to the prior mean of G
                assertThat(s.path("shrinkage").asDouble()).isGreaterThan(0.9999);
                assertThat(Math.abs(s.path("mean").asDouble())).isLessThan(5);
            }
        }
    }
}
