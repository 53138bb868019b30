package org.multisite.prior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.distribution.CauchyDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each prior's log density against an independent implementation (Apache Commons Statistics)
 * or a closed form evaluated by hand, to 1e-12 absolute on the log scale.
 */
class PriorTest {
    private static final double TOL = 1e-12;
    private static final double[] POINTS = {0.01, 0.3, 1, 2.5, 7, 40};

    @Test
    void printedValuesReadBack() {
        for (double x : new double[] {5, 2.5, 0.001, 1e-7, 5.77e-12, 1e15, 1e100, 5.77e98, -3e20}) {
            String printed = PriorParser.format(x);
            assertThat(printed).as("%s", x).hasSizeLessThan(12);
            assertThat(PriorParser.parse("normal(" + printed + ", 1)")).isEqualTo(Prior.normal(x, 1));
        }
        assertThat(PriorParser.format(2.5)).isEqualTo("2.5");
        assertThat(PriorParser.format(1e100)).isEqualTo("1e100");
        assertThat(PriorParser.format(1e-7)).isEqualTo("1e-7");
    }

    @Test
    void refusesNumbersWithJavaSuffixes() {
        assertThatThrownBy(() -> PriorParser.parse("normal(0, 2f)")).hasMessageContaining("'2f' is not a number");
    }

    @Test
    void normal() {
        NormalDistribution ref = NormalDistribution.of(1.5, 2);
        for (double x : POINTS) {
            assertThat(Prior.normal(1.5, 2).logDensity(-x)).isCloseTo(ref.logDensity(-x), within(TOL));
            assertThat(Prior.normal(1.5, 2).logDensity(x)).isCloseTo(ref.logDensity(x), within(TOL));
        }
    }

