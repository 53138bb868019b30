package org.multisite.mcmc;

import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import org.multisite.data.InvalidParameterException;
import org.multisite.numeric.PooledOrder;

/**
 * Sizes checked before allocating, so that a request too large for this JVM is refused with
 * what would fit instead of failing half-way with an {@link OutOfMemoryError}. The estimate
 * counts what the draws and their summaries hold; the heap's own overheads (G1 gives an array
 * over half a region a whole region) can still exhaust it near the limit, which the command
 * line reports in one line.
 */
public final class Memory {
    /** The largest Java array. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /**
     * Values per draw beyond the quantities' own (which for a fit include G's numbers): the
     * objects holding G of each draw, its mean, SD and quantiles, I, and
     * the sorted, folded and split copies the quantiles and R-hat take of one quantity at a time.
     */
    private static final int PER_DRAW = 64;
    /** The heap's smallest and largest G1 region. */
    private static final long MIN_REGION = 1L << 20;
    private static final long MAX_REGION = 32L << 20;

    private Memory() {
    }

    /** Bytes this JVM can still allocate: its maximum heap less what is in use. */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Bytes {@code draws} draws per chain of {@code quantities} quantities take with their
     * summaries: each quantity's column of doubles, as the heap allocates it ({@link #allocated}),
     * and what a site's rank draws take in the three goals ({@link #rankTally}), and the per-draw
     * vectors of {@link #PER_DRAW}; and a fifth more for what that leaves out (measured: 200
     * sites with a 2 GB heap ran out of memory at 0.9 of the count without it).
     */
    static long need(int chains, long draws, int quantities) {
        return need(chains, draws, quantities, 0, 0);
    }

    /**
     * Bytes a site's rank draws take in the three goals' tally of n draws ({@code
     * ThreeGoals.RankTally}): the ceil(n / 40) smallest and about as many largest ranks kept for
     * the 95% interval (at most n / 20 + 2 ints), the sum (a long) and two counts, four running
     * sums of its draws (for its mean), and its share of a batch's ranks and draws ({@link
     * #rankBatch}) among {@code sites} sites.
     */
    static long rankTally(long n, int sites) {
        return 4 * ((n + 19) / 20 + 2) + 16 + 32 + 12 * rankBatch(n, sites);
    }

    /**
     * The draws of n that the three goals rank in one batch among {@code sites} sites, as {@code
     * summary.ThreeGoals} cuts them (checked there): 8 tasks of 64 draws, fewer with many sites,
     * so that a task's copies hold at most 2^21 values, at least 8 draws.
     */
    public static long rankBatch(long n, int sites) {
        return Math.min(n, 8L * Math.max(8, Math.min(64, (1 << 21) / Math.max(1, sites))));
    }

    /**
     * As {@link #need(int, long, int)}, with {@code recomputed} quantities recomputed rather
     * than stored (only their rank tallies held), and {@code pooled} values per draw also pooled:
     * counted into {@link PooledOrder#bins} bins (a long each, and an int per bin for each thread's
     * counts and for the gathering's offsets), and the values of the bins asked for gathered: two
     * order statistics' bins for each pooled value's GR estimate and one for each point of G's grid,
     * at most, of the pool's values per bin on average (in a pool of distinct values); and what
     * the results keep of each pooled value (a site's summaries and their JSON tree).
     */
    static long need(int chains, long draws, int quantities, int recomputed, int pooled) {
        long n = chains * draws;
        long values = n * pooled;
        long bins = PooledOrder.bins(values) + 1L;
        long gathered = Math.min(values, (2L * pooled + GRID_POINTS) * ((values + bins - 1) / bins));
        int ranked = Math.max(1, pooled);
        long counted = quantities * (allocated(8 * n) + rankTally(n, ranked)) + recomputed * rankTally(n, ranked)
                + PER_DRAW * allocated(8 * n)
                + (pooled == 0 ? 0 : allocated(8 * bins) + (threads() + 1) * allocated(4 * bins)
                        + allocated(8 * gathered) + RESULTS_PER_SITE * pooled);
        return counted + counted / 5;
    }

    /** The points of G's grid whose expected EDF the pool answers ({@code summary.DistributionSummary.GRID_POINTS}). */
    private static final int GRID_POINTS = 101;
    /**
     * Bytes the results keep per site: its summaries, and the nodes of its JSON object (measured
     * at 100,000 sites: the largest heap after a collection, 681 MB, less what the other terms
     * count, about 1.5 KB a site).
     */
    private static final int RESULTS_PER_SITE = 2048;

