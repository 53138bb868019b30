package org.multisite.summary;

import java.util.Arrays;
import java.util.Comparator;
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
        int s = theta[0].length;
        // the rank draws (J x S ints) live only inside rankSummaries
        RankSummaries r = rankSummaries(theta);
        double[] rankMean = r.mean();
        int[] rankLow = r.low();
        int[] rankHigh = r.high();
        double[] top = r.top();
        double[] bottom = r.bottom();
        double[] pm = new double[sites];
        double meanVar = 0;
        for (int j = 0; j < sites; j++) {
            pm[j] = Vectors.mean(theta[j]);
            meanVar += Vectors.variance(theta[j]);
        }
        meanVar /= sites;
        int[] rank = integerRanks(rankMean, tieBreaker);
        double grand = Vectors.mean(pm);
        double varPm = Vectors.variance(pm);
        double factor = varPm > 0 ? Math.sqrt(1 + meanVar / varPm) : 1;
        double[] cb = new double[sites];
        for (int j = 0; j < sites; j++) {
            cb[j] = grand + factor * (pm[j] - grand);
        }
        // GR: the pool's quantiles, found without sorting all S J draws (the same numbers)
        PooledOrder pooled = PooledOrder.of(theta);
        double[] probs = new double[sites];
        for (int j = 0; j < sites; j++) {
            probs[j] = (2.0 * rank[j] - 1) / (2.0 * sites);
        }
        double[] gr = pooled.type7(probs);
        return new ThreeGoals(rankMean, rank, rankLow, rankHigh, cb, gr, top, bottom, pooled);
    }

    /** Each site's posterior mean rank, 95% rank interval and chances of the top and bottom 10%. */
    private record RankSummaries(double[] mean, int[] low, int[] high, double[] top, double[] bottom) {
    }

    /** Sites summarized per task of the parallel loop: enough to amortize a task, few enough to share out. */
    private static final int PER_TASK = 64;
    /** Values (effects and their ranks) that one task of draws holds at most, 12 bytes each. */
    private static final int TASK_VALUES = 1 << 21;

    /** Draws ranked per task: 64, fewer with many sites (at least 8), so that a task's copies stay small. */
    static int drawsPerTask(int sites) {
        return Math.max(8, Math.min(64, TASK_VALUES / sites));
    }

    /**
     * The rank draws of every site, summarized per site. Draws are ranked in parallel blocks and
     * sites summarized in parallel: each draw's ranks and each site's summary depend on nothing
     * else and land in their own slots, so the result is the same on any number of threads.
     */
    private static RankSummaries rankSummaries(double[][] theta) {
        int sites = theta.length;
        int s = theta[0].length;
        int[][] ranks = new int[sites][s];
        int multiplier = coprimeMultiplier(sites);
        int width = drawsPerTask(sites);
        Workers.forEach((s + width - 1) / width, 1, block -> {
            int from = block * width;
            int to = Math.min(s, from + width);
            // the task's draws of every site copied draw by draw, and their ranks collected draw by
            // draw, then copied to each site's row: both sides of each copy are read or written in
            // runs, where writing each rank to its site's row (all of them, in the order of the
            // values) missed the cache once per site and draw with many sites
            double[] values = new double[(to - from) * sites];
            for (int j = 0; j < sites; j++) {
                double[] t = theta[j];
                for (int i = from; i < to; i++) {
                    values[(i - from) * sites + j] = t[i] + 0.0; // -0.0 becomes 0.0: the two are one value here
                }
            }
            int[] blockRanks = new int[(to - from) * sites];
            double[] column = new double[sites];
            int[] row = new int[sites];
            RadixOrder order = new RadixOrder(sites);
            for (int i = from; i < to; i++) {
                System.arraycopy(values, (i - from) * sites, column, 0, sites);
                order.sort(column);
                // equal values share the rank of the first of them, then ties are broken
                boolean ties = false;
                int first = 0;
                for (int q = 0; q < sites; q++) {
                    if (order.sameAsPrevious(q)) {
                        ties = true;
                    } else {
                        first = q;
                    }
                    row[order.index(q)] = first + 1;
                }
                if (ties) {
                    breakTies(row, i, sites, multiplier);
                }
                System.arraycopy(row, 0, blockRanks, (i - from) * sites, sites);
            }
            for (int j = 0; j < sites; j++) {
                int[] r = ranks[j];
                for (int i = from; i < to; i++) {
                    r[i] = blockRanks[(i - from) * sites + j];
                }
            }
        });
        double[] rankMean = new double[sites];
        int[] rankLow = new int[sites];
        int[] rankHigh = new int[sites];
        int tail = tenPercent(sites);
        double[] top = new double[sites];
        double[] bottom = new double[sites];
        Workers.forEach((sites + PER_TASK - 1) / PER_TASK, 1, block -> {
            // one histogram per task, emptied again by the ranks that filled it
            int[] histogram = new int[sites + 1];
            for (int j = block * PER_TASK; j < Math.min(sites, (block + 1) * PER_TASK); j++) {
                double sum = 0;
                int above = 0;
                int below = 0;
                int least = sites;
                int most = 1;
                for (int i = 0; i < s; i++) {
                    int r = ranks[j][i];
                    sum += r;
                    histogram[r]++;
                    above += r > sites - tail ? 1 : 0;
                    below += r <= tail ? 1 : 0;
                    least = Math.min(least, r);
                    most = Math.max(most, r);
                }
                top[j] = (double) above / s;
                bottom[j] = (double) below / s;
                rankMean[j] = sum / s;
                rankLow[j] = type1(histogram, s, 0.025, least, most);
                rankHigh[j] = type1(histogram, s, 0.975, least, most);
                for (int i = 0; i < s; i++) {
                    histogram[ranks[j][i]] = 0;
                }
            }
        });
        return new RankSummaries(rankMean, rankLow, rankHigh, top, bottom);
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

    /**
     * Type 1 quantile of integer data given as counts, all in [least, most]: the smallest r with
     * count(<= r) >= ceil(n p). A lower quantile is counted up from the least value, an upper one
     * down from the most (the smallest r with count(> r) <= n - ceil(n p)), so that each scan
     * crosses a tail of the data's range, not the whole range of ranks (with 100,000 sites,
     * scans from rank 1 took longer than everything else).
     */
    static int type1(int[] histogram, int n, double p, int least, int most) {
        int need = Math.max(1, (int) Math.ceil(n * p));
        if (p <= 0.5) {
            int cumulative = 0;
            for (int r = least; r < most; r++) {
                cumulative += histogram[r];
                if (cumulative >= need) {
                    return r;
                }
            }
            return most;
        }
        int aboveR = 0; // count(> r)
        int r = most;
        while (r > least && aboveR + histogram[r] <= n - need) {
            aboveR += histogram[r];
            r--;
        }
        return r;
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
