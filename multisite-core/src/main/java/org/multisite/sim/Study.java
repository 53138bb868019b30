package org.multisite.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.SiteModel;
import org.multisite.numeric.GaussLegendre;
import org.multisite.numeric.Quantiles;
import org.multisite.summary.DistributionSummary;
import org.multisite.summary.SiteSummary;

/**
 * A simulation study (design.md section 6): a grid of cells (one level of each factor) x
 * replications x models x estimators x metrics. One replication of one cell is a pure function
 * of (study seed, cell, replication): its data come from a stream derived from the seed and a
 * hash of the cell's factors, so results are the same whatever runs them, in whatever order.
 *
 * <p>Estimators of the site effects: {@code ml} (the raw estimates), {@code pm} (posterior
 * means), {@code cb} (constrained Bayes), {@code gr} (triple-goal). Metrics, each made free of
 * G's scale by dividing by tau^2 (tau for ISEL):
 * <ul>
 *   <li>{@code ssel}: mean_j (est_j - theta_j)^2; {@code wssel}: the same weighted by the
 *       sites' precisions 1 / s_j^2 (normalized to mean 1);</li>
 *   <li>{@code isel}: integral of (EDF of the estimates - true G)^2, G the design's CDF,
 *       integrated exactly up to quadrature error 1e-10 (Gauss-Legendre between the
 *       estimates, and into both tails until G or 1 - G is below 1e-12);</li>
 *   <li>{@code rank_sel}: mean_j (P_j - P*_j)^2 of the percentile ranks rank / (J + 1) of the
 *       estimates and of the true effects;</li>
 *   <li>{@code mean_est}, {@code var_est}: the estimates' mean ((mean - mu) / tau) and
 *       variance across sites;</li>
 *   <li>per model (estimator {@code -}): {@code bias_mu}, {@code rmse_mu} (squared error;
 *       its root over replications is the RMSE), {@code cover_mu} (the 95% interval covers),
 *       {@code width_mu} (that interval's width), and the same for {@code tau}, G's mean and SD computed in each draw; {@code quantile_sel},
 *       the mean squared error of G's 5, 25, 50, 75 and 95% quantiles (posterior means).</li>
 * </ul>
 */
public final class Study {
    public static final List<String> ESTIMATORS = List.of("ml", "pm", "cb", "gr");
    public static final List<String> SITE_METRICS = List.of("ssel", "wssel", "isel", "rank_sel", "mean_est", "var_est");
    public static final List<String> MODEL_METRICS = List.of("bias_mu", "rmse_mu", "cover_mu", "width_mu", "bias_tau",
            "rmse_tau", "cover_tau", "width_tau", "quantile_sel");
    /** The estimator column of model-level metrics. */
    public static final String NO_ESTIMATOR = "-";

    private Study() {
    }

    /** A model to fit in every replication: its name and how to build it for a data set. */
    public record ModelSpec(String name, Function<SiteData, SiteModel> build) {
    }

