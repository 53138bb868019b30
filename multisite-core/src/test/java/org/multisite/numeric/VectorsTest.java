package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void byHand() {
        double[] x = {4, 1, 3, 2};
        assertThat(Vectors.mean(x)).isEqualTo(2.5);
        // sum of squares about 2.5 is 5, divisor n - 1 = 3
        assertThat(Vectors.variance(x)).isCloseTo(5.0 / 3, within(1e-15));
        assertThat(Vectors.median(x)).isEqualTo(2.5);
        assertThat(Vectors.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(Vectors.variance(new double[] {1})).isNaN();
        assertThat(Vectors.maxAbs(new double[] {-7, 3})).isEqualTo(7);
        assertThat(Vectors.centred(x)).containsExactly(1.5, -1.5, 0.5, -0.5);
    }
}
