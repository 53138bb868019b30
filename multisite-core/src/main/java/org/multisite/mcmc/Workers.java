package org.multisite.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A fixed pool of daemon worker threads for independent tasks (chains, a study's replications):
 * each task writes only its own results, so the number of threads never changes them.
 */
public final class Workers {
    private Workers() {
    }

    /**
     * Runs every task on {@code threads} threads named {@code name} and returns when all are
     * done; a task's failure is rethrown as it was (a {@link RuntimeException} or an
     * {@link Error} such as OutOfMemoryError), the others stopped.
     */
    public static void run(String name, int threads, List<Runnable> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Calls {@code body} for each index 0..n-1, in blocks of {@code block} indices handed out one
     * at a time to the caller and the common pool's workers, so that a worker that comes free late
     * (busy with other work when the loop began) still takes a share, unlike a parallel stream,
     * which splits the range into a few parts at the start. Each index must write only its own
     * results: the order of the calls is not fixed. The first exception or error a call throws
     * is rethrown as it was once every thread has stopped (blocks not yet begun are skipped).
     */
    public static void forEach(int n, int block, IntConsumer body) {
        int blocks = (n + block - 1) / block;
        AtomicInteger next = new AtomicInteger();
        // the first failure, as it was thrown (a fork-join task's join would wrap one thrown on
        // another thread in a copy whose message is the original's class and message)
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable share = () -> {
            try {
                for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                    for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                        body.accept(i);
                    }
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                next.set(blocks); // the others stop after their current block
            }
        };
        int helpers = Math.min(blocks - 1, ForkJoinPool.getCommonPoolParallelism());
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (int k = 0; k < helpers; k++) {
            tasks.add(ForkJoinPool.commonPool().submit(share));
        }
        share.run();
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error error) {
            throw error;
        }
    }
}
