package org.multisite.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GSpec;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;

class StudyTest {
    private static final SamplerConfig SAMPLER = new SamplerConfig(2, 100, 500, 1, 1, 1);

    /** The normal model, every estimator and metric, on a study with the one cell {@code cell}. */
    private static StudySpec spec(Map<String, String> cell, int replications) {
        Map<String, List<String>> factors = new LinkedHashMap<>();
        cell.forEach((k, v) -> factors.put(k, List.of(v)));
        return new StudySpec(1, replications, factors, List.of(new StudySpec.Model("normal", GSpec.of("normal"))),
                List.of(Estimator.values()), Metric.all(), SAMPLER);
    }

    /**
     * The acceptance cell: gaussian truth, normal model, J = 50, I = 0.5, R = 1, 100
     * replications. Theory with known hyperparameters: SSEL of ml = (1 - I) / I = 1 exactly in
     * expectation; of pm, tau^2 s^2 / (tau^2 + s^2) = 0.5, plus about 0.01 for estimating mu and
     * tau (B^2 var(mu hat) = 0.25 x 2 / 50); PM's variance across sites (1 - B)^2 (tau^2 + s^2)
     * = 0.5 = I; CB and GR match the posterior expected spread of the effects, so their variance
     * is about tau^2 = 1. Bounds: 4 MCSE plus that known excess (0.05 where hyperparameters are
     * estimated). And GR has the lowest ISEL of the four estimators.
     */
    @Test
    void acceptanceCellMatchesTheory() {
        Map<String, String> cell = new LinkedHashMap<>(Map.of("shape", "gaussian", "sites", "50", "informativeness", "0.5",
                "se_ratio", "1"));
        StudySpec spec = spec(cell, 100);
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        IntStream.rangeClosed(1, 100).parallel().forEach(r -> rows.addAll(Study.replicate(spec, cell, r)));
        Map<String, StudySummary> s = new LinkedHashMap<>();
        for (StudySummary x : StudySummary.of(rows)) {
            s.put(x.estimator() + "/" + x.metric(), x);
            assertThat(x.replications()).isEqualTo(100);
        }
        assertWithin(s.get("ml/ssel"), 1.0, 0);
        assertWithin(s.get("pm/ssel"), 0.5, 0.05);
        assertWithin(s.get("pm/var_est"), 0.5, 0.05);
        assertWithin(s.get("cb/var_est"), 1.0, 0.05);
        assertWithin(s.get("gr/var_est"), 1.0, 0.05);
        assertWithin(s.get("ml/var_est"), 2.0, 0);
        assertThat(s.get("pm/ssel").mean()).isLessThan(s.get("cb/ssel").mean()).isLessThan(s.get("ml/ssel").mean());
        double gr = s.get("gr/isel").mean();
        for (String e : List.of("ml", "pm", "cb")) {
            assertThat(gr).as(e).isLessThan(s.get(e + "/isel").mean());
        }
        // the model's mu and tau: 95% intervals cover at about the nominal rate (binomial SE 0.022)
        assertThat(s.get("-/cover_mu").mean()).isBetween(0.86, 1.0);
        assertThat(s.get("-/cover_tau").mean()).isBetween(0.86, 1.0);
        assertWithin(s.get("-/bias_mu"), 0, 0);
        // mu's interval: about 2 x 1.96 x sqrt((tau^2 + s^2) / J) = 0.78 tau wide (t quantiles and tau's uncertainty widen it)
        assertThat(s.get("-/width_mu").mean()).isBetween(0.7, 1.0);
    }

    private static void assertWithin(StudySummary s, double expected, double slack) {
        assertThat(s.mean()).as(s.estimator() + "/" + s.metric() + " +- " + s.mcse())
                .isCloseTo(expected, within(4 * s.mcse() + slack));
    }

    /** ISEL against brute force: the trapezoid rule with step 1e-4 over [-12, 12] (error about 1e-8). */
    @Test
    void iselAgainstBruteForce() {
        SiteSimulator.Design design = Designs.design(Map.of("shape", "bimodal", "tau", "2", "mean", "0.5"));
        double[] est = {-3.1, -0.4, 0.2, 0.2, 1.7, 4.4};
        double exact = SiteMetric.isel(est, design);
        double sum = 0;
        double step = 1e-4;
        double prev = Double.NaN;
        for (int i = 0; i <= 240_000; i++) {
            double t = -12 + i * step;
            int below = 0;
            for (double e : est) {
                below += e <= t ? 1 : 0;
            }
            double d = (double) below / est.length - design.shape().cdf((t - 0.5) / 2);
            double f = d * d;
            if (i > 0) {
                sum += 0.5 * (prev + f) * step;
            }
            prev = f;
        }
        // the EDF's jumps make the trapezoid rule's error O(step) at each of 5 distinct jumps
        assertThat(exact).isCloseTo(sum, within(5e-4));
    }

