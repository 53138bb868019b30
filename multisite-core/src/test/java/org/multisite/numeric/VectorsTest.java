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

    /**
     * The four running sums cover each value of a slice once, whatever its length and start: by
     * hand with integers (exact sums), where a value left out or counted twice shows.
     */
    @Test
    void slicesOfEveryLengthAndStartAreSummedOnce() {
        double[] x = new double[23];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1L << i; // each value its own bit: the sum says which were added, and how often
        }
        for (int from = 0; from < 5; from++) {
            for (int n = 1; from + n <= x.length; n++) {
                double sum = ((1L << (from + n)) - (1L << from));
                assertThat(Vectors.mean(x, from, n)).as("from %d, n %d", from, n).isEqualTo(sum / n);
                double mean = sum / n;
                double squares = 0;
                for (int i = from; i < from + n; i++) {
                    squares += (x[i] - mean) * (x[i] - mean);
                }
                if (n > 1) {
                    assertThat(Vectors.variance(x, from, n)).as("from %d, n %d", from, n)
                            .isCloseTo(squares / (n - 1), within(1e-12 * squares / (n - 1)));
                }
            }
        }
    }

    /**
     * The streamed means are {@code mean}'s doubles to the bit, for counts of values that are and
     * are not multiples of four, on values of 8 orders of magnitude (whose sums depend on the
     * order of the additions), fed series by series interleaved.
     */
    @Test
    void streamedMeansAreTheMeansToTheBit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int n : new int[] {1, 3, 4, 5, 8, 1203}) {
            double[][] series = new double[20][n];
            for (double[] x : series) {
                for (int i = 0; i < n; i++) {
                    x[i] = (rng.nextDouble() - 0.3) * Math.pow(10, 8 * rng.nextDouble() - 4);
                }
            }
            Vectors.Means means = new Vectors.Means(series.length, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < series.length; j++) {
                    means.add(j, i, series[j][i]);
                }
            }
            double[] out = means.means();
            for (int j = 0; j < series.length; j++) {
                assertThat(out[j]).as("n = %d, series %d", n, j).isEqualTo(Vectors.mean(series[j]));
            }
        }
    }
}
