package org.multisite.eb;

import java.util.Optional;
import org.multisite.data.SiteData;

/**
 * The empirical Bayes estimates of G from the same site estimates as a full-Bayes fit, on that
 * fit's grid, for drawing beside it: the normal G by REML (its density where tau^2 > 0), the
 * NPMLE's mass at each grid point, and Efron's log-spline g with each site's own se and
 * deconv's defaults (df 5, c0 1) as a density, its mass per unit width of the equally spaced grid.
 *
 * @param normalDensity the REML normal density on the grid, or null when tau^2 = 0 (a point mass)
 * @param efronDensity Efron's g per unit width, or null when the grid has too few points for its spline
 */
public record EbOverlay(double mu, double tau2, double[] normalDensity, double[] npmleMass, double[] efronDensity) {
    /**
     * The overlay on {@code grid} (equally spaced), or none: with covariates (G is then not a
     * deconvolution of the estimates alone), fewer than 3 sites, or fewer than 2 grid points.
     */
    public static Optional<EbOverlay> of(SiteData data, double[] grid) {
        if (data.covariateCount() > 0 || data.size() < 3 || grid.length < 2) {
            return Optional.empty();
        }
        NormalEb.Result reml = NormalEb.fit(data, NormalEb.Method.REML);
        double[] normal = null;
        if (reml.tau2() > 0) {
            double sd = Math.sqrt(reml.tau2());
            normal = new double[grid.length];
            for (int k = 0; k < grid.length; k++) {
                double z = (grid[k] - reml.mu()) / sd;
                normal[k] = Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
            }
        }
        double[] mass = Npmle.fit(data, grid).mass();
        double[] efron = null;
        if (grid.length >= EfronFit.DEFAULT_DF + 2) {
            EfronDeconvolution.Result r = EfronDeconvolution.normalUnits(data.estimates(), data.ses(), grid, EfronFit.DEFAULT_DF,
                    EfronFit.DEFAULT_PENALTY);
            double width = (grid[grid.length - 1] - grid[0]) / (grid.length - 1);
            efron = new double[grid.length];
            for (int k = 0; k < grid.length; k++) {
                efron[k] = r.g()[k] / width;
            }
        }
        return Optional.of(new EbOverlay(reml.mu(), reml.tau2(), normal, mass, efron));
    }
}
