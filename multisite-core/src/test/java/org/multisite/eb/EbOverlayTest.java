package org.multisite.eb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;

/** The empirical Bayes overlay that the fit report draws beside G. */
class EbOverlayTest {
    private static final SiteData DATA = SiteData.of(List.of("a", "b", "c", "d", "e", "f", "g", "h"),
            new double[] {28, 8, -3, 7, -1, 1, 18, 12}, new double[] {5, 4, 5, 4, 3, 4, 4, 6});

    private static double[] grid() {
        double[] x = new double[101];
        for (int k = 0; k <= 100; k++) {
            x[k] = -20 + 0.6 * k;
        }
        return x;
    }

    @Test
    void remlDensityNpmleMassAndEfronDensityOnTheChartsGrid() {
        EbOverlay overlay = EbOverlay.of(DATA, grid()).orElseThrow();
        NormalEb.Result reml = NormalEb.fit(DATA, NormalEb.Method.REML);
        assertThat(reml.tau2()).isPositive();
        assertThat(overlay.tau2()).isEqualTo(reml.tau2());
        // grid point 50 is x = 10: the normal density there, by hand
        double sd = Math.sqrt(reml.tau2());
        double z = (10 - reml.mu()) / sd;
        assertThat(overlay.normalDensity()[50]).isCloseTo(Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI)), within(1e-15));
        assertThat(overlay.npmleMass()).hasSize(101);
        assertThat(java.util.Arrays.stream(overlay.npmleMass()).sum()).isCloseTo(1, within(1e-12));
        // Efron's g from the sites' own likelihoods on the same grid, as a density: mass / 0.6
        var efron = EfronDeconvolution.normalUnits(DATA.estimates(), DATA.ses(), grid(), 5, 1);
        assertThat(overlay.efronDensity()).hasSize(101);
        assertThat(overlay.efronDensity()[50]).isCloseTo(efron.g()[50] / 0.6, within(1e-12));
    }

    @Test
    void noOverlayWithCovariates() {
        SiteData withX = SiteData.of(DATA.ids(), DATA.estimates(), DATA.ses(), List.of("x"),
                new double[][] {{1, 2, 3, 4, 5, 6, 7, 8}});
        assertThat(EbOverlay.of(withX, grid())).isEmpty();
    }
}
