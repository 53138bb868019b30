package org.multisite.prior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;
import org.multisite.numeric.Vectors;
import org.multisite.prior.Prior;

class ClusterElicitationTest {
    @Test
    void momentsGivenAlphaByHand() {
        // J = 2: K = 1 + Bernoulli(alpha / (alpha + 1)), so E[K] = 1 + alpha / (1 + alpha) and
        // Var[K] = alpha / (1 + alpha)^2; at alpha = 1: 1.5 and 0.25
        assertThat(ClusterElicitation.meanGivenAlpha(1, 2)).isCloseTo(1.5, within(1e-12));
        assertThat(ClusterElicitation.varianceGivenAlpha(1, 2)).isCloseTo(0.25, within(1e-12));
    }

    /**
     * The elicited prior against the thing it describes: K drawn by the Chinese restaurant
     * process among J = 30 sites with alpha from the elicited prior, 100,000 times; mean and
     * variance within 5 Monte Carlo standard errors of the requested ones.
     */
    @Test
    void elicitedPriorGivesTheRequestedNumberOfClusters() {
        int sites = 30;
        Prior.Gamma g = ClusterElicitation.elicit(sites, 4, 6.0);
        double[] k = new double[100_000];
        UniformRandomProvider rng = SeedStreams.stream(17);
        for (int r = 0; r < k.length; r++) {
            double alpha = g.sample(rng);
            int clusters = 0;
            for (int i = 0; i < sites; i++) {
                // customer i + 1 opens a new table with probability alpha / (alpha + i)
                if (rng.nextDouble() < alpha / (alpha + i)) {
                    clusters++;
                }
            }
            k[r] = clusters;
        }
        double mean = Vectors.mean(k);
        double variance = Vectors.variance(k);
        assertThat(mean).isCloseTo(4, within(5 * Math.sqrt(variance / k.length)));
        // SE of a sample variance: about sqrt((mu4 - sigma^4) / n); bounded here by 4 sigma^2 / sqrt(n)
        assertThat(variance).isCloseTo(6, within(5 * 4 * 6 / Math.sqrt(k.length)));
        Prior.Gamma meanOnly = ClusterElicitation.elicit(sites, 4, null);
        assertThat(meanOnly.shape()).isEqualTo(1);
        assertThat(ClusterElicitation.moments(1, meanOnly.rate(), sites)[0]).isCloseTo(4, within(1e-6));
    }

    @Test
    void impossibleRequestsAreRefused() {
        assertThatThrownBy(() -> ClusterElicitation.elicit(30, 0.5, null)).hasMessageContaining("between 1 and the 30 sites");
        assertThatThrownBy(() -> ClusterElicitation.elicit(30, 4, -1.0)).hasMessageContaining("variance must be > 0");
    }
}
