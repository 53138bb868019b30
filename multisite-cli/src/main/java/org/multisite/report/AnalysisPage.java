package org.multisite.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.multisite.analysis.Analysis;
import org.multisite.analysis.ModelAnalysis;
import org.multisite.compare.PredictiveChecks;
import org.multisite.io.AnalysisJson;
import org.multisite.mcmc.Draws;
import org.multisite.summary.Convergence;
import org.multisite.summary.DistributionSummary;
import org.multisite.summary.SiteSummary;
import org.multisite.io.JsonText;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data of the analysis page: lean where the analysis JSON is complete. Numbers keep four
 * significant digits; site columns are arrays; the forest and rank charts get at most {@value
 * #SHOWN} sites, evenly spaced in the ranking (every site stays in the tables and their CSV);
 * traces keep at most {@value #TRACE_POINTS} points a chain. The page computes nothing but
 * layout: the kernel densities of the posterior means, CB and GR estimates (the seed's figure)
 * are computed here.
 */
final class AnalysisPage {
    /** The most sites the forest and rank charts draw. */
    static final int SHOWN = 100;
    /** The most points a trace keeps per chain. */
    static final int TRACE_POINTS = 200;
    /** The most parameters traced per model. */
    static final int TRACED = 4;
    /** Points of the kernel density curves. */
    static final int KDE_POINTS = 120;
    private static final List<String> MAIN = List.of("mu", "tau", "nu", "alpha", "clusters", "g_mean", "g_sd");

    private AnalysisPage() {
    }

    static ObjectNode data(Analysis a) {
        ObjectNode root = JsonText.object();
        ObjectNode verdict = root.putObject("verdict");
        verdict.put("headline", a.verdict().headline());
        verdict.put("shape", a.verdict().shape());
        verdict.put("model", a.verdict().model());
        ArrayNode sentences = verdict.putArray("sentences");
        a.verdict().sentences().forEach(sentences::add);
        root.set("heterogeneity", AnalysisJson.heterogeneityTree(a.heterogeneity()));
        root.put("threshold", a.threshold());
        root.put("left_out", a.comparison().leftOut());
        List<SiteSummary> first = a.models().get(0).fit().summary().sites();
        ObjectNode sites = root.putObject("sites");
        ArrayNode ids = sites.putArray("id");
        first.forEach(s -> ids.add(s.site()));
        numbers(sites.putArray("estimate"), first.stream().mapToDouble(SiteSummary::estimate).toArray());
        numbers(sites.putArray("se"), first.stream().mapToDouble(SiteSummary::se).toArray());
        double[] range = kdeRange(a);
        ArrayNode models = root.putArray("models");
        for (ModelAnalysis m : a.models()) {
            models.add(model(m, range));
        }
        // the sites the row charts show: evenly spaced in the verdict's model's ranking
        ModelAnalysis resting = a.models().stream().filter(m -> m.label().equals(a.verdict().model())).findFirst().orElseThrow();
        root.put("resting", resting.label());
        List<SiteSummary> rs = resting.fit().summary().sites();
        Integer[] order = new Integer[rs.size()];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (x, y) -> Double.compare(rs.get(x).effect().mean(), rs.get(y).effect().mean()));
        ArrayNode shown = root.putArray("shown");
        int count = Math.min(SHOWN, order.length);
        for (int k = 0; k < count; k++) {
            shown.add(order[count == 1 ? 0 : (int) Math.round((double) k * (order.length - 1) / (count - 1))]);
        }
        return root;
    }

    private static ObjectNode model(ModelAnalysis m, double[] range) {
        ObjectNode o = JsonText.object();
        o.put("label", m.label());
        o.put("model", m.model());
        o.put("converged", m.converged());
        Convergence c = m.fit().summary().convergence();
        number(o, "max_rhat", c.maxRhat());
        number(o, "min_ess", c.minEssBulk());
        number(o, "elpd_diff", m.elpdDiff());
        number(o, "se_diff", m.elpdDiffSe());
        o.put("pareto_k_high", m.paretoHigh());
        number(o, "stacking", m.stackingWeight());
        number(o, "prob_two_groups", m.probTwoGroups());
        number(o, "prob_heavy", m.probHeavyTails());
        number(o, "g_mean", m.gMean().mean());
        number(o, "g_low", m.gMean().q2_5());
        number(o, "g_high", m.gMean().q97_5());
        number(o, "share_above", m.shareAbove());
        DistributionSummary d = m.fit().summary().distribution();
        numbers(o.putArray("grid"), d.grid());
        numbers(o.putArray("density"), d.density().mean());
        ArrayNode checks = o.putArray("checks");
        for (PredictiveChecks.Check k : m.checks()) {
            ObjectNode x = checks.addObject();
            x.put("statistic", k.statistic());
            number(x, "observed", k.observed());
            number(x, "replicated_mean", k.replicatedMean());
            number(x, "p_value", k.pValue());
        }
        List<SiteSummary> s = m.fit().summary().sites();
        numbers(o.putArray("pm"), s.stream().mapToDouble(x -> x.effect().mean()).toArray());
        numbers(o.putArray("lo"), s.stream().mapToDouble(x -> x.effect().q2_5()).toArray());
        numbers(o.putArray("hi"), s.stream().mapToDouble(x -> x.effect().q97_5()).toArray());
        double[] cb = s.stream().mapToDouble(SiteSummary::cb).toArray();
        double[] gr = s.stream().mapToDouble(SiteSummary::gr).toArray();
        double[] pm = s.stream().mapToDouble(x -> x.effect().mean()).toArray();
        numbers(o.putArray("cb"), cb);
        numbers(o.putArray("gr"), gr);
        numbers(o.putArray("rank_mean"), s.stream().mapToDouble(SiteSummary::rankMean).toArray());
        numbers(o.putArray("rank_low"), s.stream().mapToDouble(SiteSummary::rankLow).toArray());
        numbers(o.putArray("rank_high"), s.stream().mapToDouble(SiteSummary::rankHigh).toArray());
        numbers(o.putArray("prob_above"), m.probAbove());
        numbers(o.putArray("prob_above_mean"), m.probAboveMean());
        ObjectNode kde = o.putObject("kde");
        double[] grid = new double[KDE_POINTS];
        for (int k = 0; k < KDE_POINTS; k++) {
            grid[k] = range[0] + (range[1] - range[0]) * k / (KDE_POINTS - 1);
        }
        numbers(kde.putArray("grid"), grid);
        numbers(kde.putArray("pm"), kde(pm, grid));
        numbers(kde.putArray("cb"), kde(cb, grid));
        numbers(kde.putArray("gr"), kde(gr, grid));
        o.set("traces", traces(m.fit().draws(), m.fit().model().hyperparameters()));
        return o;
    }

    /** The main parameters' chains, thinned to at most {@link #TRACE_POINTS} points each. */
    private static ObjectNode traces(Draws draws, List<String> hyperparameters) {
        List<String> names = new ArrayList<>();
        for (String p : MAIN) {
            if (draws.has(p) && names.size() < TRACED) {
                names.add(p);
            }
        }
        for (String p : hyperparameters) {
            if (draws.has(p) && !names.contains(p) && names.size() < 2) {
                names.add(p);
            }
        }
        ObjectNode o = JsonText.object();
        ArrayNode n = o.putArray("names");
        names.forEach(n::add);
        ArrayNode values = o.putArray("values");
        int per = draws.drawsPerChain();
        int step = Math.max(1, (per + TRACE_POINTS - 1) / TRACE_POINTS);
        o.put("step", step);
        for (String p : names) {
            double[] column = draws.column(p);
            ArrayNode chains = values.addArray();
            for (int c = 0; c < draws.chains(); c++) {
                ArrayNode chain = chains.addArray();
                for (int i = 0; i < per; i += step) {
                    add(chain, column[c * per + i]);
                }
            }
        }
        return o;
    }

    /** A range that holds the estimates and every model's PM, CB and GR estimates, widened by a tenth. */
    private static double[] kdeRange(Analysis a) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ModelAnalysis m : a.models()) {
            for (SiteSummary s : m.fit().summary().sites()) {
                for (double v : new double[] {s.effect().mean(), s.cb(), s.gr()}) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        double pad = Math.max(0.1 * (hi - lo), 1e-12 * Math.max(1, Math.abs(hi)));
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * A Gaussian kernel density of {@code x} on {@code grid}, bandwidth by Silverman's rule
     * 0.9 min(SD, IQR / 1.34) n^(-1/5) (R's {@code bw.nrd0}); a spike of width 1e-3 of the grid's
     * span when the values do not vary.
     */
    static double[] kde(double[] x, double[] grid) {
        double[] v = Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        double[] f = new double[grid.length];
        if (n == 0) {
            return f;
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        double ss = 0;
        for (double y : v) {
            ss += (y - mean) * (y - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double iqr = (org.multisite.numeric.Quantiles.type7(v, 0.75) - org.multisite.numeric.Quantiles.type7(v, 0.25)) / 1.34;
        double spread = Math.min(sd, iqr) > 0 ? Math.min(sd, iqr) : sd;
        double h = 0.9 * spread * Math.pow(n, -0.2);
        if (!(h > 0)) {
            h = 1e-3 * (grid[grid.length - 1] - grid[0]);
        }
        for (int k = 0; k < grid.length; k++) {
            double sum = 0;
            for (double y : v) {
                double z = (grid[k] - y) / h;
                sum += Math.exp(-0.5 * z * z);
            }
            f[k] = sum / (n * h * Math.sqrt(2 * Math.PI));
        }
        return f;
    }

    private static void numbers(ArrayNode a, double[] values) {
        for (double v : values) {
            add(a, v);
        }
    }

    private static void add(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(round(v));
        } else {
            a.addNull();
        }
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, round(v));
        } else {
            o.putNull(key);
        }
    }

    /** Four significant digits (the nearest double to the rounded decimal, which prints short): the page shows no more. */
    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
