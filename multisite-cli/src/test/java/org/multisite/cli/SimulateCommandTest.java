package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.SeDesign;
import org.multisite.sim.Shape;
import org.multisite.sim.SiteSimulator;

class SimulateCommandTest {
    @TempDir
    Path dir;

    /** The CSV holds exactly the core simulator's numbers for the same design and seed, and the same seed repeats it. */
    @Test
    void sitesAsTheCoreSimulatesThem() throws IOException {
        Path out = dir.resolve("sim.csv");
        CliRun r = CliRun.of("simulate", "--shape", "mixture", "--delta", "5", "--epsilon", "0.3", "--ups", "2", "--sites", "30",
                "--tau", "0.4", "--mean", "0.1", "--informativeness", "0.7", "--sd-ratio", "3", "--coefficients", "0.5,-1",
                "--seed", "9", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var expected = SiteSimulator.simulate(new SiteSimulator.Design(new Shape.Mixture(5, 0.3, 2), 30, 0.1, 0.4,
                new SeDesign.Informativeness(0.7, 9), new double[] {0.5, -1}), SeedStreams.stream(9));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("site,estimate,se,true_effect,x1,x2");
        assertThat(lines).hasSize(31);
        for (int j = 0; j < 30; j++) {
            String[] f = lines.get(j + 1).split(",");
            assertThat(f[0]).isEqualTo(expected.data().id(j));
            assertThat(Double.parseDouble(f[1])).isEqualTo(expected.data().estimate(j));
            assertThat(Double.parseDouble(f[2])).isEqualTo(expected.data().se(j));
            assertThat(Double.parseDouble(f[3])).isEqualTo(expected.trueEffects()[j]);
            assertThat(Double.parseDouble(f[5])).isEqualTo(expected.data().covariate(1)[j]);
        }
        CliRun again = CliRun.of("simulate", "--shape", "mixture", "--delta", "5", "--epsilon", "0.3", "--ups", "2", "--sites",
                "30", "--tau", "0.4", "--mean", "0.1", "--informativeness", "0.7", "--sd-ratio", "3", "--coefficients", "0.5,-1",
                "--seed", "9");
        assertThat(again.out()).isEqualTo(Files.readString(out));
        // and fit reads it back
        CliRun fit = CliRun.of("fit", out.toString(), "--draws", "200", "--warmup", "100", "--quiet");
        assertThat(fit.code()).as(fit.err()).isZero();
    }

    /** Unit records from site sizes: both arms in every site, and 'multisite estimate' turns them into 40 sites. */
    @Test
    void unitRecordsFromSiteSizes() throws IOException {
        Path out = dir.resolve("units.csv");
        CliRun r = CliRun.of("simulate", "--sites", "40", "--site-size", "30", "--size-cv", "0.4", "--units", "--tau", "0.3",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("site,treatment,outcome,true_effect");
        CliRun estimate = CliRun.of("estimate", out.toString());
        assertThat(estimate.code()).as(estimate.err()).isZero();
        assertThat(estimate.out().strip().lines().count()).isEqualTo(41);
        CliRun binary = CliRun.of("simulate", "--sites", "5", "--site-size", "20", "--units", "--family", "binomial");
        assertThat(binary.code()).as(binary.err()).isZero();
        assertThat(binary.out().lines().skip(1).map(l -> l.split(",")[2]).distinct().sorted().toList()).containsExactly("0", "1");
    }

    @Test
    void badOptionsAreRefusedInOneLine() {
        String[][] cases = {
            {"--df: only with --shape t", "--df", "4"},
            {"--df 2: must be > 2 for a standardized t", "--shape", "t", "--df", "2"},
            {"--shape cauchy: expected gaussian", "--shape", "cauchy"},
            {"--informativeness 1.5: expected a number in (0, 1)", "--informativeness", "1.5"},
            {"--informativeness and --site-size", "--informativeness", "0.5", "--site-size", "30"},
            {"--se-ratio and --sd-ratio", "--se-ratio", "4", "--sd-ratio", "2"},
            {"--se-ratio 0.5: expected a number >= 1", "--se-ratio", "0.5"},
            {"--size-cv: only with --site-size", "--size-cv", "0.3"},
            {"unit records need site sizes", "--units"},
            {"--sites 1: expected at least 2", "--sites", "1"},
            {"--tau 0: expected a number > 0", "--tau", "0"},
            {"--family and --intercept-sd: only with --units", "--family", "binomial"},
        };
        CliRun.assertRefused(List.of("simulate"), List.of(), cases);
    }

    /** Coarsened counts: the core simulator's, and HETOP's MLE reads them back near the truth (groups of 20,000). */
    @Test
    void hetopCountsRoundTrip() throws IOException {
        Path out = dir.resolve("groups.csv");
        CliRun r = CliRun.of("simulate", "--hetop", "--sites", "6", "--group-size", "20000", "--cuts", "-1,0,0.8", "--seed", "4",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("group,n1,n2,n3,n4,true_mu,true_sigma");
        Path json = dir.resolve("fit.json");
        CliRun fit = CliRun.of("hetop", out.toString(), "--counts", "n1,n2,n3,n4", "--json", json.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        var root = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json.toFile());
        for (int g = 0; g < 6; g++) {
            double truth = Double.parseDouble(lines.get(g + 1).split(",")[5]);
            // 20,000 units: the mean's SE is about 0.01; 0.05 is 5 SEs
            assertThat(root.path("groups").get(g).path("mu").asDouble()).isCloseTo(truth, org.assertj.core.api.Assertions.within(0.05));
        }
        CliRun refused = CliRun.of("simulate", "--cuts", "-1,0");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--cuts: only with --hetop");
    }
}
