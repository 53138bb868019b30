package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The safeguarded Newton root against closed forms, with slopes that help and slopes that do not. */
class BracketedNewtonTest {
    @Test
    void findsANormalQuantileToTheTolerance() {
        // Phi(x) = 0.975 at x = 1.959963984540054 (R: qnorm(0.975), the 97.5% normal quantile)
        double root = BracketedNewton.solve((x, slope) -> {
            slope[0] = StandardNormal.density(x);
            return StandardNormal.cdf(x) - 0.975;
        }, -10, 10, 0);
        assertThat(root).isCloseTo(1.959963984540054, within(1e-11));
    }

    @Test
    void bisectsWhereTheSlopeIsZeroOrMisleading() {
        // a CDF flat at 0.5 on [-1, 1] (no mass there) and linear outside: its 0.75 quantile is 1.5;
        // the slope reported is 0 everywhere, so every Newton step leaves the bracket
        double root = BracketedNewton.solve((x, slope) -> {
            slope[0] = 0;
            double f = x < -1 ? 0.5 * Math.max(0, (x + 2)) : x <= 1 ? 0.5 : Math.min(1, 0.5 + 0.5 * (x - 1));
            return f - 0.75;
        }, -2, 2, 0);
        assertThat(root).isCloseTo(1.5, within(1e-11));
        // an exact root is returned as it is
        assertThat(BracketedNewton.solve((x, slope) -> {
            slope[0] = 1;
            return x - 0.25;
        }, 0, 1, 0.25)).isEqualTo(0.25);
    }
}
