package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions of issue 14 (hardening) at the command line: each failed before its fix. */
class HardeningTest {
    private static final String SITES = "site,estimate,se\nA,1,0.5\nB,2,0.5\nC,0.5,0.4\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static CliRun fit(Path data, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("fit", data.toString(), "--draws", "50", "--warmup", "50", "--chains", "2"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        Path sites = dir.resolve("bom.csv");
        Files.write(sites, ("\ufeff" + SITES).getBytes(StandardCharsets.UTF_8));
        CliRun r = fit(sites);
        assertThat(r.code()).as(r.err()).isZero();
        Path groups = dir.resolve("groups.csv");
        Files.write(groups, "\ufeffgroup,n1,n2,n3\nalpha,10,20,30\nbeta,5,20,30\ngamma,20,20,10\n".getBytes(StandardCharsets.UTF_8));
        CliRun h = CliRun.of("hetop", groups.toString(), "--counts", "n1,n2,n3");
        assertThat(h.code()).as(h.err()).isZero();
        assertThat(h.out()).contains("alpha", "beta", "gamma");
    }

    @Test
    void javaNumberSuffixesAreNotNumbers() throws IOException {
        CliRun.assertRefused(List.of(), List.of(), new String[][] {
            {"line 2, column 'estimate': '1f' is not a number", "fit", write("f.csv", "site,estimate,se\nA,1f,0.5\nB,2,0.5\nC,0.5,0.4\n").toString()},
            {"line 3, column 'se': '0.5D' is not a number", "fit", write("d.csv", "site,estimate,se\nA,1,0.5\nB,2,0.5D\nC,0.5,0.4\n").toString()},
            {"--informativeness': '0.5f' is not a number", "simulate", "--sites", "5", "--informativeness", "0.5f", "--out", dir.resolve("s.csv").toString()},
            {"'2f' is not a number", "fit", write("ok.csv", SITES).toString(), "--prior", "mu=normal(0, 2f)"},
        });
    }

    @Test
    void hetopRefusesAGroupIdTwiceAndAGroupColumnItLacks() throws IOException {
        Path dup = write("dup.csv", "group,n1,n2,n3\nA,10,20,30\nA,5,20,30\nC,20,20,10\n");
        CliRun.assertRefused(List.of("hetop"), List.of("--counts", "n1,n2,n3"), new String[][] {
            {"line 3, column 'group': id 'A' appears again (first on line 2)", dup.toString()},
            {"no column 'school' (columns: group, n1, n2, n3); choose one with --group", dup.toString(), "--group", "school"},
        });
    }

    @Test
    void aPriorGivenTwiceIsRefused() throws IOException {
        Path data = write("sites.csv", SITES);
        CliRun.assertRefused(List.of("fit", data.toString()), List.of(), new String[][] {
            {"a prior on tau is given twice", "--prior", "tau=half_normal(1)", "--prior", "tau=half_cauchy(0, 2)"},
            {"the scale is given twice (tau and tau2)", "--prior", "tau=half_normal(1)", "--prior", "tau2=inv_gamma(1, 1)"},
            {"a prior on nu is given twice", "--model", "t", "--prior", "nu=uniform(1, 30)", "--prior", "nu=uniform(2, 30)"},
        });
    }

    @Test
    void numbersWhoseSquaresOverflowAreRefusedWithTheirPlace() throws IOException {
        CliRun.assertRefused(List.of(), List.of(), new String[][] {
            {"line 2, column 'estimate': 1e300 is beyond +-1e100", "fit", write("big.csv", "site,estimate,se\nA,1e300,0.5\nB,2,0.5\nC,0.5,0.4\n").toString()},
            {"site 'A': estimate 1.0 with SE 1.0E-120", "fit", write("tiny.csv", "site,estimate,se\nA,1,1e-120\nB,2,0.5\nC,0.5,0.4\n").toString()},
        });
    }

    @Test
    void sizesAreCheckedBeforeAllocating() throws IOException {
        Path data = write("sites.csv", SITES);
        CliRun.assertRefused(List.of(), List.of(), new String[][] {
            {"--draws 2000000000: 4 chains x 2000000000 draws need about", "fit", data.toString(), "--draws", "2000000000"},
            {"draws per chain fit", "compare", data.toString(), "--draws", "2000000000"},
            {"--chains 2000000000: at most 1000", "fit", data.toString(), "--chains", "2000000000"},
            {"--sites 2000000000: expected at least 2 and at most 10000000", "simulate", "--sites", "2000000000", "--out", dir.resolve("s.csv").toString()},
        });
        assertThat(dir.resolve("s.csv")).doesNotExist();
    }

    @Test
    void theHelpSaysWhatEachCommandDoesInWholeSentences() {
        CliRun top = CliRun.of("--help");
        assertThat(top.code()).isZero();
        String commands = top.out().substring(top.out().indexOf("Commands:"), top.out().indexOf("Examples:"));
        // each command's entry (its lines joined) is one sentence ending with a full stop; it was cut at the first line
        for (String entry : commands.replaceAll("\\R {20,}", " ").lines().skip(1).filter(l -> !l.isBlank()).toList()) {
            assertThat(entry.strip()).as(entry).endsWith(".");
        }
        CliRun fit = CliRun.of("fit", "--help");
        assertThat(fit.out()).contains("unit records").doesNotContain("Site-level CSV");
    }

    @Test
    void onlyTheCommandAskedForIsBuiltAndEveryOneIsStillListedAndReachable() {
        // a run builds the one subcommand it names (picocli's model of all of them took a
        // quarter of a small fit); help, a typo or no command see them all, in the same order
        assertThat(Main.commandLine(new String[] {"fit", "x.csv"}).getSubcommands().keySet()).containsExactly("fit");
        java.util.List<String> all = java.util.List.of("fit", "compare", "analyze", "plan", "eb", "estimate", "simulate",
                "study", "hetop", "potential-outcomes", "demo", "help");
        assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(Main.commandLine(new String[] {"fitt"}).getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(Main.commandLine(new String[0]).getSubcommands().keySet()).containsExactlyElementsOf(all);
        for (String command : all) {
            CliRun r = CliRun.of(command, "--help");
            assertThat(r.code()).as(command + ": " + r.err()).isZero();
            assertThat(r.out()).as(command).contains("Usage: multisite " + command);
        }
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
        CliRun version = CliRun.of("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("multisite ");
        CliRun typo = CliRun.of("fitt", "x.csv");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("Unmatched arguments from index 0: 'fitt'");
    }

    @Test
    void potentialOutcomesTakesTheMissingOptionItSuggests() throws IOException {
        Path data = write("po.csv", "treatment,outcome\n1,2.5\n0,1.0\n1,\n0,1.5\n1,3.0\n0,0.5\n1,2.0\n0,1.2\n");
        CliRun refused = CliRun.of("potential-outcomes", data.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("line 4, column 'outcome': value is missing (use --missing drop");
        CliRun dropped = CliRun.of("potential-outcomes", data.toString(), "--missing", "drop", "--quiet");
        assertThat(dropped.code()).as(dropped.err()).isZero();
        assertThat(dropped.err()).contains("1 of 8 rows dropped for a missing value (outcome: 1)");
    }

    /** Issue 14, item 16: compare printed no priors, FH-HETOP's and potential-outcomes' were nowhere. */
    @Test
    void everyCommandStatesItsPriors() throws IOException {
        Path sites = write("sites.csv", SITES);
        CliRun compare = CliRun.of("compare", sites.toString(), "--models", "normal,t", "--draws", "100", "--warmup", "100");
        assertThat(compare.code()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("Priors by model").containsPattern("normal +mu ~ normal\\(0, [0-9.]+\\)  tau ~ half_cauchy")
                .containsPattern("t +mu ~ normal.*nu ~ gamma\\(2, 0.1\\)");
        Path groups = write("groups.csv", "group,n1,n2,n3\na,10,20,30\nb,5,20,30\nc,20,20,10\nd,30,15,5\n");
        Path fhJson = dir.resolve("fh.json");
        CliRun fh = CliRun.of("hetop", groups.toString(), "--counts", "n1,n2,n3", "--method", "fh", "--draws", "100", "--warmup", "100",
                "--json", fhJson.toString());
        assertThat(fh.code()).as(fh.err()).isZero();
        assertThat(fh.out()).contains("priors:  beta_mu[..], beta_sigma[..] ~ normal(0, 5)  Sigma ~ inv_wishart(5, 1 I)");
        assertThat(Files.readString(fhJson)).contains("\"priors\" : {", "\"Sigma\" : \"inv_wishart(5, 1 I)\"");
        Path po = write("po.csv", "treatment,outcome\n1,2.5\n0,1.0\n1,2.2\n0,1.5\n1,3.0\n0,0.5\n1,2.0\n0,1.2\n");
        Path poJson = dir.resolve("po.json");
        CliRun p = CliRun.of("potential-outcomes", po.toString(), "--json", poJson.toString(), "--draws", "200");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(Files.readString(poJson)).contains("\"beta[a], sigma[a]\" : \"p(beta, sigma^2) proportional to 1 / sigma^2\"");
        CliRun pText = CliRun.of("potential-outcomes", po.toString(), "--draws", "200");
        assertThat(pText.out()).contains("priors:  beta[a], sigma[a]: p(beta, sigma^2) proportional to 1 / sigma^2");
    }
}
