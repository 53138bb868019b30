package org.multisite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.multisite.data.SiteData;
import org.multisite.eb.EfronDeconvolution;
import org.multisite.eb.NormalEb;
import org.multisite.eb.Npmle;

/**
 * In-process times of the empirical Bayes estimators: REML, the NPMLE on a 500-point grid, and
 * Efron's g-modeling (each unit's own se, df 5, on a 100-point grid) for
 * n units from a two-point G (-2 w.p. 0.3, 1 w.p. 0.7) with SEs uniform on (0.5, 1.5). Best of
 * the repeats after a warm-up run. Usage: EbBench N REPEATS.
 */
public final class EbBench {
    private EbBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int repeats = Integer.parseInt(args[1]);
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(2026L);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] y = new double[n];
        double[] se = new double[n];
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            se[i] = 0.5 + rng.nextDouble();
            y[i] = (rng.nextDouble() < 0.3 ? -2 : 1) + se[i] * z.sample();
            ids.add("u" + i);
        }
        SiteData data = SiteData.of(ids, y, se);
        double[] grid = Npmle.automaticGrid(data, 500);
        double reml = Double.MAX_VALUE;
        double npmle = Double.MAX_VALUE;
        double efron = Double.MAX_VALUE;
        double[] efronGrid = Npmle.automaticGrid(data, 100);
        Npmle.Result last = null;
        for (int r = 0; r <= repeats; r++) {
            long t0 = System.nanoTime();
            NormalEb.fit(data, NormalEb.Method.REML);
            long t1 = System.nanoTime();
            last = Npmle.fit(data, grid);
            long t2 = System.nanoTime();
            EfronDeconvolution.normalUnits(y, se, efronGrid, 5, 1);
            long t3 = System.nanoTime();
            if (r > 0) {
                reml = Math.min(reml, (t1 - t0) / 1e6);
                npmle = Math.min(npmle, (t2 - t1) / 1e6);
                efron = Math.min(efron, (t3 - t2) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "%8d %10.1f %10.1f %8d %10.1e %10.1f%n", n, reml, npmle, last.iterations(), last.kktGap(),
                efron);
    }
}
