package org.multisite.eb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.multisite.data.SiteData;

/**
 * Normal EB against independent computations in numpy 2.4: DL by its closed form written
 * separately; ML and REML by maximizing the (restricted) log likelihood directly (a grid of
 * 20,001 points, then golden-section search), not by scoring; beta, its SE, the BLUP and its SE
 * by the GLS and BLUP formulas. A direct search cannot locate a smooth maximum closer than
 * about sqrt(machine epsilon / curvature), some 1e-8 in tau^2 here: tau^2 is checked to 5e-8
 * against it and, sharper, by the score vanishing at the estimate; the rest to 1e-8. The REML
 * log likelihoods include metafor's constant 1/2 log|X'X| (log 10 / 2 without the covariate,
 * log 121 / 2 with it), added to the numpy values.
 */
class NormalEbTest {
    private static final double TOL = 1e-8;
    private static final double[] Y = {0.1, 0.9, -0.4, 1.2, 0.3, -0.2, 0.8, 1.5, -0.6, 0.5};
    private static final double[] V = {0.02, 0.05, 0.03, 0.04, 0.06, 0.02, 0.05, 0.03, 0.04, 0.02};
    private static final double[] X = {1, 0, 2, 1, 0, 3, 2, 0, 1, 3};

    private static SiteData data(boolean covariate) {
        double[] se = new double[V.length];
        for (int j = 0; j < se.length; j++) {
            se[j] = Math.sqrt(V[j]);
        }
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        return covariate ? SiteData.of(ids, Y, se, List.of("x"), new double[][] {X}) : SiteData.of(ids, Y, se);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "false, DL, 0.43331251126193765, 0.40560871129441955, 0, 0.21654635649242238, 0.8488538701993544, 0.21290661559977903, -10.075169907854448",
        "false, ML, 0.4037641461417838, 0.40531041235605897, 0, 0.20960651379030915, 0.8454904500663909, 0.21218853490043835, -10.064749691924318",
        "false, REML, 0.4523525788983931, 0.40578161152907377, 0, 0.22090232994280098, 0.850809609701348, 0.21332330905244765, -9.531258418612122",
        "true, DL, 0.40240273621205636, 0.7283062379571564, -0.24469803850721694, 0.3262774199894356, 0.8810242347912807, 0.2139493171531488, -9.23219660517218",
        "true, ML, 0.32864161694166716, 0.728949316393652, -0.2451635295153663, 0.2979241944416823, 0.8774125880578125, 0.2120027814657992, -9.152455813378216",
        "true, REML, 0.42054165605070304, 0.7281772853135329, -0.24460465080443095, 0.33287866620784806, 0.8817420293743395, 0.214331851461659, -8.21986277092696",
    })
    void matchesIndependentComputations(boolean covariate, NormalEb.Method method, double tau2, double mu, double slope,
                                        double muSe, double blup2, double blupSe2, double logLik) {
        NormalEb.Result r = NormalEb.fit(data(covariate), method);
        // the brute-force maxima are accurate to about 1e-10 in tau^2
        assertThat(r.tau2()).isCloseTo(tau2, within(method == NormalEb.Method.DL ? 1e-12 : 5e-8));
        if (method != NormalEb.Method.DL && r.tau2() > 0) {
            assertThat(score(covariate, r.tau2(), method)).isCloseTo(0, within(1e-10));
        }
        assertThat(r.mu()).isCloseTo(mu, within(TOL));
        if (covariate) {
            assertThat(r.beta()[1]).isCloseTo(slope, within(TOL));
        }
        assertThat(r.muSe()).isCloseTo(muSe, within(TOL));
        assertThat(r.blup()[1]).isCloseTo(blup2, within(TOL));
        assertThat(r.blupSe()[1]).isCloseTo(blupSe2, within(TOL));
        // DL reports the ML log likelihood at its tau^2
        assertThat(r.logLik()).isCloseTo(logLik, within(TOL));
    }

    /** The (restricted) likelihood's score at tau2, from the estimator's own formula. */
    private static double score(boolean covariate, double tau2, NormalEb.Method method) {
        double[][] x = new double[Y.length][covariate ? 2 : 1];
        for (int j = 0; j < Y.length; j++) {
            x[j][0] = 1;
            if (covariate) {
                x[j][1] = X[j];
            }
        }
        return NormalEb.scoreAndInformation(x, Y, V, tau2, method)[0];
    }

    @Test
    void eightSchoolsAreAtTheBoundary() {
        // the eight schools' estimates vary less than their SEs imply: tau^2 = 0 for all three,
        // mu the precision-weighted mean 7.6856 (SE 4.0719), BLUPs all equal to it (numpy)
        SiteData d = SiteData.of(List.of("A", "B", "C", "D", "E", "F", "G", "H"),
                new double[] {28, 8, -3, 7, -1, 1, 18, 12}, new double[] {15, 10, 16, 11, 9, 11, 10, 18});
        for (NormalEb.Method m : NormalEb.Method.values()) {
            NormalEb.Result r = NormalEb.fit(d, m);
            assertThat(r.tau2()).as(m.name()).isEqualTo(0);
            assertThat(r.mu()).isCloseTo(7.685616724956035, within(TOL));
            assertThat(r.muSe()).isCloseTo(4.071919158402296, within(TOL));
            assertThat(r.blup()[0]).isCloseTo(7.685616724956035, within(TOL));
            assertThat(r.blupSe()[0]).isCloseTo(4.071919158402296, within(TOL));
        }
    }

    /**
     * Raudenbush (1985) teacher-expectancy data, 19 studies, as metafor's dat.raudenbush1985
     * (yi and vi from metadat's data-raw/dat.raudenbush1985.txt). metafor's documented results
     * (rma with method "REML", "DL", "ML"): REML tau^2 0.0188, mu 0.0837 (SE 0.0516); DL tau^2
     * 0.0259; ML tau^2 0.0126. They are printed to 4 decimals, so agreement is checked to half a
     * unit in the last place.
     */
    @Test
    void teacherExpectancyAgreesWithMetafor() {
        double[] yi = {0.03, 0.12, -0.14, 1.18, 0.26, -0.06, -0.02, -0.32, 0.27, 0.80, 0.54, 0.18, -0.02, 0.23,
            -0.18, -0.06, 0.30, 0.07, -0.07};
        double[] vi = {0.0156, 0.0216, 0.0279, 0.1391, 0.1362, 0.0106, 0.0106, 0.0484, 0.0269, 0.0630, 0.0912,
            0.0497, 0.0835, 0.0841, 0.0253, 0.0279, 0.0193, 0.0088, 0.0303};
        double[] se = new double[vi.length];
        List<String> ids = new java.util.ArrayList<>();
        for (int j = 0; j < vi.length; j++) {
            se[j] = Math.sqrt(vi[j]);
            ids.add("s" + (j + 1));
        }
        SiteData d = SiteData.of(ids, yi, se);
        NormalEb.Result reml = NormalEb.fit(d, NormalEb.Method.REML);
        assertThat(reml.tau2()).isCloseTo(0.0188, within(5e-5));
        assertThat(reml.mu()).isCloseTo(0.0837, within(5e-5));
        assertThat(reml.muSe()).isCloseTo(0.0516, within(5e-5));
        assertThat(NormalEb.fit(d, NormalEb.Method.DL).tau2()).isCloseTo(0.0259, within(5e-5));
        assertThat(NormalEb.fit(d, NormalEb.Method.ML).tau2()).isCloseTo(0.0126, within(5e-5));
    }

    /**
     * Issue 14, item 5: an SE of 1e-12 among SEs of about 1. DL's denominator tr(W) -
     * tr((X'WX)^-1 X'W^2 X) lost every digit (tau^2 = Infinity), and ML and REML, started there,
     * returned NaN. DL against its closed form in 60-digit arithmetic, sum w - sum w^2 / sum w;
     * REML at the maximum of its restricted likelihood over a fine grid; ML at 0, where its
     * likelihood's largest value is (the tiny-SE site's variance log(se^2 + tau^2) spikes there).
     */
    @Test
    void aTinySeAmongOrdinaryOnes() {
        double[] y = {1, 0.5, -1, 2, 0.3, -0.5};
        double[] se = {1e-12, 1, 1.2, 0.8, 1, 0.9};
        SiteData d = SiteData.of(List.of("A", "B", "C", "D", "E", "F"), y, se);
        java.math.MathContext mc = new java.math.MathContext(60);
        java.math.BigDecimal sw = java.math.BigDecimal.ZERO;
        java.math.BigDecimal sw2 = java.math.BigDecimal.ZERO;
        java.math.BigDecimal swy = java.math.BigDecimal.ZERO;
        java.math.BigDecimal swy2 = java.math.BigDecimal.ZERO;
        for (int j = 0; j < y.length; j++) {
            java.math.BigDecimal w = java.math.BigDecimal.ONE.divide(new java.math.BigDecimal(se[j]).pow(2, mc), mc);
            java.math.BigDecimal yj = new java.math.BigDecimal(y[j]);
            sw = sw.add(w, mc);
            sw2 = sw2.add(w.pow(2, mc), mc);
            swy = swy.add(w.multiply(yj, mc), mc);
            swy2 = swy2.add(w.multiply(yj.pow(2, mc), mc), mc);
        }
        double q = swy2.subtract(swy.pow(2, mc).divide(sw, mc), mc).doubleValue();
        double denominator = sw.subtract(sw2.divide(sw, mc), mc).doubleValue();
        double dl = Math.max(0, (q - (y.length - 1)) / denominator);
        NormalEb.Result r = NormalEb.fit(d, NormalEb.Method.DL);
        assertThat(r.tau2()).isCloseTo(dl, within(1e-9 * dl));
        NormalEb.Result reml = NormalEb.fit(d, NormalEb.Method.REML);
        double best = Double.NEGATIVE_INFINITY;
        double arg = 0;
        double[][] x = new double[y.length][] ;
        double[] v = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            x[j] = new double[] {1};
            v[j] = se[j] * se[j];
        }
        for (int i = 0; i <= 200_000; i++) {
            double t = i * 1e-5;
            double l = NormalEb.logLik(x, y, v, t, NormalEb.Method.REML);
            if (l > best) {
                best = l;
                arg = t;
            }
        }
        assertThat(reml.tau2()).isCloseTo(arg, within(2e-5));
        NormalEb.Result ml = NormalEb.fit(d, NormalEb.Method.ML);
        assertThat(ml.tau2()).isZero();
        for (double t : new double[] {1e-20, 1e-6, 0.1, 1}) {
            assertThat(NormalEb.logLik(x, y, v, t, NormalEb.Method.ML)).isLessThan(NormalEb.logLik(x, y, v, 0, NormalEb.Method.ML));
        }
        for (NormalEb.Result each : List.of(r, reml, ml)) {
            assertThat(each.mu()).isFinite();
            assertThat(java.util.Arrays.stream(each.blup()).allMatch(Double::isFinite)).isTrue();
        }
    }
}
