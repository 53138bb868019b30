package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multisite.numeric.Vectors;

/**
 * Gamma(a, 1) draws against their mean a, variance a and E[log X] = digamma(a); 200,000 draws,
 * 5 standard errors (false-failure probability about 6e-7 per check).
 */
class GammaDrawTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.5, 1, 2.5, 30})
    void moments(double a) {
        UniformRandomProvider rng = SeedStreams.stream(3, (long) (a * 100));
        var gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = 200_000;
        double[] x = new double[n];
        double[] dev = new double[n];
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = GammaDraw.sample(a, rng, gaussian);
            assertThat(x[i]).isPositive();
            dev[i] = (x[i] - a) * (x[i] - a);
            logs[i] = Math.log(x[i]);
        }
        assertThat(Vectors.mean(x)).isCloseTo(a, within(5 * Vectors.sd(x) / Math.sqrt(n)));
        assertThat(Vectors.mean(dev)).isCloseTo(a, within(5 * Vectors.sd(dev) / Math.sqrt(n)));
        assertThat(Vectors.mean(logs)).isCloseTo(org.apache.commons.numbers.gamma.Digamma.value(a),
                within(5 * Vectors.sd(logs) / Math.sqrt(n)));
    }
}
