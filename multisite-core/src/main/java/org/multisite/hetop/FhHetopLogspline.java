package org.multisite.hetop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.EllipticalSlice;
import org.multisite.mcmc.SliceSampler;
import org.multisite.numeric.Decimals;
import org.multisite.numeric.RNaturalSpline;
import org.multisite.numeric.StandardNormal;
import org.multisite.numeric.Vectors;

/**
 * FH-HETOP with the log-spline priors of Lockwood, Castellano & Shear (2018, JEBS 43(6),
 * section 3), as HETOP's {@code fh_hetop} writes them for JAGS (R/fh_hetop.R, read for its
 * semantics): each group sits at a point of two grids, m_i on an equally spaced grid of means
 * and s_j on one of log SDs,
 * <pre>
 *   mu_g = x_g' beta_mu + gamma s_{j_g} + m_{i_g},   log sigma_g = z_g' beta_sigma + s_{j_g},
 *   P(i_g = i) proportional to exp(Qm alpha_mu)_i,   P(j_g = j) proportional to exp(Qs alpha_sigma)_j,
 * </pre>
 * Qm, Qs R's {@code bs(grid, df, intercept = FALSE)}; alpha_k = alpha0 + dev_k with alpha0 ~ N(0, 10^2),
 * dev_k ~ N(0, 20) (so alpha ~ N(0, 100 11' + 20 I)); gamma ~ N(0, 10); beta ~ N(0, 10) each, the
 * covariates centred and without intercept; the free cuts the order statistics of N(0, 10^2) draws
 * truncated below at the second fixed cut. All of these are fh_hetop's priors.
 *
 * <p>JAGS updates this one node at a time and needs many thousands of iterations. Here each
 * sweep is blocked and collapsed (Liu 1994: summing out the discrete positions speeds the
 * continuous parameters coupled to them), a partially collapsed Gibbs sampler (van Dyk & Park
 * 2008): a position summed out of one step is drawn afresh before any later step conditions on it.
 * <ol>
 *   <li>each free cut's log gap by slice sampling given the positions;</li>
 *   <li>each beta_sigma by slice sampling with the SD positions j summed out, given the mean
 *       positions i; then each j from its conditional;</li>
 *   <li>gamma and each beta_mu by slice sampling with the mean positions summed out (each group's
 *       mean grid weighted by P(i)), given j. Given both positions, a group's mean would pin
 *       gamma to a sliver: the JAGS-like update mixed with ESS 14 in 8,000 draws;</li>
 *   <li>each group's likelihood on the whole m1 x m2 grid, L_g(i, j) (the cells' probabilities
 *       shared by the groups with the same covariates: all of them when there are none);</li>
 *   <li>alpha_mu by elliptical slice sampling (Murray, Adams & MacKay 2010) with both positions
 *       summed out, log p = sum_g log sum_ij P(i) P(j) L_g(i, j); then alpha_sigma likewise;</li>
 *   <li>every group's (i, j) jointly from its exact discrete conditional.</li>
 * </ol>
 * gamma is the slowest quantity (on groups_k4.csv, bulk ESS 300 to 420 in 4 x 1,000 draws and
 * 600 to 900 in 4 x 2,000, depending on the seed; the group means' above 900 and 1,500): it is
 * the slope of the means on log SDs that are themselves uncertain.
 * Two more moves were tried and dropped, as neither raised its ESS per second: gamma with the SD
 * positions summed out instead, and a random-walk step of gamma with both positions summed out
 * (one more grid table per sweep: ESS 1.5 times higher at 1.5 times the cost).
 * Recorded: mu[g], sigma[g], the free cuts, gamma, beta_mu[..], beta_sigma[..], and the mean and
 * SD of the two log-spline distributions (g_mu_mean, g_mu_sd, g_log_sigma_mean, g_log_sigma_sd).
 */
public final class FhHetopLogspline implements HetopModel {
    /**
     * Elliptical slice steps of each alpha per sweep: each step costs G x (grid points) products
     * once the table is built, small beside the table itself.
     */
    private static final int ELLIPTICAL_STEPS = 3;
    /**
     * A cell whose likelihood is below e^-200 of its group's largest is taken as 0, its
     * exponential not computed. Each use weighs the cells by the grids' prior masses P(i) P(j)
     * (log-spline softmaxes), so the cells left out change a group's sum by at most (cells)
     * e^-200 times the largest ratio of two cells' prior masses: with the default 2,500 cells,
     * below double precision (e^-37) unless the splines' values span more than 155 on the log
     * scale, some 30 prior SDs of a coefficient (alpha dev_k ~ N(0, 20)). On groups_k4.csv, of
     * the table's cells 55% lie below -745 (where exp underflows to exactly 0 anyway) and 82%
     * below -100; the output is the same to the last digit, 9.0-9.7 -> 8.2-8.8 s in process
     * (e^-100: 8.0-8.3 s, with less margin).
     */
    private static final double NEGLIGIBLE = -200;

    /** log {@link HetopModel#PROBABILITY_FLOOR}: the least log probability a category can have. */
    private static final double LOG_FLOOR = Math.log(HetopModel.PROBABILITY_FLOOR);

    /** The most points a grid may have: far finer than any group's mean needs, a bound on the tables' size. */
    public static final int MAX_POINTS = 100_000;

    /** The two grids and spline bases: ranges, points and spline degrees of freedom. */
    public record Grids(double meanLo, double meanHi, int meanPoints, int meanDf, double logSdLo, double logSdHi,
                        int sdPoints, int sdDf) {
        /** @throws InvalidParameterException naming the grid's range, points or degrees of freedom that are wrong */
        public Grids {
            if (!(meanLo < meanHi) || !Double.isFinite(meanLo) || !Double.isFinite(meanHi)) {
                throw InvalidParameterException.of("mean_grid", meanLo + ":" + meanHi, "expected two increasing numbers");
            }
            if (!(logSdLo < logSdHi) || !Double.isFinite(logSdLo) || !Double.isFinite(logSdHi)) {
                throw InvalidParameterException.of("sd_grid", Math.exp(logSdLo) + ":" + Math.exp(logSdHi),
                        "expected two increasing positive numbers");
            }
            if (meanDf < 3 || sdDf < 3) {
                throw InvalidParameterException.of("df", meanDf + "," + sdDf, "at least 3 (cubic B-splines)");
            }
            if (meanPoints < meanDf || sdPoints < sdDf || meanPoints > MAX_POINTS || sdPoints > MAX_POINTS) {
                throw InvalidParameterException.of("grid_points", meanPoints + "," + sdPoints, "at least as many points as"
                        + " the spline degrees of freedom (" + meanDf + "," + sdDf + ") and at most " + MAX_POINTS);
            }
        }

        /**
         * fh_hetop has no defaults; these follow its vignette's call (means on [-5, 5], SDs on
         * [0.1, 5], 10 degrees of freedom each) on the scale the fixed cuts set: centred between
         * them, in units of their distance w (so w = 1 gives the vignette's ranges up to the centre).
         * 50 points per grid (the vignette has 100): a spacing of w / 5 on the means, finer than a
         * mean's posterior SD with fewer than about 30 units per group, and a quarter of the cost.
         */
        public static Grids defaults(double[] fixedCuts) {
            double w = fixedCuts[1] - fixedCuts[0];
            double centre = 0.5 * (fixedCuts[0] + fixedCuts[1]);
            return new Grids(centre - 5 * w, centre + 5 * w, 50, 10, Math.log(0.1 * w), Math.log(5 * w), 50, 10);
        }
    }

