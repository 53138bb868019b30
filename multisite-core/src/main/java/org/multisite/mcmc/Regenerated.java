package org.multisite.mcmc;

import java.util.List;

/**
 * Quantities a model does not store but recomputes from its stored draws on demand: the site
 * effects of a model that draws them exactly given the other parameters, from a counter-based
 * stream ({@link CounterGaussian}), so that a fit of many sites holds the draws of a few
 * parameters instead of J x S numbers. Every access gives the same values.
 */
public interface Regenerated {
    /** The quantities' names; in {@link Draws} they follow the stored ones. */
    List<String> names();

    /** Draws of quantity k over all chains, chain after chain, into {@code out}. */
    void column(Draws stored, int k, double[] out);

    /** Draw i (over all chains) of quantity k. */
    double value(Draws stored, int k, int i);

    /**
     * Draws from .. to - 1 (over all chains) of quantities first .. first + count - 1, draw after
     * draw: out[(i - from) * count + k - first].
     */
    void rows(Draws stored, int first, int count, int from, int to, double[] out);
}
