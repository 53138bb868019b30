package org.multisite.summary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.mcmc.Workers;
import org.multisite.numeric.PooledOrder;
import org.multisite.numeric.RadixOrder;
import org.multisite.numeric.Vectors;

/**
 * The three goals for site effects from S posterior draws of J effects (Shen & Louis 1998,
 * "Triple-goal estimates in two-stage hierarchical models", JRSS B 60(2)):
 * <ul>
 *   <li>posterior means PM_j;</li>
 *   <li>ranks: rbar_j, the posterior mean of theta_j's rank in each draw (1 = smallest);
 *       rhat_j = rank(rbar_j) with ties broken at random by the given generator; 95% rank
 *       intervals (type-1 quantiles of the rank draws); percentiles rhat_j / (J + 1);</li>
 *   <li>CB_j = mean(PM) + sqrt(1 + mean(PSD^2) / var(PM)) (PM_j - mean(PM)) (Louis 1984,
 *       Ghosh 1992), var and PSD with divisor n - 1 as HETOP's {@code triple_goal};</li>
 *   <li>GR_j = the (2 rhat_j - 1) / (2J) type-7 quantile of all S J draws pooled, so that the
 *       GR estimates have the posterior expected EDF as their histogram;</li>
 *   <li>P(site j is in the top 10%) and P(in the bottom 10%): the share of draws in which its
 *       rank is among the ceil(J / 10) highest or lowest;</li>
 *   <li>the posterior expected EDF of the site effects, E[(1/J) sum_j 1(theta_j <= t)], the
 *       share of the pooled draws at or below t.</li>
 * </ul>
 */
public final class ThreeGoals {
    private final double[] rankMean;
    private final int[] rank;
    private final int[] rankLow;
    private final int[] rankHigh;
    private final double[] cb;
    private final double[] gr;
    private final double[] top;
    private final double[] bottom;
    /** All S J draws, pooled. */
    private final PooledOrder pooled;

    private ThreeGoals(double[] rankMean, int[] rank, int[] rankLow, int[] rankHigh, double[] cb, double[] gr,
                       double[] top, double[] bottom, PooledOrder pooled) {
        this.rankMean = rankMean;
        this.rank = rank;
        this.rankLow = rankLow;
        this.rankHigh = rankHigh;
        this.cb = cb;
        this.gr = gr;
        this.top = top;
        this.bottom = bottom;
        this.pooled = pooled;
    }

    /** Sites in the top (or bottom) 10%: the ceil(J / 10) highest (or lowest) ranks, at least one. */
    public static int tenPercent(int sites) {
        return Math.max(1, (int) Math.ceil(sites / 10.0));
    }

    /**
     * @param theta theta[j][s]: draw s of site j's effect
     * @param tieBreaker source of the random tie-breaking among equal mean ranks
     */
    public static ThreeGoals of(double[][] theta, UniformRandomProvider tieBreaker) {
        int sites = theta.length;
        Gathering gathering = rank(SiteDraws.of(theta)).gathering(new double[0], tieBreaker);
        double[] variance = new double[sites];
        for (int j = 0; j < sites; j++) {
            variance[j] = Vectors.variance(theta[j]);
            gathering.add(theta[j]);
        }
        return gathering.finish(variance);
    }

    /**
     * The first of the two readings of the draws the three goals take, draw by draw: each draw's
     * ranks, tallied per site, each site's posterior mean, and the counts of the pooled draws in
     * bins. The second reading, site by site, is the caller's ({@link Gathering}): a fit reads
     * each site's draws then for its own summaries, and hands them on to gather the GR estimates.
     */
    public static Ranking rank(SiteDraws theta) {
        int sites = theta.sites();
        double[] bounds = pilotBounds(theta);
        PooledOrder.Binning binning = PooledOrder.binning((long) sites * theta.draws(), bounds[0], bounds[1]);
        List<int[]> counts = new ArrayList<>();
        Vectors.Means means = new Vectors.Means(sites, theta.draws());
        // the rank draws (J x S ints) live only inside rankSummaries
        RankSummaries r = rankSummaries(theta, binning, counts, means);
        return new Ranking(r, means.means(), binning.pool(theta.pool(), counts));
    }

