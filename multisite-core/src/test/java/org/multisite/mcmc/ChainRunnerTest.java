package org.multisite.mcmc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/** The generic chain runner on a toy model whose sweeps can be counted. */
class ChainRunnerTest {
    /** x <- 0.5 x + u, u uniform; also records the sweep count. */
    static final class Toy implements Model {
        @Override
        public List<String> parameterNames() {
            return List.of("x", "sweeps");
        }

        @Override
        public Chain newChain(UniformRandomProvider rng) {
            return new Chain() {
                double x = rng.nextDouble();
                int sweeps;

                @Override
                public void sweep(UniformRandomProvider r) {
                    x = 0.5 * x + r.nextDouble();
                    sweeps++;
                }

                @Override
                public void record(double[] out) {
                    out[0] = x;
                    out[1] = sweeps;
                }
            };
        }
    }

    @Test
    void warmupAndThinningCountSweeps() {
        Draws d = ChainRunner.run(new Toy(), new SamplerConfig(3, 7, 5, 4, 1, 1));
        assertThat(d.chains()).isEqualTo(3);
        assertThat(d.drawsPerChain()).isEqualTo(5);
        // draw i of each chain is taken after 7 + 4 (i + 1) sweeps
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 5; i++) {
                assertThat(d.get(1, c * 5 + i)).isEqualTo(7 + 4 * (i + 1));
            }
        }
    }

    @Test
    void thinningKeepsEveryKthSweepOfTheSameStream() {
        Draws all = ChainRunner.run(new Toy(), new SamplerConfig(2, 3, 40, 1, 9, 1));
        Draws thinned = ChainRunner.run(new Toy(), new SamplerConfig(2, 3, 10, 4, 9, 1));
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 10; i++) {
                assertThat(thinned.get(0, c * 10 + i)).isEqualTo(all.get(0, c * 40 + 4 * i + 3));
            }
        }
    }

    @Test
    void parallelChainsEqualSequentialOnes() {
        SamplerConfig c = new SamplerConfig(8, 10, 100, 1, 5, 1);
        Draws one = ChainRunner.run(new Toy(), c);
        Draws many = ChainRunner.run(new Toy(), c.withThreads(4));
        assertThat(Arrays.equals(one.column(0), many.column(0))).isTrue();
        // and each chain is its own stream
        assertThat(one.get(0, 0)).isNotEqualTo(one.get(0, 100));
    }

    @Test
    void progressHearsEverySweepOfEveryChain() {
        long[] last = new long[3];
        List<String> phases = new java.util.ArrayList<>();
        Progress p = new Progress() {
            @Override
            public void phase(String name) {
                phases.add(name);
            }

            @Override
            public synchronized void sweeps(int chain, long done) {
                assertThat(done).isEqualTo(last[chain] + 1);
                last[chain] = done;
            }
        };
        ChainRunner.run(new Toy(), new SamplerConfig(3, 7, 5, 4, 1, 2), p);
        assertThat(phases).containsExactly("sampling");
        assertThat(last).containsOnly(7 + 5 * 4);
    }
}
