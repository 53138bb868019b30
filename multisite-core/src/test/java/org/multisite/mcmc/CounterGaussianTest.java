package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Counter-addressed normal variates: repeatable in any order, standard normal, and independent. */
class CounterGaussianTest {
    private static long key(int k) {
        return SeedStreams.key(5, SeedStreams.Purpose.SITE_EFFECTS, k);
    }

    @Test
    void aVariateIsTheSameWhateverWasReadBefore() {
        CounterGaussian forward = new CounterGaussian();
        double[] first = new double[1000];
        for (int i = 0; i < first.length; i++) {
            first[i] = forward.sample(key(1), i);
        }
        CounterGaussian backward = new CounterGaussian();
        for (int i = first.length - 1; i >= 0; i--) {
            // interleaved with another key's variates, which must not disturb them
            backward.sample(key(2), 7 * i);
            assertThat(backward.sample(key(1), i)).isEqualTo(first[i]);
        }
        assertThat(forward.sample(key(2), 3)).isNotEqualTo(forward.sample(key(1), 3));
    }

    /**
     * 2,000 keys x 500 counters: mean, variance, the tails' shares (the ziggurat's rare
     * rejections read further words, beyond 2.3 SD and in the wedges) and the correlation of
     * neighbours along the counter and across keys, each within 4.5 standard errors (a false
     * failure about once in 150,000 runs per check); and the Kolmogorov-Smirnov distance below
     * its 0.1% critical value 1.95 / sqrt(n).
     */
    @Test
    void variatesAreIndependentStandardNormals() {
        int keys = 2000;
        int per = 500;
        int n = keys * per;
        double[][] z = new double[keys][per];
        CounterGaussian g = new CounterGaussian();
        for (int k = 0; k < keys; k++) {
            for (int i = 0; i < per; i++) {
                z[k][i] = g.sample(key(k), i);
            }
        }
        double sum = 0;
        double squares = 0;
        long beyond = 0;
        double alongCounter = 0;
        double acrossKeys = 0;
        double[] all = new double[n];
        for (int k = 0; k < keys; k++) {
            for (int i = 0; i < per; i++) {
                double x = z[k][i];
                all[k * per + i] = x;
                sum += x;
                squares += x * x;
                beyond += Math.abs(x) > 2.3 ? 1 : 0;
                if (i > 0) {
                    alongCounter += x * z[k][i - 1];
                }
                if (k > 0) {
                    acrossKeys += x * z[k - 1][i];
                }
            }
        }
        assertThat(sum / n).isCloseTo(0, within(4.5 / Math.sqrt(n)));
        assertThat(squares / n).isCloseTo(1, within(4.5 * Math.sqrt(2.0 / n)));
        double tail = 2 * NormalDistribution.of(0, 1).survivalProbability(2.3);
        assertThat((double) beyond / n).isCloseTo(tail, within(4.5 * Math.sqrt(tail * (1 - tail) / n)));
        assertThat(alongCounter / (keys * (per - 1.0))).isCloseTo(0, within(4.5 / Math.sqrt(keys * (per - 1.0))));
        assertThat(acrossKeys / ((keys - 1.0) * per)).isCloseTo(0, within(4.5 / Math.sqrt((keys - 1.0) * per)));
        java.util.Arrays.sort(all);
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = normal.cumulativeProbability(all[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (i + 1.0) / n - f));
        }
        assertThat(d).isLessThan(1.95 / Math.sqrt(n));
    }
}
