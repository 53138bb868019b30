package org.multisite.hetop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.numbers.gamma.LogGamma;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Progress;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.numeric.Vectors;
import org.multisite.summary.Convergence;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.ThreeGoals;

/**
 * An FH-HETOP fit and what users read off it: every parameter's posterior summary with R-hat
 * and ESS; each group's mean and SD with the three goals for the means (PM, CB, GR, ranks,
 * as HETOP's {@code triple_goal}); the convergence verdict over every parameter; the standardized ("star") scale computed in each draw
 * (population mean 0, SD 1, weights n_g / N, as {@code mle_hetop}) and the ICC; and WAIC
 * (Watanabe 2010) over groups, each group's multinomial likelihood a point, as
 * {@code waic_hetop}.
 */
public record FhHetopFit(HetopModel model, Draws draws, Map<String, ParameterSummary> parameters, List<Group> groups,
                         ParameterSummary icc, double waic, double pWaic, double lppd, Convergence convergence,
                         double seconds) {

    /** One group: its mean and SD, the three goals for its mean, and both on the standardized scale. */
    public record Group(ParameterSummary mu, ParameterSummary sigma, double cb, double gr, double rankMean, int rank,
                        int rankLow, int rankHigh, ParameterSummary muStar, ParameterSummary sigmaStar) {
    }

    /** Whether a recorded quantity is a hyperparameter: anything but the groups' means and SDs and the cut points. */
    public static boolean isHyperparameter(String name) {
        return !name.startsWith("mu[") && !name.startsWith("sigma[") && !name.startsWith("cut[");
    }

    /**
     * Samples and summarizes.
     *
     * @throws InvalidParameterException (grid_points) when the chains running at once would hold
     *     grid tables larger than half the Java heap
     */
    public static FhHetopFit of(HetopModel model, SamplerConfig config) {
        return of(model, config, Progress.NONE);
    }

    /** As {@link #of(HetopModel, SamplerConfig)}, telling {@code progress} the sampling and the summarizing. */
    public static FhHetopFit of(HetopModel model, SamplerConfig config, Progress progress) {
        int running = Math.min(config.chains(), config.threads());
        long need = running * model.tableBytes();
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap / 2) {
            throw InvalidParameterException.of("grid_points", model.groups() + " groups", String.format(Locale.ROOT,
                    "the grid tables need %,d MB (%,d bytes for each of %d chains running at once), more than half the"
                    + " Java heap (%,d MB); use fewer points or threads, or a larger heap (JAVA_TOOL_OPTIONS=-Xmx...)",
                    need >> 20, model.tableBytes(), running, heap >> 20));
        }
        long t0 = System.nanoTime();
        Draws d = ChainRunner.run(model, config, progress);
        progress.phase("summarizing");
        int chains = config.chains();
        Map<String, ParameterSummary> parameters = new LinkedHashMap<>();
        for (String name : model.parameterNames()) {
            parameters.put(name, ParameterSummary.of(d.column(name), chains));
        }
        int groups = model.groups();
        int s = d.size();
        int k = model.categories();
        double[][] mu = new double[groups][];
        double[][] sigma = new double[groups][];
        for (int g = 0; g < groups; g++) {
            mu[g] = d.column("mu[" + (g + 1) + "]");
            sigma[g] = d.column("sigma[" + (g + 1) + "]");
        }
        double[][] cuts = new double[k - 3][];
        for (int c = 3; c < k; c++) {
            cuts[c - 3] = d.column("cut[" + c + "]");
        }
        int[][] counts = model.counts();
        double[] weight = new double[groups];
        double total = 0;
        double[] coefficient = new double[groups];
        for (int g = 0; g < groups; g++) {
            double n = 0;
            coefficient[g] = 0;
            for (int c : counts[g]) {
                n += c;
                coefficient[g] -= LogGamma.value(c + 1.0);
            }
            coefficient[g] += LogGamma.value(n + 1);
            weight[g] = n;
            total += n;
        }
        for (int g = 0; g < groups; g++) {
            weight[g] /= total;
        }
        // the star scale, the ICC and each group's log likelihood, draw by draw
        double[][] muStar = new double[groups][s];
        double[][] sigmaStar = new double[groups][s];
        double[] icc = new double[s];
        double[][] pointwise = new double[groups][s];
        double[] c = new double[k - 1];
        double[] fixed = model.fixedCuts();
        for (int i = 0; i < s; i++) {
            double a = 0;
            for (int g = 0; g < groups; g++) {
                a += weight[g] * mu[g][i];
            }
            double between = 0;
            double within = 0;
            for (int g = 0; g < groups; g++) {
                between += weight[g] * (mu[g][i] - a) * (mu[g][i] - a);
                within += weight[g] * sigma[g][i] * sigma[g][i];
            }
            double b = Math.sqrt(between + within);
            icc[i] = between / (between + within);
            c[0] = fixed[0];
            c[1] = fixed[1];
            for (int j = 2; j < k - 1; j++) {
                c[j] = cuts[j - 2][i];
            }
            for (int g = 0; g < groups; g++) {
                muStar[g][i] = (mu[g][i] - a) / b;
                sigmaStar[g][i] = sigma[g][i] / b;
                pointwise[g][i] = coefficient[g] + model.logLik(g, mu[g][i], Math.log(sigma[g][i]), c);
            }
        }
        double lppd = 0;
        double pWaic = 0;
        for (int g = 0; g < groups; g++) {
            lppd += Vectors.logSumExp(pointwise[g]) - Math.log(s);
            pWaic += Vectors.variance(pointwise[g]);
        }
        ThreeGoals goals = ThreeGoals.of(mu, SeedStreams.rankTies(config.seed()));
        List<Group> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(new Group(parameters.get("mu[" + (g + 1) + "]"), parameters.get("sigma[" + (g + 1) + "]"), goals.cb(g),
                    goals.gr(g), goals.rankMean(g), goals.rank(g), goals.rankLow(g), goals.rankHigh(g),
                    ParameterSummary.of(muStar[g], chains), ParameterSummary.of(sigmaStar[g], chains)));
        }
        return new FhHetopFit(model, d, parameters, List.copyOf(out), ParameterSummary.of(icc, chains),
                -2 * (lppd - pWaic), pWaic, lppd, Convergence.of(parameters, chains), (System.nanoTime() - t0) / 1e9);
    }
}
