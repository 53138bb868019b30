package org.multisite.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.multisite.data.SiteData;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;

/**
 * The verdict on data with a known truth (issue 16's acceptance cases, docs/verdict.md): every
 * model of the registry at the default sampler, as {@code multisite analyze} runs them, on three
 * replications of each case; at least two of the three must get the verdict right. The full
 * check, 20 replications each (at least 18 right), is bench/verdict.
 */
class VerdictAcceptanceTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "normal G, J = 50, I = 0.5; gaussian; 50; 0.5; normal",
        "the seed's bimodal G, J = 100, I = 0.9; bimodal; 100; 0.9; two_groups",
        "t with 3 df, J = 100, I = 0.9; t; 100; 0.9; extreme_sites",
        "normal G, J = 100, I = 0.05; gaussian; 100; 0.05; cannot_tell"})
    void verdictFindsTheTruth(String name, String shape, int sites, double informativeness, String expected) {
        int right = 0;
        List<String> got = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            String verdict = verdict(shape, sites, informativeness, r).shape();
            got.add(verdict);
            right += verdict.equals(expected) ? 1 : 0;
        }
        assertThat(right).as(name + ": " + got).isGreaterThanOrEqualTo(2);
    }

    /** Replication {@code r} of the case: simulated sites, every registry model, the analysis. */
    static Verdict verdict(String shape, int sites, double informativeness, int r) {
        Map<String, String> factors = new java.util.LinkedHashMap<>(Map.of("shape", shape, "sites", String.valueOf(sites),
                "informativeness", String.valueOf(informativeness)));
        if (shape.equals("t")) {
            factors.put("df", "3");
        }
        SiteData data = SiteSimulator.simulate(Designs.design(factors), SeedStreams.stream(1000L * sites + r)).data();
        return Analysis.everyModel(data, SamplerConfig.defaults().withSeed(r), 0).verdict();
    }
}