    /** The cells' factors, the models, estimators and metrics, the sampler, replications and seed. */
    public record Spec(long seed, int replications, List<Map<String, String>> cells, List<ModelSpec> models,
                       List<String> estimators, List<String> metrics, SamplerConfig sampler) {
        public Spec {
            cells = cells.stream().map(c -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(c))).toList();
            models = List.copyOf(models);
            estimators = List.copyOf(estimators);
            metrics = List.copyOf(metrics);
            if (replications < 1) {
                throw new IllegalArgumentException("replications must be >= 1, got " + replications);
            }
            for (String e : estimators) {
                if (!ESTIMATORS.contains(e)) {
                    throw new IllegalArgumentException("estimator '" + e + "': expected one of " + ESTIMATORS);
                }
            }
            for (String m : metrics) {
                if (!SITE_METRICS.contains(m) && !MODEL_METRICS.contains(m)) {
                    throw new IllegalArgumentException("metric '" + m + "': expected one of " + SITE_METRICS + " or " + MODEL_METRICS);
                }
            }
        }
    }

    /** One value: replication {@code replication} (1-based) of the cell with {@code key}. */
    public record Row(String cellKey, int replication, String model, String estimator, String metric, double value)
            implements java.io.Serializable {
    }

    /**
     * The cell's factors in a canonical order (sorted by name), as {@code name=value;...}: the
     * cell's identity in files and in its seed.
     */
    public static String key(Map<String, String> cell) {
        return cell.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ";" + b).orElse("");
    }

    /**
     * The data-generating design of a cell. Factors: {@code shape} (gaussian, t, t5, mixture,
     * bimodal = mixture(4, 0.3, 1), mixed = mixture(5, 0.3, 2), skew, ald, spike) with its
     * parameters {@code df, delta, epsilon, ups, alpha, kappa, spike}; {@code sites};
     * {@code mean} (0) and {@code tau} (1); {@code informativeness} with {@code se_ratio} (max/min
     * of se^2) or {@code sd_ratio} (of se), or {@code site_size} with {@code size_cv},
     * {@code min_size}, {@code se_kappa}.
     *
     * @throws IllegalArgumentException naming the factor that is wrong or unknown
     */
    public static SiteSimulator.Design design(Map<String, String> cell) {
        List<String> known = List.of("shape", "df", "delta", "epsilon", "ups", "alpha", "kappa", "spike", "sites", "mean", "tau",
                "informativeness", "se_ratio", "sd_ratio", "site_size", "size_cv", "min_size", "se_kappa");
        for (String k : cell.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("factor '" + k + "' is not known (known: " + String.join(", ", known) + ")");
            }
        }
        return new SiteSimulator.Design(shape(cell), (int) number(cell, "sites", 50), number(cell, "mean", 0),
                number(cell, "tau", 1), seDesign(cell), new double[0]);
    }

    /**
     * G's standardized shape from a cell's (or the command line's) parameters, with the
     * defaults every entry point shares: df 5; the seed research's bimodal mixture delta 4,
     * epsilon 0.3, ups 1 (its "mixed": 5, 0.3, 2); skew-normal slant 5, asymmetric Laplace kappa 2
     * and spike probability 0.5, clearly non-normal values of our choosing.
     */
    public static Shape shape(Map<String, String> cell) {
        String name = cell.getOrDefault("shape", "gaussian");
        return switch (name) {
            case "gaussian" -> new Shape.Gaussian();
            case "t" -> new Shape.StudentT(number(cell, "df", 5));
            case "t5" -> new Shape.StudentT(5);
            case "mixture" -> new Shape.Mixture(number(cell, "delta", 4), number(cell, "epsilon", 0.3), number(cell, "ups", 1));
            case "bimodal" -> new Shape.Mixture(4, 0.3, 1);
            case "mixed" -> new Shape.Mixture(5, 0.3, 2);
            case "skew" -> new Shape.SkewNormal(number(cell, "alpha", 5));
            case "ald" -> new Shape.AsymmetricLaplace(number(cell, "kappa", 2));
            case "spike" -> new Shape.SpikeSlab(number(cell, "spike", 0.5));
            default -> throw new IllegalArgumentException("factor shape: '" + name
                    + "' is not a shape (gaussian, t, t5, mixture, bimodal, mixed, skew, ald, spike)");
        };
    }

    /**
     * The standard errors' design: site sizes when {@code site_size} is given (CV 0.5, smallest
     * site 10, kappa 4: a difference in means of a unit-variance outcome, half the units treated),
     * else the informativeness design (I 0.5, se^2 ratio 1).
     */
    public static SeDesign seDesign(Map<String, String> cell) {
        if (cell.containsKey("site_size")) {
            return new SeDesign.SiteSizes(number(cell, "site_size", 0), number(cell, "size_cv", 0.5),
                    (int) number(cell, "min_size", 10), number(cell, "se_kappa", 4));
        }
        double i = number(cell, "informativeness", 0.5);
        return cell.containsKey("sd_ratio") ? SeDesign.Informativeness.ofSeRatio(i, number(cell, "sd_ratio", 1))
                : new SeDesign.Informativeness(i, number(cell, "se_ratio", 1));
    }

    private static double number(Map<String, String> cell, String factor, double fallback) {
        String v = cell.get(factor);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("factor " + factor + ": '" + v + "' is not a number");
        }
    }

    /** Every row of one replication of one cell: each model's metrics, in spec order. */
    public static List<Row> replicate(Spec spec, Map<String, String> cell, int replication) {
        String key = key(cell);
        SiteSimulator.Design design = design(cell);
        long cellHash = hash(key);
        SiteSimulator.Simulated sim = SiteSimulator.simulate(design, SeedStreams.data(spec.seed(), cellHash, replication));
        SiteData data = sim.data();
        double[] theta = sim.trueEffects();
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < spec.models().size(); m++) {
            ModelSpec model = spec.models().get(m);
            // the sampler's seed: the replication's, and the model's place in the spec
            SamplerConfig config = spec.sampler().withSeed(SeedStreams.data(spec.seed(), cellHash, replication, m + 1).nextLong());
            FitResult fit = Fitter.fit(model.build().apply(data), config);
            Map<String, double[]> estimates = estimates(data, fit);
            for (String e : spec.estimators()) {
                double[] est = estimates.get(e);
                for (String metric : spec.metrics()) {
                    if (SITE_METRICS.contains(metric)) {
                        rows.add(new Row(key, replication, model.name(), e, metric, siteMetric(metric, est, theta, data, design)));
                    }
                }
            }
            Map<String, Double> modelMetrics = modelMetrics(fit, design);
            for (String metric : spec.metrics()) {
                if (MODEL_METRICS.contains(metric)) {
                    rows.add(new Row(key, replication, model.name(), NO_ESTIMATOR, metric, modelMetrics.get(metric)));
                }
            }
        }
        return rows;
    }

    /** FNV-1a over the key's UTF-16 units: a cell's stable 64-bit identity for its seed. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static Map<String, double[]> estimates(SiteData data, FitResult fit) {
        int n = data.size();
        double[] ml = data.estimates();
        double[] pm = new double[n];
        double[] cb = new double[n];
        double[] gr = new double[n];
        List<SiteSummary> sites = fit.summary().sites();
        for (int j = 0; j < n; j++) {
            pm[j] = sites.get(j).effect().mean();
            cb[j] = sites.get(j).cb();
            gr[j] = sites.get(j).gr();
        }
        return Map.of("ml", ml, "pm", pm, "cb", cb, "gr", gr);
    }

    static double siteMetric(String metric, double[] est, double[] theta, SiteData data, SiteSimulator.Design design) {
        int n = est.length;
        double tau = design.tau();
        switch (metric) {
            case "ssel": {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (est[j] - theta[j]) * (est[j] - theta[j]);
                }
                return s / n / (tau * tau);
            }
            case "wssel": {
                double s = 0;
                double w = 0;
                for (int j = 0; j < n; j++) {
                    double wj = 1 / (data.se(j) * data.se(j));
                    s += wj * (est[j] - theta[j]) * (est[j] - theta[j]);
                    w += wj;
                }
                return s / w / (tau * tau);
            }
            case "isel":
                return isel(est, design) / tau;
            case "rank_sel": {
                double[] a = percentiles(est);
                double[] b = percentiles(theta);
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (a[j] - b[j]) * (a[j] - b[j]);
                }
                return s / n;
            }
            case "mean_est":
                return (Arrays.stream(est).average().orElseThrow() - design.mean()) / tau;
            case "var_est": {
                double mean = Arrays.stream(est).average().orElseThrow();
                double s = 0;
                for (double v : est) {
                    s += (v - mean) * (v - mean);
                }
                return s / (n - 1) / (tau * tau);
            }
            default:
                throw new IllegalArgumentException("metric " + metric);
        }
    }

    /** rank / (J + 1), ties at their average rank. */
    static double[] percentiles(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] p = new double[n];
        int i = 0;
        while (i < n) {
            int k = i;
            while (k + 1 < n && v[order[k + 1]] == v[order[i]]) {
                k++;
            }
            double rank = 0.5 * (i + k) + 1;
            for (int r = i; r <= k; r++) {
                p[order[r]] = rank / (n + 1);
            }
            i = k + 1;
        }
        return p;
    }

    /**
     * Integral over t of (F_J(t) - G(t))^2, F_J the EDF of the estimates and G the design's
     * CDF of the effects, mean + tau u: between consecutive sorted estimates F_J is constant and
     * the integrand smooth, so 10-point Gauss-Legendre on panels no wider than tau / 4 is exact
     * to about 1e-10; the tails run until (1 - G)^2 or G^2 falls below 1e-12.
     */
    static double isel(double[] est, SiteSimulator.Design design) {
        double[] x = est.clone();
        Arrays.sort(x);
        int n = x.length;
        double tau = design.tau();
        Function<Double, Double> g = t -> design.shape().cdf((t - design.mean()) / tau);
        double total = 0;
        for (int k = 0; k + 1 < n; k++) {
            double level = (k + 1.0) / n;
            total += integrate(x[k], x[k + 1], t -> {
                double d = level - g.apply(t);
                return d * d;
            }, tau);
        }
        // left tail: F_J = 0; right tail: F_J = 1
        double lo = x[0];
        double step = tau / 4;
        while (true) {
            double piece = integrate(lo - step, lo, t -> g.apply(t) * g.apply(t), tau);
            total += piece;
            lo -= step;
            if (g.apply(lo) * g.apply(lo) < 1e-12 || lo < x[0] - 1e4 * tau) {
                break;
            }
        }
        double hi = x[n - 1];
        while (true) {
            double piece = integrate(hi, hi + step, t -> (1 - g.apply(t)) * (1 - g.apply(t)), tau);
            total += piece;
            hi += step;
            if ((1 - g.apply(hi)) * (1 - g.apply(hi)) < 1e-12 || hi > x[n - 1] + 1e4 * tau) {
                break;
            }
        }
        return total;
    }

    private static double integrate(double a, double b, Function<Double, Double> f, double tau) {
        if (!(b > a)) {
            return 0;
        }
        int panels = (int) Math.ceil((b - a) / (tau / 4));
        double width = (b - a) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * width;
            for (int k = 0; k < GaussLegendre.POINTS; k++) {
                sum += GaussLegendre.weight(k) * 0.5 * width * f.apply(mid + 0.5 * width * GaussLegendre.node(k));
            }
        }
        return sum;
    }

    /** G's mean and SD in every draw, against the design's (mean, tau); G's quantiles against the truth's. */
    static Map<String, Double> modelMetrics(FitResult fit, SiteSimulator.Design design) {
        Draws draws = fit.draws();
        int s = draws.size();
        double[] mu = new double[s];
        double[] sd = new double[s];
        for (int i = 0; i < s; i++) {
            var g = fit.model().distribution(draws, i);
            mu[i] = g.mean();
            sd[i] = g.sd();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double tau = design.tau();
        put(out, "mu", mu, design.mean(), tau);
        put(out, "tau", sd, tau, tau);
        DistributionSummary d = fit.summary().distribution();
        double sel = 0;
        for (int k = 0; k < d.quantileProbs().length; k++) {
            double truth = design.mean() + tau * design.shape().quantile(d.quantileProbs()[k]);
            sel += (d.quantiles()[k] - truth) * (d.quantiles()[k] - truth);
        }
        out.put("quantile_sel", sel / d.quantileProbs().length / (tau * tau));
        return out;
    }

    private static void put(Map<String, Double> out, String name, double[] draws, double truth, double tau) {
        double mean = Arrays.stream(draws).average().orElseThrow();
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double lo = Quantiles.type7(sorted, 0.025);
        double hi = Quantiles.type7(sorted, 0.975);
        out.put("bias_" + name, (mean - truth) / tau);
        out.put("rmse_" + name, (mean - truth) * (mean - truth) / (tau * tau));
        out.put("cover_" + name, truth >= lo && truth <= hi ? 1.0 : 0.0);
        out.put("width_" + name, (hi - lo) / tau);
    }

    /** One line of the summary: a cell, model, estimator and metric, the mean over replications and its MCSE. */
    public record Summary(String cellKey, String model, String estimator, String metric, double mean, double mcse,
                          int replications) {
    }

    /**
     * Means over replications with Monte Carlo standard errors sd / sqrt(R); for {@code rmse_*}
     * the root of the mean squared error, its MCSE by the delta method (MCSE of the MSE / 2 RMSE).
     * Sorted by cell key, model, estimator, metric, so the summary does not depend on the order
     * in which replications finished.
     */
    public static List<Summary> summarize(List<Row> rows) {
        Map<String, List<Row>> groups = new java.util.TreeMap<>();
        for (Row r : rows) {
            String k = String.join("\u0000", r.cellKey(), r.model(), r.estimator(), r.metric());
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
        }
        List<Summary> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            // summed in replication order: the same sums whatever order the rows arrived in
            List<Row> group = new ArrayList<>(e.getValue());
            group.sort(java.util.Comparator.comparingInt(Row::replication));
            Row r = group.get(0);
            double[] v = group.stream().mapToDouble(Row::value).toArray();
            int n = v.length;
            double mean = Arrays.stream(v).average().orElseThrow();
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            double mcse = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
            if (r.metric().startsWith("rmse_")) {
                double root = Math.sqrt(mean);
                mcse = root > 0 ? mcse / (2 * root) : mcse;
                mean = root;
            }
            out.add(new Summary(r.cellKey(), r.model(), r.estimator(), r.metric(), mean, mcse, n));
        }
        return out;
    }

    /** The cells of a factorial design: every combination of the factors' levels, the first factor varying slowest. */
    public static List<Map<String, String>> cells(Map<String, List<String>> factors) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (var f : factors.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : out) {
                for (String level : f.getValue()) {
                    Map<String, String> d = new LinkedHashMap<>(c);
                    d.put(f.getKey(), level);
                    next.add(d);
                }
            }
            out = next;
        }
        return out;
    }

}
