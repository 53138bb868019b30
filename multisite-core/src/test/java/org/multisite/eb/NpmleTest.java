package org.multisite.eb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;

/**
 * The NPMLE against hand-solvable cases, its own optimality (KKT) conditions, and a long EM run
 * on the same grid (EM increases the likelihood monotonically toward the same maximum, so a
 * converged solver must reach at least EM's value).
 */
class NpmleTest {
    private static SiteData sites(double[] y, double[] se) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            ids.add("s" + i);
        }
        return SiteData.of(ids, y, se);
    }

    @Test
    void symmetricPairSplitsTheMassEvenly() {
        // y = -1, 1 with unit SEs on the grid {-1, 1}: by symmetry and strict concavity in w, w = (1/2, 1/2);
        // each site's posterior puts phi(0) / (phi(0) + phi(2)) on its own point
        Npmle.Result r = Npmle.fit(sites(new double[] {-1, 1}, new double[] {1, 1}), new double[] {-1, 1});
        assertThat(r.mass()[0]).isCloseTo(0.5, within(1e-9));
        double own = 1 / (1 + Math.exp(-2));
        assertThat(r.mean()[1]).isCloseTo(own - (1 - own), within(1e-9));
        double logLik = 2 * Math.log(0.5 * (Math.exp(0) + Math.exp(-2)) / Math.sqrt(2 * Math.PI));
        assertThat(r.logLik()).isCloseTo(logLik, within(1e-9));
    }

    @Test
    void identicalEstimatesGiveAPointMass() {
        // every y = 0: the likelihood of each u is phi(u)^3, largest at u = 0, so all mass sits there
        Npmle.Result r = Npmle.fit(sites(new double[] {0, 0, 0}, new double[] {1, 1, 1}), new double[] {-1, 0, 1});
        assertThat(r.mass()[1]).isCloseTo(1, within(1e-9));
        // mass of order 1e-12 can remain off the support, giving an SD of order sqrt(1e-12)
        assertThat(r.sd()[0]).isCloseTo(0, within(1e-6));
        assertThat(r.logLik()).isCloseTo(-3 * 0.5 * Math.log(2 * Math.PI), within(1e-9));
    }

    @Test
    void twoPointTruthIsRecoveredAndBeatsEm() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7L);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = 2000;
        double[] y = new double[n];
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            se[i] = 0.5 + rng.nextDouble();
            y[i] = (rng.nextDouble() < 0.3 ? -2 : 1) + se[i] * z.sample();
        }
        SiteData data = sites(y, se);
        double[] grid = Npmle.automaticGrid(data, 200);
        Npmle.Result r = Npmle.fit(data, grid);
        assertOptimal(r);
        assertThat(r.logLik()).isGreaterThanOrEqualTo(em(data, grid, 5000) - 1e-9);
        // a two-point G at -2 (0.3) and 1 (0.7): mass near each point within sampling error (n = 2000)
        double low = 0;
        for (int k = 0; k < grid.length; k++) {
            if (grid[k] < -0.5) {
                low += r.mass()[k];
            }
        }
        // 0.05 is 5 binomial SEs of a proportion 0.3 among 2,000 (sqrt(0.3 * 0.7 / 2000) = 0.010)
        assertThat(low).isCloseTo(0.3, within(0.05));
    }

    @Test
    void wobaReachesAtLeastEmsLikelihood() {
        double[][] woba = SharedEbData.columns("woba.csv", "woba", "se");
        SiteData data = sites(woba[0], woba[1]);
        double[] grid = Npmle.automaticGrid(data, 300);
        Npmle.Result r = Npmle.fit(data, grid);
        assertOptimal(r);
        assertThat(r.logLik()).isGreaterThanOrEqualTo(em(data, grid, 5000) - 1e-9);
    }

    private static void assertOptimal(Npmle.Result r) {
        assertThat(Arrays.stream(r.mass()).sum()).isCloseTo(1, within(1e-12));
        assertThat(Arrays.stream(r.mass()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        // Lindsay's (1983) condition: (1/n) sum_i L_ik / (Lw)_i <= 1 at every grid point, to 1e-6: a
        // violation g moves the mean log likelihood by about g^2 / curvature, so 1e-6 leaves the
        // objective within rounding of its maximum; the solver stopped after four SQP steps
        // fails it on both data sets
        assertThat(r.kktGap()).isLessThan(1e-6);
        assertThat(r.iterations()).isLessThan(100);
        // a discrete posterior's mean can lie outside its central interval (2.4% at -2, the rest at 1)
        for (int i = 0; i < r.mean().length; i++) {
            assertThat(r.lower()[i]).isLessThanOrEqualTo(r.upper()[i]);
        }
    }

    /** The log likelihood after the given number of EM steps from the uniform weights. */
    private static double em(SiteData data, double[] grid, int steps) {
        int n = data.size();
        int m = grid.length;
        double[][] f = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                double zz = (data.estimate(i) - grid[k]) / data.se(i);
                f[i][k] = Math.exp(-0.5 * zz * zz) / (data.se(i) * Math.sqrt(2 * Math.PI));
            }
        }
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        double logLik = 0;
        for (int t = 0; t <= steps; t++) {
            double[] next = new double[m];
            logLik = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += f[i][k] * w[k];
                }
                logLik += Math.log(s);
                for (int k = 0; k < m; k++) {
                    next[k] += f[i][k] * w[k] / s / n;
                }
            }
            w = next;
        }
        return logLik;
    }

    @Test
    void automaticGridSpansTheInformativeEstimates() {
        // the estimate 20 with SE 4000 (a separated logistic fit) is more than 3 median SEs out
        double[] grid = Npmle.automaticGrid(sites(new double[] {-0.5, 0.1, 0.5, 20}, new double[] {1, 1, 1, 4000}), 5);
        assertThat(grid).containsExactly(-0.5, -0.25, 0.0, 0.25, 0.5);
    }

    /**
     * Issue 14, item 6: 5,000 sites with SEs over three orders of magnitude. After the first step
     * some sites' (Lx)_i were 1e-36 of the rest, the QP's Hessian was singular to double
     * precision and its step ascended: the solver stopped after 4 steps with an optimality gap of
     * 1e68. Now such a step is replaced by a vertex-direction step, and the answer meets the
     * optimality conditions, with a log likelihood above the normal G's maximum.
     */
    @Test
    void sitesWhoseLikelihoodsSpanManyOrdersOfMagnitude() {
        SiteData d = org.multisite.sim.SiteSimulator.simulate(new org.multisite.sim.SiteSimulator.Design(
                new org.multisite.sim.Shape.Gaussian(), 5000, 0, 1, new org.multisite.sim.SeDesign.Informativeness(0.9, 1000),
                new double[0]), org.multisite.mcmc.SeedStreams.data(5)).data();
        Npmle.Result r = Npmle.fit(d, Npmle.automaticGrid(d, 300));
        assertThat(r.kktGap()).isLessThan(Npmle.CONVERGED);
        assertThat(r.converged()).isTrue();
        assertThat(r.logLik()).isGreaterThan(NormalEb.fit(d, NormalEb.Method.ML).logLik());
    }

    /**
     * 100,000 sites (as {@code multisite simulate --sites 100000 --informativeness 0.5 --se-ratio
     * 100 --seed 3} makes them): the SQP's steps stopped lowering f in double precision with the
     * gap still 1.13e-6, and eb exited 3. Vertex steps, whose length comes from the sign of f's
     * derivative, now close it.
     */
    @Test
    void aGapLeftWhenTheObjectiveStallsIsClosed() {
        SiteData d = org.multisite.sim.SiteSimulator.simulate(new org.multisite.sim.SiteSimulator.Design(
                new org.multisite.sim.Shape.Gaussian(), 100_000, 0, 1, new org.multisite.sim.SeDesign.Informativeness(0.5, 100),
                new double[0]), org.multisite.mcmc.SeedStreams.data(3)).data();
        Npmle.Result r = Npmle.fit(d, Npmle.automaticGrid(d, 300));
        assertThat(r.converged()).as("gap %s", r.kktGap()).isTrue();
    }
}