    @Test
    void halfNormalIsTwiceTheNormalOnThePositiveAxis() {
        NormalDistribution ref = NormalDistribution.of(0, 3);
        for (double x : POINTS) {
            assertThat(Prior.halfNormal(3).logDensity(x)).isCloseTo(Math.log(2) + ref.logDensity(x), within(TOL));
        }
        assertThat(Prior.halfNormal(3).logDensity(-1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void halfCauchy() {
        CauchyDistribution ref = CauchyDistribution.of(0, 5);
        for (double x : POINTS) {
            assertThat(Prior.halfCauchy(5).logDensity(x)).isCloseTo(Math.log(2) + ref.logDensity(x), within(TOL));
        }
        // by hand: 2 / (pi * 5) at 0
        assertThat(Prior.halfCauchy(5).logDensity(0)).isCloseTo(Math.log(2 / (Math.PI * 5)), within(TOL));
    }

    @Test
    void studentTAndHalfT() {
        TDistribution ref = TDistribution.of(3);
        for (double x : POINTS) {
            double z = (x - 0.5) / 2.5;
            assertThat(Prior.studentT(3, 0.5, 2.5).logDensity(x)).isCloseTo(ref.logDensity(z) - Math.log(2.5), within(TOL));
            assertThat(Prior.halfT(3, 2.5).logDensity(x)).isCloseTo(Math.log(2) + ref.logDensity(x / 2.5) - Math.log(2.5), within(TOL));
        }
        // nu = 1 is the Cauchy
        assertThat(Prior.studentT(1, 0, 2).logDensity(3)).isCloseTo(CauchyDistribution.of(0, 2).logDensity(3), within(TOL));
    }

    @Test
    void uniform() {
        assertThat(Prior.uniform(0, 10).logDensity(3)).isCloseTo(-Math.log(10), within(TOL));
        assertThat(Prior.uniform(0, 10).logDensity(10.5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Prior.uniform(0, 10).positive()).isTrue();
        assertThat(Prior.uniform(-1, 1).positive()).isFalse();
    }

    @Test
    void gammaIsShapeRate() {
        GammaDistribution ref = GammaDistribution.of(2, 1 / 0.1);
        for (double x : POINTS) {
            assertThat(Prior.gamma(2, 0.1).logDensity(x)).isCloseTo(ref.logDensity(x), within(TOL));
        }
    }

    @Test
    void inverseGammaIsTheGammaOfTheReciprocalWithJacobian() {
        // if X ~ Gamma(a, rate b) then 1/X ~ InvGamma(a, scale b): p(y) = p_X(1/y) / y^2
        GammaDistribution ref = GammaDistribution.of(1.5, 1 / 0.7);
        for (double y : POINTS) {
            assertThat(Prior.invGamma(1.5, 0.7).logDensity(y)).isCloseTo(ref.logDensity(1 / y) - 2 * Math.log(y), within(TOL));
        }
        assertThat(Prior.invGamma(1.5, 0.7).logDensity(0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void flatIsImproperAndZero() {
        assertThat(Prior.flat().logDensity(123)).isZero();
        assertThat(Prior.flat().proper()).isFalse();
    }

    @Test
    void properPositivePriorsIntegrateToOne() {
        // trapezoid on a fine log grid: integral of p(x) dx = integral of p(e^u) e^u du
        Prior[] priors = {Prior.halfNormal(2), Prior.halfCauchy(1), Prior.halfT(4, 1.5), Prior.invGamma(2, 1), Prior.gamma(2, 0.5)};
        // mass beyond e^8 is not on the grid: for the half-Cauchy it is 1 - (2 / pi) atan(e^8) = 2.1e-4
        double[] expected = {1, 2 / Math.PI * Math.atan(Math.exp(8)), 1, 1, 1};
        for (int k = 0; k < priors.length; k++) {
            double sum = 0;
            double lo = -20;
            double hi = 8;
            int n = 200_000;
            double h = (hi - lo) / n;
            for (int i = 0; i <= n; i++) {
                double u = lo + i * h;
                double f = Math.exp(priors[k].logDensity(Math.exp(u)) + u);
                sum += (i == 0 || i == n ? 0.5 : 1) * f * h;
            }
            // trapezoid error with h = 1.4e-4 on smooth integrands is far below 1e-6
            assertThat(sum).as(priors[k].toString()).isCloseTo(expected[k], within(1e-6));
        }
    }

    @Test
    void scalePriorOnTheVarianceCarriesTheJacobian() {
        ScalePrior p = ScalePrior.onVariance(Prior.invGamma(1, 1));
        double tau = 1.7;
        assertThat(p.logDensityTau(tau)).isCloseTo(Prior.invGamma(1, 1).logDensity(tau * tau) + Math.log(2 * tau), within(TOL));
        assertThat(p.target()).isEqualTo("tau2");
        assertThatThrownBy(() -> ScalePrior.onTau(Prior.normal(0, 1))).hasMessageContaining("negative values");
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal(0, 5)", "half_normal(0, 1)", "half_cauchy(0, 2.5)", "student_t(3, 0, 2.5)",
        "half_t(3, 0, 1)", "uniform(0, 10)", "inv_gamma(0.001, 0.001)", "gamma(2, 0.1)", "flat"})
    void stringFormRoundTrips(String text) {
        Prior p = PriorParser.parse(text);
        assertThat(p.toString()).isEqualTo(text);
        assertThat(PriorParser.parse(p.toString())).isEqualTo(p);
    }

    @Test
    void parserAcceptsLooseSpacingAndShortHalfForms() {
        assertThat(PriorParser.parse("  normal( 0 ,5 ) ")).isEqualTo(Prior.normal(0, 5));
        assertThat(PriorParser.parse("half_cauchy(5)")).isEqualTo(Prior.halfCauchy(5));
        assertThat(PriorParser.parse("flat()")).isSameAs(Prior.flat());
        assertThat(PriorParser.parse("normal(1e-3, 2)").toString()).isEqualTo("normal(0.001, 2)");
    }

    @Test
    void parserErrorsNameTheProblem() {
        assertThatThrownBy(() -> PriorParser.parse("cauchy(0, 1)")).hasMessageContaining("unknown distribution 'cauchy'");
        assertThatThrownBy(() -> PriorParser.parse("normal(0)")).hasMessageContaining("normal takes 2 arguments");
        assertThatThrownBy(() -> PriorParser.parse("normal(0, -1)")).hasMessageContaining("sd must be finite and > 0, got -1");
        assertThatThrownBy(() -> PriorParser.parse("normal(0, x)")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> PriorParser.parse("half_cauchy(1, 2)")).hasMessageContaining("location must be 0");
        assertThatThrownBy(() -> PriorParser.parse("uniform(3, 1)")).hasMessageContaining("upper must exceed lower");
        assertThatThrownBy(() -> PriorParser.parse("normal(0, 5")).hasMessageContaining("cannot read prior");
    }

    @Test
    void fixedIsAPointMass() {
        Prior f = PriorParser.parse("fixed(5)");
        assertThat(f).isEqualTo(Prior.fixed(5));
        assertThat(f.toString()).isEqualTo("fixed(5)");
        assertThat(f.logDensity(5)).isZero();
        assertThat(f.logDensity(5.0001)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(f.inSupport(3)).isEqualTo(5);
        assertThat(f.positive()).isTrue();
        assertThatThrownBy(() -> PriorParser.parse("fixed(1, 2)")).hasMessageContaining("fixed takes 1 argument");
    }
}
