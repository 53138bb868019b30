package org.multisite.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;

/**
 * One independence Metropolis-Hastings step (Tierney 1994) whose proposal is the Laplace
 * approximation N(mode, H^-1) of a log-concave target, H the negative Hessian at the mode.
 * Newton with step halving finds the mode, starting from the previous call's mode (nearby when
 * the target changes little between calls) and running until the decrement g'H^-1 g is below
 * {@value #NEWTON_TOLERANCE}: the proposal is valid only if it does not depend on the current
 * point, so its mean must be the mode itself, not an iterate near it. When the target is
 * nearly normal the proposal is accepted almost always, and the chain moves as far as the
 * target allows in one step.
 *
 * <p>The step keeps its work space (mode, gradient, Hessian factor) between calls and allocates
 * nothing; one instance serves one chain.
 */
public final class LaplaceStep {
    /** Newton's limit on steps per call. */
    private static final int NEWTON_STEPS = 50;
    /** Newton's stop on the decrement g'H^-1 g, far below any effect on the acceptance ratio. */
    private static final double NEWTON_TOLERANCE = 1e-10;
    /** Smallest step-halving factor before Newton gives up on a direction. */
    private static final double SMALLEST_STEP = 1e-8;

    /** A log-concave target with its first two derivatives. */
    public interface Target {
        /** log density at x, up to a constant. */
        double logDensity(double[] x);

        /**
         * At x: the gradient into {@code gradient}, and the lower triangle of the negative Hessian
         * (positive definite) into {@code hessian}, row-major, entry (k, l) at {@code k * dim + l}, l <= k.
         */
        void derivatives(double[] x, double[] gradient, double[] hessian);
    }

    private final int dim;
    private final double[] mode;
    private final double[] gradient;
    /** The negative Hessian at the mode, then in place its lower Cholesky factor L. */
    private final double[] factor;
    private final double[] step;
    private final double[] proposal;

    /** A step for targets on R^dim; the first Newton search starts at 0. */
    public LaplaceStep(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        this.dim = dim;
        this.mode = new double[dim];
        this.gradient = new double[dim];
        this.factor = new double[dim * dim];
        this.step = new double[dim];
        this.proposal = new double[dim];
    }

    /**
     * Moves {@code x} (in place) by one independence Metropolis-Hastings step under {@code target}.
     * Standard normals come from {@code gaussian}, the acceptance uniform from {@code rng}.
     */
    public void step(double[] x, Target target, NormalizedGaussianSampler gaussian, UniformRandomProvider rng) {
        double value = target.logDensity(mode);
        boolean factored = false;
        for (int iteration = 0; iteration < NEWTON_STEPS; iteration++) {
            derivativesAndFactor(target);
            factored = true;
            System.arraycopy(gradient, 0, step, 0, dim);
            solve(step);
            double decrement = 0;
            for (int k = 0; k < dim; k++) {
                decrement += gradient[k] * step[k];
            }
            if (decrement < NEWTON_TOLERANCE) {
                break;
            }
            double t = 1;
            while (true) {
                for (int k = 0; k < dim; k++) {
                    proposal[k] = mode[k] + t * step[k];
                }
                double trial = target.logDensity(proposal);
                if (trial >= value || t < SMALLEST_STEP) {
                    if (trial >= value) {
                        System.arraycopy(proposal, 0, mode, 0, dim);
                        value = trial;
                        factored = false;
                    }
                    break;
                }
                t /= 2;
            }
        }
        if (!factored) {
            derivativesAndFactor(target);
        }
        // proposal = mode + L'^-1 z, z standard normal: N(mode, (L L')^-1)
        for (int k = 0; k < dim; k++) {
            step[k] = gaussian.sample();
        }
        solveTransposed(step);
        for (int k = 0; k < dim; k++) {
            proposal[k] = mode[k] + step[k];
        }
        double logRatio = target.logDensity(proposal) - target.logDensity(x) - proposalLogDensity(proposal)
                + proposalLogDensity(x);
        if (Math.log(rng.nextDouble()) < logRatio) {
            System.arraycopy(proposal, 0, x, 0, dim);
        }
    }

    /** The derivatives at the mode, then the Cholesky factor of the negative Hessian in place. */
    private void derivativesAndFactor(Target target) {
        target.derivatives(mode, gradient, factor);
        for (int k = 0; k < dim; k++) {
            for (int l = 0; l <= k; l++) {
                double sum = factor[k * dim + l];
                for (int r = 0; r < l; r++) {
                    sum -= factor[k * dim + r] * factor[l * dim + r];
                }
                factor[k * dim + l] = k == l ? Math.sqrt(sum) : sum / factor[l * dim + l];
            }
        }
    }

    /** Solves L L' v = v in place. */
    private void solve(double[] v) {
        for (int k = 0; k < dim; k++) {
            double sum = v[k];
            for (int r = 0; r < k; r++) {
                sum -= factor[k * dim + r] * v[r];
            }
            v[k] = sum / factor[k * dim + k];
        }
        solveTransposed(v);
    }

    /** Solves L' v = v in place. */
    private void solveTransposed(double[] v) {
        for (int k = dim - 1; k >= 0; k--) {
            double sum = v[k];
            for (int r = k + 1; r < dim; r++) {
                sum -= factor[r * dim + k] * v[r];
            }
            v[k] = sum / factor[k * dim + k];
        }
    }

    /** -1/2 (a - mode)' H (a - mode) = -1/2 ||L'(a - mode)||^2: the proposal's log density up to a constant. */
    private double proposalLogDensity(double[] a) {
        double q = 0;
        for (int k = 0; k < dim; k++) {
            double v = 0;
            for (int r = k; r < dim; r++) {
                v += factor[r * dim + k] * (a[r] - mode[r]);
            }
            q += v * v;
        }
        return -0.5 * q;
    }
}