    /** fh_hetop's priors as SDs (its JAGS precisions 0.01, 0.05, 0.1, 0.1 and 0.01). */
    public record Priors(double alpha0Sd, double alphaDevSd, double gammaSd, double betaSd, double cutSd) {
        public static Priors defaults() {
            return new Priors(10, Math.sqrt(20), Math.sqrt(10), Math.sqrt(10), 10);
        }
    }

    private final int[][] counts;
    /** Each group's smallest positive count (0 for a group without units). */
    private final int[] minCount;
    private final int groups;
    private final int categories;
    private final double[] fixedCuts;
    private final double[] meanGrid;
    private final double[] logSdGrid;
    private final double[][] qm;
    private final double[][] qs;
    private final double[][] x;
    private final double[][] z;
    private final int dm;
    private final int ds;
    /** The groups ordered by their covariates, and whether each has the same as the one before it. */
    private final int[] covariateOrder;
    private final boolean[] sameCovariates;
    /** How many groups each class holds. */
    private final int[] classSize;
    /**
     * Classes of at most this many groups fill their cells' probabilities only where their
     * groups' tables need them ({@code Sampler#ownTable}); larger ones fill every cell once and
     * sum each group over all of them, in loops the compiler vectorizes. Measured on
     * groups_k4.csv with a categorical mean covariate (4 x 300 draws, in process): classes of 2
     * groups 10.8 -> 7.8 s, of 4 7.3 -> 6.6 s, of 8 5.1 -> 5.3 s (slower: the windows of 8
     * groups cover most cells); one group alone 18.8 -> 8.7 s.
     */
    private static final int SMALL_CLASS = 4;

    /** Each group's class (its distinct covariate row), and their number (1 without covariates). */
    private final int[] classOf;
    private final int classes;
    private final Priors priors;
    private final List<String> names;

    /**
     * @param meanCovariates per group, covariates of the mean (centred here), may have 0 columns
     * @param sdCovariates per group, covariates of the log SD (centred here)
     */
    public FhHetopLogspline(int[][] counts, double[] fixedCuts, List<String> meanNames, double[][] meanCovariates,
                            List<String> sdNames, double[][] sdCovariates, Grids grids, Priors priors) {
        this.counts = counts;
        this.minCount = java.util.Arrays.stream(counts)
                .mapToInt(n -> java.util.Arrays.stream(n).filter(v -> v > 0).min().orElse(0)).toArray();
        this.groups = counts.length;
        this.categories = counts[0].length;
        HetopModel.checkShape(categories, fixedCuts);
        this.fixedCuts = fixedCuts.clone();
        this.priors = priors;
        this.meanGrid = sequence(grids.meanLo(), grids.meanHi(), grids.meanPoints());
        this.logSdGrid = sequence(grids.logSdLo(), grids.logSdHi(), grids.sdPoints());
        this.qm = RNaturalSpline.bs(meanGrid, grids.meanDf());
        this.qs = RNaturalSpline.bs(logSdGrid, grids.sdDf());
        this.x = HetopModel.centredColumns(meanCovariates, meanNames.size());
        this.z = HetopModel.centredColumns(sdCovariates, sdNames.size());
        this.dm = meanNames.size();
        this.ds = sdNames.size();
        // groups with the same covariates have the same grid probabilities, whatever the betas
        Integer[] order = new Integer[groups];
        for (int g = 0; g < groups; g++) {
            order[g] = g;
        }
        java.util.Comparator<Integer> byCovariates = (u, v) -> {
            int c = java.util.Arrays.compare(x[u], x[v]);
            return c != 0 ? c : java.util.Arrays.compare(z[u], z[v]);
        };
        java.util.Arrays.sort(order, byCovariates);
        this.covariateOrder = new int[groups];
        this.sameCovariates = new boolean[groups];
        this.classOf = new int[groups];
        int c = -1;
        for (int r = 0; r < groups; r++) {
            covariateOrder[r] = order[r];
            sameCovariates[r] = r > 0 && byCovariates.compare(order[r - 1], order[r]) == 0;
            c += sameCovariates[r] ? 0 : 1;
            classOf[order[r]] = c;
        }
        this.classes = c + 1;
        this.classSize = new int[classes];
        for (int gr = 0; gr < groups; gr++) {
            classSize[classOf[gr]]++;
        }
        List<String> all = HetopModel.groupAndCutNames(groups, categories);
        all.add("gamma");
        meanNames.forEach(n -> all.add("beta_mu[" + n + "]"));
        sdNames.forEach(n -> all.add("beta_sigma[" + n + "]"));
        all.addAll(List.of("g_mu_mean", "g_mu_sd", "g_log_sigma_mean", "g_log_sigma_sd"));
        this.names = List.copyOf(all);
    }

