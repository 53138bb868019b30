package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
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
        answersAsSorting(pool, sorted, probs, points);
    }

    /** The pool's quantiles at {@code probs} and shares at {@code points} are those of {@code sorted}, exactly. */
    private static void answersAsSorting(PooledOrder pool, double[] sorted, double[] probs, double[] points) {
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

    /** {@code count} parts of {@code size} values each, drawn in order from {@code value}. */
    private static double[][] parts(int count, int size, DoubleSupplier value) {
        double[][] parts = new double[count][size];
        for (double[] part : parts) {
            for (int i = 0; i < size; i++) {
                part[i] = value.getAsDouble();
            }
        }
        return parts;
    }

    @Test
    void quantilesAndSharesAreThoseOfTheSortedPool() {
        UniformRandomProvider rng = SeedStreams.stream(11);
        // rounded values: many ties, some crossing bin edges
        double[][] parts = parts(50, 400, () -> Math.rint(100 * (rng.nextDouble() - 0.3) * (1 + rng.nextDouble())) / 16);
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
        answersAsSorting(pool, sorted, probs, points);
    }

    /**
     * Bins cut between bounds well inside the pool's range (as from a few draws read first): the
     * values beyond them crowd the first and last bins, and the answers stay those of sorting.
     */
    @Test
    void binsNarrowerThanThePoolStillAnswerExactly() {
        UniformRandomProvider rng = SeedStreams.stream(13);
        double[][] parts = parts(20, 200, () -> (rng.nextDouble() - 0.5) * Math.exp(4 * rng.nextDouble()));
        double[] sorted = sortedPool(parts);
        PooledOrder pool = PooledOrder.of(PooledOrder.parts(parts), 2, sorted.length, -0.5, 0.5);
        answersAsSorting(pool, sorted, new double[] {0, 0.001, 0.1, 0.5, 0.93, 0.999, 1},
                new double[] {-30, -1, -0.5, 0, 0.5, 2, 30});
    }

    /**
     * A gathering handed every part once by its reader, in any order, sorted or not, answers as
     * the pool's own reading does; a part handed over twice, or one left out, is an error, not
     * a wrong answer.
     */
    @Test
    void aGatheringHandedEveryPartOnceAnswersAsThePoolsOwnReading() {
        UniformRandomProvider rng = SeedStreams.stream(14);
        double[][] parts = new double[60][250];
        for (double[] part : parts) {
            double centre = 10 * rng.nextDouble();
            for (int i = 0; i < part.length; i++) {
                part[i] = centre + Math.rint(64 * (rng.nextDouble() - rng.nextDouble())) / 32;
            }
        }
        double[] probs = new double[parts.length];
        for (int j = 0; j < probs.length; j++) {
            probs[j] = (2.0 * j + 1) / (2.0 * probs.length);
        }
        double[] points = {-1, 0.5, 3, 7.25, 20};
        PooledOrder read = PooledOrder.of(parts);
        read.prepare(probs, points);
        PooledOrder handed = PooledOrder.of(parts);
        PooledOrder.Gathering gathering = handed.gathering(probs, points);
        for (int k = parts.length - 1; k >= 0; k--) {
            double[] part = parts[k].clone();
            if (k % 2 == 0) {
                Arrays.sort(part);
            }
            gathering.add(part);
        }
        gathering.finish();
        assertThat(handed.type7(probs)).containsExactly(read.type7(probs));
        assertThat(handed.shareAtMost(points)).containsExactly(read.shareAtMost(points));

        double[][] small = {{1, 2, 3}, {4, 5, 6}};
        PooledOrder.Gathering twice = PooledOrder.of(small).gathering(new double[] {0, 0.5, 1}, new double[0]);
        assertThatThrownBy(() -> {
            twice.add(small[0]);
            twice.add(small[1]);
            twice.add(small[0]);
            twice.finish();
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("read twice");
        PooledOrder.Gathering missing = PooledOrder.of(small).gathering(new double[] {0, 0.5, 1}, new double[0]);
        missing.add(small[1]);
        assertThatThrownBy(missing::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("not read whole");
    }
}