    /**
     * Draws whose range bounds the pool's bins: values beyond it fall in the first or last bin.
     * With S draws a site, about S / 32 of the pool's J S values lie below the least of 32 J
     * (and as many above the largest), a few hundred values in an end bin at S = 4,000.
     */
    private static final int PILOT_DRAWS = 32;

    /**
     * The smallest and largest of a few draws of every site, spread over the draws: the bins'
     * range before the pool is read (a bin is a monotone function of the value whatever its
     * range, so the order statistics stay exact; the range only decides how finely the pool is cut).
     */
    private static double[] pilotBounds(SiteDraws theta) {
        int s = theta.draws();
        int pilots = Math.min(s, PILOT_DRAWS);
        double[] row = new double[theta.sites()];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < pilots; k++) {
            int i = pilots == 1 ? 0 : (int) ((long) k * (s - 1) / (pilots - 1));
            theta.rows(i, i + 1, row);
            min = Math.min(min, Vectors.min(row));
            max = Math.max(max, Vectors.max(row));
        }
        return new double[] {min, max};
    }

    /** The draws ranked and the pool counted: what the reading site by site needs. */
    public static final class Ranking {
        private final RankSummaries ranks;
        private final double[] means;
        private final PooledOrder pooled;

        private Ranking(RankSummaries ranks, double[] means, PooledOrder pooled) {
            this.ranks = ranks;
            this.means = means;
            this.pooled = pooled;
        }

        /** Each site's posterior mean: the same number as {@link Vectors#mean} of its draws. */
        public double[] means() {
            return means.clone();
        }

        /**
         * The integer ranks (ties broken by {@code tieBreaker}), and the gathering of the pool's
         * bins that hold the GR estimates and the points of {@code grid}, where the posterior
         * expected EDF is asked.
         */
        public Gathering gathering(double[] grid, UniformRandomProvider tieBreaker) {
            int sites = means.length;
            int[] rank = integerRanks(ranks.mean(), tieBreaker);
            double[] probs = new double[sites];
            for (int j = 0; j < sites; j++) {
                probs[j] = (2.0 * rank[j] - 1) / (2.0 * sites);
            }
            return new Gathering(this, rank, probs, pooled.gathering(probs, grid));
        }
    }

    /**
     * The reading of the draws site by site: every site's draws handed over once ({@link #add},
     * on any thread, in any order; sorted draws gather fastest), then {@link #finish}.
     */
    public static final class Gathering {
        private final Ranking ranking;
        private final int[] rank;
        private final double[] probs;
        private final PooledOrder.Gathering bins;

        private Gathering(Ranking ranking, int[] rank, double[] probs, PooledOrder.Gathering bins) {
            this.ranking = ranking;
            this.rank = rank;
            this.probs = probs;
            this.bins = bins;
        }

        /** One site's draws (any order of them). */
        public void add(double[] draws) {
            bins.add(draws);
        }

        /** The three goals, given each site's posterior variance (divisor S - 1), once every site was added. */
        public ThreeGoals finish(double[] variance) {
            bins.finish();
            double[] pm = ranking.means;
            int sites = pm.length;
            double meanVar = 0;
            for (int j = 0; j < sites; j++) {
                meanVar += variance[j];
            }
            meanVar /= sites;
            double grand = Vectors.mean(pm);
            double varPm = Vectors.variance(pm);
            double factor = varPm > 0 ? Math.sqrt(1 + meanVar / varPm) : 1;
            double[] cb = new double[sites];
            for (int j = 0; j < sites; j++) {
                cb[j] = grand + factor * (pm[j] - grand);
            }
            // GR: the pool's quantiles, found without sorting all S J draws (the same numbers)
            PooledOrder pooled = ranking.pooled;
            double[] gr = pooled.type7(probs);
            RankSummaries r = ranking.ranks;
            return new ThreeGoals(r.mean(), rank, r.low(), r.high(), cb, gr, r.top(), r.bottom(), pooled);
        }
    }

    /** Each site's posterior mean rank, 95% rank interval and chances of the top and bottom 10%. */
    record RankSummaries(double[] mean, int[] low, int[] high, double[] top, double[] bottom) {
    }

    /** Sites tallied per task of the parallel loop: enough to amortize a task, few enough to share out. */
    private static final int PER_TASK = 64;
    /** Values (effects and their ranks) that one task of draws holds at most, 12 bytes each. */
    private static final int TASK_VALUES = 1 << 21;
    /**
     * Tasks of draws ranked before their ranks are tallied per site: a few per thread of a
     * 2-4 core machine, so that the threads finish a batch together, while the batch's ranks and
     * draws, 8 tasks' draws (at most 64 each) x J ints and doubles, stay small beside the draws
     * ({@link org.multisite.mcmc.Memory#rankBatch} counts the same batch; a test checks).
     */
    static final int TASKS_PER_BATCH = 8;

    /** Draws ranked per task: 64, fewer with many sites (at least 8), so that a task's copies stay small. */
    static int drawsPerTask(int sites) {
        return Math.max(8, Math.min(64, TASK_VALUES / sites));
    }

    /**
     * The rank draws of every site, summarized per site without holding them all (J x S ints,
     * 1.6 GB at J = 100,000): batches of draws are ranked in parallel tasks of draws, then each
     * site's ranks in the batch are tallied in parallel tasks of sites ({@link RankTally}), and
     * its draws added to {@code means}. Each draw's ranks and each site's tally and sums
     * depend on nothing else, so the result is the same on any number of threads.
     */
    private static RankSummaries rankSummaries(SiteDraws theta, PooledOrder.Binning binning, List<int[]> counts,
                                               Vectors.Means means) {
        int sites = theta.sites();
        int s = theta.draws();
        int multiplier = coprimeMultiplier(sites);
        int width = drawsPerTask(sites);
        int batch = width * TASKS_PER_BATCH;
        RankTally tally = new RankTally(sites, s);
        int[] batchRanks = new int[Math.min(batch, s) * sites];
        // the draws of each task of the batch, kept for the means
        double[][] batchValues = new double[Math.min(TASKS_PER_BATCH, (s + width - 1) / width)][width * sites];
        // work spaces handed from task to task, as many as tasks run at once: arrays of megabytes
        // made anew per task were humongous garbage that grew the heap by a gigabyte at 100,000
        // sites (and, unlike thread-locals, they are garbage once the ranks are tallied)
        Queue<TaskSpace> free = new ConcurrentLinkedQueue<>();
        List<TaskSpace> made = Collections.synchronizedList(new ArrayList<>());
        for (int batchFrom = 0; batchFrom < s; batchFrom += batch) {
            int first = batchFrom;
            int batchTo = Math.min(s, batchFrom + batch);
            Workers.forEach((batchTo - first + width - 1) / width, 1, task -> {
                int from = first + task * width;
                int to = Math.min(batchTo, from + width);
                TaskSpace space = free.poll();
                if (space == null) {
                    space = new TaskSpace(sites, binning.newCounts());
                    made.add(space);
                }
                // the task's draws of every site copied draw by draw (read from each site's row in
                // runs, where reading each value from its site's row missed the cache with many sites)
                double[] values = batchValues[task];
                int count = (to - from) * sites;
                theta.rows(from, to, values);
                int[] pooled = space.counts;
                for (int k = 0; k < count; k++) {
                    values[k] += 0.0; // -0.0 becomes 0.0: the two are one value here
                }
                double[] column = space.column;
                int[] row = space.row;
                RadixOrder order = space.order;
                for (int i = from; i < to; i++) {
                    System.arraycopy(values, (i - from) * sites, column, 0, sites);
                    order.sort(column);
                    // the pool's counts taken in the draw's order, the bins ascending: with many
                    // bins (4 million at 100,000 sites) counting the values as they came missed
                    // the cache on nearly every one
                    for (int q = 0; q < sites; q++) {
                        pooled[binning.bin(order.value(q))]++;
                    }
                    // equal values share the rank of the first of them, then ties are broken
                    boolean ties = false;
                    int firstTied = 0;
                    for (int q = 0; q < sites; q++) {
                        if (order.sameAsPrevious(q)) {
                            ties = true;
                        } else {
                            firstTied = q;
                        }
                        row[order.index(q)] = firstTied + 1;
                    }
                    if (ties) {
                        breakTies(row, i, sites, multiplier);
                    }
                    System.arraycopy(row, 0, batchRanks, (i - first) * sites, sites);
                }
                free.offer(space);
            });
            int draws = batchTo - first;
            // draw after draw over a block of sites: each draw's ranks of the block are adjacent,
            // where site after site read one rank per draw's row, a stride of J ints that missed
            // the cache on nearly every rank at many sites; each site still sees its draws in order
            Workers.forEach((sites + PER_TASK - 1) / PER_TASK, 1, block -> {
                int from = block * PER_TASK;
                int to = Math.min(sites, from + PER_TASK);
                for (int i = 0; i < draws; i++) {
                    int row = i * sites;
                    double[] values = batchValues[i / width];
                    int at = i % width * sites;
                    for (int j = from; j < to; j++) {
                        tally.add(j, first + i, batchRanks[row + j]);
                        means.add(j, first + i, values[at + j]);
                    }
                }
            });
        }
        for (TaskSpace space : made) {
            counts.add(space.counts);
        }
        return tally.summaries();
    }

    /**
     * A ranking task's arrays: one draw's values, order and ranks, and the counts of the pool's
     * bins of the draws its tasks ranked.
     */
    private static final class TaskSpace {
        final double[] column;
        final int[] row;
        final RadixOrder order;
        final int[] counts;

        TaskSpace(int sites, int[] counts) {
            this.column = new double[sites];
            this.row = new int[sites];
            this.order = new RadixOrder(sites);
            this.counts = counts;
        }
    }

    /**
     * Per site, what its rank draws are summarized by, tallied one draw at a time: their sum, how
     * many fall in the top and in the bottom 10%, and for the 95% interval's type-1 quantiles the
     * k smallest and the k' largest ranks seen, in a bounded max-heap and min-heap of the site's
     * own (Knuth, TAOCP vol. 3, 5.2.3): the 2.5% quantile is the ceil(0.025 S)-th smallest rank,
     * the 97.5% quantile the ceil(0.975 S)-th smallest, the (S - ceil(0.975 S) + 1)-th largest. A
     * twentieth of the ranks is kept instead of all of them, and the tally does not depend on the
     * order of the draws.
     */
    static final class RankTally {
        private final int sites;
        private final int draws;
        private final int tail;
        private final long[] sum;
        private final int[] above;
        private final int[] below;
        /** k: the low heap's size, and site j's max-heap of its k smallest ranks at low[j k ..]. */
        private final int lowSize;
        private final int[] low;
        private final int highSize;
        private final int[] high;

        RankTally(int sites, int draws) {
            this.sites = sites;
            this.draws = draws;
            this.tail = tenPercent(sites);
            this.lowSize = need(draws, 0.025);
            this.highSize = draws - need(draws, 0.975) + 1;
            this.sum = new long[sites];
            this.above = new int[sites];
            this.below = new int[sites];
            this.low = new int[Math.multiplyExact(sites, lowSize)];
            this.high = new int[Math.multiplyExact(sites, highSize)];
        }

        /** The type-1 quantile p of n values is the need-th smallest, ceil(n p), at least the first. */
        private static int need(int n, double p) {
            return Math.max(1, (int) Math.ceil(n * p));
        }

        /** Site j's rank r in draw n: draws 0 .. n - 1 of the site were tallied before it. */
        void add(int j, int n, int r) {
            sum[j] += r;
            above[j] += r > sites - tail ? 1 : 0;
            below[j] += r <= tail ? 1 : 0;
            // most ranks are neither among the smallest nor the largest kept: one comparison each
            int lowBase = j * lowSize;
            if (n < lowSize || r < low[lowBase]) {
                offer(low, lowBase, lowSize, n, r, true);
            }
            int highBase = j * highSize;
            if (n < highSize || r > high[highBase]) {
                offer(high, highBase, highSize, n, r, false);
            }
        }

        /**
         * Keeps the k most extreme of the values seen (the smallest when {@code smallest}) in the
         * heap at heap[base, base + k), whose root, heap[base], is the least extreme of them; n
         * values were seen before r.
         */
        private static void offer(int[] heap, int base, int k, int n, int r, boolean smallest) {
            if (n < k) {
                // sift r up from the end
                int at = n;
                while (at > 0) {
                    int parent = (at - 1) >>> 1;
                    int p = heap[base + parent];
                    if (smallest ? p >= r : p <= r) {
                        break;
                    }
                    heap[base + at] = p;
                    at = parent;
                }
                heap[base + at] = r;
                return;
            }
            int root = heap[base];
            if (smallest ? r >= root : r <= root) {
                return;
            }
            // r replaces the root and sifts down
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= k) {
                    break;
                }
                int c = heap[base + child];
                if (child + 1 < k) {
                    int d = heap[base + child + 1];
                    if (smallest ? d > c : d < c) {
                        child++;
                        c = d;
                    }
                }
                if (smallest ? c <= r : c >= r) {
                    break;
                }
                heap[base + at] = c;
                at = child;
            }
            heap[base + at] = r;
        }

        RankSummaries summaries() {
            double[] rankMean = new double[sites];
            int[] rankLow = new int[sites];
            int[] rankHigh = new int[sites];
            double[] top = new double[sites];
            double[] bottom = new double[sites];
            for (int j = 0; j < sites; j++) {
                rankMean[j] = (double) sum[j] / draws;
                top[j] = (double) above[j] / draws;
                bottom[j] = (double) below[j] / draws;
                rankLow[j] = low[j * lowSize];
                rankHigh[j] = high[j * highSize];
            }
            return new RankSummaries(rankMean, rankLow, rankHigh, top, bottom);
        }
    }

    /** The smallest m >= 0.618 J coprime to J: j -> (m j + c) mod J is then a permutation of the sites. */
    private static int coprimeMultiplier(int sites) {
        int m = Math.max(1, (int) (0.618 * sites));
        while (gcd(m, sites) != 1) {
            m++;
        }
        return m;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Ranks of draw i where sites share a value (a discrete G such as dpmeta's puts sites on
     * one atom): each block of tied sites gets its block's ranks in the order of a permutation
     * of the sites that changes from draw to draw (j -> (m j + c_i) mod J), so no site is
     * favoured; row[j] holds each site's first index + 1 on entry.
     */
    private static void breakTies(int[] row, int i, int sites, int multiplier) {
        long offset = Math.floorMod(i * 0x9E3779B1L, (long) sites);
        int[] site = new int[sites];
        long[] key = new long[sites];
        for (int j = 0; j < sites; j++) {
            int permuted = (int) ((multiplier * (long) j + offset) % sites);
            site[permuted] = j;
            key[j] = ((long) (row[j] - 1) << 32) | permuted;
        }
        Arrays.sort(key);
        for (int q = 0; q < sites; q++) {
            row[site[(int) key[q]]] = q + 1;
        }
    }

    /** rank(values) with ties broken at random: each value gets a random key that orders its ties. */
    static int[] integerRanks(double[] values, UniformRandomProvider rng) {
        int n = values.length;
        double[] key = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            key[i] = rng.nextDouble();
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> values[i]).thenComparingDouble(i -> key[i]));
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[order[r]] = r + 1;
        }
        return rank;
    }

    public double rankMean(int j) {
        return rankMean[j];
    }

    public int rank(int j) {
        return rank[j];
    }

    public int rankLow(int j) {
        return rankLow[j];
    }

    public int rankHigh(int j) {
        return rankHigh[j];
    }

    public double cb(int j) {
        return cb[j];
    }

    public double gr(int j) {
        return gr[j];
    }

    /** P(site j's effect is among the top 10%). */
    public double probTop(int j) {
        return top[j];
    }

    /** P(site j's effect is among the bottom 10%). */
    public double probBottom(int j) {
        return bottom[j];
    }

    /** The posterior expected EDF of the site effects at each point of {@code grid}. */
    public double[] expectedEdf(double[] grid) {
        return pooled.shareAtMost(grid);
    }
}
