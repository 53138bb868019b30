package org.multisite.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.FDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.multisite.data.InvalidParameterException;
import org.multisite.numeric.NoncentralT;

class ClosedFormTest {
    private static TrialDesign continuous(double effect, double icc, double tau2, double n, int sites) {
        return new TrialDesign(sites, n, 0, 0.5, new TrialDesign.Continuous(icc, 0), effect, Math.sqrt(tau2));
    }

    /**
     * PowerUpR's power.bira2 (bira2r1: random site effects, no covariates), whose omega2 is
     * tau^2 / rho2: the case (effect 0.2, icc 0.15, tau^2 0.015, 20 units half treated, 40
     * sites: 0.818 in PowerUpR 1.1.0, given to 3 digits), and the two cases that BACpowr's tests
     * quote from PowerUpR to 4 digits (tests/testthat/test-pow_msrt2.R): es 0.3, rho2 0.2, omega2 0,
     * n 10, J 30 gives 0.8016; es 0.2, rho2 0.2, omega2 0.5, n 20, J 50 gives 0.776. Each within
     * half a unit of its last digit.
     */
    @Test
    void powerOfTheAverageEffectAgreesWithPowerUpR() {
        assertThat(ClosedForm.powerMean(continuous(0.2, 0.15, 0.015, 20, 40), 0.05)).isCloseTo(0.818, within(5e-4));
        assertThat(ClosedForm.powerMean(continuous(0.3, 0.2, 0, 10, 30), 0.05)).isCloseTo(0.8016, within(5e-5));
        assertThat(ClosedForm.powerMean(continuous(0.2, 0.2, 0.2 * 0.5, 20, 50), 0.05)).isCloseTo(0.7760, within(5e-5));
    }

    /**
     * Lenth's series for the noncentral t (Applied Statistics algorithm AS 243, 1989): for t >= 0,
     * P(T <= t) = Phi(-lambda) + 1/2 sum_j [p_j I_x(j + 1/2, df/2) + q_j I_x(j + 1, df/2)], with
     * x = t^2 / (t^2 + df), p_j = e^(-lambda^2/2) (lambda^2/2)^j / j! and q_j = lambda
     * e^(-lambda^2/2) (lambda^2/2)^j / (sqrt 2 Gamma(j + 3/2)); for t < 0 by the reflection
     * P(T <= t; lambda) = 1 - P(T <= -t; -lambda). Summed here to 2,000 terms: an independent check
     * of the quadrature.
     */
    static double lenthCdf(double t, double df, double lambda) {
        if (t < 0) {
            return 1 - lenthCdf(-t, df, -lambda);
        }
        double x = t * t / (t * t + df);
        double half = lambda * lambda / 2;
        double sum = 0;
        for (int j = 0; j < 2000; j++) {
            double logPoisson = -half + (j == 0 ? 0 : j * Math.log(half)) - LogGamma.value(j + 1.0);
            double p = Math.exp(logPoisson);
            double q = lambda == 0 ? 0 : Math.signum(lambda) * Math.exp(Math.log(Math.abs(lambda)) - half
                    + (j == 0 ? 0 : j * Math.log(half)) - 0.5 * Math.log(2) - LogGamma.value(j + 1.5));
            sum += p * (x > 0 ? RegularizedBeta.value(x, j + 0.5, df / 2) : 0)
                    + q * (x > 0 ? RegularizedBeta.value(x, j + 1, df / 2) : 0);
        }
        return NormalDistribution.of(0, 1).cumulativeProbability(-lambda) + 0.5 * sum;
    }

    @Test
    void noncentralTAgreesWithLenthsSeries() {
        double[][] cases = {{2.02, 39, 2.94}, {2.02, 39, -2.94}, {-1.5, 5, 0.7}, {0.3, 1, 1.2}, {3.5, 3, 4}, {1.97, 200, 1},
            {0, 10, 2}, {2.5, 9, 0}, {-2.5, 9, 0}, {1.7, 2.5, -0.5}};
        for (double[] c : cases) {
            assertThat(NoncentralT.upperTail(c[0], c[1], c[2])).as("t %s, df %s, lambda %s", c[0], c[1], c[2])
                    .isCloseTo(1 - lenthCdf(c[0], c[1], c[2]), within(1e-9));
        }
        // the central t: commons-statistics' own
        assertThat(NoncentralT.upperTail(1.3, 7, 0)).isCloseTo(TDistribution.of(7).survivalProbability(1.3), within(1e-12));
    }

    /**
     * The power of the average effect's test from Raudenbush & Liu (2000, Psychological Methods
     * 5(2), 199-213; restated in the Optimal Design documentation, Spybrook et al. 2011, section 5
     * "Multi-site (blocked) trials", from p. 30), written here from the formula: the test statistic is noncentral t with J - 1 df and noncentrality lambda = delta /
     * sqrt((tau^2 + 4 sigma^2 / n) / J) (their balanced design, half the units treated, sigma^2 the
     * within-site variance: here 1 - icc), power P(T > t_c) + P(T < -t_c); computed by Lenth's series.
     */
    @Test
    void powerOfTheAverageEffectIsRaudenbushAndLiusNoncentralT() {
        double[][] designs = {{0.2, 0.15, 0.015, 20, 40}, {0.1, 0.1, 0.01, 50, 25}, {0.35, 0.3, 0.05, 12, 10},
            {-0.25, 0.05, 0.002, 100, 60}};
        for (double[] d : designs) {
            double sigma2 = 1 - d[1];
            double lambda = d[0] / Math.sqrt((d[2] + 4 * sigma2 / d[3]) / d[4]);
            double df = d[4] - 1;
            double tc = TDistribution.of(df).inverseSurvivalProbability(0.025);
            double expected = 1 - lenthCdf(tc, df, lambda) + lenthCdf(-tc, df, lambda);
            assertThat(ClosedForm.powerMean(continuous(d[0], d[1], d[2], d[3], (int) d[4]), 0.05)).isCloseTo(expected, within(1e-6));
        }
    }