    /** R's seq(lo, hi, length = n). */
    private static double[] sequence(double lo, double hi, int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = lo + (hi - lo) * i / (n - 1);
        }
        return s;
    }

    /** Bytes a running chain holds for its grid tables: each group's likelihood on the whole grid. */
    @Override
    public long tableBytes() {
        return 8L * groups * meanGrid.length * logSdGrid.length;
    }

    /** The grid of means m_1..m_M1. */
    public double[] meanGrid() {
        return meanGrid.clone();
    }

    /** The grid of log SDs s_1..s_M2. */
    public double[] logSdGrid() {
        return logSdGrid.clone();
    }

    /** Qm, the means' basis (M1 x df). */
    public double[][] meanBasis() {
        return qm;
    }

    /** Qs, the log SDs' basis (M2 x df). */
    public double[][] sdBasis() {
        return qs;
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public double[] fixedCuts() {
        return fixedCuts.clone();
    }

    @Override
    public int[][] counts() {
        return counts;
    }

    @Override
    public String prior() {
        return "logspline";
    }

    @Override
    public Map<String, String> priors() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("alpha0 (each log-spline's level)", "normal(0, " + sd(priors.alpha0Sd()) + ")");
        p.put("alpha dev[k]", "normal(0, " + sd(priors.alphaDevSd()) + ")");
        p.put("gamma", "normal(0, " + sd(priors.gammaSd()) + ")");
        p.put("beta_mu[..], beta_sigma[..]", "normal(0, " + sd(priors.betaSd()) + ")");
        p.put("cut[k]", "order statistics of normal(0, " + sd(priors.cutSd()) + ") truncated below at the second fixed cut");
        return p;
    }

    /** An SD as written: 10, or sqrt(20) for fh_hetop's precisions that are not squares. */
    private static String sd(double s) {
        double v = s * s;
        return Math.rint(s) == s ? Decimals.format(s) : "sqrt(" + Decimals.format(Math.rint(v * 1e9) / 1e9) + ")";
    }

    @Override
    public Chain newChain(UniformRandomProvider rng) {
        return new Sampler(rng);
    }

    private final class Sampler implements Chain {
        private final NormalizedGaussianSampler gaussian;
        /** For the free cuts' log gaps, as in {@link FhHetop}. */
        private final SliceSampler slice = new SliceSampler(0.5, 50, "cut points");
        /**
         * For gamma and the betas: width 2, between gamma's posterior SD on groups_k4.csv (1.2)
         * and its prior's (3.2), where the 5-group calibration runs mostly stay; width 0.5 cost
         * more evaluations in both.
         */
        private final SliceSampler coefficientSlice = new SliceSampler(2, 50, "coefficients");
        private final int m1 = meanGrid.length;
        private final int m2 = logSdGrid.length;
        private final int[] im = new int[groups];
        private final int[] js = new int[groups];
        private final double[] alphaMu = new double[qm[0].length];
        private final double[] alphaSigma = new double[qs[0].length];
        private final double[] pm = new double[m1];
        private final double[] ps = new double[m2];
        /** gamma, then beta_mu. */
        private final double[] meanCoef = new double[1 + dm];
        private final double[] betaSigma = new double[ds];
        private final double[] eta = new double[Math.max(categories - 3, 0)];
        private final double[] cuts = new double[categories - 1];
        /** Each group's likelihood on the grid, L_g(i, j) at [g][i * m2 + j], divided by its largest value. */
        private final double[][] table = new double[groups][m1 * m2];
        /**
         * The rows and columns of each group's table that hold all its nonzero cells, [rowLo,
         * rowHi] x [colLo, colHi]: the sums over the table skip the rest, whose cells are exactly 0
         * (most of them: a group's likelihood is far below its largest on most of the grid), and
         * so add nothing (each sum starts at +0.0 and adds terms >= 0, which an added 0.0 leaves
         * as they were: the same numbers).
         */
        private final int[] rowLo = new int[groups];
        private final int[] rowHi = new int[groups];
        private final int[] colLo = new int[groups];
        private final int[] colHi = new int[groups];
        /**
         * log P(k) per cell, [k * cells + cell] (category after category, so that a group's
         * weighted sum runs along contiguous cells), shared by the groups of a class (all groups
         * without covariates), filled in covariateOrder.
         */
        private final double[] logP = new double[m1 * m2 * categories];
        /** Per group: the grid marginals used by the alpha updates. */
        private final double[][] marginal;
        private final double[] trialP;
        /** The running sum of the cells' weights at the end of each row of the mean grid (step 6). */
        private final double[] rowEnd = new double[m1];
        private final double[] nu;
        private final double[] work;
        private final double[] logWeights;

        /** Which coefficient the slice is moving: 0 gamma, 1..dm beta_mu, dm+1.. beta_sigma. */
        private int coefficient;

        Sampler(UniformRandomProvider rng) {
            gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            int p = Math.max(alphaMu.length, alphaSigma.length);
            nu = new double[p];
            work = new double[p];
            marginal = new double[groups][Math.max(m1, m2)];
            trialP = new double[Math.max(m1, m2)];
            logWeights = new double[Math.max(m1, m2)];
            // start as fh_hetop does: alpha0 and the deviations standard normal, gamma 0; the
            // groups at their mean category placed on the fixed cuts' scale, SDs at the cuts' distance
            double a0 = gaussian.sample();
            for (int k = 0; k < alphaMu.length; k++) {
                alphaMu[k] = a0 + gaussian.sample();
            }
            double s0 = gaussian.sample();
            for (int k = 0; k < alphaSigma.length; k++) {
                alphaSigma[k] = s0 + gaussian.sample();
            }
            Vectors.softmax(qm, alphaMu, pm);
            Vectors.softmax(qs, alphaSigma, ps);
            double width = fixedCuts[1] - fixedCuts[0];
            for (int g = 0; g < groups; g++) {
                im[g] = nearest(meanGrid, HetopModel.startingMean(counts[g], fixedCuts) + 0.2 * gaussian.sample());
                js[g] = nearest(logSdGrid, Math.log(width) + 0.1 * gaussian.sample());
                peak[g] = im[g];
                tableStart[g] = im[g];
            }
            for (int k = 0; k < eta.length; k++) {
                eta[k] = Math.log(width) + 0.1 * gaussian.sample();
            }
            setCuts();
        }

        private int nearest(double[] grid, double v) {
            double step = grid[1] - grid[0];
            int i = (int) Math.round((v - grid[0]) / step);
            return Math.min(Math.max(i, 0), grid.length - 1);
        }

        private void setCuts() {
            HetopModel.cutsFromLogGaps(fixedCuts, eta, cuts);
        }

        /** x_g' beta_mu (without gamma's term). */
        private double meanOffset(int g, double[] coef) {
            double a = 0;
            for (int k = 0; k < dm; k++) {
                a += x[g][k] * coef[1 + k];
            }
            return a;
        }

        private double sdOffset(int g, double[] beta) {
            double b = 0;
            for (int k = 0; k < ds; k++) {
                b += z[g][k] * beta[k];
            }
            return b;
        }

        /*
         * log P(k) along a column j of the grid, [i * K + k], or a row i, [j * K + k], at the
         * coefficients being tried, shared by the groups of a class at that column or row:
         * columnSlot[class][j] indexes columnPool when columnStamp[class][j] == trial. A trial
         * touches at most one column (row) per group, so the pools need at most G slots.
         */
        private final long[][] columnStamp = new long[classes][m2];
        private final int[][] columnSlot = new int[classes][m2];
        private final double[][] columnPool = new double[Math.min(groups, classes * m2)][m1 * categories];
        private final long[][] rowStamp = new long[classes][m1];
        private final int[][] rowSlot = new int[classes][m1];
        private final double[][] rowPool = new double[Math.min(groups, classes * m1)][m2 * categories];
        private int columnsUsed;
        private int rowsUsed;
        private long trial;

        /** A new set of coefficients: every cached column and row is stale. */
        private void newTrial() {
            trial++;
            columnsUsed = 0;
            rowsUsed = 0;
        }

        /** logWeights[c] = sum_k n_k logP[c * K + k] for c < cells; returns their maximum. */
        private double weighted(int[] n, double[] logP, int cells) {
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cells; c++) {
                double l = logWeight(n, logP, c * categories, 1);
                logWeights[c] = l;
                top = Math.max(top, l);
            }
            return top;
        }

        /**
         * sum_k n_k log P(k) over the categories with units, log P(k) at lp[at + k * stride]: each
         * table's, column's and row's sums, with the terms in one order everywhere (the first term
         * alone, then each next one added; {@link #fused} adds them in the same order).
         */
        private double logWeight(int[] n, double[] lp, int at, int stride) {
            double l = 0;
            for (int k = 0; k < categories; k++) {
                if (n[k] > 0) {
                    l += n[k] * lp[at + k * stride];
                }
            }
            return l;
        }

        /**
         * log sum_i P(i) L_g(a + gamma s_j + m_i, b + s_j), group g's likelihood with its mean
         * position summed out. The column's cells are filled only as a group needs them: each
         * group sums its window of cells within e^{@value #NEGLIGIBLE} of its largest
         * ({@link #window}), the rest of the column only when the window cannot be trusted.
         */
        private double summedOverMeans(int g, double a, double gamma, double b, int j) {
            int c = classOf[g];
            if (columnStamp[c][j] != trial) {
                columnStamp[c][j] = trial;
                int slot = columnsUsed++;
                columnSlot[c][j] = slot;
                java.util.Arrays.fill(columnFilled[slot], false);
                columnSigma[slot] = Math.exp(b + logSdGrid[j]);
                columnShift[slot] = a + gamma * logSdGrid[j];
            }
            int slot = columnSlot[c][j];
            if (window(g, slot)) {
                double top = logWeights[peak[g]];
                double total = 0;
                for (int i = windowLo; i <= windowHi; i++) {
                    total += pm[i] * Math.exp(logWeights[i] - top);
                }
                return top + Math.log(total);
            }
            for (int i = 0; i < m1; i++) {
                columnCell(slot, i);
            }
            double top = weighted(counts[g], columnPool[slot], m1);
            double total = 0;
            for (int i = 0; i < m1; i++) {
                total += pm[i] * Math.exp(logWeights[i] - top);
            }
            return top + Math.log(total);
        }

        /** Per column slot: which mean cells hold their log P(k) at this trial, and the column's SD and mean shift. */
        private final boolean[][] columnFilled = new boolean[columnPool.length][m1];
        private final double[] columnSigma = new double[columnPool.length];
        private final double[] columnShift = new double[columnPool.length];
        /** Each group's largest cell at its last column sum: where the next one starts looking. */
        private final int[] peak = new int[groups];
        /** The window {@link #window} found, inclusive. */
        private int windowLo;
        private int windowHi;

        /** Fills cell i of a column slot unless it is filled already. */
        private void columnCell(int slot, int i) {
            if (!columnFilled[slot][i]) {
                cellLogP(columnPool[slot], i * categories, 1, columnShift[slot] + meanGrid[i], columnSigma[slot]);
                columnFilled[slot][i] = true;
            }
        }

        /**
         * Group g's cells within e^{@value #NEGLIGIBLE} of its largest along a column slot, into
         * [windowLo, windowHi] with their weights in logWeights and the largest at peak[g]: the
         * climb and walk of {@link #climb} and {@link #walk}, from the group's last peak. False
         * when the window cannot be vouched for (no cell off the floor, a largest too near the
         * floor, or a cell above the largest inside it), and the whole column must be summed. As
         * the table leaves out such cells ({@link #NEGLIGIBLE}), the sum leaves out the cells
         * beyond; they would change it only if the mean grid's prior masses spanned more than
         * e^113 (they are the same numbers otherwise: each term left out is below half an ulp of
         * the sum it would join).
         */
        private boolean window(int g, int slot) {
            if (minCount[g] == 0) {
                return false; // a group without units: every cell 0, the whole column
            }
            int[] n = counts[g];
            slotLine.slot = slot;
            slotLine.lp = columnPool[slot];
            int i = climb(slotLine, n, Math.min(Math.max(peak[g], 0), m1 - 1));
            if (i < 0) {
                return false;
            }
            double top = climbed;
            if (!(top + NEGLIGIBLE > minCount[g] * LOG_FLOOR)) {
                return false;
            }
            int lo = walk(slotLine, n, i, -1, top);
            int hi = walk(slotLine, n, i, 1, top);
            for (int q = lo; q <= hi; q++) {
                logWeights[q] = weight(slotLine, n, q);
                if (logWeights[q] > top) {
                    return false;
                }
            }
            peak[g] = i;
            windowLo = lo;
            windowHi = hi;
            return true;
        }

        /** Each group's SD position from its conditional given its mean position and the rest. */
        private void redrawSds(UniformRandomProvider rng) {
            newTrial();
            for (int g = 0; g < groups; g++) {
                double logTotal = summedOverSds(g, meanOffset(g, meanCoef), meanCoef[0], sdOffset(g, betaSigma), im[g]);
                js[g] = drawFrom(ps, logTotal, rng);
            }
        }

        /** A position drawn with probabilities prior[c] exp(logWeights[c] - logTotal), which sum to 1. */
        private int drawFrom(double[] prior, double logTotal, UniformRandomProvider rng) {
            double u = rng.nextDouble();
            int last = 0;
            for (int c = 0; c < prior.length; c++) {
                double w = prior[c] * Math.exp(logWeights[c] - logTotal);
                if (w > 0) {
                    last = c;
                    u -= w;
                    if (u < 0) {
                        return c;
                    }
                }
            }
            return last; // rounding: the last position with positive probability
        }

        /** log sum_j P(j) L_g(a + gamma s_j + m_i, b + s_j), with the SD position summed out. */
        private double summedOverSds(int g, double a, double gamma, double b, int i) {
            int c = classOf[g];
            if (rowStamp[c][i] != trial) {
                rowStamp[c][i] = trial;
                rowSlot[c][i] = rowsUsed++;
                fillLogP(rowPool[rowSlot[c][i]], 1, categories, a, gamma, b, i, i + 1, 0, m2);
            }
            double top = weighted(counts[g], rowPool[rowSlot[c][i]], m2);
            double total = 0;
            for (int j = 0; j < m2; j++) {
                total += ps[j] * Math.exp(logWeights[j] - top);
            }
            return top + Math.log(total);
        }

        private final double[] trialCoef = new double[1 + dm];
        private final double[] trialBeta = new double[ds];

        /** log p(coefficient = v | the rest), its position(s) summed out as the class comment says. */
        private final DoubleUnaryOperator coefficientTarget = v -> {
            newTrial();
            double l;
            if (coefficient <= dm) {
                System.arraycopy(meanCoef, 0, trialCoef, 0, meanCoef.length);
                trialCoef[coefficient] = v;
                double sd = coefficient == 0 ? priors.gammaSd() : priors.betaSd();
                l = -0.5 * v * v / (sd * sd);
                for (int g = 0; g < groups; g++) {
                    l += summedOverMeans(g, meanOffset(g, trialCoef), trialCoef[0], sdOffset(g, betaSigma), js[g]);
                }
            } else {
                System.arraycopy(betaSigma, 0, trialBeta, 0, ds);
                trialBeta[coefficient - dm - 1] = v;
                l = -0.5 * v * v / (priors.betaSd() * priors.betaSd());
                for (int g = 0; g < groups; g++) {
                    l += summedOverSds(g, meanOffset(g, meanCoef), meanCoef[0], sdOffset(g, trialBeta), im[g]);
                }
            }
            return l;
        };

        /** The free cut whose log gap is being updated. */
        private int gap;

        /**
         * log p(log gap = v | the rest): every group's likelihood at its position, the cuts'
         * prior (order statistics of N(0, cutSd^2) truncated below at the second fixed cut: the
         * product of normal densities on the increasing cuts) and the Jacobian exp(sum of log gaps).
         */
        private final DoubleUnaryOperator gapTarget = v -> {
            double keep = eta[gap];
            eta[gap] = v;
            setCuts();
            double l = v;
            for (int k = 2; k < categories - 1; k++) {
                l -= 0.5 * cuts[k] * cuts[k] / (priors.cutSd() * priors.cutSd());
            }
            for (int g = 0; g < groups; g++) {
                l += logLik(g, mu(g), logSigma(g), cuts);
            }
            eta[gap] = keep;
            setCuts();
            return l;
        };

        private double mu(int g) {
            return meanOffset(g, meanCoef) + meanCoef[0] * logSdGrid[js[g]] + meanGrid[im[g]];
        }

        private double logSigma(int g) {
            return sdOffset(g, betaSigma) + logSdGrid[js[g]];
        }

        @Override
        public void sweep(UniformRandomProvider rng) {
            // 1. the free cuts' log gaps, given both positions
            for (gap = 0; gap < eta.length; gap++) {
                eta[gap] = slice.sample(gapTarget, eta[gap], rng);
                setCuts();
            }
            // 2. beta_sigma with the SD positions summed out, then those positions afresh (the
            // partially collapsed Gibbs sampler of van Dyk & Park 2008: a position summed out of
            // one step is drawn again before any step conditions on it)
            if (ds > 0) {
                for (coefficient = dm + 1; coefficient <= dm + ds; coefficient++) {
                    betaSigma[coefficient - dm - 1] = coefficientSlice.sample(coefficientTarget, betaSigma[coefficient - dm - 1], rng);
                }
                redrawSds(rng);
            }
            // 3. gamma and beta_mu with the mean positions summed out; those positions are not
            // drawn here, as nothing conditions on them before step 6 draws them (van Dyk & Park's
            // trimming)
            for (coefficient = 0; coefficient <= dm; coefficient++) {
                meanCoef[coefficient] = coefficientSlice.sample(coefficientTarget, meanCoef[coefficient], rng);
            }
            // 4. each group's likelihood on the grid
            fillTable();
            // 5. alpha_mu, then alpha_sigma, both positions summed out
            marginalsOverSds();
            double current = alphaLikelihood(alphaMu, qm, m1);
            for (int step = 0; step < ELLIPTICAL_STEPS; step++) {
                current = EllipticalSlice.step(alphaMu, priorDraw(alphaMu.length), work, muTarget, current, rng, "alpha of the means' grid");
            }
            Vectors.softmax(qm, alphaMu, pm);
            marginalsOverMeans();
            current = alphaLikelihood(alphaSigma, qs, m2);
            for (int step = 0; step < ELLIPTICAL_STEPS; step++) {
                current = EllipticalSlice.step(alphaSigma, priorDraw(alphaSigma.length), work, sigmaTarget, current, rng, "alpha of the SDs' grid");
            }
            Vectors.softmax(qs, alphaSigma, ps);
            // 6. each group's (i, j) from its exact conditional, P(i) P(j) L_g(i, j)
            // two groups' sums at once (independent chains of additions, each in its own order),
            // then each group's draw in turn
            int g = 0;
            for (; g + 1 < groups; g += 2) {
                cumulate(g, g + 1, rowEnd, rowEndNext, totals);
                drawPosition(g, totals[0], rowEnd, rng);
                drawPosition(g + 1, totals[1], rowEndNext, rng);
            }
            if (g < groups) {
                cumulate(g, g, rowEnd, rowEndNext, totals);
                drawPosition(g, totals[0], rowEnd, rng);
            }
        }

        private final double[] rowEndNext = new double[m1];
        private final double[] totals = new double[2];

        /**
         * For two groups' tables: each total weight sum_i P(i) sum_j P(j) L(i, j), and beside it
         * the running sum of the cells' weights in the order {@link #drawPosition} adds them, as it
         * stands at the end of each row: the search then starts at the row where it ends, with the
         * very sum it would have reached there.
         */
        private void cumulate(int g0, int g1, double[] end0, double[] end1, double[] total) {
            double[] t0 = table[g0];
            double[] t1 = table[g1];
            // the two boxes' union: outside it both rows are zero, and the sums stay as they were
            int iLo = Math.min(rowLo[g0], rowLo[g1]);
            int iHi = Math.max(rowHi[g0], rowHi[g1]);
            int jLo = Math.min(colLo[g0], colLo[g1]);
            int jHi = Math.max(colHi[g0], colHi[g1]);
            double total0 = 0;
            double total1 = 0;
            double run0 = 0;
            double run1 = 0;
            for (int i = 0; i < m1; i++) {
                if (i >= iLo && i <= iHi) {
                    double row0 = 0;
                    double row1 = 0;
                    for (int j = jLo; j <= jHi; j++) {
                        row0 += ps[j] * t0[i * m2 + j];
                        run0 += pm[i] * ps[j] * t0[i * m2 + j];
                        row1 += ps[j] * t1[i * m2 + j];
                        run1 += pm[i] * ps[j] * t1[i * m2 + j];
                    }
                    total0 += pm[i] * row0;
                    total1 += pm[i] * row1;
                }
                end0[i] = run0;
                end1[i] = run1;
            }
            total[0] = total0;
            total[1] = total1;
        }

        /** Group g's (i, j) from P(i) P(j) L_g(i, j), given its total weight and running sums by row. */
        private void drawPosition(int g, double total, double[] end, UniformRandomProvider rng) {
            double[] t = table[g];
            double u = total * rng.nextDouble();
            int cell = -1;
            int from = 0;
            while (from < m1 && end[from] < u) {
                from++;
            }
            double run = from == 0 ? 0 : end[from - 1];
            for (int i = from; i < m1 && cell < 0; i++) {
                for (int j = 0; j < m2; j++) {
                    run += pm[i] * ps[j] * t[i * m2 + j];
                    if (run >= u) {
                        cell = i * m2 + j;
                        break;
                    }
                }
            }
            if (cell < 0) { // rounding at the very end: the last cell with positive weight
                for (int c = m1 * m2 - 1; c >= 0; c--) {
                    if (pm[c / m2] * ps[c % m2] * t[c] > 0) {
                        cell = c;
                        break;
                    }
                }
            }
            im[g] = cell / m2;
            js[g] = cell % m2;
        }

        /** A draw from alpha's prior N(0, alpha0Sd^2 11' + devSd^2 I), into nu. */
        private double[] priorDraw(int p) {
            double common = priors.alpha0Sd() * gaussian.sample();
            for (int k = 0; k < p; k++) {
                nu[k] = common + priors.alphaDevSd() * gaussian.sample();
            }
            return nu;
        }

        private final ToDoubleFunction<double[]> muTarget = a -> alphaLikelihood(a, qm, m1);
        private final ToDoubleFunction<double[]> sigmaTarget = a -> alphaLikelihood(a, qs, m2);

        /** sum_g log sum_i Vectors.softmax(q a)_i marginal[g][i], the grid's other position already summed out. */
        private double alphaLikelihood(double[] a, double[][] q, int m) {
            double[] p = trialP;
            Vectors.softmax(q, a, p);
            double l = 0;
            int g = 0;
            // four groups' sums at once: four independent chains of additions, each in its own order
            for (; g + 3 < groups; g += 4) {
                double[] v0 = marginal[g];
                double[] v1 = marginal[g + 1];
                double[] v2 = marginal[g + 2];
                double[] v3 = marginal[g + 3];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int i = 0; i < m; i++) {
                    s0 += p[i] * v0[i];
                    s1 += p[i] * v1[i];
                    s2 += p[i] * v2[i];
                    s3 += p[i] * v3[i];
                }
                l += Math.log(s0);
                l += Math.log(s1);
                l += Math.log(s2);
                l += Math.log(s3);
            }
            for (; g < groups; g++) {
                double s = 0;
                double[] v = marginal[g];
                for (int i = 0; i < m; i++) {
                    s += p[i] * v[i];
                }
                l += Math.log(s);
            }
            return l;
        }

        /** marginal[g][i] = sum_j P(j) L_g(i, j), over the group's box of nonzero cells. */
        private void marginalsOverSds() {
            for (int g = 0; g < groups; g++) {
                double[] t = table[g];
                double[] v = marginal[g];
                int jLo = colLo[g];
                int jHi = colHi[g];
                java.util.Arrays.fill(v, 0, m1, 0);
                int i = rowLo[g];
                // four rows at once: independent chains of additions, each in its own order
                for (; i + 3 <= rowHi[g]; i += 4) {
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int j = jLo; j <= jHi; j++) {
                        s0 += ps[j] * t[i * m2 + j];
                        s1 += ps[j] * t[(i + 1) * m2 + j];
                        s2 += ps[j] * t[(i + 2) * m2 + j];
                        s3 += ps[j] * t[(i + 3) * m2 + j];
                    }
                    v[i] = s0;
                    v[i + 1] = s1;
                    v[i + 2] = s2;
                    v[i + 3] = s3;
                }
                for (; i <= rowHi[g]; i++) {
                    double s = 0;
                    for (int j = jLo; j <= jHi; j++) {
                        s += ps[j] * t[i * m2 + j];
                    }
                    v[i] = s;
                }
            }
        }

        /** marginal[g][j] = sum_i P(i) L_g(i, j), over the group's box of nonzero cells. */
        private void marginalsOverMeans() {
            for (int g = 0; g < groups; g++) {
                double[] t = table[g];
                double[] v = marginal[g];
                java.util.Arrays.fill(v, 0, m2, 0);
                for (int i = rowLo[g]; i <= rowHi[g]; i++) {
                    double w = pm[i];
                    for (int j = colLo[g]; j <= colHi[g]; j++) {
                        v[j] += w * t[i * m2 + j];
                    }
                }
            }
        }

        /**
         * table[g][i * m2 + j] = L_g(m_i, s_j) / max over the grid. Without covariates every group
         * shares the cells' log P(k), computed once. The groups of a small class ({@link
         * #SMALL_CLASS}: covariates few other groups have) get their tables from the cells near
         * their largest only ({@link #ownTable}), the class's cells filled as they need them.
         */
        private void fillTable() {
            int cells = m1 * m2;
            for (int r = 0; r < groups; r++) {
                int g = covariateOrder[r];
                int[] n = counts[g];
                double[] t = table[g];
                if (classSize[classOf[g]] <= SMALL_CLASS) {
                    if (!sameCovariates[r]) {
                        newClassCells(g);
                    }
                    if (minCount[g] > 0 && ownTable(g, t, n, cells)) {
                        continue;
                    }
                    for (int i = 0; i < m1; i++) {
                        for (int j = 0; j < m2; j++) {
                            ownCell(i, j, cells);
                        }
                    }
                } else if (!sameCovariates[r]) {
                    fillLogP(logP, cells, 1, meanOffset(g, meanCoef), meanCoef[0], sdOffset(g, betaSigma), 0, m1, 0, m2);
                }
                // sum_k n_k log P(k) and its largest value over the cells
                int used = 0;
                int last = -1;
                for (int k = 0; k < categories; k++) {
                    if (n[k] > 0) {
                        active[used++] = k;
                        last = k;
                    }
                }
                double top;
                if (used == 0) {
                    java.util.Arrays.fill(t, 0); // a group without units: a flat likelihood
                    top = 0;
                } else if (used <= 4) {
                    top = fused(t, n, used, cells);
                } else {
                    top = perCategory(t, n, last, cells);
                }
                int iLo = m1;
                int iHi = -1;
                int jLo = m2;
                int jHi = -1;
                for (int i = 0; i < m1; i++) {
                    int row = i * m2;
                    int first = m2;
                    int lastNonzero = -1;
                    for (int j = 0; j < m2; j++) {
                        double d = t[row + j] - top;
                        if (d < NEGLIGIBLE) {
                            t[row + j] = 0;
                        } else {
                            t[row + j] = Math.exp(d);
                            first = Math.min(first, j);
                            lastNonzero = j;
                        }
                    }
                    if (lastNonzero >= 0) {
                        iLo = Math.min(iLo, i);
                        iHi = i;
                        jLo = Math.min(jLo, first);
                        jHi = Math.max(jHi, lastNonzero);
                    }
                }
                rowLo[g] = iLo;
                rowHi[g] = iHi;
                colLo[g] = jLo;
                colHi[g] = jHi;
            }
        }

        /** The lazily filled cells of {@link #ownTable}: cell c of {@link #logP} holds the class's log P(k) when ownStamp[c] == ownTable. */
        private final long[] ownStamp = new long[m1 * m2];
        private long ownTable;
        /** The SD and the mean's shift of each column of the SD grid, for the class being tabled. */
        private final double[] ownSigma = new double[m2];
        private final double[] ownShift = new double[m2];
        /** Per column of the SD grid: the row of the group's largest cell, and its log likelihood there. */
        private final int[] columnPeak = new int[m2];
        private final double[] columnTop = new double[m2];
        /** Each group's largest row in the first column at its last table: where the next climb starts. */
        private final int[] tableStart = new int[groups];

        /** A new class's cells, none filled yet: their SDs and mean shifts from its first group g's covariates. */
        private void newClassCells(int g) {
            ownTable++;
            double b = sdOffset(g, betaSigma);
            double a = meanOffset(g, meanCoef);
            for (int j = 0; j < m2; j++) {
                ownSigma[j] = Math.exp(b + logSdGrid[j]);
                ownShift[j] = a + meanCoef[0] * logSdGrid[j];
            }
        }

        /** Fills cell (i, j) of {@link #logP} for the class being tabled unless it is filled already; returns the cell. */
        private int ownCell(int i, int j, int cells) {
            int cell = i * m2 + j;
            if (ownStamp[cell] != ownTable) {
                cellLogP(logP, cell, cells, ownShift[j] + meanGrid[i], ownSigma[j]);
                ownStamp[cell] = ownTable;
            }
            return cell;
        }

        /**
         * A line of cells along the mean grid at one SD, cell i's log P(k) at lp[at(i) + k *
         * stride], filled when first asked for: a column of gamma's trial ({@link #window}) or of
         * a small class's table ({@link #ownTable}).
         */
        private abstract class Line {
            double[] lp;
            int stride;

            /** Fills cell i unless it is filled already; returns where its log P(k) start in {@link #lp}. */
            abstract int at(int i);

            /** Cell i's mean. */
            abstract double mean(int i);
        }

        /** A column of gamma's trial, in the column pool's slot {@code slot}. */
        private final class SlotLine extends Line {
            int slot;

            @Override
            int at(int i) {
                columnCell(slot, i);
                return i * categories;
            }

            @Override
            double mean(int i) {
                return columnShift[slot] + meanGrid[i];
            }
        }

        /** Column j of the table being made for a small class ({@link #logP}, filled by {@link #ownCell}). */
        private final class TableLine extends Line {
            int j;

            @Override
            int at(int i) {
                return ownCell(i, j, m1 * m2);
            }

            @Override
            double mean(int i) {
                return ownShift[j] + meanGrid[i];
            }
        }

        private final SlotLine slotLine = new SlotLine();
        private final TableLine tableLine = new TableLine();
        {
            slotLine.stride = 1;
            tableLine.lp = logP;
            tableLine.stride = m1 * m2;
        }

        /** sum_k n_k log P(k) at cell i of a line. */
        private double weight(Line line, int[] n, int i) {
            int at = line.at(i);
            return logWeight(n, line.lp, at, line.stride);
        }

        /** Whether a category with units has its probability held at the floor at cell i of a line. */
        private boolean atFloor(Line line, int[] n, int i) {
            int at = line.at(i);
            for (int k = 0; k < categories; k++) {
                if (n[k] > 0 && line.lp[at + k * line.stride] == LOG_FLOOR) {
                    return true;
                }
            }
            return false;
        }

        /** Whether cell i of a line is off the floor and above {@code than}. */
        private boolean higher(Line line, int[] n, int i, double than) {
            return !atFloor(line, n, i) && weight(line, n, i) > than;
        }

        /**
         * From cell i of a line, where some categories with units are at the floor: the way
         * along the mean grid (-1 or +1) where each such category's probability rises off it,
         * towards its mode (the lowest category's at -infinity, the highest's at +infinity,
         * another's between its cuts). Each category's cells off the floor form an interval
         * around its mode (its probability is log-concave in the mean), so the cells off the
         * floor for all of them lie that way; there are none if two categories point different
         * ways (0).
         */
        private int floorWay(Line line, int[] n, int i) {
            int at = line.at(i);
            double mu = line.mean(i);
            int way = 0;
            for (int k = 0; k < categories; k++) {
                if (n[k] > 0 && line.lp[at + k * line.stride] == LOG_FLOOR) {
                    int d;
                    if (k == 0) {
                        d = -1;
                    } else if (k == categories - 1) {
                        d = 1;
                    } else {
                        d = 0.5 * (cuts[k - 1] + cuts[k]) < mu ? -1 : 1;
                    }
                    if (way != 0 && d != way) {
                        return 0;
                    }
                    way = d;
                }
            }
            return way;
        }

        /** The log likelihood at the cell {@link #climb} last returned. */
        private double climbed;

        /**
         * The largest of a line's cells off the floor, climbing from {@code start}: first off the
         * floor if the start is on it ({@link #floorWay}), then up to the largest; its weight in
         * {@link #climbed}; -1 when no cell of the line is off the floor. Along a line the cells
         * off the floor form an interval where the log likelihood is concave in the mean (an
         * ordinal probit's probabilities are log-concave in the location, Pratt 1981), so the
         * climb ends at the largest of them.
         */
        private int climb(Line line, int[] n, int start) {
            int i = start;
            int way = 0;
            while (atFloor(line, n, i)) {
                int d = floorWay(line, n, i);
                if (d == 0 || (way != 0 && d != way) || i + d < 0 || i + d >= m1) {
                    return -1;
                }
                way = d;
                i += d;
            }
            double best = weight(line, n, i);
            if (i + 1 < m1 && higher(line, n, i + 1, best)) {
                do {
                    i++;
                    best = weight(line, n, i);
                } while (i + 1 < m1 && higher(line, n, i + 1, best));
            } else {
                while (i > 0 && higher(line, n, i - 1, best)) {
                    i--;
                    best = weight(line, n, i);
                }
            }
            climbed = best;
            return i;
        }

        /**
         * The last row reached walking from row {@code from} of a line in steps of {@code step}
         * (-1 or +1) while the cells stay within e^{@value #NEGLIGIBLE} of {@code top}. Past it
         * every cell is below that bound: off the floor by the concavity {@link #climb} rests on,
         * at the floor (a category's probability held at 1e-300) because such a cell is at most
         * n_min log 1e-300 (n_min the group's smallest positive count, the other terms at most 0),
         * which the callers check is below the bound.
         */
        private int walk(Line line, int[] n, int from, int step, double top) {
            int i = from;
            while (i + step >= 0 && i + step < m1 && weight(line, n, i + step) - top >= NEGLIGIBLE) {
                i += step;
            }
            return i;
        }

        /**
         * Group g's table when few other groups share its cells' probabilities (a small class,
         * whose cells {@link #newClassCells} began): log P(k) is computed only at the cells within
         * e^{@value #NEGLIGIBLE} of the largest of some group of the class (and the few cells that
         * find them), where the pass over every cell computed three normal CDFs at all 2,500. The
         * same table, cell for cell: the rest are 0 there too ({@link #NEGLIGIBLE}).
         * <p>Column by column of the SD grid (fixed SD, the mean moving along the mean grid): a
         * {@link #climb} from the last column's largest row to this column's largest (a column
         * with no cell off the floor is all below the bound), then, once the overall largest is
         * known, a {@link #walk} out from each column's largest, which says why the cells beyond
         * are below the bound. Returns false, with t not to be read, when the largest is too near
         * the floor for that, or a walk meets a cell above its column's largest (rounding far in
         * a tail): the caller then fills every cell and makes the table as for any group.
         */
        private boolean ownTable(int g, double[] t, int[] n, int cells) {
            int start = tableStart[g];
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m2; j++) {
                tableLine.j = j;
                int i = climb(tableLine, n, start);
                if (i < 0) {
                    columnTop[j] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                columnPeak[j] = i;
                columnTop[j] = climbed;
                top = Math.max(top, climbed);
                start = i;
            }
            if (!(top + NEGLIGIBLE > minCount[g] * LOG_FLOOR)) {
                return false;
            }
            java.util.Arrays.fill(t, 0);
            int iLo = m1;
            int iHi = -1;
            int jLo = m2;
            int jHi = -1;
            for (int j = 0; j < m2; j++) {
                if (columnTop[j] - top < NEGLIGIBLE) {
                    continue;
                }
                tableLine.j = j;
                int lo = walk(tableLine, n, columnPeak[j], -1, top);
                int hi = walk(tableLine, n, columnPeak[j], 1, top);
                for (int i = lo; i <= hi; i++) {
                    double l = weight(tableLine, n, i);
                    if (l > columnTop[j]) {
                        return false;
                    }
                    t[i * m2 + j] = Math.exp(l - top);
                }
                iLo = Math.min(iLo, lo);
                iHi = Math.max(iHi, hi);
                jLo = Math.min(jLo, j);
                jHi = j;
            }
            rowLo[g] = iLo;
            rowHi[g] = iHi;
            colLo[g] = jLo;
            colHi[g] = jHi;
            tableStart[g] = columnPeak[Math.max(jLo, 0)];
            return true;
        }

        /**
         * sum_k n_k log P(k) into t category by category along the cells (more than four with
         * units): each cell adds the same terms in the same order as a sum per cell would (the
         * first is n_k log P(k), which 0 + n_k log P(k) equals: log P(k) is never -0.0), in loops
         * the compiler vectorizes; the last category's loop also finds the largest, returned.
         */
        private double perCategory(double[] t, int[] n, int last, int cells) {
            double top = Double.NEGATIVE_INFINITY;
            boolean first = true;
            for (int k = 0; k <= last; k++) {
                if (n[k] == 0) {
                    continue;
                }
                double w = n[k];
                int offset = k * cells;
                if (k == last) {
                    for (int c = 0; c < cells; c++) {
                        double l = (first ? 0 : t[c]) + w * logP[offset + c];
                        t[c] = l;
                        if (l > top) {
                            top = l; // no NaN here, and a signed zero's sign changes no t[c] - top
                        }
                    }
                } else if (first) {
                    for (int c = 0; c < cells; c++) {
                        t[c] = w * logP[offset + c];
                    }
                } else {
                    for (int c = 0; c < cells; c++) {
                        t[c] += w * logP[offset + c];
                    }
                }
                first = false;
            }
            return top;
        }

        /** The categories with units in the group being tabled ({@link #fillTable}). */
        private final int[] active = new int[categories];

        /**
         * sum_k n_k log P(k) for the 1-4 categories in {@link #active} into t, in one pass over the
         * cells with the terms added in the same order as the pass per category does, so the same
         * numbers (the first term alone, then each next one added); returns the largest.
         */
        private double fused(double[] t, int[] n, int used, int cells) {
            int o0 = active[0] * cells;
            int o1 = active[Math.min(1, used - 1)] * cells;
            int o2 = active[Math.min(2, used - 1)] * cells;
            int o3 = active[Math.min(3, used - 1)] * cells;
            double w0 = n[active[0]];
            double w1 = n[active[Math.min(1, used - 1)]];
            double w2 = n[active[Math.min(2, used - 1)]];
            double w3 = n[active[Math.min(3, used - 1)]];
            double[] lp = logP;
            switch (used) {
                case 1 -> {
                    for (int c = 0; c < cells; c++) {
                        t[c] = w0 * lp[o0 + c];
                    }
                }
                case 2 -> {
                    for (int c = 0; c < cells; c++) {
                        t[c] = w0 * lp[o0 + c] + w1 * lp[o1 + c];
                    }
                }
                case 3 -> {
                    for (int c = 0; c < cells; c++) {
                        t[c] = w0 * lp[o0 + c] + w1 * lp[o1 + c] + w2 * lp[o2 + c];
                    }
                }
                default -> {
                    for (int c = 0; c < cells; c++) {
                        t[c] = w0 * lp[o0 + c] + w1 * lp[o1 + c] + w2 * lp[o2 + c] + w3 * lp[o3 + c];
                    }
                }
            }
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cells; c++) {
                if (t[c] > top) {
                    top = t[c]; // no NaN here, and a signed zero's sign changes no t[c] - top
                }
            }
            return top;
        }

        /**
         * log P(k) for mean a + gamma s_j + m_i and log SD b + s_j (HetopModel.cellProbability) at the cells
         * i in [i0, i1), j in [j0, j1), into out[k * kStride + cell * cellStride], cell = (i - i0) * (j1 - j0) + j - j0.
         */
        private void fillLogP(double[] out, int kStride, int cellStride, double a, double gamma, double b,
                              int i0, int i1, int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                double sigma = Math.exp(b + logSdGrid[j]);
                double shift = a + gamma * logSdGrid[j];
                for (int i = i0; i < i1; i++) {
                    cellLogP(out, ((i - i0) * (j1 - j0) + j - j0) * cellStride, kStride, shift + meanGrid[i], sigma);
                }
            }
        }

        /** log P(k) of one cell, mean mu and SD sigma, into out[base + k * kStride]. */
        private void cellLogP(double[] out, int base, int kStride, double mu, double sigma) {
            double lower = 0;
            for (int k = 0; k < categories; k++) {
                double upper = k < categories - 1 ? StandardNormal.cdf((cuts[k] - mu) / sigma) : 1;
                out[base + k * kStride] = Math.log(HetopModel.cellProbability(upper, lower));
                lower = upper;
            }
        }

        @Override
        public void record(double[] out) {
            int o = 0;
            for (int g = 0; g < groups; g++) {
                out[o++] = mu(g);
            }
            for (int g = 0; g < groups; g++) {
                out[o++] = Math.exp(logSigma(g));
            }
            for (int k = 2; k < categories - 1; k++) {
                out[o++] = cuts[k];
            }
            for (double c : meanCoef) {
                out[o++] = c;
            }
            for (double b : betaSigma) {
                out[o++] = b;
            }
            o = moments(pm, meanGrid, out, o);
            moments(ps, logSdGrid, out, o);
        }

        private int moments(double[] p, double[] grid, double[] out, int o) {
            double mean = 0;
            for (int i = 0; i < grid.length; i++) {
                mean += p[i] * grid[i];
            }
            double var = 0;
            for (int i = 0; i < grid.length; i++) {
                var += p[i] * (grid[i] - mean) * (grid[i] - mean);
            }
            out[o] = mean;
            out[o + 1] = Math.sqrt(var);
            return o + 2;
        }
    }
}
