package org.multisite.sim;

import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.Family;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.UnitData;

/**
 * Simulated unit-level trials: J sites with n_j units each (n_j uniform on [minUnits,
 * maxUnits]), half of them treated (rounded down), site effects theta_j ~ N(mean, tau^2), site
 * intercepts a_j ~ N(intercept, intercept SD^2), one unit covariate z ~ N(0, 1) with effect
 * gamma. Gaussian: y = a_j + theta_j T + gamma z + e, e ~ N(0, sigma_T^2) with sigma by arm.
 * Binomial: P(y = 1) = logistic(a_j + theta_j T + gamma z).
 */
public final class UnitSimulator {
    private UnitSimulator() {
    }

    /** What to simulate. */
    public record Design(int sites, int minUnits, int maxUnits, double mean, double tau, double intercept,
                         double interceptSd, double gamma, double sigmaControl, double sigmaTreated, Family family) {
        public Design {
            if (sites < 2 || minUnits < 4 || maxUnits < minUnits || !(tau >= 0) || !(interceptSd >= 0)
                    || !(sigmaControl > 0) || !(sigmaTreated > 0)) {
                throw new IllegalArgumentException("need J >= 2, 4 <= min units <= max units, tau, SDs >= 0, sigmas > 0");
            }
        }
    }

    /** Simulated records with the true site effects and intercepts. */
    public record Simulated(UnitData data, double[] trueEffects, double[] trueIntercepts) {
    }

    public static Simulated simulate(Design d, UniformRandomProvider rng) {
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        UnitData.Builder records = UnitData.builder(List.of("z"), d.family());
        double[] theta = new double[d.sites()];
        double[] a = new double[d.sites()];
        for (int j = 0; j < d.sites(); j++) {
            theta[j] = d.mean() + d.tau() * z.sample();
            a[j] = d.intercept() + d.interceptSd() * z.sample();
            int n = d.minUnits() + rng.nextInt(d.maxUnits() - d.minUnits() + 1);
            String id = String.format(Locale.ROOT, "site%02d", j + 1);
            for (int i = 0; i < n; i++) {
                int treated = i < n / 2 ? 1 : 0;
                double zi = z.sample();
                double eta = a[j] + theta[j] * treated + d.gamma() * zi;
                double yi;
                if (d.family() == Family.GAUSSIAN) {
                    yi = eta + (treated == 1 ? d.sigmaTreated() : d.sigmaControl()) * z.sample();
                } else {
                    yi = rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
                }
                records.add(id, treated, yi, zi);
            }
        }
        return new Simulated(records.build(), theta, a);
    }

    /**
     * Unit records for a site-level design whose SEs come from site sizes: site j has n_j units
     * from {@link SeDesign.SiteSizes}, floor(n_j / 2) of them treated (the first ones), effect
     * theta_j = mean + tau u_j from the design's shape, intercept a_j ~ N(0, interceptSd^2), and
     * gaussian outcomes a_j + theta_j T + e with SD sqrt(kappa / 4) in each arm (so that the
     * difference in means has variance about kappa / n_j, the site-level design's s_j^2), or
     * binary outcomes with logit P(y = 1) = a_j + theta_j T. Per site, in order: n_j, u_j, a_j,
     * then each unit's noise. No covariates.
     */
    public static Simulated fromSites(SiteSimulator.Design design, double interceptSd, Family family,
                                      UniformRandomProvider rng) {
        if (!(design.se() instanceof SeDesign.SiteSizes sizes)) {
            throw InvalidParameterException.of("site_size", "none", "unit records need site sizes (a site-size design), not an"
                    + " informativeness design");
        }
        if (design.coefficients().length > 0) {
            throw InvalidParameterException.of("coefficients", design.coefficients().length + " covariates", "site covariates"
                    + " are not simulated with unit records in this version");
        }
        if (!(interceptSd >= 0) || !Double.isFinite(interceptSd)) {
            throw InvalidParameterException.of("intercept_sd", interceptSd, "expected a number >= 0");
        }
        NormalizedGaussianSampler z = Shape.gaussian(rng);
        double sigma = Math.sqrt(sizes.kappa() / 4);
        UnitData.Builder records = UnitData.builder(List.of(), family);
        double[] theta = new double[design.sites()];
        double[] a = new double[design.sites()];
        for (int j = 0; j < design.sites(); j++) {
            int n = sizes.size(rng, z);
            theta[j] = design.mean() + design.tau() * design.shape().sample(rng, z);
            a[j] = interceptSd * z.sample();
            String id = String.format(Locale.ROOT, "site%02d", j + 1);
            for (int i = 0; i < n; i++) {
                int treated = i < n / 2 ? 1 : 0;
                double eta = a[j] + theta[j] * treated;
                double yi = family == Family.GAUSSIAN ? eta + sigma * z.sample()
                        : rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
                records.add(id, treated, yi);
            }
        }
        return new Simulated(records.build(), theta, a);
    }
}
