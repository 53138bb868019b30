package org.multisite.cli;

import org.multisite.io.InputException;
import org.multisite.mcmc.SamplerConfig;
import picocli.CommandLine.Option;

/** Options shared by every command that samples. */
public final class SamplingOptions {
    /** The fewest kept draws per chain: split R-hat halves each chain, and the diagnostics need two draws per half. */
    private static final int MIN_DRAWS = 4;

    @Option(names = "--chains", defaultValue = "4", description = "Number of chains (default: ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--warmup", defaultValue = "1000", description = "Warm-up sweeps per chain, discarded (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--draws", defaultValue = "1000", description = "Kept draws per chain (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--thin", defaultValue = "1", description = "Sweeps per kept draw (default: ${DEFAULT-VALUE}).")
    int thin;

    @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same output (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads for the chains (default: one per core); never changes the results.")
    Integer threads;

    /** The sampler these options describe; the core refuses a setting out of range, naming it. */
    SamplerConfig config() {
        if (draws < MIN_DRAWS) {
            throw new InputException("--draws " + draws + ": expected at least " + MIN_DRAWS + " (split R-hat needs 4 per chain)");
        }
        return new SamplerConfig(chains, warmup, draws, thin, seed, threads == null ? Runtime.getRuntime().availableProcessors()
                : threads);
    }
}
