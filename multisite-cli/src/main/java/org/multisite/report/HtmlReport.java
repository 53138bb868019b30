package org.multisite.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.multisite.compare.ModelComparison;
import org.multisite.data.SiteData;
import org.multisite.eb.EbOverlay;
import org.multisite.fit.FitResult;
import org.multisite.io.CompareJson;
import org.multisite.io.DataDescription;
import org.multisite.io.FitJson;
import org.multisite.io.JsonText;
import org.multisite.study.StudySummary;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A self-contained HTML report of a fit: a forest plot of raw estimates against posterior
 * intervals, G's density with its 90% and 95% bands, and the rank plot, drawn with Apache
 * ECharts inlined into the page so it works offline. The fit's JSON is embedded as data, with
 * every {@code <}, {@code >} and {@code &} escaped so no site name can close the script or
 * inject markup; the page writes site names only through text APIs.
 *
 * <p>Beside the full-Bayes G, the page draws the empirical Bayes estimates of G from the same
 * site estimates that the caller hands it ({@link EbOverlay}); the page computes nothing.
 */
public final class HtmlReport {
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String TEMPLATE = "/org/multisite/report/fit-report.html";
    private static final String COMPARE_TEMPLATE = "/org/multisite/report/compare-report.html";
    private static final String STUDY_TEMPLATE = "/org/multisite/report/study-report.html";
    private static final String PLAN_TEMPLATE = "/org/multisite/report/plan-report.html";
    private static final String HETOP_TEMPLATE = "/org/multisite/report/hetop-report.html";
    private static final String PO_TEMPLATE = "/org/multisite/report/po-report.html";
    private static final String EB_TEMPLATE = "/org/multisite/report/eb-report.html";
    private static final String ANALYSIS_TEMPLATE = "/org/multisite/report/analysis-report.html";
    private static final String BASE_STYLE = "/org/multisite/report/report-base.css";
    private static final String ERROR_CAPTURE = "/org/multisite/report/report-errors.js";

    private HtmlReport() {
    }

    /**
     * The fit's page; with {@code overlay} (the empirical Bayes estimates of G on the fit's grid,
     * computed by the caller), the page draws them beside G as {@code eb}: {@code normal_reml: {mu,
     * tau2, density}}, {@code npmle: {mass}}, {@code efron: {density}}. Only the page's data carries
     * them; the fit JSON is unchanged.
     */
    public static String render(FitResult fit, DataDescription source, String title, EbOverlay overlay) {
        ObjectNode tree = FitJson.tree(fit, source);
        if (overlay != null) {
            ObjectNode eb = tree.putObject("eb");
            ObjectNode normal = eb.putObject("normal_reml");
            normal.put("mu", overlay.mu());
            normal.put("tau2", overlay.tau2());
            if (overlay.normalDensity() != null) {
                array(normal.putArray("density"), overlay.normalDensity());
            }
            array(eb.putObject("npmle").putArray("mass"), overlay.npmleMass());
            if (overlay.efronDensity() != null) {
                array(eb.putObject("efron").putArray("density"), overlay.efronDensity());
            }
        }
        return page(TEMPLATE, title, JsonText.compact(tree));
    }

    private static void array(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    /** A comparison of models: their G overlaid on the raw estimates, and the LOO table. */
    public static String renderComparison(ModelComparison comparison, DataDescription source, String title) {
        return page(COMPARE_TEMPLATE, title, JsonText.compact(CompareJson.tree(comparison, source)));
    }

    /**
     * The analysis of {@code multisite analyze} on one page: the verdict first, then the
     * heterogeneity table, G per model over the estimates, the densities of each model's posterior
     * means, CB and GR estimates, the forest and rank charts, the LOO and stacking table, the
     * predictive checks, the three goals per model and trace plots ({@link AnalysisPage}).
     */
    public static String renderAnalysis(org.multisite.analysis.Analysis analysis, DataDescription source, String title) {
        return page(ANALYSIS_TEMPLATE, title, JsonText.compact(AnalysisPage.data(analysis)));
    }

    /**
     * A study's summary: per metric, a chart of its mean (with +-2 MCSE) in every cell for each
     * model and estimator, and the table of numbers. {@code cells} maps cell keys to factors.
     */
    public static String renderStudy(List<StudySummary> summary, Map<String, Map<String, String>> cells,
                                     List<String> factors, String title) {
        ObjectNode root = JsonText.object();
        ArrayNode f = root.putArray("factors");
        factors.forEach(f::add);
        ArrayNode rows = root.putArray("rows");
        for (StudySummary s : summary) {
            ObjectNode o = rows.addObject();
            ObjectNode cell = o.putObject("cell");
            cells.get(s.cellKey()).forEach(cell::put);
            o.put("model", s.model()).put("estimator", s.estimator()).put("metric", s.metric());
            if (Double.isFinite(s.mean())) {
                o.put("mean", s.mean());
            } else {
                o.putNull("mean");
            }
            o.put("mcse", Double.isFinite(s.mcse()) ? s.mcse() : 0);
            o.put("replications", s.replications());
        }
        return page(STUDY_TEMPLATE, title, JsonText.compact(root));
    }

    /** A plan (its JSON): a chart of each quantity against the sites, one line per units per site, and the design table. */
    public static String renderPlan(ObjectNode planJson, String title) {
        return page(PLAN_TEMPLATE, title, JsonText.compact(planJson));
    }

    /** A HETOP fit (its JSON, MLE or FH): group means with intervals against the cut points, SDs against means, the table. */
    public static String renderHetop(ObjectNode hetopJson, String title) {
        return page(HETOP_TEMPLATE, title, JsonText.compact(hetopJson));
    }

    /** Empirical Bayes: G's estimate (its masses, or the normal G's curve) and each unit's estimate against its posterior mean. */
    public static String renderEb(ObjectNode pageData, String title) {
        return page(EB_TEMPLATE, title, JsonText.compact(pageData));
    }

    /** Potential outcomes: the missing outcomes' posterior predictive against the observed, and the ATEs by rho. */
    public static String renderPotentialOutcomes(ObjectNode json, String title) {
        return page(PO_TEMPLATE, title, JsonText.compact(json));
    }

    private static String page(String template, String title, String json) {
        // the styles and the error capture every page shares, from the project's own resources
        String shared = resource(template).replace("/*STYLE*/", resource(BASE_STYLE)).replace("/*ERRORS*/", resource(ERROR_CAPTURE));
        // the template holds each marker once, in this order; split first so that no inserted
        // text is ever searched for markers
        String[] parts = shared.split("/\\*(TITLE|ECHARTS|DATA)\\*/", -1);
        if (parts.length != 4) {
            throw new IllegalStateException("report template must hold TITLE, ECHARTS and DATA markers once each");
        }
        return parts[0] + escapeHtml(title) + parts[1] + resource(ECHARTS).replace("</script", "<\\/script")
                + parts[2] + escapeScriptJson(json) + parts[3];
    }

    /** JSON made safe inside a script element: &lt; &gt; &amp; as unicode escapes. */
    static String escapeScriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String resource(String path) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