    /**
     * The power of the test that effects vary, from Raudenbush & Liu (2000; the same section of the
     * Optimal Design documentation): the F ratio of the
     * site estimates' spread to the pooled within-site variance, divided by 1 + n tau^2 / (4
     * sigma^2), is central F on J - 1 and J (n - 2) df; P(F > f) = I_{d2 / (d2 + d1 f)}(d2 / 2,
     * d1 / 2) by the regularized beta. With known standard errors (a chi-square Q on J - 1 df) the
     * same with the chi-square's survival function as a regularized gamma, here by the F's limit.
     */
    @Test
    void powerOfTheHeterogeneityTestIsRaudenbushAndLiusScaledF() {
        double[][] designs = {{0.15, 0.015, 20, 40}, {0.2, 0.1, 20, 50}, {0.1, 0.005, 60, 12}, {0.3, 0.2, 8, 100}};
        for (double[] d : designs) {
            double sigma2 = 1 - d[0];
            double n = d[2];
            int sites = (int) d[3];
            double d1 = sites - 1;
            double d2 = sites * (n - 2);
            double f = FDistribution.of(d1, d2).inverseSurvivalProbability(0.05) / (1 + n * d[1] / (4 * sigma2));
            double expected = RegularizedBeta.value(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
            assertThat(ClosedForm.powerHet(continuous(0.2, d[0], d[1], n, sites), 0.05)).isCloseTo(expected, within(1e-6));
        }
        // no variation: the test's level
        assertThat(ClosedForm.powerHet(continuous(0.2, 0.15, 0, 20, 40), 0.05)).isCloseTo(0.05, within(1e-12));
        TrialDesign known = new TrialDesign(30, 20, 0, 0.5, new TrialDesign.KnownSe(0.2), 0.1, 0.1);
        double c = ChiSquaredDistribution.of(29).inverseSurvivalProbability(0.05) / (1 + 0.01 / 0.04);
        assertThat(ClosedForm.powerHet(known, 0.05)).isCloseTo(ChiSquaredDistribution.of(29).survivalProbability(c), within(1e-12));
    }

    /**
     * The expected width of tau's Q-profile interval, computed independently by the midpoint rule
     * over X's quantiles (200,000 points; the width is a bounded continuous function of X, so the
     * rule's error is far below the tolerance), from the interval's ends V (k X / c - 1) at the
     * chi-square's 2.5% and 97.5% points.
     */
    @Test
    void tauIntervalWidthIsTheQProfilesExpectedWidth() {
        TrialDesign[] designs = {continuous(0.2, 0.15, 0.015, 20, 40), new TrialDesign(100, 20, 0, 0.5, new TrialDesign.Binary(0.7),
            0.1, 0.15), new TrialDesign(15, 20, 0, 0.5, new TrialDesign.KnownSe(0.1), 0, 0.3), continuous(0.2, 0.2, 0, 30, 25)};
        for (TrialDesign d : designs) {
            ChiSquaredDistribution chi = ChiSquaredDistribution.of(d.sites() - 1);
            double v = d.siteVariance();
            double k = 1 + d.tau() * d.tau() / v;
            double lowQ = chi.inverseCumulativeProbability(0.025);
            double highQ = chi.inverseSurvivalProbability(0.025);
            int points = 200_000;
            double sum = 0;
            for (int i = 0; i < points; i++) {
                double x = chi.inverseCumulativeProbability((i + 0.5) / points);
                sum += Math.sqrt(Math.max(0, v * (k * x / lowQ - 1))) - Math.sqrt(Math.max(0, v * (k * x / highQ - 1)));
            }
            assertThat(ClosedForm.tauCiWidth(d)).as("%s", d).isCloseTo(sum / points, within(2e-5));
        }
    }

    @Test
    void designsOutOfRangeAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new TrialDesign.Continuous(1, 0)).isInstanceOf(InvalidParameterException.class).hasMessageContaining("icc");
        assertThatThrownBy(() -> new TrialDesign.Binary(0)).hasMessageContaining("control-rate");
        assertThatThrownBy(() -> new TrialDesign(1, 20, 0, 0.5, new TrialDesign.KnownSe(1), 0, 0.1)).hasMessageContaining("sites");
        assertThatThrownBy(() -> new TrialDesign(10, 2, 0, 0.5, new TrialDesign.Continuous(0.1, 0), 0, 0.1))
                .hasMessageContaining("units");
        assertThatThrownBy(() -> new TrialDesign(10, 20, 0, 1, new TrialDesign.Continuous(0.1, 0), 0, 0.1)).hasMessageContaining("treated");
        assertThatThrownBy(() -> new TrialDesign(10, 20, 0, 0.5, new TrialDesign.Continuous(0.1, 0), 0, -1)).hasMessageContaining("tau");
        assertThatThrownBy(() -> Plan.Target.parse("power=1.5")).hasMessageContaining("target");
        assertThatThrownBy(() -> Plan.Target.parse("speed=1")).hasMessageContaining("target");
    }
}
