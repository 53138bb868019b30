package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The block loop visits every index once, nests, and passes a task's failure on as it was. */
class WorkersTest {
    @Test
    void everyIndexOnceInAnyBlockSizeEvenNested() {
        for (int n : new int[] {0, 1, 7, 64, 1001}) {
            for (int block : new int[] {1, 3, 64, 5000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
                Workers.forEach(n, block, i -> seen.incrementAndGet(i));
                for (int i = 0; i < n; i++) {
                    assertThat(seen.get(i)).as("n %d, block %d, index %d", n, block, i).isEqualTo(1);
                }
            }
        }
        // a loop inside a loop's body (the three goals run beside the site summaries, each a loop)
        AtomicIntegerArray cells = new AtomicIntegerArray(40 * 30);
        Workers.forEach(40, 2, i -> Workers.forEach(30, 4, j -> cells.incrementAndGet(i * 30 + j)));
        for (int c = 0; c < cells.length(); c++) {
            assertThat(cells.get(c)).isEqualTo(1);
        }
    }

    @Test
    void aFailureReachesTheCallerAsItWas() {
        assertThatThrownBy(() -> Workers.forEach(100, 1, i -> {
            if (i == 57) {
                throw new IllegalStateException("site 57");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("site 57");
    }
}
