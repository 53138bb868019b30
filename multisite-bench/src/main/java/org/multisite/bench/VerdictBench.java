package org.multisite.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.multisite.analysis.Analysis;
import org.multisite.analysis.Verdict;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;

/**
 * The verdict's acceptance check (issue 16, docs/verdict.md): on each case with a known truth,
 * REPLICATIONS simulated trials, every registry model at the default sampler (as {@code multisite
 * analyze} runs them), and the count of right verdicts; the replications run THREADS at a time,
 * one chain thread each, and each wrong verdict with its evidence. The same seeds as
 * VerdictAcceptanceTest's first three replications. Usage: {@code VerdictBench REPLICATIONS
 * THREADS [SHAPE,I]} (e.g. {@code t,0.9}: that case alone).
 */
public final class VerdictBench {
    private VerdictBench() {
    }

    public static void main(String[] args) throws Exception {
        int replications = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String[][] cases = {
            {"normal G, J = 50, I = 0.5", "gaussian", "50", "0.5", Verdict.NORMAL},
            {"bimodal (delta 4, eps 0.3), J = 100, I = 0.9", "bimodal", "100", "0.9", Verdict.TWO_GROUPS},
            {"t, 3 df, J = 100, I = 0.9", "t", "100", "0.9", Verdict.EXTREME_SITES},
            {"normal G, J = 100, I = 0.05", "gaussian", "100", "0.05", Verdict.CANNOT_TELL},
            {"bimodal, J = 100, I = 0.05", "bimodal", "100", "0.05", Verdict.CANNOT_TELL}};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (String[] c : cases) {
            if (args.length > 2 && !(c[1] + "," + c[3]).equals(args[2])) {
                continue;
            }
            long t0 = System.nanoTime();
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int r = 1; r <= replications; r++) {
                int rep = r;
                verdicts.add(pool.submit(() -> verdict(c[1], Integer.parseInt(c[2]), Double.parseDouble(c[3]), rep)));
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            int right = 0;
            List<String> misses = new ArrayList<>();
            for (int r = 0; r < verdicts.size(); r++) {
                Verdict v = verdicts.get(r).get();
                counts.merge(v.shape(), 1, Integer::sum);
                right += v.shape().equals(c[4]) ? 1 : 0;
                if (!v.shape().equals(c[4])) {
                    misses.add("    replication " + (r + 1) + ": " + v.shape() + ": " + String.join("; ", v.evidence()));
                }
            }
            System.out.printf(Locale.ROOT, "%-46s %-14s %3d of %3d right  %s  %.0f s%n", c[0], c[4], right, replications, counts,
                    (System.nanoTime() - t0) / 1e9);
            misses.forEach(System.out::println);
        }
        pool.shutdown();
    }

    static Verdict verdict(String shape, int sites, double informativeness, int r) {
        Map<String, String> factors = new LinkedHashMap<>(Map.of("shape", shape, "sites", String.valueOf(sites),
                "informativeness", String.valueOf(informativeness)));
        if (shape.equals("t")) {
            factors.put("df", "3");
        }
        var data = SiteSimulator.simulate(Designs.design(factors), SeedStreams.stream(1000L * sites + r)).data();
        return Analysis.everyModel(data, SamplerConfig.defaults().withSeed(r).withThreads(1), 0).verdict();
    }
}
