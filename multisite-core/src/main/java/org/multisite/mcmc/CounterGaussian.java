package org.multisite.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Standard normal variates addressed by a key and a counter, z(key, i), so that a quantity drawn
 * from them can be recomputed in any order instead of stored (a counter-based generator, Salmon,
 * Moraes, Dror & Shaw 2011, "Parallel random numbers: as easy as 1, 2, 3"). Variate i of a key
 * is the ziggurat's ({@link ZigguratSampler.NormalizedGaussian}) output from the 64-bit words
 * mix(key + (i + 1) G), then, in the rare case it rejects, mix(key + (i + 1) G + k G') for
 * k = 1, 2, ...: mix is SplitMix64's output function and G its golden gamma (Steele, Lea & Flood
 * 2014), so the first words of variates 0, 1, 2, ... are SplitMix64's stream from the key. G' is
 * another odd constant: a further word of variate i would equal the first of variate i' only if
 * k G' = (i' - i) G modulo 2^64, which holds for no k up to 100,000 and |i' - i| below 2^46
 * (computed: k G' G^-1 modulo 2^64 stays at least 2^46.38 from 0).
 *
 * <p>Holds a little state: one instance per thread.
 */
public final class CounterGaussian {
    /** Odd constant of SplitMix64's Weyl sequence (the golden ratio in 64 bits). */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    /** The step between a variate's further words (Steele & Vigna's R2 constant, odd). */
    private static final long FURTHER = 0xd1b54a32d192ed03L;

    private final SplitMix bits = new SplitMix();
    private final NormalizedGaussianSampler ziggurat = ZigguratSampler.NormalizedGaussian.of(bits);

    /** Variate {@code i} of {@code key}. */
    public double sample(long key, long i) {
        bits.state = key + (i + 1) * GOLDEN_GAMMA;
        bits.further = false;
        return ziggurat.sample();
    }

    /** The words of one variate, from a state that {@link #sample} sets. */
    private static final class SplitMix implements UniformRandomProvider {
        private long state;
        private boolean further;

        @Override
        public long nextLong() {
            if (further) {
                state += FURTHER;
            }
            further = true;
            return SeedStreams.mix(state);
        }
    }
}
