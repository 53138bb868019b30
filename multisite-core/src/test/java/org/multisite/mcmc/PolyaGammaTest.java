package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multisite.numeric.Vectors;

/**
 * PG(1, c) draws against closed forms (Polson, Scott & Windle 2013, section 2): the mean
 * tanh(c/2) / (2c) (1/4 at c = 0), the variance (sinh(c) - c) / (4 c^3 cosh(c/2)^2) (1/24 at
 * c = 0), and the Laplace transform E[exp(-s omega)] = cosh(c/2) / cosh(sqrt(c^2/4 + s/2)) at
 * s = 1, 5, 20 (which pins the whole distribution). 200,000 iid draws per c; each check at 5
 * standard errors estimated from the draws: false-failure probability about 6e-7 per check.
 */
class PolyaGammaTest {
    private static final int N = 200_000;

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.3, 1.5, 4, -4, 12, 60})
    void momentsAndLaplaceTransform(double c) {
        PolyaGamma pg = new PolyaGamma(SeedStreams.stream(5, (long) (c * 1000)));
        double[] w = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = pg.sample(c);
            assertThat(w[i]).isPositive();
        }
        double mean = c == 0 ? 0.25 : Math.tanh(c / 2) / (2 * c);
        double variance = Math.abs(c) < 1e-8 ? 1.0 / 24
                : (Math.sinh(c) - c) / (4 * c * c * c * Math.cosh(c / 2) * Math.cosh(c / 2));
        assertClose(w, mean);
        double m = Vectors.mean(w);
        double[] squares = new double[N];
        for (int i = 0; i < N; i++) {
            squares[i] = (w[i] - m) * (w[i] - m);
        }
        assertClose(squares, variance);
        for (double s : new double[] {1, 5, 20}) {
            double[] e = new double[N];
            for (int i = 0; i < N; i++) {
                e[i] = Math.exp(-s * w[i]);
            }
            assertClose(e, Math.cosh(c / 2) / Math.cosh(Math.sqrt(c * c / 4 + s / 2)));
        }
    }

    private static void assertClose(double[] x, double expected) {
        double se = Vectors.sd(x) / Math.sqrt(x.length);
        assertThat(Vectors.mean(x)).isCloseTo(expected, within(5 * se + 1e-15));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void seriesCoefficientsFollowTheirPiecewiseForms(int n) {
        // PSW 2013 eq. 14: a_n(x) = pi (n + 1/2) (2 / (pi x))^(3/2) exp(-2 (n + 1/2)^2 / x) for x <= t,
        // and pi (n + 1/2) exp(-(n + 1/2)^2 pi^2 x / 2) above t = 0.64
        double k = (n + 0.5) * Math.PI;
        for (double x : new double[] {0.1, 0.64}) {
            double left = Math.pow(2 / (Math.PI * x), 1.5) * k * Math.exp(-2 * (n + 0.5) * (n + 0.5) / x);
            assertThat(PolyaGamma.coefficient(n, x)).isCloseTo(left, within(1e-12 * left + 1e-300));
        }
        for (double x : new double[] {0.65, 3}) {
            double right = k * Math.exp(-0.5 * k * k * x);
            assertThat(PolyaGamma.coefficient(n, x)).isCloseTo(right, within(1e-12 * right + 1e-300));
        }
    }
}
