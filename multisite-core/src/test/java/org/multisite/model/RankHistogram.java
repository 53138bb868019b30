package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.multisite.mcmc.Draws;

/**
 * The bookkeeping of simulation-based calibration (Talts et al. 2018): the rank of each true
 * value among L posterior draws, binned, and a chi-square test of uniformity of the bins.
 */
public final class RankHistogram {
    /** Upper 0.1% point of chi-square with 9 df, for 10 bins. */
    static final double CHI2_9DF_999 = 27.877;
    static final int BINS = 10;

    /**
     * Replications of a calibration test: {@code defaultValue} in the test run, more from the
     * full script (bench/sbc sets -Dmultisite.sbc.replications).
     */
    public static int replications(int defaultValue) {
        return Integer.getInteger("multisite.sbc.replications", defaultValue);
    }

    private final List<String> names;
    private final int draws;
    private final int[][] counts;
    private int replications;

    /** @param draws L, the number of posterior draws per replication (ranks 0..L fall in BINS bins) */
    public RankHistogram(List<String> names, int draws) {
        if ((draws + 1) % BINS != 0) {
            throw new IllegalArgumentException("draws + 1 must be a multiple of " + BINS);
        }
        this.names = List.copyOf(names);
        this.draws = draws;
        this.counts = new int[names.size()][BINS];
    }

    /** Adds the ranks of {@code truth[k]} among the draws of {@code names.get(k)}. */
    public void add(Draws d, double... truth) {
        add(d, null, truth);
    }

    /**
     * As {@link #add(Draws, double...)}, placing the truth uniformly at random among draws equal
     * to it (for quantities on a grid; without ties this changes nothing).
     */
    public void add(Draws d, org.apache.commons.rng.UniformRandomProvider tieBreaker, double... truth) {
        for (int k = 0; k < names.size(); k++) {
            int rank = 0;
            int ties = 0;
            for (double v : d.column(names.get(k))) {
                rank += v < truth[k] ? 1 : 0;
                ties += v == truth[k] ? 1 : 0;
            }
            if (tieBreaker != null) {
                rank += tieBreaker.nextInt(ties + 1);
            }
            counts[k][rank * BINS / (draws + 1)]++;
        }
        replications++;
    }

    /** Fails if any quantity's bins reject uniformity at 0.1%. */
    public void assertUniform(String label) {
        double expected = (double) replications / BINS;
        for (int k = 0; k < names.size(); k++) {
            double chi2 = 0;
            for (int b = 0; b < BINS; b++) {
                chi2 += (counts[k][b] - expected) * (counts[k][b] - expected) / expected;
            }
            assertThat(chi2).as("SBC chi-square for %s (%s), bins %s", names.get(k), label, Arrays.toString(counts[k]))
                    .isLessThan(CHI2_9DF_999);
        }
    }
}
