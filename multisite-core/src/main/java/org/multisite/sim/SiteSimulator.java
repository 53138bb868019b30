package org.multisite.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.multisite.data.InvalidDataException;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;

/**
 * Simulated site-level data (design.md section 6): theta_j = mean + x_j' beta + tau u_j with
 * u_j from a standardized {@link Shape} and x_jk ~ N(0, 1) site covariates, standard errors
 * from a {@link SeDesign}, and y_j = theta_j + s_j e_j. Per site, in order: its SE (when drawn),
 * its covariates, u_j, e_j; so a seed gives the same data on any machine and in any order of
 * replications.
 */
public final class SiteSimulator {
    private SiteSimulator() {
    }

    /** A simulated data set and the true effects that generated it. */
    public record Simulated(SiteData data, double[] trueEffects) {
    }

    /** What to simulate: G's shape, location and scale, the SEs, and the covariates' coefficients. */
    public record Design(Shape shape, int sites, double mean, double tau, SeDesign se, double[] coefficients) {
        /** The most sites a simulation takes: far beyond any trial, a bound on the memory. */
        public static final int MAX_SITES = 10_000_000;

        /** @throws InvalidParameterException naming sites, tau, mean or coefficients when out of range */
        public Design {
            if (sites < 2 || sites > MAX_SITES) {
                throw InvalidParameterException.of("sites", sites, "expected at least 2 and at most " + MAX_SITES);
            }
            if (!(tau > 0) || !Double.isFinite(tau)) {
                throw InvalidParameterException.of("tau", tau, "expected a number > 0");
            }
            if (!Double.isFinite(mean)) {
                throw InvalidParameterException.of("mean", mean, "expected a finite number");
            }
            for (double b : coefficients) {
                if (!Double.isFinite(b)) {
                    throw InvalidParameterException.of("coefficients", b, "expected finite numbers");
                }
            }
            coefficients = coefficients.clone();
        }
    }

    public static Simulated simulate(Design d, UniformRandomProvider rng) {
        NormalizedGaussianSampler z = Shape.gaussian(rng);
        int p = d.coefficients().length;
        List<String> ids = new ArrayList<>();
        double[] y = new double[d.sites()];
        double[] se = new double[d.sites()];
        double[] theta = new double[d.sites()];
        double[][] x = new double[p][d.sites()];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < p; k++) {
            names.add("x" + (k + 1));
        }
        for (int j = 0; j < d.sites(); j++) {
            se[j] = d.se().se(j, d.sites(), d.tau(), rng, z);
            double t = d.mean();
            for (int k = 0; k < p; k++) {
                x[k][j] = z.sample();
                t += d.coefficients()[k] * x[k][j];
            }
            theta[j] = t + d.tau() * d.shape().sample(rng, z);
            y[j] = theta[j] + se[j] * z.sample();
            ids.add(String.format(Locale.ROOT, "site%02d", j + 1));
        }
        try {
            return new Simulated(SiteData.of(ids, y, se, names, x), theta);
        } catch (InvalidDataException e) {
            // a design whose draws no model takes (a mean of 1e300, SEs 1e120 times apart): said as such
            throw new InvalidDataException("the simulated data: " + e.getMessage() + " (simulate on another scale)");
        }
    }

    /**
     * Gaussian site effects with the informativeness design.
     *
     * @param sites J >= 2
     * @param informativeness I in (0, 1)
     * @param varianceRatio R = max s_j^2 / min s_j^2 >= 1
     */
    public static Simulated gaussian(int sites, double mean, double tau, double informativeness,
                                     double varianceRatio, UniformRandomProvider rng) {
        if (sites < 2 || !(tau > 0) || !(informativeness > 0 && informativeness < 1) || !(varianceRatio >= 1)) {
            throw new IllegalArgumentException("need J >= 2, tau > 0, 0 < I < 1, R >= 1");
        }
        return simulate(new Design(new Shape.Gaussian(), sites, mean, tau,
                new SeDesign.Informativeness(informativeness, varianceRatio), new double[0]), rng);
    }
}
