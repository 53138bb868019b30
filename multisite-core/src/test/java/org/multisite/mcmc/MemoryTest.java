package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.multisite.data.InvalidParameterException;
import org.multisite.numeric.PooledOrder;

class MemoryTest {
    @Test
    void drawsBeyondAnArrayOrTheHeapAreRefusedWithWhatFits() {
        // 4 x 2e9 overflowed an int: NegativeArraySizeException
        SamplerConfig huge = SamplerConfig.defaults().withDraws(2_000_000_000);
        assertThatThrownBy(() -> Memory.checkDraws(huge, 6)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("at most").hasMessageContaining("draws per chain fit")
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("draws"));
        // 30 million draws of 6 quantities: an OutOfMemoryError with any heap below 20 GB
        if (Runtime.getRuntime().maxMemory() < 10_000_000_000L) {
            assertThatThrownBy(() -> Memory.checkDraws(SamplerConfig.defaults().withDraws(30_000_000), 6))
                    .hasMessageContaining("GB with their summaries");
        }
        Memory.checkDraws(SamplerConfig.defaults(), 1000);
    }

    @Test
    void theMostThatFitsIsWhatTheCheckAccepts() {
        String message = org.assertj.core.api.Assertions.catchThrowable(
                () -> Memory.checkDraws(SamplerConfig.defaults().withDraws(Integer.MAX_VALUE / 4), 50)).getMessage();
        int fit = Integer.parseInt(message.replaceAll(".*at most (\\d+) draws.*", "$1"));
        // the advice: the most draws that fit in 3% (1/32) less than was free, where need(fit) <=
        // free < need(fit + 1); thinned so that they span as many sweeps as were asked for
        long advised = Long.parseLong(message.replaceAll(".*\\(--draws (\\d+) --thin.*", "$1"));
        assertThat(advised).isLessThanOrEqualTo(fit); // equal where the heap regions leave 3% to spare
        assertThat(Memory.need(4, advised, 50)).isLessThan(Memory.need(4, fit + 1L, 50) / 32 * 31);
        assertThat(Memory.need(4, advised + 1, 50)).isGreaterThan(Memory.need(4, fit, 50) / 32 * 31 - 1);
        long thin = Long.parseLong(message.replaceAll(".*--thin (\\d+) .*", "$1"));
        assertThat(thin * advised).isGreaterThanOrEqualTo(Integer.MAX_VALUE / 4).isLessThan(Integer.MAX_VALUE / 4 + advised);
        assertThat(fit).isPositive();
        assertThat(Memory.need(4, fit, 50)).isLessThanOrEqualTo(Memory.available() + Memory.available() / 100);
        assertThat(Memory.need(4, fit + 1L, 50)).isGreaterThan(Memory.need(4, fit, 50));
    }

    @Test
    void arraysOfHalfARegionTakeWholeRegions() {
        long region = Math.min(32L << 20, Math.max(1L << 20, Long.highestOneBit(Runtime.getRuntime().maxMemory() / 2048)));
        assertThat(Memory.allocated(1000)).isEqualTo(1016);
        assertThat(Memory.allocated(region / 2)).isEqualTo(region);
        assertThat(Memory.allocated(region + 1)).isEqualTo(2 * region);
    }

    @Test
    void chainsAreBounded() {
        assertThatThrownBy(() -> SamplerConfig.defaults().withChains(2_000_000_000)).hasMessageContaining("at most 1000");
    }

    /**
     * The three goals pool every site effect of every draw: once into one sorted copy (100,000
     * sites with 4 x 1000 draws ran out of memory after three minutes of sampling with a 6 GB
     * heap), now into bins of 16 values, one long each, and the bins asked for gathered, with an
     * int per bin for each counting thread's counts and for the gathering's cursors; a pool
     * larger than an array is still refused, as a pool of one repeated value gathers it all.
     */
    @Test
    void thePooledSiteEffectsAreCounted() {
        long values = 4L * 1000 * 100_000;
        long pool = Memory.need(4, 1000, 10, 0, 100_000) - Memory.need(4, 1000, 10);
        // the bins' counts (one per 16 values, at most 2^22), the threads' counts and the
        // cursors, the gathered bins (two per site and G's 101 grid points, 95.4 values each
        // here) and 2 KB of results per site, with the fifth added for what the count leaves out
        long bins = Math.min(values / 16, 1L << 22);
        assertThat(PooledOrder.bins(values)).isEqualTo(bins);
        int counters = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
        long gathered = (2 * 100_000L + 101) * ((values + bins) / (bins + 1)) * 8;
        long counted = bins * (8 + 4 * (counters + 1)) + gathered + 2048L * 100_000;
        // (each array rounded up to whole heap regions: at most a region more each)
        assertThat(pool).isBetween(counted * 6 / 5, counted * 6 / 5 + 8 * (32L << 20));
        // whatever the heap, no more than (2^31 - 9) / (4 x 10^6) = 536 draws per chain
        String message = org.assertj.core.api.Assertions.catchThrowable(
                () -> Memory.checkDraws(SamplerConfig.defaults(), 1_000_002, 1_000_000)).getMessage();
        assertThat(Integer.parseInt(message.replaceAll(".*at most (\\d+) draws.*", "$1"))).isBetween(0, 536);
    }
}
