package org.multisite.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from a seed and a path of integers (chain, study cell,
 * replication, ...), never from thread or scheduling order.
 *
 * <p>The path is hashed with the SplitMix64 finalizer (Steele, Lea & Flood 2014) into the
 * four 64-bit words that seed an XoShiRo256** generator (Blackman & Vigna 2018).
 */
public final class SeedStreams {
    /** Odd constant of SplitMix64's Weyl sequence (the golden ratio in 64 bits). */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private SeedStreams() {
    }

    /** The generator of stream {@code path} under {@code seed}. */
    public static UniformRandomProvider stream(long seed, long... path) {
        long h = mix(seed);
        for (long p : path) {
            h = mix(h ^ mix(p + GOLDEN_GAMMA));
        }
        long[] state = new long[4];
        for (int i = 0; i < 4; i++) {
            h += GOLDEN_GAMMA;
            state[i] = mix(h);
        }
        return RandomSource.XO_SHI_RO_256_SS.create(state);
    }

    /** The generator of chain {@code chain} (0-based). */
    public static UniformRandomProvider chain(long seed, int chain) {
        return stream(seed, 0, chain);
    }

    /** SplitMix64's output function (mix64 variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
