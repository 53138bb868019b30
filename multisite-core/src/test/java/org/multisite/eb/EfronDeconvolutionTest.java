package org.multisite.eb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Tests of {@link EfronDeconvolution}, first deconv(tau = seq(-4, 5, by = 0.2), X = z, family = "Normal", pDegree = 6), deconvolveR's
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

    /** The exact Hessian against central differences of the exact gradient, with and without a constant column in Q. */
    @Test
    void hessianMatchesFiniteDifferencesOfTheGradient() {
        double[] tau = {-1, -0.5, 0, 0.5, 1, 1.5, 2};
        double[][] p = new double[4][tau.length];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < tau.length; k++) {
                p[i][k] = Math.exp(-0.5 * (i - 1 - tau[k]) * (i - 1 - tau[k]));
            }
        }
        double[] y = {3, 5, 2, 1};
        for (double[][] q : new double[][][] {EfronDeconvolution.basis(tau, 3), EfronDeconvolution.poissonBasis(tau, 3)}) {
            double[] a = q[0].length == 3 ? new double[] {0.3, -0.7, 1.1} : new double[] {0.2, 0.3, -0.7, 1.1};
            double[][] h = EfronDeconvolution.hessian(a, p, y, q, 0.8);
            for (int j = 0; j < a.length; j++) {
                double step = 1e-6;
                double[] up = a.clone();
                double[] down = a.clone();
                up[j] += step;
                down[j] -= step;
                double[] gu = EfronDeconvolution.gradient(up, p, y, q, 0.8);
                double[] gd = EfronDeconvolution.gradient(down, p, y, q, 0.8);
                for (int i = 0; i < a.length; i++) {
                    // the same error budget as the gradient's check: truncation 1e-12, rounding 1e-9
                    assertThat(h[i][j]).as("H[%d][%d]", i, j).isCloseTo((gu[i] - gd[i]) / (2 * step), within(1e-7));
                }
            }
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

    /**
     * The Poisson family, zero-truncated (ignoreZero), on bard_word_count.csv: deconvolveR's
     * vignette call deconv(tau = exp(seq(-4, 4.5, .025)), y = bardWordCount, n = 100, c0 = 2)
     * with the counts given as (x, frequency). Reference: the same numpy/scipy transcription of
     * deconv with Q = cbind(1, centred ns) scaled column by column, P = dpois / (1 - exp(-tau)).
     * Also the thinned g (deconv's tg column) and posterior means of a few counts.
     */
    @Test
    void bardWordCountsAsDeconvolveRsPoissonFamily() {
        double[][] bard = SharedEbData.columns("bard_word_count.csv", "x", "count");
        int[] x = new int[bard[0].length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (int) bard[0][i];
        }
        double[] tau = new double[341];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = Math.exp(-4 + 0.025 * k);
        }
        EfronDeconvolution.Result r = EfronDeconvolution.poisson(x, bard[1], tau, 100, true, 5, 2.0);
        assertThat(r.s()).isCloseTo(0.005534954387926097, within(1e-10));
        double[][] expected = {
            {0, 0.0017780223226540432, 0.00015100881897275588, 0.0017780223226540432, 0.00015100881897275588, 0.00014206505730351388},
            {100, 0.00292039511098882, 0.00010829916982521059, 0.21630919951728036, 0.0078455726392142, -8.700127281514218e-05},
            {200, 0.005070917966928891, 0.00010662962788572324, 0.650530728516029, 0.0028982476559623327, 5.490629719109188e-05},
            {300, 0.0014610025857311236, 3.589122807486414e-05, 0.9558652301254362, 0.0010853098796452202, 7.030445994671557e-06},
            {340, 0.0008907093088581902, 6.447819599251249e-05, 1.0, 0, 3.3407783043711456e-06}};
        assertStats(r, expected);
        double[] tg = EfronDeconvolution.thinned(r);
        assertThat(tg[0]).isCloseTo(0.018426309211214013, within(TOL));
        assertThat(tg[100]).isCloseTo(0.002746546641950716, within(TOL));
        assertThat(tg[200]).isCloseTo(0.0010211422452395648, within(TOL));
        double[][] post = EfronDeconvolution.poissonPosterior(r, new int[] {1, 10, 100}, true);
        assertThat(post[0][0]).isCloseTo(0.5955314193937402, within(TOL));
        assertThat(post[1][0]).isCloseTo(0.7757002210634508, within(TOL));
        assertThat(post[0][1]).isCloseTo(9.490706335447905, within(1e-7));
        assertThat(post[0][2]).isCloseTo(86.03706894355258, within(1e-6));
    }

    /**
     * The binomial family on surg.csv (844 surgeries: n nodes, s positive): deconvolveR's vignette
     * call deconv(tau = seq(0.01, 0.99, 0.01), X = surg, family = "Binomial"), each unit its own
     * likelihood dbinom(s; n, tau) with y = 1. Reference: the numpy/scipy transcription.
     */
    @Test
    void surgeriesAsDeconvolveRsBinomialFamily() {
        double[][] surg = SharedEbData.columns("surg.csv", "n", "s");
        int[] n = new int[surg[0].length];
        int[] s = new int[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = (int) surg[0][i];
            s[i] = (int) surg[1][i];
        }
        double[] tau = new double[99];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = 0.01 * (k + 1);
        }
        EfronDeconvolution.Result r = EfronDeconvolution.binomial(n, s, tau, 5, 1.0);
        assertThat(r.s()).isCloseTo(0.013817113393129007, within(1e-10));
        // the Hessian is indefinite at the start: damped Newton steps get to the optimum in 9
        // steps, where falling back on the gradient took 92
        assertThat(r.iterations()).isLessThanOrEqualTo(15);
        double[][] expected = {
            {0, 0.12325780269859632, 0.008703347545454218, 0.12325780269859632, 0.008703347545454218, -0.004823267338802442},
            {10, 0.012453908520899218, 0.0013813707647855136, 0.5352430231131612, 0.01780642783373834, 0.0005381177866731065},
            {30, 0.00583126279557133, 0.0006490002363837732, 0.6388776009981194, 0.018743403457328733, 6.571232023292786e-05},
            {60, 0.0036836946228250675, 0.0007629756652990631, 0.8860312650938172, 0.01243122100114645, 0.0002093918793048083},
            {98, 0.005747672913977826, 0.0015784505514984683, 1.0, 0, -0.0001033729512689718}};
        assertStats(r, expected);
        double[][] post = EfronDeconvolution.binomialPosterior(r, new int[] {26, 14, 34, 3}, new int[] {0, 14, 3, 0});
        assertThat(post[0][0]).isCloseTo(0.02508549988211422, within(TOL));
        assertThat(post[0][1]).isCloseTo(0.9464096395657493, within(TOL));
        assertThat(post[0][2]).isCloseTo(0.07409355217401015, within(TOL));
        assertThat(post[0][3]).isCloseTo(0.08141712872816591, within(TOL));
        assertThat(post[1][1]).isCloseTo(0.04992833576243731, within(TOL));
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
