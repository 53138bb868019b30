package org.multisite.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

class ShapeTest {
    private static final List<Shape> SHAPES = List.of(new Shape.Gaussian(), new Shape.StudentT(5),
            new Shape.Mixture(4, 0.3, 1), new Shape.Mixture(5, 0.3, 2), new Shape.SkewNormal(5),
            new Shape.AsymmetricLaplace(2), new Shape.SpikeSlab(0.5));

    /**
     * Mean 0 and variance 1 from each CDF alone: E u = int_0^inf (1 - F) - int_-inf^0 F and
     * E u^2 = 2 int_0^inf x (1 - F) + 2 int_-inf^0 |x| F, by the trapezoid rule on [-60, 60]
     * with step 1e-3 (error about 1e-7 for these smooth tails; t5's tail beyond 60 adds 1e-6 to
     * the variance). A shape left unstandardized is off by far more.
     */
    @Test
    void everyShapeHasMeanZeroAndVarianceOne() {
        for (Shape s : SHAPES) {
            double step = 1e-3;
            double mean = 0;
            double second = 0;
            // the two half-lines separately, from 0 outward (the spike's atom sits at 0)
            for (int i = 0; i < 60_000; i++) {
                double a = i * step;
                double b = (i + 1) * step;
                double upperA = 1 - s.cdf(a);
                double upperB = 1 - s.cdf(b);
                double lowerA = s.cdf(Math.nextDown(-a));
                double lowerB = s.cdf(-b);
                mean += 0.5 * (upperA + upperB - lowerA - lowerB) * step;
                second += (a * (upperA + lowerA) + b * (upperB + lowerB)) * step;
            }
            assertThat(mean).as(s.describe()).isCloseTo(0, within(1e-5));
            assertThat(second).as(s.describe()).isCloseTo(1, within(2e-5));
        }
    }

    /**
     * The samplers against the CDFs: the Kolmogorov-Smirnov distance of 20,000 draws stays
     * below 1.95 / sqrt(20,000) = 0.0138, the 0.1% critical value (fixed seeds: the test is
     * deterministic; a sampler with a wrong scale or location exceeds it many times over).
     */
    @Test
    void samplersFollowTheirDistributionFunctions() {
        int n = 20_000;
        for (Shape s : SHAPES) {
            UniformRandomProvider rng = SeedStreams.stream(31, s.describe().hashCode());
            NormalizedGaussianSampler z = Shape.gaussian(rng);
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = s.sample(rng, z);
            }
            Arrays.sort(u);
            double ks = 0;
            for (int i = 0; i < n; i++) {
                double f = s.cdf(u[i]);
                // the spike's atom: the ECDF jumps there by its mass, so compare at both sides
                double below = s.cdf(Math.nextDown(u[i]));
                ks = Math.max(ks, Math.max((i + 1.0) / n - f, below - (double) i / n));
            }
            assertThat(ks).as(s.describe()).isLessThan(1.95 / Math.sqrt(n));
        }
    }

    /** Reference values: scipy.special.owens_t and scipy.stats.skewnorm (scipy 1.17). */
    @Test
    void owensTAndTheSkewNormalAsScipy() {
        assertThat(OwensT.value(0.5, 0.3)).isCloseTo(0.040786707344250106, within(1e-13));
        assertThat(OwensT.value(1.2, 2.5)).isCloseTo(0.057508756529188444, within(1e-13));
        assertThat(OwensT.value(-0.7, 5.0)).isCloseTo(0.12097829955057192, within(1e-13));
        assertThat(OwensT.value(2.0, -1.5)).isCloseTo(-0.011365119947351746, within(1e-13));
        assertThat(OwensT.value(0.0, 10.0)).isCloseTo(0.2341372412847232, within(1e-13));
        // skewnorm.cdf(m + s x, 5) with m, s the mean and SD of the skew-normal(5)
        Shape skew = new Shape.SkewNormal(5);
        assertThat(skew.cdf(-1.5)).isCloseTo(0.01991281378201426, within(1e-12));
        assertThat(skew.cdf(0.0)).isCloseTo(0.566015890611032, within(1e-12));
        assertThat(skew.cdf(0.7)).isCloseTo(0.776906032962582, within(1e-12));
        assertThat(skew.cdf(2.5)).isCloseTo(0.9806832732834978, within(1e-12));
    }

    @Test
    void quantilesInvertTheDistributionFunctions() {
        for (Shape s : SHAPES) {
            for (double p : new double[] {0.05, 0.5, 0.95}) {
                double q = s.quantile(p);
                // the spike's atom at 0 holds a range of probabilities: its quantile is 0
                if (!(s instanceof Shape.SpikeSlab) || Math.abs(q) > 1e-9) {
                    assertThat(s.cdf(q)).as(s.describe() + " p " + p).isCloseTo(p, within(1e-9));
                }
            }
        }
    }
}
