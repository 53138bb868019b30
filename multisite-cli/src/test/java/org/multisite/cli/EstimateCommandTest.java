package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EstimateCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** ../shared/data/bogota-cct/FILE from the module directory, or skip. */
    static Path bogota(String file) {
        Path p = Path.of("..", "..", "shared", "data", "bogota-cct", file);
        Assumptions.assumeTrue(Files.exists(p), "../shared/data/bogota-cct is absent: skipping the Bogota check");
        return p;
    }

    private static Map<String, String[]> readCsv(Path file) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.put(f[0], f);
        }
        return rows;
    }

    @Test
    void bogotaSchoolsReproduceGlmAndUseFirthUnderSeparation() throws IOException {
        Path students = bogota("students.csv");
        Path out = dir.resolve("schools.csv");
        CliRun r = CliRun.of("estimate", students.toString(), "--site", "school", "--outcome", "enrolled_ontime",
                "--family", "binomial", "--min-units", "10", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        // students without a school code are dropped and counted
        assertThat(r.err()).contains("238 of 2345 rows dropped for a missing value (school: 238)");
        Files.readAllLines(out).get(0).equals("site,estimate,se,n_treated,n_control,method");
        Map<String, String[]> ours = readCsv(out);
        // reference: per-school glm(enrolled_ontime ~ treatment, binomial) of the shared data set
        Map<String, String[]> reference = readCsv(bogota("school_estimates.csv"));
        assertThat(ours.keySet()).isEqualTo(reference.keySet());
        int mle = 0;
        int firth = 0;
        for (Map.Entry<String, String[]> e : reference.entrySet()) {
            String[] o = ours.get(e.getKey());
            double refSe = Double.parseDouble(e.getValue()[2]);
            if (refSe < 1000) {
                assertThat(o[5]).isEqualTo("mle");
                assertThat(Double.parseDouble(o[1])).as(e.getKey()).isCloseTo(Double.parseDouble(e.getValue()[1]), within(1e-6));
                assertThat(Double.parseDouble(o[2])).as(e.getKey()).isCloseTo(refSe, within(1e-6));
                mle++;
            } else {
                // glm stopped at |estimate| ~ 17-20 with se in the thousands: no MLE; Firth's is finite
                assertThat(o[5]).isEqualTo("firth");
                assertThat(Math.abs(Double.parseDouble(o[1]))).isLessThan(5);
                assertThat(Double.parseDouble(o[2])).isLessThan(5);
                assertThat(r.err()).contains(e.getKey());
                firth++;
            }
        }
        assertThat(mle).isEqualTo(35);
        assertThat(firth).isEqualTo(8);
        assertThat(r.err()).contains("43 sites estimated (8 firth, 35 mle)", "79 sites dropped:", "one arm only");
    }

    @Test
    void fitOnBogotaStudentsRunsTheTwoStagePath() throws IOException {
        Path students = bogota("students.csv");
        CliRun r = CliRun.of("fit", students.toString(), "--site", "school", "--outcome", "enrolled_ontime",
                "--family", "binomial", "--min-units", "10", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        JsonNode data = root.path("data");
        assertThat(data.path("level").asString()).isEqualTo("unit");
        assertThat(data.path("sites").asInt()).isEqualTo(43);
        assertThat(data.path("dropped").size()).isEqualTo(79);
        assertThat(data.path("dropped").get(0).path("reason").asString()).isNotEmpty();
        assertThat(data.path("rows_dropped").asInt()).isEqualTo(238);
        assertThat(data.path("methods").path("firth").asInt()).isEqualTo(8);
        assertThat(data.path("effect").asString()).isEqualTo("logodds");
        assertThat(root.path("sites").get(0).path("method").asString()).isIn("mle", "firth");
        assertThat(root.path("diagnostics").path("max_rhat").asDouble()).isLessThan(1.01);
    }

    @Test
    void gaussianUnitsGiveDifferencesInMeansOrOls() throws IOException {
        Path data = dir.resolve("units.csv");
        Files.writeString(data, "site,treatment,outcome,age\n"
                + "a,1,4,10\na,1,6,11\na,1,8,12\na,0,1,10\na,0,2,14\n"
                + "b,1,3,9\nb,1,5,13\nb,0,2,11\nb,0,2.5,10\nb,0,1,12\n"
                + "c,1,3,9\n");
        CliRun r = CliRun.of("estimate", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).first().isEqualTo("site,estimate,se,n_treated,n_control,method");
        // site a: 4.5 and sqrt(4/3 + 0.5/2) by hand
        assertThat(r.out()).contains("a,4.5," + Math.sqrt(4.0 / 3 + 0.25) + ",3,2,diff");
        assertThat(r.err()).contains("c: one arm only (1 treated, 0 control)");
        CliRun ols = CliRun.of("estimate", data.toString(), "--unit-covariates", "age");
        assertThat(ols.code()).as(ols.err()).isZero();
        assertThat(ols.out()).contains(",ols");
    }

    @Test
    void riskDifferenceOfABinaryOutcome() throws IOException {
        Path data = dir.resolve("binary.csv");
        // treated 3 of 4, control 1 of 4: 0.5 with the Neyman SE sqrt(0.25/4 + 0.25/4) (variances 1/4 with divisor n - 1)
        Files.writeString(data, "site,treatment,outcome\na,1,1\na,1,1\na,1,1\na,1,0\na,0,1\na,0,0\na,0,0\na,0,0\n");
        CliRun r = CliRun.of("estimate", data.toString(), "--family", "binomial", "--effect", "riskdiff");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("a,0.5," + Math.sqrt(0.25 / 4 + 0.25 / 4) + ",4,4,diff");
    }

    static Stream<Arguments> badInputs() {
        String ok = "site,treatment,outcome\na,1,1\na,1,0\na,0,1\na,0,0\nb,1,1\nb,1,0\nb,0,1\nb,0,0\n";
        return Stream.of(
                Arguments.of("treatment not 0/1", "site,treatment,outcome\na,2,1\n", List.of(), "line 2, column 'treatment': treatment must be 0 or 1, got 2"),
                Arguments.of("binomial outcome not 0/1", "site,treatment,outcome\na,1,0.5\n", List.of("--family", "binomial"), "line 2, column 'outcome': a binomial outcome must be 0 or 1, got 0.5"),
                Arguments.of("outcome not a number", "site,treatment,outcome\na,1,high\n", List.of(), "line 2, column 'outcome': 'high' is not a number"),
                Arguments.of("missing refused", "site,treatment,outcome\na,1,\n", List.of("--missing", "refuse"), "line 2, column 'outcome': value is missing (use --missing drop"),
                Arguments.of("all rows missing", "site,treatment,outcome\na,1,\n,0,1\n", List.of(), "no complete rows (2 read"),
                Arguments.of("missing column", "site,arm,outcome\na,1,1\n", List.of(), "no column 'treatment' (columns: site, arm, outcome); choose one with --treatment"),
                Arguments.of("bad family", ok, List.of("--family", "poisson"), "--family poisson: expected gaussian or binomial"),
                Arguments.of("logodds on gaussian", ok, List.of("--effect", "logodds"), "--effect logodds needs a 0/1 outcome"),
                Arguments.of("bad effect", ok, List.of("--effect", "ratio"), "--effect ratio: expected diff, logodds or riskdiff"),
                Arguments.of("bad min per arm", ok, List.of("--min-per-arm", "0"), "--min-per-arm must be >= 1, got 0"),
                Arguments.of("bad missing", ok, List.of("--missing", "skip"), "--missing skip: expected drop or refuse"),
                Arguments.of("nothing estimable", "site,treatment,outcome\na,1,1\na,0,2\n", List.of(), "no site could be estimated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badUnitInputExitsWithTwoAndOneLine(String name, String csv, List<String> options, String message) throws IOException {
        Path data = dir.resolve("units.csv");
        Files.writeString(data, csv);
        Path out = dir.resolve("out.csv");
        List<String> args = new java.util.ArrayList<>(List.of("estimate", data.toString(), "--out", out.toString()));
        args.addAll(options);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(message).doesNotContain("Exception");
        assertThat(out).doesNotExist();
        // fit on the same input refuses the same way
        List<String> fitArgs = new java.util.ArrayList<>(List.of("fit", data.toString(), "--level", "unit"));
        fitArgs.addAll(options);
        CliRun f = CliRun.of(fitArgs.toArray(String[]::new));
        assertThat(f.code()).as(f.err()).isEqualTo(2);
        assertThat(f.err().strip().lines().count()).as(f.err()).isEqualTo(1);
    }

    @Test
    void fitDetectsTheLevelFromTheColumns() throws IOException {
        Path data = dir.resolve("odd.csv");
        Files.writeString(data, "site,x,y\na,1,2\n");
        CliRun r = CliRun.of("fit", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("neither site-level columns ('estimate', 'se') nor unit-level columns ('treatment', 'outcome')");
    }
}
