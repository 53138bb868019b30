package org.multisite.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.study.LocalStudyEngine;
import org.multisite.study.Row;
import org.multisite.study.StudySpec;
import org.multisite.study.StudySummary;
import org.multisite.study.Task;

class PlanSimulationTest {
    /** The normal model's sampler: the tests read the data alone, so the fits may be short. */
    private static final SamplerConfig SHORT = new SamplerConfig(2, 20, 20, 1, 1, 1);

    private static List<Plan.Result> simulate(TrialDesign base, List<Integer> sites, List<Double> units, int replications,
                                              Map<String, String> shape, String flexible, SamplerConfig sampler) {
        StudySpec spec = Plan.study(base, sites, units, shape, flexible, replications, 7, sampler);
        List<Task> tasks = new ArrayList<>();
        for (Map<String, String> cell : spec.cells()) {
            for (int r = 1; r <= replications; r++) {
                tasks.add(new Task(cell, r));
            }
        }
        List<Row> rows = new ArrayList<>();
        new LocalStudyEngine().run(spec, tasks, 2, (task, result) -> rows.addAll(result));
        return Plan.withSimulation(Plan.closedForms(base, sites, units, 0.05), spec, StudySummary.of(rows));
    }

    /**
     * The check: the closed forms against the study engine's empirical power, within 3
     * Monte Carlo SEs, for three designs with a normal G. Every site of the same size, so the
     * site estimates are normal with equal variances: the t test of their mean is exactly
     * Raudenbush & Liu's noncentral t, and with the standard errors known Cochran's Q is exactly
     * (1 + tau^2 / V) chi-square (the closed form for a continuous outcome estimates V on J (n - 2)
     * df, which the site-level simulation does not: so the heterogeneity check uses known SEs).
     * 1,500 replications: a power's Monte Carlo SE is at most 0.013.
     */
    @Test
    void closedFormsAgreeWithTheEnginesEmpiricalPower() {
        int reps = 1500;
        Map<String, String> normal = Map.of("shape", "gaussian");
        TrialDesign continuous = new TrialDesign(20, 20, 0, 0.5, new TrialDesign.Continuous(0.15, 0), 0.2, 0.2);
        TrialDesign known = new TrialDesign(20, 20, 0, 0.5, new TrialDesign.KnownSe(0.3), 0.1, 0.15);
        for (TrialDesign base : List.of(continuous, known)) {
            List<Plan.Result> results = simulate(base, List.of(15, 30, 60), List.of(20.0), reps, normal, null, SHORT);
            assertThat(results).hasSize(3);
            for (Plan.Result r : results) {
                Plan.Simulated s = r.simulated();
                assertThat(s.replications()).isEqualTo(reps);
                assertThat(Math.abs(s.powerMean().value() - r.powerMean())).as("power of the mean, %s", r.design())
                        .isLessThanOrEqualTo(3 * s.powerMean().mcse());
                if (base == known) {
                    assertThat(Math.abs(s.powerHet().value() - r.powerHet())).as("power of the heterogeneity test, %s", r.design())
                            .isLessThanOrEqualTo(3 * s.powerHet().mcse());
                }
            }
        }
    }

    /**
     * The simulated interval width of tau and the shape and rank answers: present, in range, the
     * same from the same seed; and more sites narrow tau's interval, as the closed form says.
     */
    @Test
    void simulatedAnswersAreReproducibleAndSayTheirError() {
        TrialDesign base = new TrialDesign(30, 40, 0, 0.5, new TrialDesign.Continuous(0.2, 0), 0.2, 0.4);
        Map<String, String> bimodal = Map.of("shape", "mixture");
        SamplerConfig sampler = new SamplerConfig(2, 200, 300, 1, 1, 1);
        List<Plan.Result> a = simulate(base, List.of(30, 90), List.of(40.0), 12, bimodal, "mixture", sampler);
        List<Plan.Result> b = simulate(base, List.of(30, 90), List.of(40.0), 12, bimodal, "mixture", sampler);
        assertThat(a).isEqualTo(b);
        for (Plan.Result r : a) {
            Plan.Simulated s = r.simulated();
            for (Plan.Quantity q : Plan.Quantity.values()) {
                assertThat(s.get(q)).as("%s", q).isNotNull();
                assertThat(s.get(q).mcse()).as("%s", q).isGreaterThanOrEqualTo(0);
            }
            assertThat(s.shape().value()).isBetween(0.0, 1.0);
            assertThat(s.rank().value()).isBetween(0.0, 1.0);
        }
        assertThat(a.get(1).simulated().tauCiWidth().value()).isLessThan(a.get(0).simulated().tauCiWidth().value());
        assertThat(a.get(1).tauCiWidth()).isLessThan(a.get(0).tauCiWidth());
    }

    @Test
    void recommendationIsTheSmallestDesignMeetingTheTarget() {
        TrialDesign base = new TrialDesign(20, 20, 0, 0.5, new TrialDesign.Continuous(0.15, 0), 0.2, Math.sqrt(0.015));
        List<Plan.Result> grid = Plan.closedForms(base, List.of(20, 40, 60, 80), List.of(10.0, 20.0), 0.05);
        List<Plan.Recommendation> rec = Plan.recommend(grid, List.of(new Plan.Target(Plan.Quantity.POWER, 0.8),
                new Plan.Target(Plan.Quantity.TAU_CI, 0.01)), false);
        // 40 x 20 = 800 units gives 0.818; 60 x 10 = 600 gives less than 0.8, 80 x 10 = 800 more sites for the same units
        Plan.Result chosen = rec.get(0).design();
        assertThat(chosen.powerMean()).isGreaterThanOrEqualTo(0.8);
        for (Plan.Result r : grid) {
            if (r.powerMean() >= 0.8) {
                double units = r.design().sites() * r.design().units();
                assertThat(units).isGreaterThanOrEqualTo(chosen.design().sites() * chosen.design().units());
            }
        }
        assertThat(rec.get(0).source()).isEqualTo("closed form");
        assertThat(rec.get(1).design()).as("no design gives tau within 0.005").isNull();
    }
}
