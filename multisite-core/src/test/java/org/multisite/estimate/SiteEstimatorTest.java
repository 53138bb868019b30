package org.multisite.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multisite.data.Family;
import org.multisite.data.UnitData;

class SiteEstimatorTest {
    private static final SiteEstimator.Options DIFF = new SiteEstimator.Options(Effect.DIFF, 2, 0);
    private static final SiteEstimator.Options LOGODDS = new SiteEstimator.Options(Effect.LOGODDS, 2, 0);

    /** One site "s" with the given treatments and outcomes, and optional covariate columns. */
    private static UnitData site(int[] t, double[] y, Family family, double[]... z) {
        List<String> sites = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            sites.add("s");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < z.length; k++) {
            names.add("z" + k);
        }
        return UnitData.of(sites, t, y, names, z, family);
    }

    /** A 2x2 table as 0/1 records: a treated successes, b treated failures, c control successes, d control failures. */
    private static UnitData table(int a, int b, int c, int d) {
        int n = a + b + c + d;
        int[] t = new int[n];
        double[] y = new double[n];
        int i = 0;
        int[][] cells = {{1, 1, a}, {1, 0, b}, {0, 1, c}, {0, 0, d}};
        for (int[] cell : cells) {
            for (int k = 0; k < cell[2]; k++) {
                t[i] = cell[0];
                y[i++] = cell[1];
            }
        }
        return site(t, y, Family.BINOMIAL);
    }

    @Test
    void differenceInMeansWithNeymanStandardError() {
        // treated 4, 6, 8 (mean 6, var 4); control 1, 2 (mean 1.5, var 0.5): 4.5, sqrt(4/3 + 0.5/2)
        UnitData d = site(new int[] {1, 1, 1, 0, 0}, new double[] {4, 6, 8, 1, 2}, Family.GAUSSIAN);
        SiteEstimate e = SiteEstimator.estimate(d, DIFF).estimates().get(0);
        assertThat(e.estimate()).isCloseTo(4.5, within(1e-12));
        assertThat(e.se()).isCloseTo(Math.sqrt(4.0 / 3 + 0.25), within(1e-12));
        assertThat(e.method()).isEqualTo("diff");
        assertThat(e.nTreated()).isEqualTo(3);
        assertThat(e.nControl()).isEqualTo(2);
    }

    @Test
    void hc2OfTheRegressionOnTreatmentAloneIsTheNeymanVariance() {
        double[][] x = {{1, 1}, {1, 1}, {1, 1}, {1, 0}, {1, 0}};
        double[] fit = LinearRegression.fitHc2(x, new double[] {4, 6, 8, 1, 2}, 1);
        assertThat(fit[0]).isCloseTo(4.5, within(1e-12));
        assertThat(fit[1]).isCloseTo(Math.sqrt(4.0 / 3 + 0.25), within(1e-12));
    }

    @Test
    void olsWithCovariateAndHc2() {
        // reference: (X'X)^-1 X'y and the HC2 sandwich by direct matrix algebra in numpy 2.4
        // (X = [1, t, z]; h = diag(X (X'X)^-1 X'); meat = X' diag(e^2 / (1 - h)) X)
        double[] y = {3.1, 2.0, 4.5, 3.3, 5.2, 1.1, 2.8, 4.0, 3.9, 2.2};
        int[] t = {1, 0, 1, 0, 1, 0, 0, 1, 1, 0};
        double[] z = {0.5, -1.2, 1.4, 0.3, 2.0, -0.7, 0.1, 0.9, -0.4, -1.5};
        SiteEstimate e = SiteEstimator.estimate(site(t, y, Family.GAUSSIAN, z), DIFF).estimates().get(0);
        assertThat(e.method()).isEqualTo("ols");
        assertThat(e.estimate()).isCloseTo(0.9103248099516277, within(1e-12));
        assertThat(e.se()).isCloseTo(0.6002692719574945, within(1e-12));
    }

    @Test
    void covariatesConstantWithinTheSiteAreLeftOut() {
        double[] y = {4, 6, 8, 1, 2};
        int[] t = {1, 1, 1, 0, 0};
        SiteEstimate e = SiteEstimator.estimate(site(t, y, Family.GAUSSIAN, new double[] {7, 7, 7, 7, 7}), DIFF)
                .estimates().get(0);
        assertThat(e.method()).isEqualTo("diff");
        assertThat(e.estimate()).isCloseTo(4.5, within(1e-12));
        // a covariate equal to the treatment: T cannot be estimated? It can: z is aliased instead
        SiteEstimate aliased = SiteEstimator.estimate(site(t, y, Family.GAUSSIAN, new double[] {1, 1, 1, 0, 0}), DIFF)
                .estimates().get(0);
        assertThat(aliased.estimate()).isCloseTo(4.5, within(1e-12));
    }

    @Test
    void logisticRegressionIsCloseToTheClosedFormMle() {
        // 2x2 table 12/8 vs 6/14: MLE log OR = log(12 * 14 / (8 * 6)), SE = sqrt(1/12 + 1/8 + 1/6 + 1/14);
        // glm stops at a relative deviance change of 1e-8, within about 1e-6 of the exact MLE here
        SiteEstimate e = SiteEstimator.estimate(table(12, 8, 6, 14), LOGODDS).estimates().get(0);
        assertThat(e.method()).isEqualTo("mle");
        assertThat(e.estimate()).isCloseTo(Math.log(12.0 * 14 / (8 * 6)), within(1e-5));
        assertThat(e.se()).isCloseTo(Math.sqrt(1 / 12.0 + 1 / 8.0 + 1 / 6.0 + 1 / 14.0), within(1e-5));
    }

    @Test
    void separationFallsBackToFirthWhichAddsAHalfToEachCell() {
        // Firth (1993): for a 2x2 table the bias-reduced log OR is log((a+.5)(d+.5) / ((b+.5)(c+.5)));
        // its Wald variance is 1 / (n1 p1 (1 - p1)) + 1 / (n0 p0 (1 - p0)) with p = (successes + .5) / (n + 1)
        SiteEstimate e = SiteEstimator.estimate(table(8, 0, 7, 2), LOGODDS).estimates().get(0);
        assertThat(e.method()).isEqualTo("firth");
        assertThat(e.estimate()).isCloseTo(Math.log(8.5 * 2.5 / (0.5 * 7.5)), within(1e-8));
        double p1 = 8.5 / 9;
        double p0 = 7.5 / 10;
        assertThat(e.se()).isCloseTo(Math.sqrt(1 / (8 * p1 * (1 - p1)) + 1 / (9 * p0 * (1 - p0))), within(1e-8));
    }

    @Test
    void firthWithACovariateReachesTheStationaryPointOfThePenalizedLikelihood() {
        // the modified score X'(y - p + h(1/2 - p)) vanishes at the estimate (checked to 1e-8)
        int[] t = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0};
        double[] y = {1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0};
        double[] z = {0.2, -1, 0.5, 1.5, 0.3, -0.2, 0.8, -1.1, 0.4, 1.2, -0.6, 0.1};
        double[][] x = SiteEstimator.design(site(t, y, Family.BINOMIAL, z), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        LogisticRegression.Fit f = LogisticRegression.firth(x, y);
        assertThat(f.converged()).isTrue();
        var inv = f.covariance();
        double[] score = new double[3];
        for (int i = 0; i < y.length; i++) {
            double p = f.fitted()[i];
            double h = p * (1 - p) * Regression.quadratic(inv, x[i]);
            for (int k = 0; k < 3; k++) {
                score[k] += x[i][k] * (y[i] - p + h * (0.5 - p));
            }
        }
        assertThat(score).containsExactly(new double[] {0, 0, 0}, within(1e-8));
        assertThat(SiteEstimator.estimate(site(t, y, Family.BINOMIAL, z), LOGODDS).estimates().get(0).method())
                .isEqualTo("firth");
    }

    @Test
    void smallOrOneArmedSitesAreDroppedWithTheReason() {
        List<String> sites = List.of("a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c", "c");
        int[] t = {1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1};
        double[] y = {1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 5, 8};
        UnitData d = UnitData.of(sites, t, y, List.of(), new double[0][], Family.GAUSSIAN);
        SiteEstimator.Result r = SiteEstimator.estimate(d, new SiteEstimator.Options(Effect.DIFF, 2, 5));
        assertThat(r.estimates()).extracting(SiteEstimate::site).containsExactly("c");
        assertThat(r.dropped()).containsExactly(new DroppedSite("a", "one arm only (3 treated, 0 control)"),
                new DroppedSite("b", "fewer than 5 units (4)"));
        SiteEstimator.Result strict = SiteEstimator.estimate(d, new SiteEstimator.Options(Effect.DIFF, 3, 0));
        assertThat(strict.dropped()).extracting(DroppedSite::reason)
                .contains("fewer than 3 units in an arm (2 treated, 2 control)");
        assertThatThrownBy(strict::toSiteData).hasMessageContaining("at least 2 sites");
    }

    @Test
    void constantOutcomesInBothArmsGiveNoStandardError() {
        UnitData d = site(new int[] {1, 1, 0, 0}, new double[] {1, 1, 1, 1}, Family.GAUSSIAN);
        assertThat(SiteEstimator.estimate(d, DIFF).dropped().get(0).reason()).startsWith("standard error is 0");
    }

    @Test
    void logOddsNeedsABinaryOutcome() {
        UnitData d = site(new int[] {1, 0}, new double[] {1.5, 2}, Family.GAUSSIAN);
        assertThatThrownBy(() -> SiteEstimator.estimate(d, LOGODDS)).hasMessageContaining("--family binomial");
        assertThatThrownBy(() -> site(new int[] {1, 0}, new double[] {1, 2}, Family.BINOMIAL))
                .hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> site(new int[] {2, 0}, new double[] {1, 0}, Family.BINOMIAL))
                .hasMessageContaining("treatment must be 0 or 1");
    }
}
