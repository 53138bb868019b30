package org.multisite.mcmc;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Runs a model's chains: for each chain, a generator from (seed, chain), the model's initial
 * state, {@code warmup} discarded sweeps, then {@code draws} kept draws each {@code thin}
 * sweeps apart. Chains run on a pool of {@code threads} workers; each writes only its own
 * slice of the columns, so the draws do not depend on the number of threads.
 */
public final class ChainRunner {
    private ChainRunner() {
    }

    public static Draws run(Model model, SamplerConfig config) {
        return run(model, config, Progress.NONE);
    }

    /** As {@link #run(Model, SamplerConfig)}, telling {@code progress} each chain's sweeps (phase {@code sampling}). */
    public static Draws run(Model model, SamplerConfig config, Progress progress) {
        List<String> names = model.parameterNames();
        int n = config.draws();
        Regenerated regenerated = model.regenerated(config.seed(), config.chains());
        Memory.checkDraws(config, names.size() + model.heldPerDraw(),
                regenerated == null ? 0 : regenerated.names().size(), model.pooledPerDraw());
        double[][] columns = new double[names.size()][config.chains() * n];
        int threads = Math.min(config.threads(), config.chains());
        progress.phase("sampling");
        if (threads == 1) {
            for (int c = 0; c < config.chains(); c++) {
                runChain(model, config, c, columns, progress);
            }
        } else {
            List<Runnable> chains = new ArrayList<>();
            for (int c = 0; c < config.chains(); c++) {
                final int chain = c;
                chains.add(() -> runChain(model, config, chain, columns, progress));
            }
            Workers.run("multisite-chain", threads, chains);
        }
        return new Draws(names, config.chains(), n, columns, regenerated);
    }

    private static void runChain(Model model, SamplerConfig config, int chain, double[][] columns, Progress progress) {
        UniformRandomProvider rng = SeedStreams.chain(config.seed(), chain);
        Model.Chain state = model.newChain(rng);
        long sweeps = 0;
        for (int i = 0; i < config.warmup(); i++) {
            state.sweep(rng);
            progress.sweeps(chain, ++sweeps);
        }
        int width = columns.length;
        double[] row = new double[width];
        // RECORD_BLOCK draws are kept row by row, then written to the columns a run of draws at a
        // time: written one draw at a time, each value was a cache miss with many sites
        double[] rows = new double[RECORD_BLOCK * width];
        int offset = chain * config.draws();
        for (int i = 0; i < config.draws(); i++) {
            for (int t = 0; t < config.thin(); t++) {
                state.sweep(rng);
                progress.sweeps(chain, ++sweeps);
            }
            state.record(row);
            int slot = i % RECORD_BLOCK;
            System.arraycopy(row, 0, rows, slot * width, width);
            if (slot == RECORD_BLOCK - 1 || i == config.draws() - 1) {
                int first = i - slot;
                for (int p = 0; p < width; p++) {
                    double[] column = columns[p];
                    for (int b = 0; b <= slot; b++) {
                        column[offset + first + b] = rows[b * width + p];
                    }
                }
            }
        }
    }

    /** Draws held row by row before they are written to the columns: a cache line of doubles. */
    private static final int RECORD_BLOCK = 8;
}
