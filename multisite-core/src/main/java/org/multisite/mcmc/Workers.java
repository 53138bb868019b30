package org.multisite.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
}
