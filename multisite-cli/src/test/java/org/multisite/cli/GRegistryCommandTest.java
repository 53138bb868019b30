package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.model.GModel;
import org.multisite.model.GModels;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every model in the registry is usable from every front end without naming it anywhere else:
 * fit, compare and a study spec accept it, and each of its options has a flag.
 */
class GRegistryCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] QUICK = {"--chains", "2", "--warmup", "50", "--draws", "50", "--seed", "4"};

    @TempDir
    Path dir;

    private Path sites() throws IOException {
        Path p = dir.resolve("sites.csv");
        CliRun r = CliRun.of("simulate", "--sites", "15", "--informativeness", "0.6", "--seed", "2", "--out", p.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return p;
    }

    private static String[] with(String[] tail, String... head) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void fitTakesEveryRegisteredModel() throws IOException {
        Path data = sites();
        for (GModel g : GModels.ALL) {
            CliRun r = CliRun.of(with(QUICK, "fit", data.toString(), "--model", g.name(), "--json", "-"));
            assertThat(r.code()).as(g.name() + ": " + r.err()).isZero();
            JsonNode root = JSON.readTree(r.out());
            assertThat(root.path("model").path("name").asString()).isEqualTo(g.name());
            assertThat(root.path("parameters").has("tau")).as(g.name()).isTrue();
        }
    }

    @Test
    void compareTakesEveryRegisteredModel() throws IOException {
        CliRun r = CliRun.of(with(QUICK, "compare", sites().toString(), "--models", String.join(",", GModels.names()),
                "--json", "-"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode loo = JSON.readTree(r.out()).path("loo");
        assertThat(loo.size()).isEqualTo(GModels.ALL.size());
        for (int m = 0; m < loo.size(); m++) {
            assertThat(loo.get(m).path("model").asString()).isEqualTo(GModels.ALL.get(m).name());
        }
    }

    @Test
    void aStudySpecTakesEveryRegisteredModel() throws IOException {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "seed: 2\nreplications: 1\nfactors: {sites: [12]}\nmodels: [" + String.join(", ", GModels.names())
                + "]\nestimators: [pm]\nmetrics: [ssel, bias_tau]\nsampler: {chains: 2, warmup: 30, draws: 30}\n");
        Path out = dir.resolve("study");
        CliRun r = CliRun.of("study", spec.toString(), "--out", out.toString(), "--quiet", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("replications.csv"));
        for (GModel g : GModels.ALL) {
            assertThat(rows).as(g.name()).anyMatch(line -> line.contains("," + g.name() + ",pm,ssel,"));
        }
    }

    /**
     * Each registry option is a flag of fit and compare (GOptions), spelled as the option with
     * dashes, and reaches the model under the option's name.
     */
    @Test
    void everyRegistryOptionHasAFlag() {
        for (GModel g : GModels.ALL) {
            for (GModel.Option o : g.options()) {
                String flag = GOptions.flag(o.name());
                FitCommand fit = new FitCommand();
                new CommandLine(fit).parseArgs("data.csv", flag, "7");
                assertThat(fit.g.given()).as(flag).containsEntry(o.name(), 7);
                CompareCommand compare = new CompareCommand();
                new CommandLine(compare).parseArgs("data.csv", flag, "7");
                assertThat(compare.g.given()).as(flag).containsEntry(o.name(), 7);
            }
        }
    }
}
