package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * R's ns basis against an independent construction in Python: scipy 1.17's BSpline (its own
 * B-spline evaluation and derivatives, left limits at the right end) and numpy 2.4's complete
 * QR (LAPACK's Householder, whose convention equals LINPACK dqrdc2's for a full-rank 2-column
 * matrix), following the recipe of R's splines::ns. Deterministic code: 1e-12.
 */
class RNaturalSplineTest {
    private static final double TOL = 1e-12;

    @Test
    void deconvolveRsTwinTowersGrid() {
        // tau = seq(-4, 5, by = 0.2) and pDegree = 6, as deconvolveR's twin-towers example
        double[] tau = new double[46];
        for (int i = 0; i < tau.length; i++) {
            tau[i] = -4 + 0.2 * i;
        }
        double[][] q = RNaturalSpline.ns(tau, 6);
        assertThat(q[0]).containsExactly(new double[] {0, 0, 0, 0, 0, 0}, within(TOL));
        assertThat(q[7]).containsExactly(new double[] {0.1355061728395062, 0, 0, -0.16792902021361278,
            0.5037870606408383, -0.33585804042722567}, within(TOL));
        assertThat(q[22]).containsExactly(new double[] {0.20207407407407407, 0.6623703703703704, 0.1355061728395062,
            -1.25208037737558e-05, 3.75624113212674e-05, -2.504160754751161e-05}, within(TOL));
        // the last row: the reference gives exactly (-1/7, 3/7, 5/7) in the last three columns
        assertThat(q[45]).containsExactly(new double[] {0, 0, 0, -1.0 / 7, 3.0 / 7, 5.0 / 7}, within(TOL));
    }

    @Test
    void unevenPointsWithThreeColumns() {
        double[] x = {0.0, 0.1, 0.35, 0.5, 0.9, 1.3, 2.0};
        double[][] expected = {
            {0, 0, 0},
            {-0.07227283046614333, 0.18465033013361226, -0.11079019808016735},
            {-0.14626450167277913, 0.5358001430708366, -0.321480085842502},
            {-0.054845080051516885, 0.6031991848103182, -0.36056714424456804},
            {0.3819347407679029, 0.4618298147469096, -0.2104312221814791},
            {0.4595305747789325, 0.3522379256872794, 0.09374114140706637},
            {-0.1578947368421053, 0.39473684210526316, 0.763157894736842}};
        double[][] q = RNaturalSpline.ns(x, 3);
        for (int i = 0; i < x.length; i++) {
            assertThat(q[i]).as("row %d", i).containsExactly(expected[i], within(TOL));
        }
    }

    @Test
    void bSplinesSumToOneAndTheBasisIsLinearBeyondTheKnots() {
        double[] t = {0, 0, 0, 0, 0.3, 0.7, 1, 1, 1, 1};
        for (double x : new double[] {0, 0.2, 0.5, 0.99, 1}) {
            double sum = 0;
            double slopeSum = 0;
            for (double v : RNaturalSpline.design(t, x, 0)) {
                sum += v;
            }
            for (double v : RNaturalSpline.design(t, x, 1)) {
                slopeSum += v;
            }
            assertThat(sum).isCloseTo(1, within(TOL));
            // derivatives divide by knot gaps of 0.3, so rounding grows to some 1e-15 / 0.3^3; 1e-11 is ample
            assertThat(slopeSum).isCloseTo(0, within(1e-11));
        }
    }

    /**
     * bs(seq(-5, 5, length = 21), df = 6): rows 0, 3, 10 and 20 against scipy 1.17's BSpline on
     * the same knots (left limit at the right end), to 1e-12.
     */
    @Test
    void bsMatchesScipyBSplines() {
        double[] x = new double[21];
        for (int i = 0; i < 21; i++) {
            x[i] = -5 + 0.5 * i;
        }
        double[][] b = RNaturalSpline.bs(x, 6);
        double[][] expected = {
            {0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
            {0.5580000000000002, 0.3420000000000001, 0.03600000000000001, 0.0, 0.0, 0.0},
            {0.0, 0.16666666666666666, 0.6666666666666666, 0.16666666666666666, 0.0, 0.0},
            {0.0, 0.0, 0.0, 0.0, 0.0, 1.0}};
        int[] rows = {0, 3, 10, 20};
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < 6; k++) {
                org.assertj.core.api.Assertions.assertThat(b[rows[r]][k]).as("row %d col %d", rows[r], k)
                        .isCloseTo(expected[r][k], org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }
}
