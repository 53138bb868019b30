package org.multisite.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.SiteData;

/**
 * Simulated site-level data with Gaussian site effects theta_j = mean + tau z_j and the
 * informativeness design of the seed research (design.md section 6): sampling variances
 * s_j^2 log-spaced between GM / sqrt(R) and GM sqrt(R), GM = (1 - I) / I tau^2, so that their
 * geometric mean gives informativeness I = tau^2 / (tau^2 + GM(s^2)) and max/min of s^2 is R;
 * then y_j = theta_j + s_j e_j.
 */
public final class SiteSimulator {
    private SiteSimulator() {
    }

    /** A simulated data set and the true effects that generated it. */
    public record Simulated(SiteData data, double[] trueEffects) {
    }

    /**
     * @param sites J >= 2
     * @param informativeness I in (0, 1)
     * @param varianceRatio R = max s_j^2 / min s_j^2 >= 1
     */
    public static Simulated gaussian(int sites, double mean, double tau, double informativeness,
                                     double varianceRatio, UniformRandomProvider rng) {
        if (sites < 2 || !(tau > 0) || !(informativeness > 0 && informativeness < 1) || !(varianceRatio >= 1)) {
            throw new IllegalArgumentException("need J >= 2, tau > 0, 0 < I < 1, R >= 1");
        }
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        double gm = (1 - informativeness) / informativeness * tau * tau;
        List<String> ids = new ArrayList<>();
        double[] y = new double[sites];
        double[] se = new double[sites];
        double[] theta = new double[sites];
        for (int j = 0; j < sites; j++) {
            // log s_j^2 evenly spaced over log GM +- log(R) / 2
            double position = (double) j / (sites - 1) - 0.5;
            se[j] = Math.sqrt(gm * Math.pow(varianceRatio, position));
            theta[j] = mean + tau * z.sample();
            y[j] = theta[j] + se[j] * z.sample();
            ids.add(String.format(Locale.ROOT, "site%02d", j + 1));
        }
        return new Simulated(SiteData.of(ids, y, se), theta);
    }
}
