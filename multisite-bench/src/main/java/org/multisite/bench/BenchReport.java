package org.multisite.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.multisite.diagnostics.Diagnostics;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import org.multisite.sim.SiteSimulator;

/**
 * One benchmark case per JVM (so peak memory belongs to it): J sites simulated with I = 0.5
 * and se^2 ratio 10, the normal model with default priors, {@code chains x draws} after
 * {@code warmup} sweeps on {@code threads} threads. Prints one line: model set-up time (the
 * tau grid), sampling time, draws per second, bulk ESS of tau and ESS per second, the time of
 * the whole fit with summaries (best of the repeats, after JIT warm-up), and the peak
 * resident set size (VmHWM) of the process.
 *
 * <p>Usage: {@code BenchReport J CHAINS WARMUP DRAWS THREADS REPEATS}.
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        int sites = Integer.parseInt(args[0]);
        int chains = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int draws = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int repeats = Integer.parseInt(args[5]);
        var data = SiteSimulator.gaussian(sites, 0, 1, 0.5, 10, SeedStreams.data(1)).data();
        SamplerConfig config = new SamplerConfig(chains, warmup, draws, 1, 1, threads);

        double setup = Double.POSITIVE_INFINITY;
        double sampling = Double.POSITIVE_INFINITY;
        double fitting = Double.POSITIVE_INFINITY;
        double ess = Double.NaN;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            NormalModel model = NormalModel.of(data, NormalPriors.defaults(data));
            long t1 = System.nanoTime();
            Draws d = ChainRunner.run(model, config);
            long t2 = System.nanoTime();
            setup = Math.min(setup, (t1 - t0) / 1e9);
            sampling = Math.min(sampling, (t2 - t1) / 1e9);
            ess = Diagnostics.essBulk(Diagnostics.byChain(d.column("tau"), chains));
            d = null;
            long t3 = System.nanoTime();
            FitResult fit = Fitter.fit(model, config);
            fitting = Math.min(fitting, (System.nanoTime() - t3) / 1e9 + (t1 - t0) / 1e9);
            if (fit.summary().sites().size() != sites) {
                throw new IllegalStateException("bad fit");
            }
        }
        double total = (double) chains * draws;
        System.out.printf(Locale.ROOT, "%8d %6dx%-5d %8.1f %9.1f %12.0f %9.0f %12.0f %9.1f %9.0f%n",
                sites, chains, draws, setup * 1e3, sampling * 1e3, total / sampling, ess, ess / (setup + sampling),
                fitting * 1e3, peakResidentMegabytes());
    }

    /** VmHWM, the peak resident set size of this process, in MB (Linux), or the heap's committed size elsewhere. */
    static double peakResidentMegabytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (Files.exists(status)) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0;
    }
}
