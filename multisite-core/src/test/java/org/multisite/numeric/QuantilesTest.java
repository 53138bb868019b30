package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

class QuantilesTest {
    @Test
    void type7ByHand() {
        // R: quantile(c(1, 2, 4, 8), c(0, 0.25, 0.5, 0.9, 1)) = 1, 1.75, 3, 6.8, 8
        double[] x = {1, 2, 4, 8};
        assertThat(Quantiles.type7(x, 0)).isEqualTo(1);
        assertThat(Quantiles.type7(x, 0.25)).isEqualTo(1.75);
        assertThat(Quantiles.type7(x, 0.5)).isEqualTo(3);
        assertThat(Quantiles.type7(x, 0.9)).isEqualTo(6.8, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Quantiles.type7(x, 1)).isEqualTo(8);
        // R: quantile(c(1, 2, 4, 8), 0.3, type = 1) = 2
        assertThat(Quantiles.type1(x, 0.3)).isEqualTo(2);
    }

    @Test
    void selectionGivesTheSameQuantilesAsSorting() {
        UniformRandomProvider rng = SeedStreams.stream(3);
        double[] probs = {0, 0.025, 0.05, 0.5, 0.95, 0.975, 1};
        for (int n : new int[] {1, 2, 3, 10, 101, 4000}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(5) == 0 ? 1.5 : rng.nextDouble(); // with ties
            }
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            double[] q = Quantiles.type7Unsorted(x.clone(), probs);
            for (int k = 0; k < probs.length; k++) {
                assertThat(q[k]).as("n=%d p=%s", n, probs[k]).isEqualTo(Quantiles.type7(sorted, probs[k]));
            }
        }
    }
}
