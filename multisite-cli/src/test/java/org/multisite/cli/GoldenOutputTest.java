package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden outputs: every command on fixed inputs and seeds, its files and its stdout compared
 * byte for byte with {@code src/test/resources/golden/CASE/FILE}. Only what varies between
 * identical runs is masked: the {@code seconds} fields, timings in the text and the results
 * directory's absolute path. HTML reports are compared by the data they embed (the page
 * template and the charting library are not results).
 *
 * <p>A change that alters a number on purpose regenerates the files with
 * {@code mvn -pl multisite-cli test -Dtest=GoldenOutputTest -Dgolden.update=true} and says so in
 * its commit; the diff then shows what changed.
 */
class GoldenOutputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final String[] SAMPLING = {"--chains", "2", "--warmup", "100", "--draws", "100", "--seed", "7"};
    private static final Pattern SECONDS = Pattern.compile("\"seconds\"(\\s*):(\\s*)[-0-9.eE+]+");
    private static final Pattern TEXT_TIME = Pattern.compile("(\\d+(\\.\\d+)?) s\\b");
    private static final Pattern PAGE_DATA = Pattern.compile("<script type=\"application/json\" id=\"[a-z-]+\">(.*?)</script>",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    private final List<String> mismatches = new ArrayList<>();
    private int jsonFiles;

    @Test
    void everyCommandGivesItsRecordedOutput() throws IOException {
        inputs();
        demo();
        fits();
        compares();
        eb();
        hetop();
        simulateAndEstimate();
        study();
        potentialOutcomes();
        assertThat(jsonFiles).as("JSON outputs checked for provenance").isGreaterThan(30);
        assertThat(mismatches).as("outputs that differ from src/test/resources/golden (actual files in "
                + Path.of("target/golden-actual").toAbsolutePath() + ")").isEmpty();
    }

    /** Input files: simulated by the CLI itself (and so golden too), and count tables from fixed formulas. */
    private void inputs() throws IOException {
        run("simulate-sites", "", "simulate", "--shape", "mixture", "--sites", "12", "--informativeness", "0.7",
                "--se-ratio", "5", "--coefficients", "0.5", "--seed", "3", "--out", path("sites.csv"));
        copyInput("simulate-sites", "sites.csv");
        run("simulate-units", "", "simulate", "--sites", "10", "--site-size", "30", "--units", "--tau", "0.3", "--seed", "4",
                "--out", path("units.csv"));
        copyInput("simulate-units", "units.csv");
        run("simulate-units-binomial", "", "simulate", "--sites", "10", "--site-size", "40", "--units", "--tau", "0.4",
                "--family", "binomial", "--seed", "5", "--out", path("binary.csv"));
        copyInput("simulate-units-binomial", "binary.csv");
        run("simulate-hetop", "", "simulate", "--hetop", "--sites", "12", "--group-size", "80", "--cuts", "-1,0,0.8",
                "--seed", "6", "--out", path("groups.csv"));
        copyInput("simulate-hetop", "groups.csv");
        StringBuilder poisson = new StringBuilder("x,count\n");
        for (int x = 1; x <= 30; x++) {
            poisson.append(x).append(',').append(Math.round(200 * Math.exp(-x / 5.0) + 3 * (x % 4))).append('\n');
        }
        Files.writeString(dir.resolve("counts.csv"), poisson.toString());
        StringBuilder binomial = new StringBuilder("unit,n,s\n");
        for (int i = 1; i <= 60; i++) {
            int n = 8 + i % 7;
            binomial.append("u").append(i).append(',').append(n).append(',').append((i * 5) % (n + 1)).append('\n');
        }
        Files.writeString(dir.resolve("trials.csv"), binomial.toString());
        // outcomes with many zeros, for the two-part model: max(0, 2 y) of the gaussian records
        List<String> lines = Files.readAllLines(dir.resolve("units.csv"));
        StringBuilder zeros = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            f[2] = Double.toString(Math.max(0, 2 * Double.parseDouble(f[2])));
            zeros.append(String.join(",", f)).append('\n');
        }
        Files.writeString(dir.resolve("earnings.csv"), zeros.toString());
    }

    private void demo() throws IOException {
        run("demo", "stdout.txt", "demo", "--report", path("demo.html"), "--json", path("demo.json"), "--sites-csv",
                path("demo-sites.csv"));
        run("demo-small", "stdout.txt", join(SAMPLING, "demo", "--report", path("demo-small.html"), "--json",
                path("demo-small.json")));
        run("demo-unit-binomial", "stdout.txt", join(SAMPLING, "demo", "--level", "unit", "--family", "binomial",
                "--report", path("demo-unit.html"), "--json", path("demo-unit.json")));
    }

    private void fits() throws IOException {
        String sites = path("sites.csv");
        for (String model : List.of("normal", "t", "mixture", "dp", "logspline")) {
            List<String> args = new ArrayList<>(List.of("fit", sites, "--model", model, "--json", path(model + ".json"),
                    "--sites-csv", path(model + "-sites.csv")));
            if (model.equals("normal") || model.equals("t")) {
                args.addAll(List.of("--draws-csv", path(model + "-draws.csv")));
            }
            run("fit-" + model, "stdout.txt", join(SAMPLING, args.toArray(String[]::new)));
        }
        run("fit-normal-covariates", "stdout.txt", join(SAMPLING, "fit", sites, "--covariates", "x1", "--prior",
                "tau=half_normal(0, 2)", "--json", path("cov.json"), "--report", path("cov.html")));
        run("fit-mixture-3", "", join(SAMPLING, "fit", sites, "--model", "mixture", "--components", "3", "--prior",
                "mu=normal(0, 3)", "--json", path("mix3.json")));
        run("fit-dp-clusters", "", join(SAMPLING, "fit", sites, "--model", "dp", "--dp-clusters", "3", "--truncation", "10",
                "--covariates", "x1", "--json", path("dp3.json")));
        run("fit-logspline-options", "", join(SAMPLING, "fit", sites, "--model", "logspline", "--df", "4", "--grid-points",
                "41", "--prior", "alpha_sd=half_normal(0, 2)", "--json", path("ls.json")));
        run("fit-t-nu", "", join(SAMPLING, "fit", sites, "--model", "t", "--prior", "nu=gamma(2, 0.2)", "--prior",
                "tau2=inv_gamma(1, 1)", "--json", path("t2.json")));
        String units = path("units.csv");
        run("fit-two-stage", "stdout.txt", join(SAMPLING, "fit", units, "--json", path("two.json"), "--sites-csv",
                path("two-sites.csv")));
        run("fit-one-stage", "stdout.txt", join(SAMPLING, "fit", units, "--one-stage", "--json", path("one.json")));
        run("fit-one-stage-t-random", "", join(SAMPLING, "fit", units, "--one-stage", "--model", "t", "--intercepts", "random",
                "--json", path("one-t.json")));
        run("fit-one-stage-binomial", "", join(SAMPLING, "fit", path("binary.csv"), "--one-stage", "--family", "binomial",
                "--model", "mixture", "--json", path("one-bin.json")));
        run("fit-two-stage-binomial-dp", "", join(SAMPLING, "fit", path("binary.csv"), "--family", "binomial", "--model", "dp",
                "--json", path("two-bin.json")));
    }

    private void compares() throws IOException {
        run("compare", "stdout.txt", join(SAMPLING, "compare", path("sites.csv"), "--json", path("compare.json")));
        run("compare-priors", "", join(SAMPLING, "compare", path("sites.csv"), "--models", "normal,t,dp", "--prior", "nu=gamma(2, 0.2)",
                "--prior", "alpha=gamma(2, 2)", "--prior", "tau=half_normal(0, 1)", "--json", path("compare2.json")));
        run("compare-one-stage", "stdout.txt", join(SAMPLING, "compare", path("units.csv"), "--one-stage", "--models",
                "normal,t", "--prior", "sigma=half_normal(0, 3)", "--json", path("compare-one.json")));
        run("compare-two-stage", "", join(SAMPLING, "compare", path("units.csv"), "--models", "normal,mixture",
                "--json", path("compare-two.json")));
    }

    private void eb() throws IOException {
        String sites = path("sites.csv");
        for (String method : List.of("dl", "ml", "reml")) {
            run("eb-" + method, "stdout.txt", "eb", sites, "--method", method, "--covariates", "x1", "--json", path(method + ".json"));
        }
        for (String method : List.of("reml", "npmle", "efron")) {
            run("eb-report-" + method, "", "eb", sites, "--method", method, "--report", path("eb-" + method + ".html"), "--quiet");
        }
        run("eb-npmle", "stdout.txt", "eb", sites, "--method", "npmle", "--grid-points", "50", "--json", path("npmle.json"));
        run("eb-efron", "stdout.txt", "eb", sites, "--method", "efron", "--grid", "-4:4:0.1", "--json", path("efron.json"));
        run("eb-efron-unit-noise", "stdout.txt", "eb", sites, "--method", "efron", "--grid", "-4:4:0.2", "--df", "4",
                "--bins", "20", "--json", path("efron-z.json"));
        run("eb-efron-poisson", "stdout.txt", "eb", path("counts.csv"), "--method", "efron", "--family", "poisson", "--value",
                "x", "--weight", "count", "--grid-log", "-3:3.5:0.05", "--penalty", "2", "--json", path("poisson.json"));
        run("eb-efron-binomial", "stdout.txt", "eb", path("trials.csv"), "--site", "unit", "--method", "efron", "--family",
                "binomial", "--trials", "n", "--successes", "s", "--json", path("binomial.json"));
    }

    private void hetop() throws IOException {
        String groups = path("groups.csv");
        run("hetop-mle", "stdout.txt", "hetop", groups, "--counts", "n1,n2,n3,n4", "--json", path("mle.json"), "--report",
                path("mle.html"));
        run("hetop-fh", "stdout.txt", join(SAMPLING, "hetop", groups, "--counts", "n1,n2,n3,n4", "--method", "fh", "--json",
                path("fh.json"), "--report", path("fh.html")));
        run("hetop-fh-logspline", "stdout.txt", join(SAMPLING, "hetop", groups, "--counts", "n1,n2,n3,n4", "--method", "fh",
                "--prior", "logspline", "--grid-points", "30", "--df", "5", "--json", path("fhls.json")));
        // covariates that differ from group to group: each group's table from its own cells
        run("hetop-fh-logspline-covariates", "stdout.txt", join(SAMPLING, "hetop", groups, "--counts", "n1,n2,n3,n4",
                "--method", "fh", "--prior", "logspline", "--mean-covariates", "true_sigma", "--sd-covariates", "true_mu",
                "--json", path("fhlsc.json")));
    }

    private void simulateAndEstimate() throws IOException {
        for (String shape : List.of("t", "skew", "ald", "spike")) {
            run("simulate-" + shape, "stdout.csv", "simulate", "--shape", shape, "--sites", "8", "--informativeness", "0.6",
                    "--sd-ratio", "3", "--seed", "11");
        }
        run("simulate-site-sizes", "stdout.csv", "simulate", "--sites", "8", "--site-size", "50", "--size-cv", "0.3",
                "--seed", "12");
        run("estimate-binomial", "stdout.csv", "estimate", path("binary.csv"), "--family", "binomial", "--quiet");
        run("estimate-riskdiff", "stdout.csv", "estimate", path("binary.csv"), "--family", "binomial", "--effect", "riskdiff",
                "--quiet");
    }

    private void study() throws IOException {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, """
                seed: 5
                replications: 3
                factors:
                  shape: [gaussian, bimodal]
                  sites: [15]
                  informativeness: [0.5]
                  se_ratio: [4]
                models:
                  - name: normal
                  - name: t
                  - name: dp
                    truncation: 8
                estimators: [ml, pm, cb, gr]
                metrics: [ssel, wssel, isel, rank_sel, mean_est, var_est, bias_mu, rmse_mu, cover_mu, width_mu, bias_tau, rmse_tau, cover_tau, width_tau, quantile_sel]
                sampler: {chains: 2, warmup: 100, draws: 100}
                """);
        Path out = dir.resolve("study");
        run("study", "stdout.txt", "study", spec.toString(), "--out", out.toString(), "--threads", "1");
        compare("study", "replications.csv", Files.readString(out.resolve("replications.csv")));
        compare("study", "summary.csv", Files.readString(out.resolve("summary.csv")));
        compare("study", "report-data.json", pageData(Files.readString(out.resolve("report.html"))));
    }

    private void potentialOutcomes() throws IOException {
        run("po-normal", "stdout.txt", "potential-outcomes", path("units.csv"), "--site", "site", "--rho-grid", "0,0.5,1",
                "--draws", "400", "--seed", "3", "--json", path("po.json"), "--report", path("po.html"));
        run("po-two-part", "stdout.txt", "potential-outcomes", path("earnings.csv"), "--model", "two-part", "--draws", "400",
                "--json", path("po2.json"));
    }

    // ---------------------------------------------------------------------------------------

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static String[] join(String[] tail, String... head) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /**
     * Runs a command, then compares its stdout (as {@code stdoutName}, unless empty) and every
     * file it was asked to write (the values of --json, --report, --sites-csv, --draws-csv, --out).
     */
    private void run(String name, String stdoutName, String... args) throws IOException {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(name + ": " + String.join(" ", args) + "\n" + r.err()).isZero();
        if (!stdoutName.isEmpty()) {
            compare(name, stdoutName, maskText(r.out()));
        }
        for (int i = 0; i + 1 < args.length; i++) {
            String option = args[i];
            if (!List.of("--json", "--report", "--sites-csv", "--draws-csv", "--out").contains(option)
                    || args[0].equals("study") || (args[0].equals("simulate") && option.equals("--out"))) {
                continue;
            }
            Path file = Path.of(args[i + 1]);
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String key = option.substring(2);
            if (option.equals("--report")) {
                compare(name, "report-data.json", pageData(content));
            } else {
                if (option.equals("--json")) {
                    // every JSON names the tool and its version (the POM's), as its first field
                    assertThat(content).as(name).startsWith("{\n  \"tool\" : {\n    \"name\" : \"multisite\",\n    \"version\" : \""
                            + org.multisite.io.Provenance.version() + "\"");
                    jsonFiles++;
                }
                compare(name, key + (option.equals("--json") ? ".json" : ".csv"), SECONDS.matcher(content).replaceAll("\"seconds\"$1:$20"));
            }
        }
    }

    /** An input the later cases read, written by a simulate case: golden too. */
    private void copyInput(String name, String file) throws IOException {
        compare(name, file, Files.readString(dir.resolve(file)));
    }

    private String maskText(String text) {
        String masked = text.replace(dir.toAbsolutePath().toString(), "DIR");
        masked = SECONDS.matcher(masked).replaceAll("\"seconds\"$1:$20");
        Matcher m = TEXT_TIME.matcher(masked);
        return m.replaceAll("T s");
    }

    private static String pageData(String html) {
        Matcher m = PAGE_DATA.matcher(html);
        assertThat(m.find()).as("the page embeds its data").isTrue();
        return SECONDS.matcher(m.group(1)).replaceAll("\"seconds\"$1:$20") + "\n";
    }

    private void compare(String name, String file, String actual) throws IOException {
        Path golden = GOLDEN.resolve(name).resolve(file);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : null;
        if (!actual.equals(expected)) {
            Path out = Path.of("target/golden-actual").resolve(name).resolve(file);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            mismatches.add(String.format(Locale.ROOT, "%s/%s: %s", name, file,
                    expected == null ? "no golden file" : firstDifference(expected, actual)));
        }
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ": expected <" + e[i] + "> but was <" + a[i] + ">";
            }
        }
        return "lengths differ: " + e.length + " lines expected, " + a.length + " found";
    }
}
