package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

/** The radix order against a stable comparison sort in Double.compare's order. */
class RadixOrderTest {
    @Test
    void ordersLikeAStableSortByDoubleCompare() {
        UniformRandomProvider rng = SeedStreams.stream(7);
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, -1e300, 1, 1, -1};
        for (int n : new int[] {1, 2, 17, 300, 5000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                // values over many magnitudes and signs, with ties and the special values among them
                v[i] = i % 7 == 0 ? special[rng.nextInt(special.length)]
                        : (rng.nextBoolean() ? 1 : -1) * Math.pow(10, rng.nextInt(40) - 20) * rng.nextInt(5);
            }
            Integer[] expected = new Integer[n];
            for (int i = 0; i < n; i++) {
                expected[i] = i;
            }
            Arrays.sort(expected, Comparator.comparing(i -> v[i], Double::compare)); // stable
            int[] order = RadixOrder.order(v);
            assertThat(Arrays.stream(order).boxed().toArray(Integer[]::new)).containsExactly(expected);
        }
    }

    /**
     * Smooth values (a site's draws, a draw of every site's effect) take the value buckets: with
     * ties (values rounded to 0.01, several in a bucket), both zeros, and one far value or a
     * NaN that sends the vector back to the radix sort, the order is still the stable one.
     */
    @Test
    void smoothValuesOrderByBucketsLikeAStableSort() {
        UniformRandomProvider rng = SeedStreams.stream(11);
        org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler gaussian =
                org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
        // below and from RadixOrder.LEVELS_FROM (buckets, then levels), up to a draw of 100,000 sites
        for (int n : new int[] {8, 64, 1000, RadixOrder.LEVELS_FROM - 1, RadixOrder.LEVELS_FROM, 5000, 100_000}) {
            RadixOrder r = new RadixOrder(n);
            for (int variant = 0; variant < 6; variant++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    // variant 5 unrounded (no ties: levels rarely shared), the others with ties
                    v[i] = variant == 5 ? 0.3 + gaussian.sample() : Math.rint(100 * (0.3 + gaussian.sample())) / 100;
                }
                v[n / 3] = 0.0;
                v[n / 2] = -0.0;
                v[n / 2 + 1] = 0.0;
                if (variant == 1) {
                    v[n - 1] = 1e9; // every other value in the first bucket (or the first levels: too many moves)
                } else if (variant == 2) {
                    v[n - 1] = Double.NaN;
                } else if (variant == 3) {
                    v[n - 1] = Double.NEGATIVE_INFINITY;
                } else if (variant == 4) {
                    for (int i = 0; i < n; i++) {
                        v[i] = 1e-310 * v[i]; // subnormal values: n / width overflows
                    }
                }
                Integer[] expected = new Integer[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = i;
                }
                Arrays.sort(expected, Comparator.comparing(i -> v[i], Double::compare));
                r.sort(v);
                Integer[] got = new Integer[n];
                for (int q = 0; q < n; q++) {
                    got[q] = r.index(q);
                    assertThat(r.sameAsPrevious(q)).isEqualTo(q > 0 && Double.compare(v[got[q]], v[got[q - 1]]) == 0);
                    // the value read back from its key is the value, bit for bit (or a NaN)
                    assertThat(Double.compare(r.value(q), v[got[q]])).isZero();
                }
                assertThat(got).as("n = %d, variant %d", n, variant).containsExactly(expected);
            }
        }
    }

    @Test
    void aWorkspaceReusedGivesEachVectorsOrderAndItsTies() {
        RadixOrder r = new RadixOrder(4);
        r.sort(new double[] {3, 1, 2, 1});
        assertThat(new int[] {r.index(0), r.index(1), r.index(2), r.index(3)}).containsExactly(1, 3, 2, 0);
        assertThat(new boolean[] {r.sameAsPrevious(0), r.sameAsPrevious(1), r.sameAsPrevious(2), r.sameAsPrevious(3)})
                .containsExactly(false, true, false, false);
        // all equal: every pass skipped, the order stays the identity
        r.sort(new double[] {5, 5, 5, 5});
        assertThat(new int[] {r.index(0), r.index(1), r.index(2), r.index(3)}).containsExactly(0, 1, 2, 3);
        assertThat(r.sameAsPrevious(3)).isTrue();
    }
}
