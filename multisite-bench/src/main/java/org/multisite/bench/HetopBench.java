package org.multisite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.multisite.hetop.FhHetop;
import org.multisite.hetop.FhHetopFit;
import org.multisite.hetop.FhHetopLogspline;
import org.multisite.hetop.HetopModel;
import org.multisite.mcmc.SamplerConfig;

/**
 * FH-HETOP on ../shared/data/hetop/groups_k4.csv (40 groups, K = 4), normal and log-spline
 * priors at their defaults, 4 chains x 2000 draws after 1000 warm-up sweeps on 2 threads, the
 * whole fit with summaries (best of the repeats): seconds, the smallest bulk ESS of a group
 * mean and per second, the largest R-hat over every recorded quantity, and the slowest
 * hyperparameter's ESS (tau_mu and gamma). Usage: {@code HetopBench REPEATS}.
 */
public final class HetopBench {
    private HetopBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of("..", "shared", "data", "hetop", "groups_k4.csv");
        if (!Files.exists(file)) {
            System.out.println("fh-hetop: ../shared/data/hetop is absent, skipped");
            return;
        }
        List<String> lines = Files.readAllLines(file);
        int[][] counts = new int[lines.size() - 1][4];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int k = 0; k < 4; k++) {
                counts[i - 1][k] = Integer.parseInt(f[k + 1]);
            }
        }
        int repeats = Integer.parseInt(args[0]);
        double[] fixed = {-1, 0};
        double[][] none = new double[counts.length][0];
        HetopModel normal = new FhHetop(counts, fixed, List.of(), none, List.of(), none, FhHetop.Priors.defaults());
        HetopModel logspline = new FhHetopLogspline(counts, fixed, List.of(), none, List.of(), none,
                FhHetopLogspline.Grids.defaults(fixed), FhHetopLogspline.Priors.defaults());
        for (HetopModel model : List.of(normal, logspline)) {
            String slowest = model instanceof FhHetop ? "tau_mu" : "gamma";
            double best = Double.POSITIVE_INFINITY;
            FhHetopFit fit = null;
            for (int r = 0; r < repeats; r++) {
                fit = FhHetopFit.of(model, new SamplerConfig(4, 1000, 2000, 1, 1, 2));
                best = Math.min(best, fit.seconds());
            }
            double minMuEss = fit.groups().stream().mapToDouble(g -> g.mu().essBulk()).min().orElseThrow();
            System.out.printf(Locale.ROOT, "%-10s %9.2f %12.0f %14.0f %9.4f %8s %9.0f%n", model.prior(), best, minMuEss,
                    minMuEss / best, fit.convergence().maxRhat(), slowest, fit.parameters().get(slowest).essBulk());
        }
    }
}
