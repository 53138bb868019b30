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
 * Replications per second, and per core, of the seed research's four models (the paper-table
 * preset's: Gaussian, T with nu fixed at 5, DP-diffuse and DP-inform, both DPmeta's DP on the
 * effects) in a gaussian cell with I = 0.5 and R = max/min SE 5, at J = 50 and 100: each
 * replication simulates the data, fits the model (2 chains x 1000 draws after 500 warm-up
 * sweeps, 2 allocation passes for the DPs, as the preset) and computes the preset's metrics
 * for ml, pm, cb and gr. Usage: {@code StudyBench REPLICATIONS THREADS}.
 */
public final class StudyBench {
    private StudyBench() {
    }

    public static void main(String[] args) throws Exception {
        int replications = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        List<String> gaussian = List.of("mu=normal(0, 31.62)", "tau2=inv_gamma(0.001, 0.001)");
        List<String> base = List.of("mu=normal(0, 10)", "tau2=inv_gamma(0.5, 0.5)");
        List<String> t = new java.util.ArrayList<>(gaussian);
        t.add("nu=fixed(5)");
        Map<String, GSpec> models = new LinkedHashMap<>();
        models.put("Gaussian", new GSpec("normal", gaussian, Map.of()));
        models.put("T", new GSpec("t", t, Map.of()));
        models.put("DP-diffuse", new GSpec("dpmeta", base, Map.of("passes", 2), "diffuse"));
        models.put("DP-inform", new GSpec("dpmeta", base, Map.of("passes", 2), "kl:chisq(5)"));
        List<Metric> metrics = Metric.all().stream().filter(m -> !m.label().startsWith("width_") && !m.label().startsWith("rmse_")
                && !m.label().equals("mean_est") && !m.label().equals("quantile_sel")).toList();
        for (String sites : List.of("50", "100")) {
            Map<String, List<String>> factors = new LinkedHashMap<>();
            for (String[] f : new String[][] {{"shape", "gaussian"}, {"sites", sites}, {"informativeness", "0.5"}, {"sd_ratio", "5"}}) {
                factors.put(f[0], List.of(f[1]));
            }
            for (Map.Entry<String, GSpec> m : models.entrySet()) {
                StudySpec spec = new StudySpec(1, replications, factors, List.of(new StudySpec.Model(m.getKey(), m.getValue())),
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
                System.out.printf(Locale.ROOT, "%5s %-11s %6d %8.1f %12.2f %16.2f%n", sites, m.getKey(), replications, seconds,
                        replications / seconds, replications / seconds / threads);
            }
        }
    }
}
