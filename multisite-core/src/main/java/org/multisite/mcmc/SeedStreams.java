package org.multisite.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from a seed and a path of integers (chain, study cell,
 * replication, ...), never from thread or scheduling order.
 *
 * <p>Every stream a result depends on is named by its {@link Purpose} and derives from the
 * user's seed, so that two seeds differ everywhere and one seed reproduces everything.
 *
 * <p>The path is hashed with the SplitMix64 finalizer (Steele, Lea & Flood 2014) into the
 * four 64-bit words that seed an XoShiRo256** generator (Blackman & Vigna 2018).
 */
public final class SeedStreams {
    /** Odd constant of SplitMix64's Weyl sequence (the golden ratio in 64 bits). */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private SeedStreams() {
    }

    /** What a stream is for; each purpose is a distinct path under the seed. */
    public enum Purpose {
        /**
         * Simulated data (the simulate command; a study replication's data, with the cell's hash and
         * the replication as further path): the seed's own stream, no prefix.
         */
        DATA(),
        /** A chain's draws, with the chain number (0-based) as further path. */
        CHAINS(0),
        /** Random tie-breaking among equal posterior mean ranks (the three goals). */
        RANK_TIES(1),
        /** Exact posterior draws that need no chains (potential outcomes). */
        EXACT_DRAWS(2),
        /**
         * Site effects drawn given a chain's other parameters and recomputed on demand instead of
         * stored ({@link CounterGaussian}), with the chain and the site as further path.
         */
        SITE_EFFECTS(3),
        /**
         * Replicated data of posterior predictive checks (the analysis); its prefix, 16, keeps the
         * stream the analysis first drew from.
         */
        PREDICTIVE_CHECKS(16);

        private final long[] prefix;

        Purpose(long... prefix) {
            this.prefix = prefix;
        }
    }

    /** The generator for {@code purpose} under {@code seed}, further split by {@code path}. */
    public static UniformRandomProvider of(long seed, Purpose purpose, long... path) {
        return stream(seed, fullPath(purpose, path));
    }

    private static long[] fullPath(Purpose purpose, long... path) {
        long[] all = new long[purpose.prefix.length + path.length];
        System.arraycopy(purpose.prefix, 0, all, 0, purpose.prefix.length);
        System.arraycopy(path, 0, all, purpose.prefix.length, path.length);
        return all;
    }

    /** The generator of stream {@code path} under {@code seed}. */
    public static UniformRandomProvider stream(long seed, long... path) {
        long h = hash(seed, path);
        long[] state = new long[4];
        for (int i = 0; i < 4; i++) {
            h += GOLDEN_GAMMA;
            state[i] = mix(h);
        }
        return RandomSource.XO_SHI_RO_256_SS.create(state);
    }

    /**
     * The 64-bit key of stream {@code path} for {@code purpose} under {@code seed}, for a
     * counter-based stream ({@link CounterGaussian}): the hash that seeds {@link #of}'s generator.
     */
    public static long key(long seed, Purpose purpose, long... path) {
        return hash(seed, fullPath(purpose, path));
    }

    private static long hash(long seed, long... path) {
        long h = mix(seed);
        for (long p : path) {
            h = mix(h ^ mix(p + GOLDEN_GAMMA));
        }
        return h;
    }

    /** The generator of chain {@code chain} (0-based). */
    public static UniformRandomProvider chain(long seed, int chain) {
        return of(seed, Purpose.CHAINS, chain);
    }

    /** The generator of simulated data under {@code seed}, further split by {@code path}. */
    public static UniformRandomProvider data(long seed, long... path) {
        return of(seed, Purpose.DATA, path);
    }

    /** The generator that breaks ties among equal mean ranks. */
    public static UniformRandomProvider rankTies(long seed) {
        return of(seed, Purpose.RANK_TIES);
    }

    /** SplitMix64's output function (mix64 variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
