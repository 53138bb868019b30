package org.multisite.hetop;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Coarsened group data from the HETOP model (as HETOP's {@code gendata_hetop}): each of group
 * g's n_g units has a latent score N(mu_g, sigma_g^2), counted in category k when it falls in
 * (c_{k-1}, c_k], with c_0 = -infinity and c_K = +infinity. Units in order, group by group.
 */
public final class HetopSimulator {
    private HetopSimulator() {
    }

    /** counts[g][k] for K = cuts.length + 1 categories. */
    public static int[][] counts(double[] mu, double[] sigma, int[] sizes, double[] cuts, UniformRandomProvider rng) {
        for (int k = 1; k < cuts.length; k++) {
            if (!(cuts[k] > cuts[k - 1])) {
                throw new IllegalArgumentException("cut points must increase");
            }
        }
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        int[][] out = new int[mu.length][cuts.length + 1];
        for (int g = 0; g < mu.length; g++) {
            if (!(sigma[g] > 0) || sizes[g] < 1) {
                throw new IllegalArgumentException("group " + (g + 1) + ": sigma must be > 0 and n >= 1");
            }
            for (int i = 0; i < sizes[g]; i++) {
                double y = mu[g] + sigma[g] * z.sample();
                int k = 0;
                while (k < cuts.length && y > cuts[k]) {
                    k++;
                }
                out[g][k]++;
            }
        }
        return out;
    }
}
