package org.multisite.hetop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.InvalidParameterException;

/**
 * Coarsened group data from the HETOP model (as HETOP's {@code gendata_hetop}): each of group
 * g's n_g units has a latent score N(mu_g, sigma_g^2), counted in category k when it falls in
 * (c_{k-1}, c_k], with c_0 = -infinity and c_K = +infinity. Units in order, group by group.
 */
public final class HetopSimulator {
    private HetopSimulator() {
    }

    /**
     * Groups drawn from a population: means {@code mean + tau z}, SDs {@code exp(logSdMean +
     * logSdSd z)}, {@code groupSize} units each, counted at {@code cuts}.
     */
    public record Design(int groups, double mean, double tau, double logSdMean, double logSdSd, int groupSize,
                         double[] cuts) {
        /** @throws InvalidParameterException naming the parameter out of range */
        public Design {
            if (groups < 1 || groups > MAX_GROUPS) {
                throw InvalidParameterException.of("sites", groups, "expected 1 to " + MAX_GROUPS + " groups");
            }
            if (groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
                throw InvalidParameterException.of("group_size", groupSize, "expected 1 to " + MAX_GROUP_SIZE);
            }
            if (!(logSdSd >= 0) || !Double.isFinite(logSdSd)) {
                throw InvalidParameterException.of("log_sd_sd", logSdSd, "expected a number >= 0");
            }
            if (!Double.isFinite(mean) || !Double.isFinite(tau) || !Double.isFinite(logSdMean)) {
                throw InvalidParameterException.of("mean", mean, "the groups' population needs finite parameters");
            }
            cuts = checkedCuts(cuts);
        }
    }

    /** Simulated groups: ids g01, g02, ..., sizes, true means and SDs, and the counts in each category. */
    public record Simulated(List<String> ids, int[] sizes, double[] mu, double[] sigma, int[][] counts) {
    }

    /** The most groups, and units per group, a simulation takes: far beyond any study, a bound on the work. */
    static final int MAX_GROUPS = 1_000_000;
    static final int MAX_GROUP_SIZE = 100_000_000;

    /** Groups from {@code design}: first every group's mean and SD, then their units. */
    public static Simulated simulate(Design design, UniformRandomProvider rng) {
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = design.groups();
        double[] mu = new double[n];
        double[] sigma = new double[n];
        int[] sizes = new int[n];
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            mu[g] = design.mean() + design.tau() * z.sample();
            sigma[g] = Math.exp(design.logSdMean() + design.logSdSd() * z.sample());
            sizes[g] = design.groupSize();
            ids.add(String.format(Locale.ROOT, "g%02d", g + 1));
        }
        return new Simulated(ids, sizes, mu, sigma, counts(mu, sigma, sizes, design.cuts(), rng));
    }

    /** Groups with given means, SDs and sizes. */
    public static Simulated simulate(List<String> ids, int[] sizes, double[] mu, double[] sigma, double[] cuts,
                                     UniformRandomProvider rng) {
        return new Simulated(List.copyOf(ids), sizes.clone(), mu.clone(), sigma.clone(),
                counts(mu, sigma, sizes, checkedCuts(cuts), rng));
    }

    /**
     * @throws InvalidParameterException (parameter {@code cuts}) unless there are at least 2
     *     finite increasing cut points (K >= 3 categories)
     */
    static double[] checkedCuts(double[] cuts) {
        if (cuts.length < 2) {
            throw InvalidParameterException.of("cuts", Arrays.toString(cuts), "HETOP needs K >= 3 categories, so at least"
                    + " 2 cut points");
        }
        for (int k = 0; k < cuts.length; k++) {
            if (!Double.isFinite(cuts[k]) || (k > 0 && !(cuts[k] > cuts[k - 1]))) {
                throw InvalidParameterException.of("cuts", Arrays.toString(cuts), "expected increasing finite numbers");
            }
        }
        return cuts.clone();
    }

    /** counts[g][k] for K = cuts.length + 1 categories. */
    public static int[][] counts(double[] mu, double[] sigma, int[] sizes, double[] cuts, UniformRandomProvider rng) {
        for (int k = 1; k < cuts.length; k++) {
            if (!(cuts[k] > cuts[k - 1])) {
                throw InvalidParameterException.of("cuts", Arrays.toString(cuts), "cut points must increase");
            }
        }
        NormalizedGaussianSampler z = ZigguratSampler.NormalizedGaussian.of(rng);
        int[][] out = new int[mu.length][cuts.length + 1];
        for (int g = 0; g < mu.length; g++) {
            if (!(sigma[g] > 0) || sizes[g] < 1) {
                throw InvalidParameterException.of("sigma", sigma[g], "group " + (g + 1) + ": sigma must be > 0 and n >= 1");
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
