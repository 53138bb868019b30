package org.multisite.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GSpec;
import org.multisite.study.Estimator;
import org.multisite.study.Metric;
import org.multisite.study.Study;
import org.multisite.study.StudySpec;

/**
 * Replications per second, and per core, of the simulation-study issue's cell (gaussian truth,
 * J = 50, I = 0.5, R = 1) with the normal, t and DP models: each replication simulates the data,
 * fits the model (2 chains x 1000 draws after 500 warm-up sweeps, as the seed-research preset)
 * with every summary, and computes all metrics for ml, pm, cb and gr. Usage:
 * {@code StudyBench REPLICATIONS THREADS}.
 */
public final class StudyBench {
    private StudyBench() {
    }

    public static void main(String[] args) throws Exception {
        int replications = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Map<String, List<String>> factors = new LinkedHashMap<>();
        for (String[] f : new String[][] {{"shape", "gaussian"}, {"sites", "50"}, {"informativeness", "0.5"}, {"se_ratio", "1"}}) {
            factors.put(f[0], List.of(f[1]));
        }
        List<Metric> metrics = Metric.all().stream().filter(m -> !m.label().startsWith("width_")).toList();
        for (String name : List.of("normal", "t", "dp")) {
            StudySpec spec = new StudySpec(1, replications, factors, List.of(new StudySpec.Model(name, GSpec.of(name))),
                    List.of(Estimator.values()), metrics, new SamplerConfig(2, 500, 1000, 1, 1, 1));
            Map<String, String> cell = spec.cells().get(0);
            // one warm-up replication for the JIT
            Study.replicate(spec, cell, replications + 1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int r = 1; r <= replications; r++) {
                int rep = r;
                futures.add(pool.submit(() -> Study.replicate(spec, cell, rep)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            System.out.printf(Locale.ROOT, "%-8s %6d %8.1f %12.1f %16.2f%n", name, replications, seconds,
                    replications / seconds, replications / seconds / threads);
        }
    }
}
