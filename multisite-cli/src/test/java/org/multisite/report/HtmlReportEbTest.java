package org.multisite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.eb.NormalEb;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The empirical Bayes overlay embedded in the fit report's data. */
class HtmlReportEbTest {
    private static final SiteData DATA = SiteData.of(List.of("a", "b", "c", "d", "e", "f", "g", "h"),
            new double[] {28, 8, -3, 7, -1, 1, 18, 12}, new double[] {5, 4, 5, 4, 3, 4, 4, 6});

    private static ObjectNode treeWithGrid() {
        ObjectNode tree = JsonMapper.builder().build().createObjectNode();
        var grid = tree.putObject("distribution").putArray("grid");
        for (int k = 0; k <= 100; k++) {
            grid.add(-20 + 0.6 * k);
        }
        return tree;
    }

    @Test
    void remlDensityNpmleMassAndEfronDensityOnTheChartsGrid() {
        ObjectNode tree = treeWithGrid();
        HtmlReport.addEmpiricalBayes(tree, DATA);
        NormalEb.Result reml = NormalEb.fit(DATA, NormalEb.Method.REML);
        assertThat(reml.tau2()).isPositive();
        JsonNode normal = tree.path("eb").path("normal_reml");
        assertThat(normal.path("tau2").asDouble()).isEqualTo(reml.tau2());
        // grid point 50 is x = 10: the normal density there, by hand
        double sd = Math.sqrt(reml.tau2());
        double z = (10 - reml.mu()) / sd;
        assertThat(normal.path("density").get(50).asDouble())
                .isCloseTo(Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI)), within(1e-15));
        JsonNode mass = tree.path("eb").path("npmle").path("mass");
        assertThat(mass.size()).isEqualTo(101);
        double total = 0;
        for (JsonNode m : mass) {
            total += m.asDouble();
        }
        assertThat(total).isCloseTo(1, within(1e-12));
        // Efron's g from the sites' own likelihoods on the same grid, as a density: mass / 0.6
        double[] x = new double[101];
        for (int k = 0; k <= 100; k++) {
            x[k] = -20 + 0.6 * k;
        }
        var efron = org.multisite.eb.EfronDeconvolution.normalUnits(DATA.estimates(), DATA.ses(), x, 5, 1);
        JsonNode density = tree.path("eb").path("efron").path("density");
        assertThat(density.size()).isEqualTo(101);
        assertThat(density.get(50).asDouble()).isCloseTo(efron.g()[50] / 0.6, within(1e-12));
    }

    @Test
    void noOverlayWithCovariates() {
        ObjectNode tree = treeWithGrid();
        SiteData withX = SiteData.of(DATA.ids(), DATA.estimates(), DATA.ses(), List.of("x"),
                new double[][] {{1, 2, 3, 4, 5, 6, 7, 8}});
        HtmlReport.addEmpiricalBayes(tree, withX);
        assertThat(tree.has("eb")).isFalse();
    }
}
