package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SeedStreams;

/** The pool's quantiles and shares against sorting every value, exactly. */
class PooledOrderTest {
    private static double[] sortedPool(double[][] parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).sorted().toArray();
    }

    private static void agreesWithSorting(double[][] parts, double[] probs, double[] points) {
        double[] sorted = sortedPool(parts);
        PooledOrder pool = PooledOrder.of(parts);
        assertThat(pool.size()).isEqualTo(sorted.length);
        double[] q = pool.type7(probs);
        for (int i = 0; i < probs.length; i++) {
            assertThat(q[i]).as("p = %s", probs[i]).isEqualTo(Quantiles.type7(sorted, probs[i]));
        }
        double[] share = pool.shareAtMost(points);
        for (int k = 0; k < points.length; k++) {
            double t = points[k];
            long count = Arrays.stream(sorted).filter(x -> x <= t).count();
            assertThat(share[k]).as("t = %s", points[k]).isEqualTo((double) count / sorted.length);
        }
    }

    @Test
    void quantilesAndSharesAreThoseOfTheSortedPool() {
        UniformRandomProvider rng = SeedStreams.stream(11);
        double[][] parts = new double[50][400];
        for (double[] part : parts) {
            for (int i = 0; i < part.length; i++) {
                // rounded values: many ties, some crossing bin edges
                part[i] = Math.rint(100 * (rng.nextDouble() - 0.3) * (1 + rng.nextDouble())) / 16;
            }
        }
        double[] probs = new double[101];
        for (int i = 0; i <= 100; i++) {
            probs[i] = i / 100.0;
        }
        probs[7] = 0.999999;
        double[] points = {-100, -1.5, 0, 0.0625, 3.3, 1e9, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0};
        agreesWithSorting(parts, probs, points);
    }

    @Test
    void crowdedAndDegeneratePoolsStillAnswerExactly() {
        double[] probs = {0, 0.2, 0.5, 0.75, 1};
        double[] points = {-1, 0, 2, 1e300};
        // one far outlier puts every other value in the first bin
        double[][] outlier = {{1e300, 1, 2, 3}, {0.5, 0.25, 2, 2}};
        agreesWithSorting(outlier, probs, points);
        // one value repeated
        agreesWithSorting(new double[][] {{2, 2, 2}, {2}}, probs, points);
        // a range too wide to divide: max - min overflows
        agreesWithSorting(new double[][] {{-Double.MAX_VALUE, 0, Double.MAX_VALUE, 5}}, probs, points);
        // a single value; signed zeros
        agreesWithSorting(new double[][] {{7}}, probs, points);
        agreesWithSorting(new double[][] {{-0.0, 0.0, -0.0, 1}}, probs, new double[] {-0.0, 0.0});
    }

    /**
     * A pool read in ranges on several threads, counted by its reader (as the three goals count
     * the draws while ranking them), answers exactly as sorting: values reach a bin in any order.
     */
    @Test
    void aPoolReadOnSeveralThreadsAnswersAsSorting() throws InterruptedException {
        UniformRandomProvider rng = SeedStreams.stream(12);
        double[][] parts = new double[37][300];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] part : parts) {
            for (int i = 0; i < part.length; i++) {
                part[i] = Math.rint(1000 * rng.nextDouble() * rng.nextDouble()) / 8 - 20;
                min = Math.min(min, part[i]);
                max = Math.max(max, part[i]);
            }
        }
        PooledOrder.Parts threaded = new PooledOrder.Parts() {
            @Override
            public int count() {
                return parts.length;
            }

            @Override
            public void scan(int chunks, PooledOrder.PartBody body) {
                Thread[] threads = new Thread[chunks];
                for (int t = 0; t < chunks; t++) {
                    int chunk = t;
                    threads[t] = new Thread(() -> {
                        // each range backwards: a different order of arrival than on one thread
                        int from = PooledOrder.chunkStart(chunk, parts.length, chunks);
                        for (int k = PooledOrder.chunkStart(chunk + 1, parts.length, chunks) - 1; k >= from; k--) {
                            body.accept(chunk, k, parts[k].clone());
                        }
                    });
                    threads[t].start();
                }
                for (Thread thread : threads) {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        double[] probs = {0, 0.001, 0.25, 0.5, 0.9, 0.99999, 1};
        double[] points = {-21, -20, 0, 3.125, 1e6};
        double[] sorted = sortedPool(parts);
        PooledOrder pool = PooledOrder.of(threaded, 3, sorted.length, min, max);
        pool.prepare(probs, points);
        double[] q = pool.type7(probs);
        double[] share = pool.shareAtMost(points);
        for (int i = 0; i < probs.length; i++) {
            assertThat(q[i]).as("p = %s", probs[i]).isEqualTo(Quantiles.type7(sorted, probs[i]));
        }
        for (int k = 0; k < points.length; k++) {
            double t = points[k];
            assertThat(share[k]).isEqualTo((double) Arrays.stream(sorted).filter(x -> x <= t).count() / sorted.length);
        }
    }
}
