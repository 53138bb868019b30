package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlanCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /**
     * The closed forms over ten designs, as scripts read them: one object per design with the
     * contract's names, PowerUpR's 0.818 at 40 sites of 20 (the case), and the smallest
     * design meeting each target.
     */
    @Test
    void closedFormPlanWritesTheContractsJson() throws Exception {
        Path json = dir.resolve("plan.json");
        CliRun r = CliRun.of("plan", "--sites", "20:200:20", "--units", "20", "--icc", "0.15", "--effect", "0.2", "--tau",
                String.valueOf(Math.sqrt(0.015)), "--target", "power=0.8", "--target", "het-power=0.9", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("power >= 0.8: 40 sites of 20 units (closed form: 0.818)")
                .contains("het-power >= 0.9: no design in the grid").contains("Written: " + json);
        JsonNode root = JSON.readTree(Files.readString(json));
        assertThat(root.path("command").asString()).isEqualTo("plan");
        assertThat(root.path("simulation").isNull()).isTrue();
        JsonNode designs = root.path("designs");
        assertThat(designs.size()).isEqualTo(10);
        for (JsonNode d : designs) {
            for (String key : List.of("sites", "units", "power_mean", "power_het", "tau_ci_width", "informativeness")) {
                assertThat(d.path(key).isNumber()).as(key).isTrue();
            }
            assertThat(d.has("simulated")).isFalse();
        }
        assertThat(designs.get(1).path("sites").asInt()).isEqualTo(40);
        assertThat(designs.get(1).path("power_mean").asDouble()).isCloseTo(0.818, within(5e-4));
        JsonNode power = root.path("recommended").path("power");
        assertThat(power.path("sites").asInt()).isEqualTo(40);
        assertThat(power.path("units").asDouble()).isEqualTo(20);
        assertThat(power.path("source").asString()).isEqualTo("closed form");
        assertThat(root.path("recommended").path("het-power").path("sites").isNull()).isTrue();
    }

    /** The simulation: its answers with Monte Carlo errors, the same JSON whatever the thread count. */
    @Test
    void simulatedPlanIsReproducibleWhateverTheThreads() throws Exception {
        Path one = dir.resolve("one.json");
        Path two = dir.resolve("two.json");
        List<String> args = List.of("plan", "--sites", "20:40:20", "--units", "30", "--outcome", "binary", "--control-rate", "0.7",
                "--effect", "0.1", "--tau", "0.5", "--simulate", "--replications", "20", "--seed", "5", "--quiet");
        CliRun a = CliRun.of(concat(args, "--threads", "1", "--json", one.toString()));
        CliRun b = CliRun.of(concat(args, "--threads", "2", "--json", two.toString()));
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readString(one)).isEqualTo(Files.readString(two));
        JsonNode root = JSON.readTree(Files.readString(one));
        assertThat(root.path("simulation").path("replications").asInt()).isEqualTo(20);
        JsonNode sim = root.path("designs").get(0).path("simulated");
        for (String key : List.of("power_mean", "power_het", "tau_ci_width", "rank")) {
            assertThat(sim.path(key).isNumber()).as(key).isTrue();
            assertThat(sim.path(key + "_mcse").isNumber()).as(key).isTrue();
        }
        assertThat(sim.has("shape")).isFalse();
    }

    @Test
    void badOptionsAreRefusedInOneLine() {
        CliRun.assertRefused(List.of("plan"), List.of(), new String[][] {
            {"--icc", "--icc", "1.5"},
            {"--target", "--target", "speed=2"},
            {"--target", "--target", "power=80"},
            {"--target shape: needs a non-normal --shape", "--target", "shape=0.8"},
            {"--sites", "--sites", "1"},
            {"--sites", "--sites", "10:5:1"},
            {"--units", "--units", "2"},
            {"--control-rate: only with --outcome binary", "--control-rate", "0.3"},
            {"--outcome", "--outcome", "count"},
            {"--tau", "--tau", "0", "--simulate"},
            {"--replications", "--replications", "1", "--simulate"},
            {"--significance", "--significance", "0"},
            {"--units 10:30:10: --se gives every site's standard error", "--se", "0.2", "--units", "10:30:10"},
            {"--significance 0.01: the simulated tests run at 0.05", "--significance", "0.01", "--simulate"},
            // squares that underflow or overflow: refused, not answered with infinities
            {"--se 1e-300", "--se", "1e-300", "--tau", "1e-300"},
            {"--tau 1e300", "--tau", "1e300"},
            // the sampler's memory check, before anything is fitted: 1,000,000 sites x 1,000 draws need about 24 GB
            {"--sites 1000000: too many sites to simulate in this JVM's memory", "--sites", "1000000", "--simulate", "--quick"},
        });
    }

    @Test
    void jsonOnStdoutIsTheOnlyOutput() throws Exception {
        CliRun r = CliRun.of("plan", "--sites", "10", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).path("designs").size()).isEqualTo(1);
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
