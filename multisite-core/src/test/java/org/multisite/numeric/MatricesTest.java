package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MatricesTest {
    /** A positive definite matrix needs no damping: the damped solve is the plain solve. */
    @Test
    void positiveDefiniteMatrixIsSolvedExactly() {
        double[][] a = {{4, 1}, {1, 3}};
        double[] x = Matrices.solveDamped(a, new double[] {1, 2});
        // (4 1; 1 3)^-1 (1, 2) = (1/11, 7/11)
        assertThat(x[0]).isCloseTo(1.0 / 11, within(1e-15));
        assertThat(x[1]).isCloseTo(7.0 / 11, within(1e-15));
    }

    /**
     * An indefinite matrix (eigenvalues 4 and -2) has no Cholesky factor: the damping grows until
     * A + lambda I has one, the first lambda above 2 in the sequence 1e-6 x 10^k (1e-6 times the
     * largest diagonal magnitude, 1 here), lambda = 10, and x = (A + 10 I)^-1 b, a descent direction.
     */
    @Test
    void indefiniteMatrixIsDampedToTheFirstLambdaWithAFactor() {
        double[][] a = {{1, 3}, {3, 1}};
        double[] b = {1, -3};
        double[] x = Matrices.solveDamped(a, b);
        // (11 3; 3 11)^-1 (1, -3) = (11 + 9, -3 - 33) / 112
        assertThat(x[0]).isCloseTo(20.0 / 112, within(1e-15));
        assertThat(x[1]).isCloseTo(-36.0 / 112, within(1e-15));
        assertThat(Vectors.dot(x, b)).isPositive();
        // the plain solve gives a direction of ascent here
        assertThat(Vectors.dot(Matrices.solveSymmetrized(a, b), b)).isNegative();
    }

    @Test
    void nonFiniteEntriesGiveNoSolution() {
        assertThat(Matrices.solveDamped(new double[][] {{Double.NaN}}, new double[] {1})).isNull();
    }
}
