package org.multisite.mcmc;

import java.io.Serializable;
import org.multisite.data.InvalidParameterException;

/**
 * How to run chains: number of chains, warm-up sweeps per chain (discarded), kept draws per
 * chain, thinning (sweeps per kept draw), the seed from which every chain's stream derives,
 * and the number of worker threads (which never changes the draws).
 */
public record SamplerConfig(int chains, int warmup, int draws, int thin, long seed, int threads) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Far beyond any need (R-hat wants 4); it bounds the threads and the per-chain memory. */
    public static final int MAX_CHAINS = 1000;

    /** @throws InvalidParameterException naming the setting out of range */
    public SamplerConfig {
        positive("chains", chains);
        if (chains > MAX_CHAINS) {
            throw InvalidParameterException.of("chains", chains, "at most " + MAX_CHAINS);
        }
        if (warmup < 0) {
            throw InvalidParameterException.of("warmup", warmup, "must be >= 0");
        }
        positive("draws", draws);
        positive("thin", thin);
        positive("threads", threads);
    }

    /** 4 chains of 1000 warm-up and 1000 kept draws, no thinning, seed 1, one thread per core. */
    public static SamplerConfig defaults() {
        return new SamplerConfig(4, 1000, 1000, 1, 1, Runtime.getRuntime().availableProcessors());
    }

    public SamplerConfig withChains(int n) {
        return new SamplerConfig(n, warmup, draws, thin, seed, threads);
    }

    public SamplerConfig withWarmup(int n) {
        return new SamplerConfig(chains, n, draws, thin, seed, threads);
    }

    public SamplerConfig withDraws(int n) {
        return new SamplerConfig(chains, warmup, n, thin, seed, threads);
    }

    public SamplerConfig withThin(int n) {
        return new SamplerConfig(chains, warmup, draws, n, seed, threads);
    }

    public SamplerConfig withSeed(long s) {
        return new SamplerConfig(chains, warmup, draws, thin, s, threads);
    }

    public SamplerConfig withThreads(int n) {
        return new SamplerConfig(chains, warmup, draws, thin, seed, n);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw InvalidParameterException.of(name, v, "must be >= 1");
        }
    }
}
