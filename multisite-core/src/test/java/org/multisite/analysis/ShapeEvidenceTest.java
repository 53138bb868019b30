package org.multisite.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.multisite.numeric.StandardNormal;

class ShapeEvidenceTest {
    private static double[] onGrid(DoubleUnaryOperator f) {
        double[] out = new double[401];
        for (int k = 0; k < out.length; k++) {
            out[k] = f.applyAsDouble(-8 + 16.0 * k / 400);
        }
        return out;
    }

    private static double normal(double x, double m, double s) {
        return StandardNormal.density((x - m) / s) / s;
    }

    /**
     * The seed's bimodal G (0.7 N(-1.2, 1) + 0.3 N(2.8, 1)): its density falls to 0.41 of the
     * smaller peak (by hand: 0.7 phi(2.2) + 0.3 phi(1.8) = 0.049 at x = 1 against 0.3 phi(0) +
     * 0.7 phi(4) = 0.120 at x = 2.8), two groups. A normal, two normals 2 SD apart (flat-topped: no dip), and
     * 5% of the mass far out (a few outlying sites, below the tenth each group needs) are not.
     */
    @Test
    void twoGroupsByHand() {
        assertThat(ShapeEvidence.twoGroups(onGrid(x -> 0.7 * normal(x, -1.2, 1) + 0.3 * normal(x, 2.8, 1)))).isTrue();
        assertThat(ShapeEvidence.twoGroups(onGrid(x -> normal(x, 0, 1)))).isFalse();
        assertThat(ShapeEvidence.twoGroups(onGrid(x -> 0.5 * normal(x, -1, 1) + 0.5 * normal(x, 1, 1)))).isFalse();
        assertThat(ShapeEvidence.twoGroups(onGrid(x -> 0.95 * normal(x, 0, 1) + 0.05 * normal(x, 6, 0.3)))).isFalse();
        // the same far group with 15% of the mass is a group
        assertThat(ShapeEvidence.twoGroups(onGrid(x -> 0.85 * normal(x, 0, 1) + 0.15 * normal(x, 6, 0.3)))).isTrue();
        // a shoulder: the dip must fall to 0.8 of the lower peak; two normals 2.4 SD apart dip only to 0.91
        assertThat(ShapeEvidence.twoGroups(onGrid(x -> 0.5 * normal(x, -1.2, 1) + 0.5 * normal(x, 1.2, 1)))).isFalse();
        assertThat(ShapeEvidence.twoGroups(new double[401])).isFalse();
    }

    /**
     * The seed's bimodal G: its deepest dip near x = 1 has 0.7 Phi(2.2) + 0.3 Phi(-1.8) = 0.70 of
     * the mass below it; the modes lie near -1.2 and 2.8 (each pulled by the other component by
     * less than 0.05).
     */
    @Test
    void groupsByHand() {
        double[] grid = new double[401];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = -8 + 16.0 * k / 400;
        }
        ShapeEvidence.Groups g = ShapeEvidence.groups(grid, onGrid(x -> 0.7 * normal(x, -1.2, 1) + 0.3 * normal(x, 2.8, 1)));
        assertThat(g.lowerShare()).isCloseTo(0.7, org.assertj.core.api.Assertions.within(0.01));
        assertThat(g.lowerPeak()).isCloseTo(-1.2, org.assertj.core.api.Assertions.within(0.05));
        assertThat(g.upperPeak()).isCloseTo(2.8, org.assertj.core.api.Assertions.within(0.05));
        assertThat(ShapeEvidence.groups(grid, onGrid(x -> normal(x, 0, 1)))).isNull();
    }
}
