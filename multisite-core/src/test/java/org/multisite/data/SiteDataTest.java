package org.multisite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SiteDataTest {
    private static final List<String> IDS = List.of("a", "b", "c", "d");
    private static final double[] Y = {1, 2, 3, 4};
    private static final double[] SE = {1, 2, 1, 2};

    @Test
    void validDataKeepsItsOrder() {
        SiteData d = SiteData.of(IDS, Y, SE);
        assertThat(d.ids()).containsExactly("a", "b", "c", "d");
        // GM(s^2) = exp(mean(log(1, 4, 1, 4))) = 2
        assertThat(d.geometricMeanVariance()).isCloseTo(2, within(1e-12));
    }

    @Test
    void robustScaleIgnoresUninformativeSites() {
        // five sites with se 1 at -1, 0, 0, 1, 2 and one with se 5000 at 19: the last is left out
        SiteData d = SiteData.of(List.of("a", "b", "c", "d", "e", "f"), new double[] {-1, 0, 0, 1, 2, 19},
                new double[] {1, 1, 1, 1, 1, 5000});
        assertThat(d.informativeEstimates()).containsExactly(-1, 0, 0, 1, 2);
        assertThat(d.robustCentre()).isEqualTo(0);
        // absolute deviations 1, 0, 0, 1, 2: median 1
        assertThat(d.robustScale()).isCloseTo(1.4826, within(1e-12));
    }

    @Test
    void scalesWhoseSquaresOverflowAreRefusedAndTwelveOrdersAreNot() {
        assertThatThrownBy(() -> SiteData.of(List.of("a", "b"), new double[] {1e101, 2}, new double[] {1, 1}))
                .hasMessageContaining("site 'a'").hasMessageContaining("rescale");
        assertThatThrownBy(() -> SiteData.of(List.of("a", "b"), new double[] {1, 2}, new double[] {1e-101, 1}))
                .hasMessageContaining("site 'a'");
        assertThatThrownBy(() -> SiteData.of(List.of("a", "b"), new double[] {1e60, 2}, new double[] {1, 1e-50}))
                .hasMessageContaining("site 'a'");
        SiteData wide = SiteData.of(List.of("a", "b", "c"), new double[] {1, 2, 1e3}, new double[] {1e-12, 1, 1e3});
        assertThat(wide.size()).isEqualTo(3);
    }

    @Test
    void everyRuleIsEnforced() {
        assertThatThrownBy(() -> SiteData.of(List.of("a"), new double[] {1}, new double[] {1}))
                .hasMessageContaining("at least 2 sites");
        assertThatThrownBy(() -> SiteData.of(List.of("a", "a"), new double[] {1, 2}, new double[] {1, 1}))
                .hasMessageContaining("duplicate site id 'a'");
        assertThatThrownBy(() -> SiteData.of(List.of("a", "b"), new double[] {1, 2}, new double[] {1, 0}))
                .hasMessageContaining("site 'b': standard error must be finite and > 0");
        assertThatThrownBy(() -> SiteData.of(List.of("a", "b"), new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}))
                .hasMessageContaining("standard error must be finite");
        assertThatThrownBy(() -> SiteData.of(List.of("a", "b"), new double[] {Double.NaN, 2}, new double[] {1, 1}))
                .hasMessageContaining("estimate is not finite");
    }

    @Test
    void constantAndCollinearCovariatesAreRefused() {
        assertThatThrownBy(() -> SiteData.of(IDS, Y, SE, List.of("k"), new double[][] {{5, 5, 5, 5}}))
                .hasMessageContaining("covariate 'k' is constant");
        assertThatThrownBy(() -> SiteData.of(IDS, Y, SE, List.of("x", "z"), new double[][] {{1, 2, 3, 5}, {3, 5, 7, 11}}))
                .hasMessageContaining("covariate 'z' is collinear with the intercept and [x]");
        assertThatThrownBy(() -> SiteData.of(IDS, Y, SE, List.of("x", "z", "w"),
                new double[][] {{1, 2, 3, 5}, {0, 1, 0, 1}, {2, 0, 1, 1}}))
                .hasMessageContaining("3 covariates need more than 4 sites");
        SiteData ok = SiteData.of(IDS, Y, SE, List.of("x", "z"), new double[][] {{1, 2, 3, 5}, {0, 1, 0, 1}});
        assertThat(ok.covariateCount()).isEqualTo(2);
    }
}
