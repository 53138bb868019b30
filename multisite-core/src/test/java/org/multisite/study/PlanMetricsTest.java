package org.multisite.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.mcmc.SeedStreams;
import org.multisite.summary.ThreeGoals;

/** The metrics the planner adds: the tests on a replication's data, and the share of the top sites flagged. */
class PlanMetricsTest {
    private static SiteData data(double[] y, double se) {
        List<String> ids = new ArrayList<>();
        double[] s = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            ids.add("s" + j);
            s[j] = se;
        }
        return SiteData.of(ids, y, s);
    }

    /**
     * By hand: y = (0.9, 1.0, 1.1, 1.2) has mean 1.05 and SD 0.129, t = 16.3 on 3 df (critical
     * 3.18): rejects; y = (-1, 1, -0.5, 0.5) has mean 0: does not. With SE 0.1, the first's Q =
     * 0.05 / 0.01 = 5 on 3 df (critical 7.81): does not reject; with SE 0.05, Q = 20: rejects.
     */
    @Test
    void testsRejectAsComputedByHand() {
        double[] near = {0.9, 1.0, 1.1, 1.2};
        assertThat(DataMetric.REJECT_MEAN.value(data(near, 0.1))).isEqualTo(1);
        assertThat(DataMetric.REJECT_MEAN.value(data(new double[] {-1, 1, -0.5, 0.5}, 0.1))).isEqualTo(0);
        assertThat(DataMetric.REJECT_HET.value(data(near, 0.1))).isEqualTo(0);
        assertThat(DataMetric.REJECT_HET.value(data(near, 0.05))).isEqualTo(1);
    }

    /**
     * Twenty sites: the top 10% is the two largest true effects (sites 18 and 19). In the draws,
     * site 19 is always in the top two, site 18 in 95 of 100 draws, site 0 in 5: both true top
     * sites are flagged (P > 0.9): share 1; with site 18 in only 90 draws (not above 0.9): 0.5.
     */
    @Test
    void topFlaggedCountsTheTrueTopSitesWithHighPosteriorProbability() {
        assertThat(Study.topFlagged(goals(95), trueEffects())).isEqualTo(1.0);
        assertThat(Study.topFlagged(goals(90), trueEffects())).isEqualTo(0.5);
    }

    private static double[] trueEffects() {
        double[] theta = new double[20];
        for (int j = 0; j < 20; j++) {
            theta[j] = j;
        }
        return theta;
    }

    /** The three goals of draws in which site 18 is among the top two in {@code site18InTop} of 100. */
    private static ThreeGoals goals(int site18InTop) {
        int s = 100;
        double[][] columns = new double[20][s];
        for (int j = 0; j < 20; j++) {
            for (int i = 0; i < s; i++) {
                columns[j][i] = j / 100.0;
            }
        }
        for (int i = 0; i < s; i++) {
            columns[19][i] = 10;
            // site 18 second, or pushed below site 0 which then takes its place
            columns[18][i] = i < site18InTop ? 9 : -1;
            columns[0][i] = i < site18InTop ? 0 : 5;
        }
        return ThreeGoals.of(columns, SeedStreams.stream(1));
    }
}