    /**
     * ISEL between two EDFs by hand: estimates {0, 2}, true effects {1, 3}. The difference
     * F_est - F_theta is 1/2 on [0, 1), 0 on [1, 2), 1/2 on [2, 3): (1/4)(1) + 0 + (1/4)(1) = 0.5.
     * With ties: {0, 0, 1} against {0, 1, 1} differ by 1/3 on [0, 1): 1/9.
     */
    @Test
    void iselBetweenEdfsByHand() {
        assertThat(SiteMetric.iselEdf(new double[] {2, 0}, new double[] {3, 1})).isCloseTo(0.5, within(1e-15));
        assertThat(SiteMetric.iselEdf(new double[] {0, 0, 1}, new double[] {1, 0, 1})).isCloseTo(1.0 / 9, within(1e-15));
        assertThat(SiteMetric.iselEdf(new double[] {5, -1, 2}, new double[] {2, 5, -1})).isZero();
        // against brute force on a fine grid
        double[] est = {-1.3, 0.2, 0.2, 0.9, 2.5};
        double[] theta = {-0.7, -0.1, 0.4, 1.1, 1.8};
        double sum = 0;
        double step = 1e-5;
        for (double t = -2 + step / 2; t < 3; t += step) {
            double fa = 0;
            double fb = 0;
            for (int j = 0; j < 5; j++) {
                fa += est[j] <= t ? 0.2 : 0;
                fb += theta[j] <= t ? 0.2 : 0;
            }
            sum += (fa - fb) * (fa - fb) * step;
        }
        assertThat(SiteMetric.iselEdf(est, theta)).isCloseTo(sum, within(1e-4));
    }

    /**
     * Quantile errors with R's type-7 quantiles: the median of {1, 2, 3, 10} is 2.5 and of
     * {0, 1, 2, 3} 1.5, so (2.5 - 1.5)^2 = 1, divided by tau^2 = 4; the 10th percentile of
     * {1, 2, 3, 10} is 1 + 0.3 (2 - 1) = 1.3. The histogram loss: shares in bars of tau / 2
     * from mean - 3 tau; one estimate of two in another bar than its true effect gives
     * (1/2)^2 + (1/2)^2 = 0.5.
     */
    @Test
    void quantileErrorsAndHistogramLossByHand() {
        SiteSimulator.Design design = Designs.design(Map.of("shape", "gaussian", "tau", "2", "mean", "0"));
        double[] est = {10, 2, 3, 1};
        double[] theta = {0, 1, 2, 3};
        assertThat(SiteMetric.QUANTILE_ERR_50.value(est, theta, null, design)).isCloseTo(0.25, within(1e-15));
        assertThat(SiteMetric.quantileError(est, new double[] {0, 0, 0, 0}, 0.10)).isCloseTo(1.3 * 1.3, within(1e-12));
        // bars: z = x / 2; z in [0, 0.5) is bar 7, [0.5, 1) bar 8, z >= 3 the last
        double[] shares = SiteMetric.barShares(new double[] {0.1, 1.2, 7, -7}, design);
        assertThat(shares[7]).isEqualTo(0.25);
        assertThat(shares[8]).isEqualTo(0.25);
        assertThat(shares[SiteMetric.BARS - 1]).isEqualTo(0.25);
        assertThat(shares[0]).isEqualTo(0.25);
        assertThat(SiteMetric.HIST_LOSS.value(new double[] {0.1, 0.2}, new double[] {0.1, 1.2}, null, design))
                .isCloseTo(0.5, within(1e-15));
    }

    @Test
    void replicationsArePureFunctionsOfSeedCellAndReplication() {
        Map<String, String> cell = Map.of("shape", "t5", "sites", "20", "informativeness", "0.9");
        StudySpec spec = spec(cell, 2);
        assertThat(Study.replicate(spec, cell, 2)).isEqualTo(Study.replicate(spec, cell, 2));
        assertThat(Study.replicate(spec, cell, 1)).isNotEqualTo(Study.replicate(spec, cell, 2));
        // the key does not depend on the order in which factors were given
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("informativeness", "0.9");
        reordered.put("sites", "20");
        reordered.put("shape", "t5");
        assertThat(StudySpec.key(reordered)).isEqualTo(StudySpec.key(cell)).isEqualTo("informativeness=0.9;shape=t5;sites=20");
    }

    @Test
    void percentileRanksAverageTies() {
        assertThat(SiteMetric.percentiles(new double[] {3, 1, 3, 2})).containsExactly(3.5 / 5, 1.0 / 5, 3.5 / 5, 2.0 / 5);
    }

    @Test
    void cellsAreEveryCombination() {
        Map<String, List<String>> factors = new LinkedHashMap<>();
        factors.put("shape", List.of("gaussian", "t5"));
        factors.put("sites", List.of("25", "50", "100"));
        List<Map<String, String>> cells = new StudySpec(1, 1, factors, List.of(new StudySpec.Model("normal",
                GSpec.of("normal"))), List.of(Estimator.PM), List.of(SiteMetric.SSEL), SAMPLER).cells();
        assertThat(cells).hasSize(6);
        assertThat(cells.get(1)).containsEntry("shape", "gaussian").containsEntry("sites", "50");
        assertThat(cells.get(3)).containsEntry("shape", "t5").containsEntry("sites", "25");
    }
}
