package org.multisite.summary;

import java.util.function.Consumer;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.numeric.RadixOrder;
import org.multisite.numeric.Quantiles;
import org.multisite.numeric.Vectors;

/**
 * Posterior summary of one scalar quantity: mean, SD (divisor S - 1), median, 2.5/5/95/97.5%
 * quantiles (type 7), R-hat, bulk and tail ESS and the MCSE of the mean.
 */
public record ParameterSummary(double mean, double sd, double median, double q2_5, double q5, double q95,
                               double q97_5, double rhat, double essBulk, double essTail, double mcseMean) {

    /** Summary of draws laid out chain after chain, {@code chains} chains of equal length. */
    public static ParameterSummary of(double[] draws, int chains) {
        return of(draws, chains, Vectors.variance(draws));
    }

    /** As {@link #of(double[], int)}, given the draws' variance (divisor S - 1), which the caller also keeps. */
    static ParameterSummary of(double[] draws, int chains, double variance) {
        return of(draws, chains, variance, sorted -> { });
    }

    /**
     * As {@link #of(double[], int, double)}, handing the draws sorted to {@code sortedDraws} (which
     * must not keep or modify the array) on the way.
     */
    static ParameterSummary of(double[] draws, int chains, double variance, Consumer<double[]> sortedDraws) {
        Scratch w = Scratch.of(draws.length);
        int[] order = RadixOrder.order(draws, w.order);
        double[] sorted = w.sorted;
        for (int k = 0; k < draws.length; k++) {
            sorted[k] = draws[order[k]];
        }
        sortedDraws.accept(sorted);
        Diagnostics.Convergence c = Diagnostics.convergence(draws, chains, order, sorted);
        return new ParameterSummary(Vectors.mean(draws), Math.sqrt(variance),
                Quantiles.type7(sorted, 0.5), Quantiles.type7(sorted, 0.025), Quantiles.type7(sorted, 0.05),
                Quantiles.type7(sorted, 0.95), Quantiles.type7(sorted, 0.975),
                c.rhat(), c.essBulk(), c.essTail(), c.mcseMean());
    }

    /**
     * A thread's order and sorted copy of a quantity's draws, reused while its quantities have
     * the same number of draws (every column of a fit): neither leaves {@link #of}.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> OWN = new ThreadLocal<>();
        final int[] order;
        final double[] sorted;

        private Scratch(int s) {
            this.order = new int[s];
            this.sorted = new double[s];
        }

        static Scratch of(int s) {
            Scratch w = OWN.get();
            if (w == null || w.order.length != s) {
                w = new Scratch(s);
                OWN.set(w);
            }
            return w;
        }
    }
}
