package org.multisite.bench;

import java.io.IOException;
import java.util.Locale;
import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.estimate.Effect;
import org.multisite.estimate.SiteEstimator;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.OneStageModel;
import org.multisite.model.OneStagePriors;
import org.multisite.sim.UnitSimulator;

/**
 * One-stage fits of 100 simulated sites x 200 units (one unit covariate), gaussian and binomial,
 * fixed intercepts, 4 chains x 1000 draws after 1000 warm-up sweeps on 2 threads: seconds for
 * the whole fit (best of the repeats), sweeps per second, bulk ESS of tau per second, peak RSS.
 * Usage: {@code OneStageBench FAMILY REPEATS}.
 */
public final class OneStageBench {
    private OneStageBench() {
    }

    public static void main(String[] args) throws IOException {
        Family family = Family.valueOf(args[0].toUpperCase(Locale.ROOT));
        int repeats = Integer.parseInt(args[1]);
        UnitSimulator.Design design = family == Family.GAUSSIAN
                ? new UnitSimulator.Design(100, 200, 200, 0.2, 0.15, 0, 0.5, 0.5, 1, 1.1, family)
                : new UnitSimulator.Design(100, 200, 200, 0.4, 0.3, -0.5, 0.5, 0.5, 1, 1, family);
        var units = UnitSimulator.simulate(design, SeedStreams.data(1)).data();
        SiteData sites = SiteEstimator.estimate(units, new SiteEstimator.Options(Effect.defaultFor(family), 2, 0)).toSiteData();
        SamplerConfig config = new SamplerConfig(4, 1000, 1000, 1, 1, 2);
        double best = Double.POSITIVE_INFINITY;
        double ess = Double.NaN;
        double maxRhat = Double.NaN;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            FitResult fit = Fitter.fit(OneStageModel.of(units, sites, OneStageModel.Intercepts.FIXED,
                    OneStagePriors.defaults(units, sites)), config);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            ess = Diagnostics.essBulk(Diagnostics.byChain(fit.draws().column("tau"), 4));
            maxRhat = fit.summary().convergence().maxRhat();
        }
        double sweeps = 4.0 * 2000;
        System.out.printf(Locale.ROOT, "%-22s %9.2f %12.0f %9.0f %12.0f %9.4f %9.0f%n", "100x200 " + family.label(), best,
                sweeps / best, ess, ess / best, maxRhat, BenchReport.peakResidentMegabytes());
    }
}
