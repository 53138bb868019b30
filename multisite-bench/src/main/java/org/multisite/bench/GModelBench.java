package org.multisite.bench;

import java.util.List;
import java.util.Locale;
import org.multisite.data.SiteData;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Workers;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.GModels;
import org.multisite.model.GSpec;
import org.multisite.model.SiteModel;
import org.multisite.sim.SiteSimulator;

/**
 * Every model of G in the registry, with its defaults, on the same simulated site data (J sites, I = 0.5 or as given, se^2 ratio 10), 4 chains
 * x 1000 draws after 1000 warm-up sweeps on 2 threads: sampling time (best of the repeats),
 * time per draw relative to the normal model's exact sampler, bulk ESS and ESS per second of
 * G's SD (tau) and of mu (the sampling time includes one reading of the site effects a model
 * recomputes rather than stores, which the other models draw in their sweeps), and of the DP's number of occupied clusters. Usage: {@code GModelBench J REPEATS [I]}.
 */
public final class GModelBench {
    private GModelBench() {
    }

    public static void main(String[] args) {
        int sites = Integer.parseInt(args[0]);
        int repeats = Integer.parseInt(args[1]);
        double informativeness = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
        SiteData data = SiteSimulator.gaussian(sites, 0, 1, informativeness, 10, SeedStreams.data(1)).data();
        List<SiteModel> models = GModels.ALL.stream().map(g -> GSpec.of(g.name()).siteLevel(data)).toList();
        SamplerConfig config = new SamplerConfig(4, 1000, 1000, 1, 1, 2);
        double normalSeconds = Double.NaN;
        for (SiteModel model : models) {
            double best = Double.POSITIVE_INFINITY;
            Draws d = null;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                d = ChainRunner.run(model, config);
                readRecomputed(d);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            if (Double.isNaN(normalSeconds)) {
                normalSeconds = best;
            }
            double essTau = Diagnostics.essBulk(Diagnostics.byChain(d.column("tau"), 4));
            double essMu = Diagnostics.essBulk(Diagnostics.byChain(d.column("mu"), 4));
            String clusters = d.names().contains("clusters")
                    ? String.format(Locale.ROOT, "%.0f", Diagnostics.essBulk(Diagnostics.byChain(d.column("clusters"), 4))) : "-";
            System.out.printf(Locale.ROOT, "%6d %-8s %10.1f %9.1fx %9.0f %12.0f %9.0f %12.0f %12s%n", sites, model.name(),
                    best * 1e3, best / normalSeconds, essTau, essTau / best, essMu, essMu / best, clusters);
        }
    }

    /**
     * Reads once every quantity the draws recompute rather than store (the normal model's site
     * effects), on the common pool as the summaries do: the work the other models do in their
     * sweeps, so that the times compare like with like.
     */
    private static void readRecomputed(Draws d) {
        double[] first = new double[d.names().size()];
        Workers.forEach(d.names().size(), 8, p -> {
            if (!d.stored(p)) {
                first[p] = d.column(p, new double[d.size()])[0];
            }
        });
    }
}
