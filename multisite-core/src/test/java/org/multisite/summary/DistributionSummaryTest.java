package org.multisite.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.model.EffectDistribution;
import org.multisite.model.NormalEffects;

class DistributionSummaryTest {
    @Test
    void predictiveQuantilesOfAnEqualMixtureOfTwoNormals() {
        // F(x) = (Phi(x + 1) + Phi((x - 1) / 2)) / 2; check F(q_p) = p to 1e-10
        List<EffectDistribution> g = List.of(new NormalEffects(-1, 1), new NormalEffects(1, 2));
        NormalDistribution a = NormalDistribution.of(-1, 1);
        NormalDistribution b = NormalDistribution.of(1, 2);
        for (double p : new double[] {0.001, 0.025, 0.5, 0.975, 0.999}) {
            double q = DistributionSummary.predictiveQuantile(g, p);
            assertThat((a.cumulativeProbability(q) + b.cumulativeProbability(q)) / 2).isCloseTo(p, within(1e-10));
        }
    }

    @Test
    void summaryOfIdenticalDrawsIsThatNormal() {
        List<EffectDistribution> g = List.of(new NormalEffects(2, 3), new NormalEffects(2, 3), new NormalEffects(2, 3));
        DistributionSummary s = DistributionSummary.of(g, new double[] {1, 3});
        assertThat(s.mean()).isEqualTo(2);
        assertThat(s.sd()).isEqualTo(3);
        // the 95% quantile of N(2, 3^2): 2 + 3 * 1.6448536269514722
        assertThat(s.quantiles()[4]).isCloseTo(2 + 3 * 1.6448536269514722, within(1e-12));
        assertThat(s.predictiveLow()).isCloseTo(2 - 3 * 1.959963984540054, within(1e-9));
        int mid = s.grid().length / 2;
        double x = s.grid()[mid];
        assertThat(s.density().mean()[mid]).isCloseTo(NormalDistribution.of(2, 3).density(x), within(1e-12));
        assertThat(s.density().q2_5()[mid]).isCloseTo(s.density().q97_5()[mid], within(1e-15));
        assertThat(s.cdf().mean()[mid]).isCloseTo(NormalDistribution.of(2, 3).cumulativeProbability(x), within(1e-12));
    }
}
