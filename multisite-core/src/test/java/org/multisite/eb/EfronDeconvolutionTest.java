package org.multisite.eb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * deconv(tau = seq(-4, 5, by = 0.2), X = z, family = "Normal", pDegree = 6), deconvolveR's
 * twin-towers example with its defaults n = 40 and c0 = 1, on ../shared/data/eb/twin_towers_z.csv.
 * The reference is an independent numpy 2.4 / scipy 1.17 transcription of deconv's recipe (ns by
 * scipy's B-splines and numpy's QR; BFGS then Newton to a gradient below 1e-12). Two optimizers
 * there agree on g to about 3e-11, so g, its SE and bias, G, its SE and S are checked to 1e-8.
 */
class EfronDeconvolutionTest {
    private static final double TOL = 1e-8;

    @Test
    void twinTowersAsDeconvolveR() {
        double[] z = SharedEbData.columns("twin_towers_z.csv", "z")[0];
        double[] tau = new double[46];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = -4 + 0.2 * k;
        }
        EfronDeconvolution.Result r = EfronDeconvolution.normalBinned(z, tau, 40, 6, 1.0);
        assertThat(r.s()).isCloseTo(0.0031504398834681607, within(1e-10));
        double[][] expected = {
            // k, g, SE(g), G, SE(G), bias(g)
            {0, 0.0017903233281378226, 0.001002605558601125, 0.0017903233281378226, 0.001002605558601125, 0.0008478580617602293},
            {10, 0.004446271748715791, 0.0018116242351107338, 0.01388404862231936, 0.0061384498993384, 0.003051775123772045},
            {20, 0.011625233349531442, 0.003476344540069525, 0.495545691907861, 0.016069393817297332, 0.006789485422282163},
            {30, 0.08657701292192137, 0.009551781432077402, 0.7759716384191433, 0.018487183602698163, -0.017243895773276216},
            {45, 7.602717110661891e-05, 7.759072993885035e-05, 1.0, 0, 0.00020452318050234259}};
        assertStats(r, expected);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] tau = {-1, -0.5, 0, 0.5, 1, 1.5, 2};
        double[][] q = EfronDeconvolution.basis(tau, 3);
        double[][] p = new double[4][tau.length];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < tau.length; k++) {
                p[i][k] = Math.exp(-0.5 * (i - 1 - tau[k]) * (i - 1 - tau[k]));
            }
        }
        double[] y = {3, 5, 2, 1};
        double[] a = {0.3, -0.7, 1.1};
        double[] grad = EfronDeconvolution.gradient(a, p, y, q, 0.8);
        for (int j = 0; j < a.length; j++) {
            double h = 1e-6;
            double[] up = a.clone();
            double[] down = a.clone();
            up[j] += h;
            down[j] -= h;
            double fd = (EfronDeconvolution.objective(up, p, y, q, 0.8) - EfronDeconvolution.objective(down, p, y, q, 0.8)) / (2 * h);
            // central differences with h = 1e-6: truncation about h^2 = 1e-12, rounding about
            // 1e-16 * |objective| / h = 1e-9; 1e-7 leaves a margin and still catches a wrong term
            assertThat(grad[j]).isCloseTo(fd, within(1e-7));
        }
    }

    /**
     * The heteroskedastic normal family on woba.csv (688 players, each with its own se), grid
     * seq(0.1, 0.6, by = 0.01), df 5, c0 1, against the same numpy transcription with deconv's
     * unique-case information (yHat = 1); posterior means from the unit's own likelihood and g.
     */
    @Test
    void wobaWithItsOwnStandardErrors() {
        double[][] woba = SharedEbData.columns("woba.csv", "woba", "se");
        double[] x = woba[0];
        double[] se = woba[1];
        double[] tau = new double[51];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = 0.1 + 0.01 * k;
        }
        EfronDeconvolution.Result r = EfronDeconvolution.normalUnits(x, se, tau, 5, 1.0);
        assertThat(r.s()).isCloseTo(0.06125267346576985, within(1e-10));
        double[][] expected = {
            {0, 0.0004976187180430706, 0.000270878038866751, 0.0004976187180430706, 0.000270878038866751, 0.0013534425524956068},
            {15, 0.022612704399887135, 0.004600701000921264, 0.05210726272621172, 0.014902836993328138, 0.003753346009777799},
            {25, 0.027426614811515607, 0.0036877948721265354, 0.9657173258327166, 0.008470786814918358, 0.0018783048999562694},
            {40, 0.00014200977377022702, 0.00012250693127999665, 0.9989558303158919, 0.0008201720192349284, 0.00022977520577342365}};
        assertStats(r, expected);
        double[][] post = EfronDeconvolution.posterior(r, x, se);
        assertThat(post[0][0]).isCloseTo(0.3028350859306718, within(TOL));
        assertThat(post[0][5]).isCloseTo(0.4439994163685506, within(TOL));
    }

    /** Rows {k, g, SE(g), G, SE(G), bias(g)} of deconv's stats matrix, each to TOL. */
    private static void assertStats(EfronDeconvolution.Result r, double[][] expected) {
        for (double[] e : expected) {
            int k = (int) e[0];
            assertThat(r.g()[k]).as("g[%d]", k).isCloseTo(e[1], within(TOL));
            assertThat(r.seG()[k]).as("se g[%d]", k).isCloseTo(e[2], within(TOL));
            assertThat(r.cdf()[k]).as("G[%d]", k).isCloseTo(e[3], within(TOL));
            assertThat(r.seCdf()[k]).as("se G[%d]", k).isCloseTo(e[4], within(TOL));
            assertThat(r.bias()[k]).as("bias[%d]", k).isCloseTo(e[5], within(TOL));
        }
    }
}
