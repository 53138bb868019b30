package org.multisite.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;
import org.multisite.numeric.Quantiles;
import org.multisite.numeric.Vectors;

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

    /**
     * The tally of rank draws, fed draw after draw to several sites at once, against each site's
     * sorted draws: the type-1 2.5% and 97.5% quantiles (the ceil(n p)-th smallest), the mean,
     * and the shares in the top and bottom 10%. Few draws fill the heaps only partly; 4,000 draws
     * (a fit's) replace their roots again and again.
     */
    @Test
    void rankTallyKeepsTheType1QuantilesOfEachSitesDraws() {
        org.apache.commons.rng.UniformRandomProvider rng = SeedStreams.stream(3);
        for (int trial = 0; trial < 60; trial++) {
            int sites = 1 + rng.nextInt(trial < 50 ? 300 : 60);
            int n = trial < 50 ? 1 + rng.nextInt(200) : 4000;
            int[][] values = new int[sites][n];
            ThreeGoals.RankTally tally = new ThreeGoals.RankTally(sites, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < sites; j++) {
                    // ranks clustered about a site's own centre, as a site's are
                    int centre = 1 + (j * 7) % sites;
                    values[j][i] = Math.max(1, Math.min(sites, centre + rng.nextInt(121) - 60));
                    tally.add(j, i, values[j][i]);
                }
            }
            var summaries = tally.summaries();
            int tail = ThreeGoals.tenPercent(sites);
            for (int j = 0; j < sites; j++) {
                int[] sorted = values[j].clone();
                java.util.Arrays.sort(sorted);
                String what = "site " + j + " of " + sites + ", " + n + " draws";
                assertThat(summaries.low()[j]).as(what).isEqualTo(sorted[Math.max(1, (int) Math.ceil(n * 0.025)) - 1]);
                assertThat(summaries.high()[j]).as(what).isEqualTo(sorted[Math.max(1, (int) Math.ceil(n * 0.975)) - 1]);
                assertThat(summaries.mean()[j]).as(what).isEqualTo((double) java.util.Arrays.stream(sorted).asLongStream().sum() / n);
                long top = java.util.Arrays.stream(sorted).filter(r -> r > sites - tail).count();
                long bottom = java.util.Arrays.stream(sorted).filter(r -> r <= tail).count();
                assertThat(summaries.top()[j]).as(what).isEqualTo((double) top / n);
                assertThat(summaries.bottom()[j]).as(what).isEqualTo((double) bottom / n);
            }
        }
    }

    /**
     * The ranking's posterior means are the same doubles as {@link Vectors#mean} of each site's
     * draws (the fit's grid is cut from them before the sites are summarized), over several
     * batches of draws and a count of draws that is not a multiple of four, on values of widely
     * different sizes, whose sums depend on the order of the additions.
     */
    @Test
    void theRankingsMeansAreEachSitesMeanToTheBit() {
        UniformRandomProvider rng = SeedStreams.stream(21);
        double[][] theta = new double[50][1203];
        for (double[] site : theta) {
            for (int i = 0; i < site.length; i++) {
                site[i] = (rng.nextDouble() - 0.3) * Math.pow(10, 8 * rng.nextDouble() - 4);
            }
        }
        double[] means = ThreeGoals.rank(SiteDraws.of(theta)).means();
        for (int j = 0; j < theta.length; j++) {
            assertThat(means[j]).as("site %d", j).isEqualTo(Vectors.mean(theta[j]));
        }
    }

    /**
     * The pool's bins are cut between the smallest and largest of a few draws read first; draws
     * far beyond them elsewhere (here at draws the first reading skips) still give the GR
     * estimates and the expected EDF of the sorted pool, exactly.
     */
    @Test
    void extremesOutsideTheFirstDrawsReadStillGiveTheSortedPoolsAnswers() {
        UniformRandomProvider rng = SeedStreams.stream(22);
        int sites = 40;
        double[][] theta = new double[sites][1000];
        for (int j = 0; j < sites; j++) {
            for (int i = 0; i < theta[j].length; i++) {
                theta[j][i] = j / 10.0 + rng.nextDouble() - rng.nextDouble();
            }
        }
        theta[3][1] = -1e6;
        theta[17][501] = 1e9;
        theta[30][999 - 1] = 250;
        ThreeGoals g = ThreeGoals.of(theta, SeedStreams.stream(1));
        double[] pool = java.util.Arrays.stream(theta).flatMapToDouble(java.util.Arrays::stream).sorted().toArray();
        for (int j = 0; j < sites; j++) {
            double p = (2.0 * g.rank(j) - 1) / (2.0 * sites);
            assertThat(g.gr(j)).as("site %d", j).isEqualTo(Quantiles.type7(pool, p));
        }
        double[] points = {-2e6, -1, 0, 2.5, 300, 2e9};
        double[] edf = g.expectedEdf(points);
        for (int k = 0; k < points.length; k++) {
            double t = points[k];
            assertThat(edf[k]).isEqualTo((double) java.util.Arrays.stream(pool).filter(x -> x <= t).count() / pool.length);
        }
    }

    /** Memory counts a batch of the ranking's draws per site as the ranking cuts its batches. */
    @Test
    void memoryCountsTheRankingsBatchOfDraws() {
        for (int sites : new int[] {1, 7, 1000, 32768, 32769, 100_000, 1_000_000, Integer.MAX_VALUE}) {
            for (long n : new long[] {1, 100, 4000}) {
                long batch = Math.min(n, (long) ThreeGoals.TASKS_PER_BATCH * ThreeGoals.drawsPerTask(sites));
                assertThat(org.multisite.mcmc.Memory.rankBatch(n, sites)).as("%d sites, %d draws", sites, n).isEqualTo(batch);
            }
        }
    }
}
