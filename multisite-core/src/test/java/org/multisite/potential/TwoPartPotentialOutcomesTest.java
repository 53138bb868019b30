package org.multisite.potential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

class TwoPartPotentialOutcomesTest {
    /**
     * A data set of the NSW shape (445 men, 185 treated; Dehejia & Wahba's subset of LaLonde's
     * experiment), simulated: earnings positive with probability 0.70 (control) and 0.76
     * (treated), log earnings N(8.5, 1) and N(8.6, 1). Without covariates the posterior mean of
     * the super-population ATE is close to the plug-in p1 exp(m1 + s1^2 / 2) - p0 exp(m0 + s0^2 / 2)
     * of the arms' proportions and log moments (within half a posterior SD: a flat-prior
     * posterior centres near its estimates); rho leaves it unchanged.
     */
    @Test
    void superPopulationAteNearThePlugIn() {
        UniformRandomProvider rng = SeedStreams.stream(12);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = 445;
        int[] t = new int[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i < 185 ? 1 : 0;
            double p = t[i] == 1 ? 0.76 : 0.70;
            y[i] = rng.nextDouble() < p ? Math.exp((t[i] == 1 ? 8.6 : 8.5) + z.sample()) : 0;
        }
        double[] plug = new double[2];
        for (int arm = 0; arm <= 1; arm++) {
            int count = 0;
            int positive = 0;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                if (t[i] == arm) {
                    count++;
                    if (y[i] > 0) {
                        positive++;
                        sum += Math.log(y[i]);
                        sq += Math.log(y[i]) * Math.log(y[i]);
                    }
                }
            }
            double m = sum / positive;
            double v = (sq - positive * m * m) / (positive - 1);
            plug[arm] = (double) positive / count * Math.exp(m + v / 2);
        }
        var data = new NormalPotentialOutcomes.Data(t, y, new double[n][0], new int[n], 1);
        var d = TwoPartPotentialOutcomes.sample(data, 0, 2000, SeedStreams.stream(13));
        double mean = Arrays.stream(d.ateSp()).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(d.ateSp()).map(v -> (v - mean) * (v - mean)).sum() / (d.ateSp().length - 1));
        assertThat(mean).isCloseTo(plug[1] - plug[0], within(0.5 * sd));
        // rho changes the finite-sample ATE's spread, never the super-population ATE
        var d1 = TwoPartPotentialOutcomes.sample(data, 1, 2000, SeedStreams.stream(13));
        assertThat(d1.ateSp()).containsExactly(d.ateSp());
    }

    @Test
    void refusesNegativeOutcomes() {
        var data = new NormalPotentialOutcomes.Data(new int[] {0, 1, 0, 1}, new double[] {1, -2, 3, 4}, new double[4][0],
                new int[4], 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwoPartPotentialOutcomes.sample(data, 0, 100,
                SeedStreams.stream(1))).hasMessageContaining("outcomes >= 0");
    }
}
