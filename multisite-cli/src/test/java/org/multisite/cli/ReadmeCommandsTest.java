package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14, item 13: every {@code ./multisite} command in README.md runs as written, in file
 * order, in one directory holding the files the README names: the shared data where it has them
 * (students.csv is the Bogota trial's, z.csv deconvolveR's twin towers, bard_word_count.csv and
 * surg.csv Efron's), and for the rest files of the shape the README describes (sites.csv: the
 * demo's sites with covariates urban and size; trial.csv: simulated records with age and female;
 * groups.csv: the shared HETOP counts with a covariate x; earnings.csv: earnings with zeros;
 * spec.yaml: a small study). Each runs as its own process, as a user's would, and must exit 0
 * without an internal error; an optional part {@code [...]} runs both ways; a pipe's left side
 * runs and its output is checked. Commands on shared data are skipped, each with a line on
 * stderr, when ../shared/data is absent. The seed research's preset runs for 20 seconds (it
 * takes hours) and must have finished replications by then. spark-submit (needs a Spark
 * installation; the Spark engine has its own test) and mvn (CI itself) are not run here.
 */
class ReadmeCommandsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SHARED = Path.of("..", "..", "shared", "data");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** The ./multisite command lines of the README's shell blocks, continuation lines joined. */
    static List<String> commands(String readme) {
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder pending = null;
        for (String line : readme.split("\n", -1)) {
            if (line.startsWith("```")) {
                inBlock = line.startsWith("```sh");
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String code = stripComment(line).strip();
            if (pending != null) {
                pending.append(' ').append(code);
            } else if (code.startsWith("./multisite ")) {
                pending = new StringBuilder(code);
            } else {
                continue;
            }
            if (pending.toString().endsWith("\\")) {
                pending.setLength(pending.length() - 1);
            } else {
                out.add(pending.toString().strip().replaceAll("\\s+", " "));
                pending = null;
            }
        }
        return out;
    }

    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Shell words: blanks separate, quotes group and are removed. */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void theReadmeHasItsCommandsAndTheParserReadsThem() throws IOException {
        List<String> all = commands(Files.readString(README));
        assertThat(all).hasSizeGreaterThan(30).contains("./multisite demo");
        assertThat(all.stream().filter(c -> c.contains("bard_word_count.csv")).findFirst().orElseThrow())
                .endsWith("--grid-log -4:4.5:0.025 --bins 100 --penalty 2");
        assertThat(words("./multisite fit s.csv --prior 'mu=normal(0, 5)' --json -"))
                .containsExactly("./multisite", "fit", "s.csv", "--prior", "mu=normal(0, 5)", "--json", "-");
    }

    @Test
    void everyCommandRunsAsWritten() throws Exception {
        boolean shared = Files.isDirectory(SHARED.resolve("bogota-cct"));
        if (!shared) {
            System.err.println("ReadmeCommandsTest: ../shared/data is absent: skipping the README's commands on shared data");
        }
        writeFixtures(shared);
        List<String> ran = new ArrayList<>();
        for (String command : commands(Files.readString(README))) {
            if (!shared && needsShared(command)) {
                System.err.println("ReadmeCommandsTest: skipped (needs ../shared/data): " + command);
                continue;
            }
            for (String variant : variants(command)) {
                long start = System.nanoTime();
                run(variant);
                ran.add(variant);
                System.err.printf(java.util.Locale.ROOT, "ReadmeCommandsTest: %.1f s  %s%n", (System.nanoTime() - start) / 1e9, variant);
            }
        }
        assertThat(ran).hasSizeGreaterThanOrEqualTo(shared ? 35 : 20);
    }

    private static boolean needsShared(String command) {
        return List.of("students.csv", "z.csv", "bard_word_count.csv", "surg.csv", "groups.csv").stream().anyMatch(command::contains);
    }

    /** A command with an optional part {@code [...]}: without it and with it. */
    private static List<String> variants(String command) {
        int open = command.indexOf('[');
        int close = command.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return List.of(command);
        }
        String without = (command.substring(0, open) + command.substring(close + 1)).strip().replaceAll("\\s+", " ");
        String with = command.substring(0, open) + command.substring(open + 1, close) + command.substring(close + 1);
        return List.of(without, with.strip().replaceAll("\\s+", " "));
    }

    private void run(String command) throws Exception {
        String left = command.contains(" | ") ? command.substring(0, command.indexOf(" | ")) : command;
        List<String> args = words(left);
        assertThat(args.get(0)).isEqualTo("./multisite");
        boolean endless = left.contains("--preset seed-research") || left.contains("--preset paper-table");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args.subList(1, args.size()));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (endless) {
            // the seed research takes hours, its published table many minutes: each must finish
            // replications, and is stopped after its first
            Path done = dir.resolve(args.get(args.indexOf("--out") + 1)).resolve("done.tsv");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && System.nanoTime() < deadline && (!Files.exists(done) || Files.readAllLines(done).isEmpty())) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as(command + " ended: " + Files.readString(err)).isTrue();
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            assertThat(Files.readAllLines(done)).as(command).isNotEmpty();
            return;
        }
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(command + " did not end in 300 s").isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(command + "\n" + stderr).isZero();
        assertThat(stderr).as(command).doesNotContain("internal error", "Exception");
        if (command.contains("| jq .parameters.tau")) {
            JsonNode root = JSON.readTree(Files.readString(out));
            assertThat(root.path("parameters").path("tau").path("mean").isNumber()).as(command).isTrue();
        }
        for (int i = 1; i + 1 < args.size(); i++) {
            String a = args.get(i);
            if (List.of("--json", "--report", "--draws-csv", "--sites-csv", "--out").contains(a) && !args.get(i + 1).equals("-")) {
                assertThat(dir.resolve(args.get(i + 1))).as(command).exists();
            }
        }
    }

    private void writeFixtures(boolean shared) throws IOException {
        SplittableRandom rng = new SplittableRandom(14);
        // sites.csv: the demo's 40 sites with a 0/1 covariate urban and a size
        List<String> demo = DemoData.csv().lines().filter(l -> !l.startsWith("#")).toList();
        StringBuilder sites = new StringBuilder(demo.get(0) + ",urban,size\n");
        for (int j = 1; j < demo.size(); j++) {
            sites.append(demo.get(j)).append(',').append(j % 2).append(',').append(20 + rng.nextInt(200)).append('\n');
        }
        Files.writeString(dir.resolve("sites.csv"), sites);
        // trial.csv: simulated records (site, treatment, outcome) with age and female
        CliRun sim = CliRun.of("simulate", "--sites", "20", "--site-size", "40", "--units", "--seed", "14");
        assertThat(sim.code()).as(sim.err()).isZero();
        List<String> rows = sim.out().lines().toList();
        StringBuilder trial = new StringBuilder(rows.get(0) + ",age,female\n");
        for (int i = 1; i < rows.size(); i++) {
            trial.append(rows.get(i)).append(',').append(14 + rng.nextInt(5)).append(',').append(rng.nextInt(2)).append('\n');
        }
        Files.writeString(dir.resolve("trial.csv"), trial);
        // earnings.csv: earnings after a training programme, zero for about a third
        StringBuilder earnings = new StringBuilder("treat,re78\n");
        for (int i = 0; i < 400; i++) {
            int treat = i % 2;
            double re78 = rng.nextDouble() < 0.35 - 0.05 * treat ? 0 : Math.exp(8.5 + 0.1 * treat + rng.nextDouble() * 1.5);
            earnings.append(treat).append(',').append(String.format(java.util.Locale.ROOT, "%.2f", re78)).append('\n');
        }
        Files.writeString(dir.resolve("earnings.csv"), earnings);
        Files.writeString(dir.resolve("spec.yaml"), """
                seed: 5
                replications: 5
                factors: {sites: [20, 40]}
                models: [{name: normal}]
                sampler: {chains: 2, warmup: 100, draws: 200}
                """);
        if (shared) {
            Files.copy(SHARED.resolve("bogota-cct/students.csv"), dir.resolve("students.csv"));
            Files.copy(SHARED.resolve("eb/twin_towers_z.csv"), dir.resolve("z.csv"));
            Files.copy(SHARED.resolve("eb/bard_word_count.csv"), dir.resolve("bard_word_count.csv"));
            Files.copy(SHARED.resolve("eb/surg.csv"), dir.resolve("surg.csv"));
            // groups.csv: the shared HETOP counts with a group covariate x
            List<String> groups = Files.readAllLines(SHARED.resolve("hetop/groups_k4.csv"));
            StringBuilder g = new StringBuilder(groups.get(0) + ",x\n");
            for (int i = 1; i < groups.size(); i++) {
                g.append(groups.get(i)).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", Math.sin(i))).append('\n');
            }
            Files.writeString(dir.resolve("groups.csv"), g);
        }
    }
}
