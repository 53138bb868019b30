package org.multisite.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

/** Three-goal estimates on cases small enough to compute by hand. */
class ThreeGoalsTest {
    @Test
    void threeSitesFourDrawsByHand() {
        // theta[j][s]
        double[][] theta = {
            {1, 2, 3, 4},   // site 1
            {2, 1, 5, 6},   // site 2
            {0, 3, 4, 8},   // site 3
        };
        ThreeGoals g = ThreeGoals.of(theta, SeedStreams.stream(1));
        // ranks per draw: draw 1: values 1,2,0 -> ranks 2,3,1;
        // draw 2: 2,1,3 -> 2,1,3; draw 3: 3,5,4 -> 1,3,2; draw 4: 4,6,8 -> 1,2,3
        assertThat(g.rankMean(0)).isCloseTo((2 + 2 + 1 + 1) / 4.0, within(1e-15));
        assertThat(g.rankMean(1)).isCloseTo((3 + 1 + 3 + 2) / 4.0, within(1e-15));
        assertThat(g.rankMean(2)).isCloseTo((1 + 3 + 2 + 3) / 4.0, within(1e-15));
        assertThat(g.rank(0)).isEqualTo(1);
        // sites 2 and 3 tie at 2.25: ranks 2 and 3 in some order
        assertThat(new int[] {g.rank(1), g.rank(2)}).containsExactlyInAnyOrder(2, 3);
        // rank intervals are type-1 quantiles of the rank draws: site 2 ranks {1, 2, 3, 3}
        assertThat(g.rankLow(1)).isEqualTo(1);
        assertThat(g.rankHigh(1)).isEqualTo(3);
        // PM = (2.5, 3.5, 3.75), grand mean 29/12; var(PM) with n - 1; PSD^2 with n - 1:
        // site variances: sums of squares 5, 17, 32.75 over 3
        double[] pm = {2.5, 3.5, 3.75};
        double grand = (2.5 + 3.5 + 3.75) / 3;
        double varPm = 0;
        for (double p : pm) {
            varPm += (p - grand) * (p - grand) / 2;
        }
        double meanPsd2 = (5.0 / 3 + 17.0 / 3 + 32.75 / 3) / 3;
        double factor = Math.sqrt(1 + meanPsd2 / varPm);
        assertThat(g.cb(0)).isCloseTo(grand + factor * (2.5 - grand), within(1e-12));
        // GR: pooled 12 draws sorted 0,1,1,2,2,3,3,4,4,5,6,8; site ranked 1 gets the (1/6) type-7 quantile:
        // h = 11/6 = 1.8333, between the 2nd and 3rd order statistics, both 1
        assertThat(g.gr(0)).isCloseTo(1, within(1e-12));
        // the top-ranked site gets the 5/6 quantile: h = 55/6 = 9.1667, 5 + 0.1667 * (6 - 5)
        int top = g.rank(1) == 3 ? 1 : 2;
        assertThat(g.gr(top)).isCloseTo(5 + 1.0 / 6, within(1e-12));
    }

    @Test
    void topAndBottomTenPercentAndTheExpectedEdfByHand() {
        // same 3 sites x 4 draws as above: ceil(3 / 10) = 1 site at each end; ranks per draw
        // site 1: 2, 2, 1, 1; site 2: 3, 1, 3, 2; site 3: 1, 3, 2, 3
        double[][] theta = {{1, 2, 3, 4}, {2, 1, 5, 6}, {0, 3, 4, 8}};
        ThreeGoals g = ThreeGoals.of(theta, SeedStreams.stream(1));
        assertThat(ThreeGoals.tenPercent(3)).isEqualTo(1);
        assertThat(ThreeGoals.tenPercent(43)).isEqualTo(5);
        assertThat(g.probTop(0)).isEqualTo(0);
        assertThat(g.probBottom(0)).isEqualTo(0.5);
        assertThat(g.probTop(1)).isEqualTo(0.5);
        assertThat(g.probBottom(1)).isEqualTo(0.25);
        assertThat(g.probTop(2)).isEqualTo(0.5);
        assertThat(g.probBottom(2)).isEqualTo(0.25);
        // pooled draws 0,1,1,2,2,3,3,4,4,5,6,8: EDF at -1, 1, 3.5 and 8 is 0, 3/12, 7/12, 1
        assertThat(g.expectedEdf(new double[] {-1, 1, 3.5, 8})).containsExactly(0, 0.25, 7.0 / 12, 1);
    }

    @Test
    void tieBreakingIsReproducibleAndRandom() {
        double[] tied = {1, 1, 1, 1, 1, 1};
        int[] a = ThreeGoals.integerRanks(tied, SeedStreams.stream(5));
        int[] b = ThreeGoals.integerRanks(tied, SeedStreams.stream(5));
        assertThat(a).containsExactly(b);
        assertThat(a).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        boolean differs = false;
        for (int s = 6; s < 20 && !differs; s++) {
            differs = !java.util.Arrays.equals(a, ThreeGoals.integerRanks(tied, SeedStreams.stream(s)));
        }
        assertThat(differs).isTrue();
    }

    @Test
    void grEstimatesHaveThePooledDrawsAsHistogram() {
        // with one draw per site, GR reproduces the sorted draws and CB has the PM spread inflated
        double[][] theta = {{3}, {1}, {2}};
        ThreeGoals g = ThreeGoals.of(theta, SeedStreams.stream(1));
        assertThat(g.rank(0)).isEqualTo(3);
        assertThat(g.gr(1)).isCloseTo(1 + (2 * 1 - 1) / 6.0 * 2, within(1e-12)); // type-7 at p = 1/6 of {1,2,3}
    }

    @Test
    void rankQuantilesCountedFromEitherEndAreTheType1Quantiles() {
        org.apache.commons.rng.UniformRandomProvider rng = SeedStreams.stream(3);
        for (int trial = 0; trial < 200; trial++) {
            int sites = 1 + rng.nextInt(50);
            int n = 1 + rng.nextInt(40);
            int[] values = new int[n];
            int[] histogram = new int[sites + 1];
            int least = sites;
            int most = 1;
            for (int i = 0; i < n; i++) {
                values[i] = 1 + rng.nextInt(sites);
                histogram[values[i]]++;
                least = Math.min(least, values[i]);
                most = Math.max(most, values[i]);
            }
            int[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (double p : new double[] {0.025, 0.1, 0.5, 0.9, 0.975, 1}) {
                // type 1: the ceil(n p)-th smallest value (at least the first)
                int expected = sorted[Math.max(1, (int) Math.ceil(n * p)) - 1];
                assertThat(ThreeGoals.type1(histogram, n, p, least, most)).as("p %s of %s", p, java.util.Arrays.toString(sorted))
                        .isEqualTo(expected);
            }
        }
    }
}