    /** The threads that may count a pool at once: the common pool's and the caller. */
    private static int threads() {
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    /**
     * The heap an array of {@code bytes} takes: G1 (the default collector) gives an array of half
     * a region or more whole regions of its own, which for columns of a few MB can waste half.
     * The region is the heap over 2048 as a power of two between 1 and 32 MB (G1's default).
     */
    static long allocated(long bytes) {
        long region = Long.highestOneBit(Math.max(1, Runtime.getRuntime().maxMemory() / 2048));
        region = Math.min(MAX_REGION, Math.max(MIN_REGION, region));
        long withHeader = bytes + 16;
        if (withHeader < region / 2) {
            return withHeader;
        }
        return (withHeader + region - 1) / region * region;
    }

    /**
     * Refuses draws of {@code quantities} quantities that would not fit: more than
     * {@link #MAX_ARRAY} per quantity over all chains, or more memory than is available.
     *
     * @throws InvalidParameterException naming {@code draws}, with the most draws per chain that fit
     */
    public static void checkDraws(SamplerConfig config, int quantities) {
        checkDraws(config, quantities, 0, 0);
    }

    /**
     * As {@link #checkDraws(SamplerConfig, int)}, where the summaries also pool {@code pooled}
     * values of every draw (the site effects, for the three goals), no more in all than a Java
     * array holds (the most a pool of one repeated value gathers).
     */
    public static void checkDraws(SamplerConfig config, int quantities, int pooled) {
        checkDraws(config, quantities, 0, pooled);
    }

    /** As {@link #checkDraws(SamplerConfig, int, int)}, with {@code recomputed} quantities recomputed rather than stored. */
    public static void checkDraws(SamplerConfig config, int quantities, int recomputed, int pooled) {
        int chains = config.chains();
        long most = MAX_ARRAY / ((long) chains * Math.max(1, pooled));
        if (config.draws() > most || need(chains, config.draws(), quantities, recomputed, pooled) > available()) {
            // what is not yet collected counts as used: collect it before refusing
            System.gc();
        }
        long free = available();
        if (config.draws() > most || need(chains, config.draws(), quantities, recomputed, pooled) > free) {
            long lo = mostDraws(chains, Math.min(config.draws(), most), quantities, recomputed, pooled, free);
            // fewer draws, each thin x as many sweeps apart, keep about as many effective draws; the
            // most that fit in 3% less than is free now, as the next JVM's free heap differs by a
            // few MB, and the model, built after the command's first check, takes some (the need is
            // not proportional to the draws: a share of fewer draws frees a smaller share of memory)
            long advised = mostDraws(chains, lo, quantities, recomputed, pooled, free - free / 32);
            long thin = advised < 1 ? 0 : ((long) config.draws() * config.thin() + advised - 1) / advised;
            String how = advised < 1 || thin > Integer.MAX_VALUE ? "give Java more memory with JAVA_TOOL_OPTIONS=-Xmx..."
                    : String.format(Locale.ROOT, "--draws %d --thin %d keeps about as many effective draws; or give Java more"
                            + " memory with JAVA_TOOL_OPTIONS=-Xmx...", advised, thin);
            throw InvalidParameterException.of("draws", config.draws(), String.format(Locale.ROOT,
                    "%d chains x %d draws need about %s with their summaries; this JVM has %s free: at most %d draws per chain fit"
                            + " (%s)",
                    chains, config.draws(), bytes((double) need(chains, config.draws(), quantities, recomputed, pooled)), bytes(free), lo, how));
        }
    }

    /** The most draws per chain, at most {@code hi}, whose need is at most {@code bytes}, by bisection (need grows with draws). */
    private static long mostDraws(int chains, long hi, int quantities, int recomputed, int pooled, long bytes) {
        long lo = 0;
        while (lo < hi) {
            long mid = (lo + hi + 1) / 2;
            if (need(chains, mid, quantities, recomputed, pooled) <= bytes) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** A number of bytes in words: 512 MB, 3.2 GB. */
    public static String bytes(double b) {
        if (b >= 1e9) {
            return String.format(Locale.ROOT, "%.1f GB", b / 1e9);
        }
        return String.format(Locale.ROOT, "%.0f MB", Math.max(1, b / 1e6));
    }
}
