package org.multisite.compare;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.multisite.data.SiteData;
import org.multisite.mcmc.SeedStreams;
import org.multisite.sim.Designs;
import org.multisite.sim.SiteSimulator;

/**
 * How often could any rule see the tails of a t(3) G at J = 100, I = 0.9 (the verdict's case
 * (c), docs/verdict.md)? The predictive checks' kurtosis and heavy-tails statistics, each
 * calibrated by simulation to a 10% false-alarm rate on normal samples of the same design, and
 * their power on t(3) samples; then the two statistics on the verdict check's own seeds (those of
 * {@code VerdictBench}), marking the samples below both calibrated thresholds. In package
 * {@code compare} for the statistics' package-private code. Usage: {@code TailPowerBench SAMPLES SEEDS}.
 */
public final class TailPowerBench {
    private static final int SITES = 100;
    private static final double INFORMATIVENESS = 0.9;
    private static final int KURTOSIS = 2;
    private static final int HEAVY_TAILS = 6;

    private TailPowerBench() {
    }

    public static void main(String[] args) {
        int samples = Integer.parseInt(args[0]);
        int seeds = Integer.parseInt(args[1]);
        double[][] normal = statistics("gaussian", samples, SeedStreams.stream(11));
        double[][] t = statistics("t", samples, SeedStreams.stream(12));
        double[] threshold = new double[7];
        for (int s : new int[] {KURTOSIS, HEAVY_TAILS}) {
            double[] sorted = Arrays.stream(normal).mapToDouble(x -> x[s]).sorted().toArray();
            threshold[s] = sorted[(int) Math.floor(0.9 * samples)];
            long power = Arrays.stream(t).filter(x -> x[s] > threshold[s]).count();
            System.out.printf("%-11s 10%% threshold on normal samples %.3f; flags %.1f%% of t(3) samples%n",
                    s == KURTOSIS ? "kurtosis" : "heavy_tails", threshold[s], 100.0 * power / samples);
        }
        long either = Arrays.stream(t).filter(x -> x[KURTOSIS] > threshold[KURTOSIS] || x[HEAVY_TAILS] > threshold[HEAVY_TAILS]).count();
        System.out.printf("either: flags %.1f%% of t(3) samples (%d samples each)%n", 100.0 * either / samples, samples);
        StringBuilder below = new StringBuilder();
        for (int r = 1; r <= seeds; r++) {
            double[] x = statistics(verdictSample(r));
            if (x[KURTOSIS] <= threshold[KURTOSIS] && x[HEAVY_TAILS] <= threshold[HEAVY_TAILS]) {
                below.append(String.format(java.util.Locale.ROOT, " %d (kurtosis %.2f, LR %.2f)", r, x[KURTOSIS], x[HEAVY_TAILS]));
            }
        }
        System.out.println("verdict seeds 1-" + seeds + " below both thresholds:" + (below.length() == 0 ? " none" : below));
    }

    private static double[][] statistics(String shape, int samples, UniformRandomProvider rng) {
        SiteSimulator.Design design = Designs.design(factors(shape));
        double[][] out = new double[samples][];
        for (int r = 0; r < samples; r++) {
            out[r] = statistics(SiteSimulator.simulate(design, rng).data());
        }
        return out;
    }

    /** Replication r of the verdict check's t case, as VerdictBench draws it. */
    private static SiteData verdictSample(int r) {
        return SiteSimulator.simulate(Designs.design(factors("t")), SeedStreams.stream(1000L * SITES + r)).data();
    }

    private static Map<String, String> factors(String shape) {
        Map<String, String> f = new LinkedHashMap<>(Map.of("shape", shape, "sites", String.valueOf(SITES),
                "informativeness", String.valueOf(INFORMATIVENESS)));
        if (shape.equals("t")) {
            f.put("df", "3");
        }
        return f;
    }

    private static double[] statistics(SiteData d) {
        double[] se = new double[d.size()];
        for (int j = 0; j < se.length; j++) {
            se[j] = d.se(j);
        }
        return PredictiveChecks.statistics(d, se, new double[0][], d.estimates());
    }
}
