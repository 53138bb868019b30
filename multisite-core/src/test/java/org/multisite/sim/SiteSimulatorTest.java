package org.multisite.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.mcmc.SeedStreams;

class SiteSimulatorTest {
    /** GM(s^2) = (1 - I) / I tau^2 and max/min of s^2 = R exactly; the SE ratio form squares R. */
    @Test
    void informativenessDesignHitsItsGeometricMeanAndRatio() {
        for (SeDesign.Informativeness d : new SeDesign.Informativeness[] {new SeDesign.Informativeness(0.5, 10),
            SeDesign.Informativeness.ofSeRatio(0.9, 5)}) {
            SiteData data = SiteSimulator.simulate(new SiteSimulator.Design(new Shape.Gaussian(), 25, 0, 2, d,
                    new double[0]), SeedStreams.stream(1)).data();
            double logSum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (int j = 0; j < data.size(); j++) {
                double v = data.se(j) * data.se(j);
                logSum += Math.log(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double gm = Math.exp(logSum / data.size());
            assertThat(gm).isCloseTo((1 - d.informativeness()) / d.informativeness() * 4, within(1e-12));
            assertThat(max / min).isCloseTo(d.varianceRatio(), within(1e-9));
        }
        assertThat(SeDesign.Informativeness.ofSeRatio(0.5, 5).varianceRatio()).isEqualTo(25);
    }

    /**
     * Site sizes: s^2 n is kappa exactly, no size below the minimum, and the sizes' mean and CV
     * near the gamma's (4,000 sites; a minimum of 2 truncates a gamma of mean 50 and CV 0.5 by a
     * negligible 3e-5; the tolerances are about 4 standard errors: 50 x 0.5 / sqrt(4000) = 0.4 for the mean).
     */
    @Test
    void siteSizesGiveKappaOverN() {
        SeDesign.SiteSizes sizes = new SeDesign.SiteSizes(50, 0.5, 2, 4);
        var rng = SeedStreams.stream(2);
        var z = Shape.gaussian(rng);
        int n = 4000;
        double sum = 0;
        double squares = 0;
        for (int j = 0; j < n; j++) {
            int size = sizes.size(rng, z);
            assertThat(size).isGreaterThanOrEqualTo(2);
            sum += size;
            squares += (double) size * size;
        }
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        assertThat(mean).isCloseTo(50, within(1.6));
        assertThat(sd / mean).isCloseTo(0.5, within(0.03));
        SiteData data = SiteSimulator.simulate(new SiteSimulator.Design(new Shape.Gaussian(), 10, 0, 1, sizes, new double[0]),
                SeedStreams.stream(3)).data();
        for (int j = 0; j < data.size(); j++) {
            double size = 4 / (data.se(j) * data.se(j));
            assertThat(size).isCloseTo(Math.rint(size), within(1e-9));
        }
    }

    /**
     * theta_j = mean + x_j' beta + tau u_j: regressing the true effects on the covariates returns
     * beta and a residual SD of tau within sampling error (2,000 sites, bimodal u).
     */
    @Test
    void covariatesShiftTheTrueEffects() {
        double[] beta = {0.7, -1.2};
        var sim = SiteSimulator.simulate(new SiteSimulator.Design(new Shape.Mixture(4, 0.3, 1), 2000, 1.5, 0.5,
                new SeDesign.Informativeness(0.5, 1), beta), SeedStreams.stream(4));
        SiteData data = sim.data();
        assertThat(data.covariateNames()).containsExactly("x1", "x2");
        double[] residual = new double[data.size()];
        double mean = 0;
        for (int j = 0; j < data.size(); j++) {
            residual[j] = sim.trueEffects()[j] - 1.5 - beta[0] * data.covariate(0)[j] - beta[1] * data.covariate(1)[j];
            mean += residual[j] / data.size();
        }
        double var = 0;
        for (double r : residual) {
            var += (r - mean) * (r - mean) / (data.size() - 1);
        }
        // u has mean 0 and variance 1: the residual's mean within 4 SE (0.5 / sqrt(2000) = 0.011)
        assertThat(mean).isCloseTo(0, within(0.045));
        // its SD near tau = 0.5: the sample SD's SE is about tau sqrt((kurtosis - 1) / 4n), under 0.01 here
        assertThat(Math.sqrt(var)).isCloseTo(0.5, within(0.04));
    }
}
