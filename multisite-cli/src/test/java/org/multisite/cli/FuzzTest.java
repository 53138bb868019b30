package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14's acceptance: every command fed malformed and extreme inputs (files, values, options,
 * priors, specs and output paths, the issue's cases among them) ends within a time bound, with
 * exit 0 and finite, parseable output, or with exit 2 (3 where documented: --strict, an NPMLE
 * that does not converge) and exactly one line on stderr and no output file; never a stack trace,
 * and no file touched beyond the outputs asked for. A case marked {@code refuse} must be refused.
 */
class FuzzTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The bound on each case: the slowest takes about 2 s here, so anything near this is a hang. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static final String SITES = "site,estimate,se\nA,1,0.5\nB,2,0.5\nC,0.5,0.4\nD,0.1,0.3\n";
    private static final String COUNTS = "group,n1,n2,n3\na,10,20,30\nb,5,20,30\nc,20,20,10\nd,30,15,5\n";
    private static final String UNITS = units();
    private static final String[] FAST = {"--draws", "50", "--warmup", "50", "--chains", "2"};

    private static String units() {
        StringBuilder b = new StringBuilder("site,treatment,outcome,age\n");
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < 12; i++) {
                b.append("s").append(s).append(',').append(i % 2).append(',').append(0.1 * s + 0.3 * (i % 2) + 0.05 * ((i * 7) % 5))
                        .append(',').append(14 + i % 4).append('\n');
            }
        }
        return b.toString();
    }

    @TempDir
    Path dir;

    /**
     * A case: its name, whether it must be refused, the input file's content (null: none, written
     * as in.csv otherwise) and the arguments, in which {@code IN} is the input and {@code OUT/}
     * the directory of outputs.
     */
    record Case(String name, boolean refuse, String input, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case ok(String name, String input, String... args) {
        return new Case(name, false, input, List.of(args));
    }

    private static Case refuse(String name, String input, String... args) {
        return new Case(name, true, input, List.of(args));
    }

    private static String[] with(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /** fit on site data with FAST sampling and a JSON output, each unless {@code more} sets it. */
    private static String[] fit(String... more) {
        List<String> args = new ArrayList<>(List.of("fit", "IN"));
        List<String> defaults = new ArrayList<>(List.of(FAST));
        defaults.addAll(List.of("--json", "OUT/out.json"));
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!List.of(more).contains(defaults.get(i))) {
                args.addAll(defaults.subList(i, i + 2));
            }
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static Stream<Arguments> cases() {
        List<Case> c = new ArrayList<>();
        // files
        c.add(refuse("empty file", "", fit()));
        c.add(refuse("header only", "site,estimate,se\n", fit()));
        c.add(refuse("one site", "site,estimate,se\nA,1,0.5\n", fit()));
        c.add(refuse("no such file", null, "fit", "OUT/nothing.csv", "--json", "OUT/out.json"));
        c.add(refuse("a directory as input", null, "fit", "OUT", "--json", "OUT/out.json"));
        c.add(refuse("binary garbage", "\u0000\u0001\u0002PK\u0003\u0004\uFFFD\n\u0000", fit()));
        c.add(refuse("missing column", "site,estimate\nA,1\nB,2\n", fit()));
        c.add(refuse("a row too short", "site,estimate,se\nA,1,0.5\nB,2\nC,1,1\n", fit()));
        c.add(refuse("a row too long", "site,estimate,se\nA,1,0.5\nB,2,0.5,9\nC,1,1\n", fit()));
        c.add(refuse("unclosed quote", "site,estimate,se\n\"A,1,0.5\nB,2,0.5\n", fit()));
        c.add(refuse("NaN estimate", "site,estimate,se\nA,NaN,0.5\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("Inf se", "site,estimate,se\nA,1,Inf\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("1e300 estimate", "site,estimate,se\nA,1e300,0.5\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("se 1e-120", "site,estimate,se\nA,1,1e-120\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("negative se", "site,estimate,se\nA,1,-0.5\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("zero se", "site,estimate,se\nA,1,0\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("duplicate site", "site,estimate,se\nA,1,0.5\nA,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("Java suffix 2f", "site,estimate,se\nA,2f,0.5\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("hex number", "site,estimate,se\nA,0x1p3,0.5\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("blank value", "site,estimate,se\nA,,0.5\nB,2,0.5\nC,1,1\n", fit()));
        c.add(refuse("duplicate header", "site,estimate,estimate,se\nA,1,1,0.5\nB,2,2,0.5\n", fit()));
        c.add(ok("byte-order mark", "\ufeff" + SITES, fit()));
        c.add(ok("CRLF line ends", SITES.replace("\n", "\r\n"), fit()));
        c.add(ok("comments and blank lines", "# a comment\n\n" + SITES + "\n# end\n", fit()));
        c.add(ok("quoted unicode ids", "site,estimate,se\n\"Bogotá, norte\",1,0.5\n\"São Paulo\",2,0.5\n\"東京\",0.5,0.4\n", fit()));
        c.add(ok("SEs over 12 orders of magnitude", "site,estimate,se\nA,1,1e-12\nB,2,0.5\nC,0.5,0.4\nD,0.1,1e-3\n", fit()));
        c.add(ok("identical estimates", "site,estimate,se\nA,1,0.5\nB,1,0.5\nC,1,0.5\n", fit()));
        c.add(ok("tiny estimates with SE 1", "site,estimate,se\nA,0.001,1\nB,0.0012,1.1\nC,0.0008,0.9\n", fit()));
        c.add(ok("a tiny SE under logspline", "site,estimate,se\nA,1,1e-4\nB,2,0.5\nC,0.5,0.4\nD,0.1,0.3\n", fit("--model", "logspline")));
        // values and options
        c.add(refuse("--draws 0", SITES, fit("--draws", "0")));
        c.add(refuse("--draws 2e9", SITES, fit("--draws", "2000000000")));
        c.add(refuse("--draws abc", SITES, fit("--draws", "abc")));
        c.add(refuse("--chains 0", SITES, fit("--chains", "0")));
        c.add(refuse("--chains 2e9", SITES, fit("--chains", "2000000000")));
        c.add(refuse("--thin 0", SITES, fit("--thin", "0")));
        c.add(refuse("--warmup -1", SITES, fit("--warmup", "-1")));
        c.add(refuse("--threads 0", SITES, fit("--threads", "0")));
        c.add(refuse("unknown model", SITES, fit("--model", "splines")));
        c.add(refuse("unknown option", SITES, fit("--colour", "red")));
        c.add(refuse("--components 0", SITES, fit("--model", "mixture", "--components", "0")));
        c.add(refuse("--components without mixture", SITES, fit("--components", "3")));
        c.add(refuse("--truncation 1", SITES, fit("--model", "dp", "--truncation", "1")));
        c.add(refuse("--grid-points 2e9", SITES, fit("--model", "logspline", "--grid-points", "2000000000")));
        c.add(refuse("--dp-clusters junk", SITES, fit("--model", "dp", "--dp-clusters", "x,y,z")));
        c.add(refuse("--covariates absent", SITES, fit("--covariates", "urban")));
        c.add(refuse("--site absent", SITES, fit("--site", "school")));
        // priors
        c.add(refuse("prior without target", SITES, fit("--prior", "=normal(0, 1)")));
        c.add(refuse("prior without distribution", SITES, fit("--prior", "tau=")));
        c.add(refuse("prior unknown distribution", SITES, fit("--prior", "tau=lognormal(0, 1)")));
        c.add(refuse("prior negative scale", SITES, fit("--prior", "mu=normal(0, -1)")));
        c.add(refuse("prior uniform reversed", SITES, fit("--prior", "tau=uniform(3, 2)")));
        c.add(refuse("prior on a target the model lacks", SITES, fit("--prior", "nu=gamma(2, 0.1)")));
        c.add(refuse("prior twice", SITES, fit("--prior", "tau=half_normal(1)", "--prior", "tau=half_normal(2)")));
        c.add(refuse("tau and tau2", SITES, fit("--prior", "tau=half_normal(1)", "--prior", "tau2=inv_gamma(1, 1)")));
        c.add(refuse("prior with suffix", SITES, fit("--prior", "mu=normal(0, 5f)")));
        c.add(ok("t with bounded nu", SITES, fit("--model", "t", "--prior", "nu=uniform(30, 40)")));
        c.add(ok("mixture with bounded tau", SITES, fit("--model", "mixture", "--prior", "tau=uniform(2, 3)")));
        c.add(ok("flat mu", SITES, fit("--prior", "mu=flat")));
        // output paths
        c.add(refuse("--json in a missing directory", SITES, fit("--json", "OUT/no/such/dir/out.json")));
        c.add(refuse("--json a directory", SITES, "fit", "IN", "--json", "OUT"));
        c.add(refuse("two outputs on stdout", SITES, with(fit("--draws-csv", "-", "--report", "-"))));
        c.add(ok("--json to stdout", SITES, with(new String[] {"fit", "IN", "--json", "-"}, FAST)));
        c.add(ok("--json /dev/null", SITES, with(new String[] {"fit", "IN", "--json", "/dev/null"}, FAST)));
        // unit records
        String[] unitFit = with(new String[] {"fit", "IN", "--json", "OUT/out.json"}, FAST);
        c.add(ok("unit records", UNITS, unitFit));
        c.add(ok("unit records, one stage", UNITS, with(unitFit, "--one-stage", "--unit-covariates", "age")));
        c.add(refuse("treatment not 0/1", UNITS.replace("\ns1,1,", "\ns1,2,"), unitFit));
        c.add(refuse("binomial outcome not 0/1", UNITS, with(unitFit, "--family", "binomial")));
        c.add(refuse("--missing maybe", UNITS, with(unitFit, "--missing", "maybe")));
        c.add(ok("all outcomes 0, binomial", UNITS.replaceAll(",[0-9.]+,(1[4-7])\n", ",0,$1\n"), with(unitFit, "--family", "binomial")));
        c.add(refuse("estimate: no site", UNITS.replace("site,", "school,"), "estimate", "IN", "--out", "OUT/est.csv"));
        c.add(ok("estimate", UNITS, "estimate", "IN", "--out", "OUT/est.csv"));
        // compare
        c.add(ok("compare", SITES, with(new String[] {"compare", "IN", "--models", "normal,t", "--json", "OUT/out.json"}, FAST)));
        c.add(refuse("compare unknown model", SITES, "compare", "IN", "--models", "normal,nope", "--json", "OUT/out.json"));
        c.add(refuse("compare units without outcome", UNITS.replace("outcome", "y"), with(new String[] {"compare", "IN",
            "--one-stage", "--models", "normal,t", "--json", "OUT/out.json"}, FAST)));
        // eb
        for (String method : List.of("dl", "ml", "reml", "npmle", "efron")) {
            c.add(ok("eb " + method, SITES, "eb", "IN", "--method", method, "--json", "OUT/out.json"));
            c.add(ok("eb " + method + " with a tiny SE", "site,estimate,se\nA,1,1e-12\nB,2,0.5\nC,0.5,0.4\nD,0.1,0.3\n", "eb", "IN",
                "--method", method, "--json", "OUT/out.json"));
        }
        c.add(refuse("eb unknown method", SITES, "eb", "IN", "--method", "bayes", "--json", "OUT/out.json"));
        c.add(refuse("eb grid reversed", SITES, "eb", "IN", "--method", "npmle", "--grid", "1:-1:0.1", "--json", "OUT/out.json"));
        c.add(refuse("eb grid too fine", SITES, "eb", "IN", "--method", "npmle", "--grid", "0:1:1e-9", "--json", "OUT/out.json"));
        c.add(refuse("eb poisson without columns", SITES, "eb", "IN", "--method", "efron", "--family", "poisson", "--json", "OUT/out.json"));
        c.add(refuse("eb negative counts", "x,count\n1,5\n2,-3\n3,2\n", "eb", "IN", "--method", "efron", "--family", "poisson",
            "--value", "x", "--weight", "count", "--json", "OUT/out.json"));
        // hetop
        c.add(ok("hetop mle", COUNTS, "hetop", "IN", "--counts", "n1,n2,n3", "--json", "OUT/out.json"));
        c.add(ok("hetop fh", COUNTS, with(new String[] {"hetop", "IN", "--counts", "n1,n2,n3", "--method", "fh", "--json", "OUT/out.json"}, FAST)));
        c.add(ok("hetop fh logspline", COUNTS, with(new String[] {"hetop", "IN", "--counts", "n1,n2,n3", "--method", "fh",
            "--prior", "logspline", "--json", "OUT/out.json"}, FAST)));
        c.add(refuse("hetop duplicate group", COUNTS.replace("\nb,", "\na,"), "hetop", "IN", "--counts", "n1,n2,n3", "--json", "OUT/out.json"));
        c.add(refuse("hetop group column absent", COUNTS, "hetop", "IN", "--group", "school", "--counts", "n1,n2,n3", "--json", "OUT/out.json"));
        c.add(refuse("hetop non-integer count", COUNTS.replace(",20,30\n", ",20.5,30\n"), "hetop", "IN", "--counts", "n1,n2,n3"));
        c.add(refuse("hetop two categories", COUNTS, "hetop", "IN", "--counts", "n1,n2", "--json", "OUT/out.json"));
        c.add(refuse("hetop cuts reversed", COUNTS, "hetop", "IN", "--counts", "n1,n2,n3", "--fixed-cuts", "0,-1"));
        // potential outcomes
        c.add(ok("potential outcomes", UNITS, "potential-outcomes", "IN", "--draws", "200", "--json", "OUT/out.json"));
        c.add(ok("potential outcomes by site", UNITS, "potential-outcomes", "IN", "--site", "site", "--draws", "200", "--json", "OUT/out.json"));
        c.add(refuse("potential outcomes constant outcome", UNITS.replaceAll(",[0-9.]+,(1[4-7])\n", ",1,$1\n"), "potential-outcomes", "IN",
            "--json", "OUT/out.json"));
        c.add(refuse("potential outcomes covariate = treatment", UNITS.replaceAll("(s[0-9]),([01]),([0-9.]+),1[4-7]\n", "$1,$2,$3,$2\n"),
            "potential-outcomes", "IN", "--covariates", "age", "--json", "OUT/out.json"));
        c.add(refuse("potential outcomes rho 2", UNITS, "potential-outcomes", "IN", "--rho", "2"));
        c.add(refuse("potential outcomes two-part negative", UNITS.replace(",s1,", ",s1,").replaceFirst("\ns0,0,[0-9.]+,", "\ns0,0,-1,"),
            "potential-outcomes", "IN", "--model", "two-part", "--json", "OUT/out.json"));
        // simulate
        c.add(ok("simulate", null, "simulate", "--sites", "10", "--out", "OUT/sim.csv"));
        c.add(refuse("simulate 2e9 sites", null, "simulate", "--sites", "2000000000", "--out", "OUT/sim.csv"));
        c.add(refuse("simulate informativeness 1", null, "simulate", "--sites", "10", "--informativeness", "1", "--out", "OUT/sim.csv"));
        c.add(refuse("simulate shape unknown", null, "simulate", "--shape", "cauchy", "--out", "OUT/sim.csv"));
        // study specs
        String spec = "seed: 3\nreplications: 2\nfactors: {sites: [10]}\nsampler: {chains: 2, warmup: 50, draws: 100}\n";
        c.add(ok("study", spec, "study", "IN", "--out", "OUT/study", "--quiet"));
        c.add(refuse("study bad yaml", "factors: [sites: {", "study", "IN", "--out", "OUT/study"));
        c.add(refuse("study unknown key", "factorz: {sites: [10]}\n", "study", "IN", "--out", "OUT/study"));
        c.add(refuse("study zero replications", "replications: 0\nfactors: {sites: [10]}\n", "study", "IN", "--out", "OUT/study"));
        c.add(refuse("study one site", "factors: {sites: [1]}\n", "study", "IN", "--out", "OUT/study"));
        c.add(refuse("study resume without results", spec, "study", "IN", "--out", "OUT/study", "--resume"));
        // demo
        c.add(ok("demo", null, "demo", "--report", "OUT/demo.html", "--json", "OUT/out.json", "--quiet"));
        c.add(refuse("demo bad level", null, "demo", "--level", "group", "--report", "OUT/demo.html"));
        c.add(refuse("no command", null));
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsCleanly(Case c) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path in = dir.resolve("in.csv");
        if (c.input() != null) {
            Files.writeString(in, c.input(), StandardCharsets.UTF_8);
        }
        List<String> args = c.args().stream().map(a -> a.equals("IN") ? in.toString()
                : a.startsWith("OUT/") ? out.resolve(a.substring(4)).toString() : a.equals("OUT") ? out.toString() : a).toList();
        List<Path> outputs = args.stream().filter(a -> a.startsWith(out.toString() + "/")).map(Path::of).toList();
        Map<String, String> before = snapshot();
        CliRun r = assertTimeoutPreemptively(BOUND, () -> CliRun.of(args.toArray(String[]::new)), c.name() + " did not end in " + BOUND);
        String all = r.out() + r.err();
        assertThat(all).as(c.name() + ": a stack trace").doesNotContain("\tat ", "Exception in", "internal error");
        if (c.refuse()) {
            assertThat(r.code()).as(c.name() + " must be refused: " + r.err()).isEqualTo(2);
            // refused for its own reason, not for a clash of the case's options
            assertThat(r.err()).as(c.name()).doesNotContain("should be specified only once");
        }
        assertThat(r.code()).as(c.name() + ": " + r.err()).isIn(0, 2, 3);
        Map<String, String> after = snapshot();
        if (r.code() == 0) {
            for (Path p : outputs) {
                if (p.toString().endsWith(".json") && Files.isRegularFile(p)) {
                    JsonNode root = JSON.readTree(Files.readString(p));
                    assertThat(root.path("tool").path("name").asString()).as(c.name()).isEqualTo("multisite");
                    assertThat(Files.readString(p)).as(c.name() + ": non-finite numbers").doesNotContain("NaN", "Infinity");
                }
            }
            if (args.contains("-") || args.contains("--json") && args.get(args.indexOf("--json") + 1).equals("-")) {
                assertThat(r.out()).doesNotContain("NaN", "Infinity");
            }
            // only the outputs asked for (and what is under a study's directory) are new or changed
            after.forEach((file, stamp) -> {
                if (!stamp.equals(before.get(file))) {
                    assertThat(outputs.stream().anyMatch(o -> Path.of(file).startsWith(o))).as(c.name() + ": touched " + file).isTrue();
                }
            });
        } else {
            assertThat(r.err().strip().lines().count()).as(c.name() + ": one line on stderr: " + r.err()).isEqualTo(1);
            assertThat(r.out()).as(c.name() + ": nothing on stdout").isEmpty();
            assertThat(after).as(c.name() + ": no file written").isEqualTo(before);
        }
        assertThat(after.keySet()).as(c.name() + ": no temporary file left").noneMatch(f -> f.endsWith(".tmp"));
    }

    /** Every file under the test's directory with its size and modification time. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(p.toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }
}
