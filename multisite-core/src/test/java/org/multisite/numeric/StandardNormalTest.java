package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class StandardNormalTest {
    private static double formula(double z) {
        return 0.5 * Erfc.value(-z / Math.sqrt(2));
    }

    /**
     * cdf returns 1 from ONE_FROM up without evaluating erfc: the formula it skips gives exactly 1
     * there (a million points on [ONE_FROM, 50], then up to the largest double), and not yet just
     * below the last z where it is under 1, so the cut cannot be moved down unnoticed.
     */
    @Test
    void upperTailIsExactlyWhatTheFormulaGives() {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(42L);
        assertThat(formula(StandardNormal.ONE_FROM)).isEqualTo(1.0);
        for (int i = 0; i < 1_000_000; i++) {
            double z = StandardNormal.ONE_FROM + rng.nextDouble() * (50 - StandardNormal.ONE_FROM);
            assertThat(formula(z)).isEqualTo(1.0);
            assertThat(StandardNormal.cdf(z)).isEqualTo(1.0);
        }
        for (double z = 50; z < Double.MAX_VALUE / 2; z *= 1.5) {
            assertThat(formula(z)).isEqualTo(1.0);
        }
        assertThat(StandardNormal.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(formula(8.29)).isLessThan(1.0);
        assertThat(StandardNormal.cdf(8.29)).isEqualTo(formula(8.29));
    }

    /** Below the cut the formula itself: both tails and the centre, and NaN stays NaN. */
    @Test
    void elsewhereTheFormula() {
        for (double z : new double[] {-40, -38, -10, -1.5, 0, 0.3, 2, 8, 8.2999}) {
            assertThat(StandardNormal.cdf(z)).isEqualTo(formula(z));
        }
        assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
        // Phi(-2) = 1 - P(2), P(2) = 0.977249868051821 in Abramowitz & Stegun's Table 26.1 (15 decimals)
        assertThat(StandardNormal.cdf(-2)).isCloseTo(1 - 0.977249868051821, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(StandardNormal.cdf(Double.NaN)).isNaN();
    }
}
