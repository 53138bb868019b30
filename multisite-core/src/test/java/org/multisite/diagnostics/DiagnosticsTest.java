package org.multisite.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

/**
 * Diagnostics on chains with known properties. Random inputs use fixed seeds; tolerances are
 * several standard errors of the estimators wide (stated per test), so a correct
 * implementation fails with probability well below 0.1%.
 */
class DiagnosticsTest {
    private static double[][] ar1(double phi, int chains, int n, long seed) {
        UniformRandomProvider rng = SeedStreams.stream(seed);
        var z = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] x = new double[chains][n];
        double sd = Math.sqrt(1 - phi * phi);
        for (int c = 0; c < chains; c++) {
            double v = z.sample();
            for (int i = 0; i < n; i++) {
                v = phi * v + sd * z.sample();
                x[c][i] = v;
            }
        }
        return x;
    }

    /**
     * The work arrays a thread reuses from quantity to quantity leave no trace: iid draws (whose
     * autocorrelation sum stops at the first lags, leaving the later entries unset) give the same
     * numbers on a fresh thread as after strongly autocorrelated draws filled many lags.
     */
    @Test
    void reusedWorkArraysGiveTheNumbersOfFreshOnes() throws InterruptedException {
        double[][] iid = ar1(0, 4, 1000, 11);
        double[][] sticky = ar1(0.95, 4, 1000, 12);
        Diagnostics.Convergence[] fresh = new Diagnostics.Convergence[1];
        double[] freshEss = new double[1];
        Thread t = new Thread(() -> {
            fresh[0] = Diagnostics.convergence(iid);
            freshEss[0] = Diagnostics.essBulk(iid);
        });
        t.start();
        t.join();
        Diagnostics.Convergence before = Diagnostics.convergence(sticky);
        double stickyEss = Diagnostics.essBulk(sticky);
        assertThat(Diagnostics.convergence(iid)).isEqualTo(fresh[0]);
        assertThat(Diagnostics.essBulk(iid)).isEqualTo(freshEss[0]);
        // and the other way round, on this thread
        assertThat(Diagnostics.convergence(sticky)).isEqualTo(before);
        assertThat(Diagnostics.essBulk(sticky)).isEqualTo(stickyEss);
        assertThat(stickyEss).isLessThan(freshEss[0] / 5); // the two really differ in their lags
    }

    @Test
    void iidChainsHaveRhatOneAndEssNearTheirSize() {
        double[][] x = ar1(0, 4, 1000, 1);
        assertThat(Diagnostics.rhat(x)).isCloseTo(1, within(0.01));
        // the ESS estimate of iid draws has relative sd around 5%; 4000 +- 20%
        assertThat(Diagnostics.essBulk(x)).isBetween(3200.0, 4800.0);
        assertThat(Diagnostics.essTail(x)).isBetween(2800.0, 5200.0);
        assertThat(Diagnostics.essMean(x)).isBetween(3200.0, 4800.0);
    }

    @Test
    void ar1EssMatchesTheoryWithinTenPercent() {
        // AR(1) with coefficient phi: integrated autocorrelation time (1 + phi) / (1 - phi)
        double phi = 0.8;
        double[][] x = ar1(phi, 4, 20_000, 2);
        double expected = 4 * 20_000 * (1 - phi) / (1 + phi);
        assertThat(Diagnostics.essMean(x)).isCloseTo(expected, within(0.1 * expected));
        assertThat(Diagnostics.essBulk(x)).isCloseTo(expected, within(0.1 * expected));
        // MCSE of the mean: sd / sqrt(ESS), sd = 1
        assertThat(Diagnostics.mcseMean(x)).isCloseTo(1 / Math.sqrt(expected), within(0.1 / Math.sqrt(expected)));
    }

    @Test
    void antitheticChainsAreCappedAtSLog10S() {
        double[][] x = ar1(-0.9, 4, 1000, 3);
        double s = 4000;
        assertThat(Diagnostics.essMean(x)).isLessThanOrEqualTo(s * Math.log10(s) + 1e-6).isGreaterThan(s);
    }

    @Test
    void aStuckChainIsDetected() {
        double[][] x = ar1(0, 4, 1000, 4);
        for (int i = 0; i < 1000; i++) {
            x[3][i] = x[3][i] * 0.1 + 3; // one chain stuck far from the others
        }
        assertThat(Diagnostics.rhat(x)).isGreaterThan(1.5);
        assertThat(Diagnostics.essBulk(x)).isLessThan(200);
    }

    @Test
    void aChainThatDriftsFailsSplitRhat() {
        double[][] x = ar1(0, 4, 1000, 5);
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 1000; i++) {
                x[c][i] += i / 250.0; // a trend that only splitting each chain reveals
            }
        }
        assertThat(Diagnostics.rhat(x)).isGreaterThan(1.1);
    }

    @Test
    void scaleDifferenceIsCaughtByTheFoldedRhat() {
        double[][] x = ar1(0, 4, 1000, 6);
        for (int i = 0; i < 1000; i++) {
            x[0][i] *= 4; // same location, different scale: bulk R-hat misses it, folded does not
        }
        assertThat(Diagnostics.rhatBasic(Diagnostics.zScale(Diagnostics.split(x)))).isLessThan(1.05);
        assertThat(Diagnostics.rhat(x)).isGreaterThan(1.1);
    }

    @Test
    void degenerateInputGivesNaN() {
        double[][] constant = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}};
        assertThat(Diagnostics.rhat(constant)).isNaN();
        assertThat(Diagnostics.essBulk(constant)).isNaN();
        double[][] nan = {{1, 2, Double.NaN, 4, 5}, {1, 2, 3, 4, 5}};
        assertThat(Diagnostics.rhat(nan)).isNaN();
        assertThat(Diagnostics.convergence(nan).essTail()).isNaN();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {501, 500})
    void convergenceAgreesWithTheSingleDiagnostics(int n) {
        // odd chains take the generic path, even chains the one-sort path; ties from rounding
        double[][] x = ar1(0.5, 3, n, 7);
        for (double[] c : x) {
            for (int i = 0; i < c.length; i++) {
                c[i] = Math.round(c[i] * 20) / 20.0;
            }
        }
        Diagnostics.Convergence c = Diagnostics.convergence(x);
        assertThat(c.rhat()).isCloseTo(Diagnostics.rhat(x), within(1e-14));
        assertThat(c.essBulk()).isCloseTo(Diagnostics.essBulk(x), within(1e-9));
        assertThat(c.essTail()).isCloseTo(Diagnostics.essTail(x), within(1e-9));
        assertThat(c.mcseMean()).isCloseTo(Diagnostics.mcseMean(x), within(1e-15));
    }

    @Test
    void averageRanksMatchTheirDefinition() {
        // rank_i = 1 + #{j: x_j < x_i} + (#{j: x_j == x_i} - 1) / 2, on data with many ties
        UniformRandomProvider rng = SeedStreams.stream(9);
        for (int n : new int[] {1, 2, 15, 16, 17, 100, 1001}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(n / 3 + 1);
            }
            double[] r = Diagnostics.averageRanks(x);
            for (int i = 0; i < n; i++) {
                int less = 0;
                int equal = 0;
                for (double v : x) {
                    less += v < x[i] ? 1 : 0;
                    equal += v == x[i] ? 1 : 0;
                }
                assertThat(r[i]).isEqualTo(1 + less + (equal - 1) / 2.0);
            }
        }
    }

    /**
     * Pinned against an independent numpy re-implementation of posterior's R/convergence.R
     * (split, Blom-rank z-scale, folded R-hat, Geyer's initial monotone sequence with the biased
     * autocovariance computed directly, tail ESS from the 5% and 95% indicators), written for
     * this project and run with numpy 2.4 on x[i][c] = sin(0.37 i + c) + 0.5 sin(0.011 i^2 + 2c)
     * + 0.002 i, 4 chains of 200. The same implementation agrees with this class to every printed
     * digit on the demo's draws. Deterministic input: 1e-10.
     */
    @Test
    void pinnedAgainstAnIndependentImplementation() {
        double[][] x = new double[4][200];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 200; i++) {
                x[c][i] = Math.sin(0.37 * i + c) + 0.5 * Math.sin(0.011 * i * i + 2 * c) + 0.002 * i;
            }
        }
        Diagnostics.Convergence d = Diagnostics.convergence(x);
        assertThat(d.rhat()).isCloseTo(1.0084888053213408, within(1e-10));
        assertThat(d.essBulk()).isCloseTo(190.3545280659256, within(1e-8));
        assertThat(d.essTail()).isCloseTo(417.6354188570896, within(1e-8));
        assertThat(d.mcseMean()).isCloseTo(0.05955146679087384, within(1e-10));
    }

    @Test
    void primitivesByHand() {
        // split of an odd chain drops the middle draw
        double[][] s = Diagnostics.split(new double[][] {{1, 2, 3, 4, 5}});
        assertThat(s).isDeepEqualTo(new double[][] {{1, 2}, {4, 5}});
        // average ranks, ties share their mean rank (R's rank())
        assertThat(Diagnostics.averageRanks(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
        // classic R-hat of two chains by hand: means 2 and 5, variances 1 and 1, n = 3:
        // B = 3 * var(2, 5) = 13.5, W = 1, R = sqrt((13.5 + 2) / 3)
        assertThat(Diagnostics.rhatBasic(new double[][] {{1, 2, 3}, {4, 5, 6}}))
                .isCloseTo(Math.sqrt(15.5 / 3), within(1e-14));
        // autocovariance with divisor n: x = (1, -1, 1, -1) centred, lag 1: -3 / 4
        double[] lags = new double[2];
        Diagnostics.meanAutocovariances(new double[] {1, -1, 1, -1}, 1, 1, lags);
        assertThat(lags[0]).isCloseTo(-0.75, within(1e-15));
        // MCSE of a quantile is positive and small for iid normal draws: about
        // sqrt(p(1-p)/S)/phi(z_p) = 0.0341 at p = 0.05, S = 4000
        double[][] x = ar1(0, 4, 1000, 8);
        assertThat(Diagnostics.mcseQuantile(x, 0.05)).isCloseTo(0.0334, within(0.012));
    }

    /**
     * The tail ESS's indicators counted as bits give the ESS that summing the centred 0/1
     * indicators gives, to rounding (1e-9 relative), over chain counts, odd and even lengths
     * (words full and partial), autocorrelated chains, quantiles with a handful of ones, and lags
     * past a word; a constant indicator is NaN either way.
     */
    @Test
    void countedIndicatorsGiveTheSummedEss() {
        UniformRandomProvider rng = SeedStreams.stream(21);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        int checked = 0;
        for (int m : new int[] {1, 2, 8}) {
            for (int n : new int[] {5, 63, 64, 65, 500, 777}) {
                for (double phi : new double[] {0, 0.9, 0.995}) {
                    double[] x = new double[m * n];
                    for (int c = 0; c < m; c++) {
                        double v = z.sample();
                        for (int i = 0; i < n; i++) {
                            v = phi * v + Math.sqrt(1 - phi * phi) * z.sample();
                            x[c * n + i] = v;
                        }
                    }
                    double[] sorted = x.clone();
                    java.util.Arrays.sort(sorted);
                    for (double p : new double[] {0.002, 0.05, 0.5, 0.95}) {
                        double q = sorted[(int) (p * (sorted.length - 1))];
                        double[] ind = new double[x.length];
                        for (int i = 0; i < x.length; i++) {
                            ind[i] = x[i] <= q ? 1 : 0;
                        }
                        double summed = Diagnostics.essBasic(ind, m);
                        double counted = Diagnostics.essIndicator(x, q, m);
                        if (Double.isNaN(summed)) {
                            assertThat(counted).isNaN();
                        } else {
                            assertThat(counted).as("m %d n %d phi %s p %s", m, n, phi, p)
                                    .isCloseTo(summed, within(1e-9 * summed));
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(150);
        assertThat(Diagnostics.essIndicator(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 10, 2)).isNaN();
        assertThat(Diagnostics.essIndicator(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 2)).isNaN();
    }
}
