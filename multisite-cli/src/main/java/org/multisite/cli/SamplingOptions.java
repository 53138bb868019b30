package org.multisite.cli;

import org.multisite.mcmc.SamplerConfig;
import picocli.CommandLine.Option;

/** Options shared by every command that samples. */
public final class SamplingOptions {
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

    SamplerConfig config() {
        check("--chains", chains, 1);
        check("--warmup", warmup, 0);
        check("--draws", draws, 4);
        check("--thin", thin, 1);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        check("--threads", t, 1);
        return new SamplerConfig(chains, warmup, draws, thin, seed, t);
    }

    private static void check(String option, int value, int min) {
        if (value < min) {
            throw new org.multisite.io.InputException(option + " must be >= " + min + ", got " + value);
        }
    }
}
