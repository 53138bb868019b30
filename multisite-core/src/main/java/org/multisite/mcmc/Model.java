package org.multisite.mcmc;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What the chain runner needs of a model: the names of the scalar quantities it records, and
 * a fresh chain state. The state does one sweep of the model's sampler at a time and records
 * its current values; the runner knows warm-up, thinning, chains and threads.
 */
public interface Model {
    /** Names of the recorded quantities, in the order {@link Chain#record(double[])} writes them. */
    List<String> parameterNames();

    /**
     * Numbers the model's summaries keep per draw beyond the recorded quantities (G of each
     * draw, for a model of site effects), so that {@link Memory} counts them before sampling.
     */
    default int heldPerDraw() {
        return 0;
    }

    /**
     * Values of each draw the summaries pool (the site or group effects, whose pooled quantiles
     * give the triple-goal GR estimates): counted into bins (numeric.PooledOrder), not copied.
     */
    default int pooledPerDraw() {
        return 0;
    }

    /**
     * The quantities the model recomputes from its recorded draws instead of storing them
     * (recorded quantities' names come first in the draws); null when it stores all.
     *
     * @param seed the run's seed, from which the recomputed quantities' streams derive
     * @param chains the run's number of chains
     */
    default Regenerated regenerated(long seed, int chains) {
        return null;
    }

    /**
     * A new chain, initialised from {@code rng}. Each chain owns its state, so chains may run
     * on different threads.
     */
    Chain newChain(UniformRandomProvider rng);

    /** One chain's state and its transition. */
    interface Chain {
        /** One sweep of the sampler: updates every parameter once. Must not allocate. */
        void sweep(UniformRandomProvider rng);

        /** Writes the current values into {@code out}, in {@link Model#parameterNames()} order. */
        void record(double[] out);
    }
}
