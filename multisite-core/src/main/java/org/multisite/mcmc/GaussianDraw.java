package org.multisite.mcmc;

import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

/**
 * Draws x ~ N(A^-1 b, A^-1) given the precision A and b (the conditional of regression
 * coefficients in a Gibbs sweep): A = L L' by Cholesky, the mean by two triangular solves, the
 * noise as L'^-1 z. Work space is allocated once, so draws allocate nothing.
 */
public final class GaussianDraw {
    private final int p;
    private final DMatrixRMaj precision;
    private final DMatrixRMaj factor;
    private final CholeskyDecompositionInner_DDRM cholesky = new CholeskyDecompositionInner_DDRM(true);
    private final double[] rhs;
    private final double[] noise;

    public GaussianDraw(int dimension) {
        this.p = dimension;
        this.precision = new DMatrixRMaj(Math.max(p, 1), Math.max(p, 1));
        this.factor = new DMatrixRMaj(Math.max(p, 1), Math.max(p, 1));
        this.rhs = new double[Math.max(p, 1)];
        this.noise = new double[Math.max(p, 1)];
    }

    /** Clears A and b for a new accumulation. */
    public void reset() {
        precision.zero();
        java.util.Arrays.fill(rhs, 0);
    }

    /** The row-major data of A: callers add to its lower triangle (l <= k). */
    public double[] precision() {
        return precision.data;
    }

    /** b, added to by the caller. */
    public double[] rhs() {
        return rhs;
    }

    /** Adds a normal prior N(mean, sd^2) on coordinate k. */
    public void addNormalPrior(int k, double mean, double sd) {
        double prec = 1 / (sd * sd);
        precision.data[k * p + k] += prec;
        rhs[k] += mean * prec;
    }

    /**
     * Adds one weighted least-squares observation: target ~ N(x' beta, 1 / weight), x the p
     * values of {@code rows} from {@code offset} (A's lower triangle += w x x', b += w x target).
     */
    public void addObservation(double weight, double target, double[] rows, int offset) {
        double[] a = precision.data;
        for (int k = 0; k < p; k++) {
            double wx = weight * rows[offset + k];
            rhs[k] += wx * target;
            for (int l = 0; l <= k; l++) {
                a[k * p + l] += wx * rows[offset + l];
            }
        }
    }

    /**
     * Fills {@code out} with a draw, A's upper triangle taken from its lower.
     *
     * @throws IllegalStateException if A is not positive definite
     */
    public void draw(NormalizedGaussianSampler gaussian, double[] out) {
        double[] a = precision.data;
        for (int k = 0; k < p; k++) {
            for (int l = 0; l < k; l++) {
                a[l * p + k] = a[k * p + l];
            }
        }
        factor.setTo(precision);
        if (!cholesky.decompose(factor)) {
            throw new IllegalStateException("the precision matrix of a normal update is not positive definite");
        }
        cholesky.getT(factor);
        System.arraycopy(rhs, 0, out, 0, p);
        TriangularSolver_DDRM.solveL(factor.data, out, p);
        TriangularSolver_DDRM.solveTranL(factor.data, out, p);
        for (int k = 0; k < p; k++) {
            noise[k] = gaussian.sample();
        }
        TriangularSolver_DDRM.solveTranL(factor.data, noise, p);
        for (int k = 0; k < p; k++) {
            out[k] += noise[k];
        }
    }
}
