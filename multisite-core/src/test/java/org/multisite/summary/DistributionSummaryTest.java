package org.multisite.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.model.EffectDistribution;
import org.multisite.model.NormalEffectsPrior;
import org.multisite.model.StudentEffectsPrior;

class DistributionSummaryTest {
    @Test
    void predictiveQuantilesOfAnEqualMixtureOfTwoNormals() {
        // F(x) = (Phi(x + 1) + Phi((x - 1) / 2)) / 2; check F(q_p) = p to 1e-10
        List<EffectDistribution> g = List.of(new NormalEffectsPrior.Distribution(-1, 1), new NormalEffectsPrior.Distribution(1, 2));
        NormalDistribution a = NormalDistribution.of(-1, 1);
        NormalDistribution b = NormalDistribution.of(1, 2);
        for (double p : new double[] {0.001, 0.025, 0.5, 0.975, 0.999}) {
            double q = DistributionSummary.predictiveQuantile(g, p);
            assertThat((a.cumulativeProbability(q) + b.cumulativeProbability(q)) / 2).isCloseTo(p, within(1e-10));
        }
    }

    @Test
    void aSpikeAtTheStartingPointDoesNotStopTheSearch() {
        // draws with tau near 0 put spikes in the mixture density; Newton's steps are tiny there.
        // Components N(-2, 1), N(2, 1) and N(s, 1e-9) with s the average of the components'
        // 0.3-quantiles, where the search starts: F(q) must still equal 0.3
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.3);
        double s = ((-2 + z) + (2 + z)) / 2;
        List<EffectDistribution> g = List.of(new NormalEffectsPrior.Distribution(-2, 1), new NormalEffectsPrior.Distribution(2, 1), new NormalEffectsPrior.Distribution(s, 1e-9));
        double q = DistributionSummary.predictiveQuantile(g, 0.3);
        double f = (NormalDistribution.of(-2, 1).cumulativeProbability(q) + NormalDistribution.of(2, 1).cumulativeProbability(q)
                + NormalDistribution.of(s, 1e-9).cumulativeProbability(q)) / 3;
        assertThat(f).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void convergingOntoAnEndOfTheBracketReturnsThatPoint() {
        // regression: the last Newton step lands on the point just made the bracket's end; it
        // used to be rejected for the bracket's midpoint (found by searching two-component
        // mixtures: N(0, 1) and N(0, 0.35^2) at p = 0.025 gave F(q) = 0.0179). Any p must give F(q) = p
        for (double sd : new double[] {0.35, 0.1, 0.6}) {
            List<EffectDistribution> g = List.of(new NormalEffectsPrior.Distribution(0, 1), new NormalEffectsPrior.Distribution(0, sd));
            for (double p : new double[] {0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999}) {
                double q = DistributionSummary.predictiveQuantile(g, p);
                double f = (NormalDistribution.of(0, 1).cumulativeProbability(q)
                        + NormalDistribution.of(0, sd).cumulativeProbability(q)) / 2;
                assertThat(f).as("sd = %s, p = %s", sd, p).isCloseTo(p, within(1e-10));
            }
        }
    }

    @Test
    void summaryOfIdenticalDrawsIsThatNormal() {
        List<EffectDistribution> g = List.of(new NormalEffectsPrior.Distribution(2, 3), new NormalEffectsPrior.Distribution(2, 3), new NormalEffectsPrior.Distribution(2, 3));
        DistributionSummary s = DistributionSummary.of(g, new double[] {1, 3}, 1);
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

    /**
     * Issue 14, item 8: a t with nu <= 2 has no SD. G's SD is averaged over the draws where it
     * exists, and those where it does not are counted (before: a median, silently).
     */
    @Test
    void gsSdOverTheDrawsWhereItExists() {
        List<EffectDistribution> g = List.of(new StudentEffectsPrior.Distribution(0, 1, 1.5),
                new StudentEffectsPrior.Distribution(0, 1, 3), new StudentEffectsPrior.Distribution(0, 1, 6));
        DistributionSummary s = DistributionSummary.of(g, new double[] {-1, 1}, 1);
        assertThat(s.sdUndefinedDraws()).isEqualTo(1);
        assertThat(s.sd()).isCloseTo((Math.sqrt(3) + Math.sqrt(1.5)) / 2, within(1e-15));
        assertThat(org.multisite.study.ModelMetric.Posterior.of(new double[] {1, Double.POSITIVE_INFINITY, 3}).mean()).isEqualTo(2);
    }
}
