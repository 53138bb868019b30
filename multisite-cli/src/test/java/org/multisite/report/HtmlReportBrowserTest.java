package org.multisite.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;

/**
 * Opens a report in headless Chromium and reads back the rendered DOM: the page's own check
 * sets {@code data-status="ok"} only when every chart drew SVG shapes and no script error
 * occurred. A hostile site name must appear as text, never as markup. Runs wherever
 * Debian's chromium is installed (.ci/run installs it); elsewhere it is skipped, except in CI
 * (CI=true), where a missing browser fails the test.
 */
class HtmlReportBrowserTest {
    private static final String HOSTILE = "</script><img src=x onerror=\"document.title='pwned'\">&amp;";

    @TempDir
    Path dir;

    @Test
    void reportRendersEveryChartWithoutScriptErrors() throws Exception {
        String chromium = findChromium();
        List<String> ids = new ArrayList<>(List.of(HOSTILE, "B", "C", "D", "E", "F", "G", "H"));
        // the eight schools' estimates with smaller SEs, so that REML's tau^2 > 0 and both EB overlays are drawn
        SiteData data = SiteData.of(ids, new double[] {28, 8, -3, 7, -1, 1, 18, 12},
                new double[] {5, 4, 5, 4, 3, 4, 4, 6});
        FitResult fit = Fitter.fit(NormalModel.of(data, NormalPriors.defaults(data)),
                SamplerConfig.defaults().withDraws(300).withWarmup(0));
        Path page = dir.resolve("report.html");
        Files.writeString(page, HtmlReport.render(fit, org.multisite.io.DataDescription.siteLevel(), "test <report> & title",
                org.multisite.eb.EbOverlay.of(data, fit.summary().distribution().grid()).orElseThrow()), StandardCharsets.UTF_8);

        String dom = dumpDom(chromium, page);
        Matcher status = Pattern.compile("data-status=\"([^\"]*)\"").matcher(dom);
        assertThat(status.find()).as("body has a status").isTrue();
        assertThat(dom).doesNotContain("data-errors=");
        assertThat(status.group(1)).isEqualTo("ok");
        for (String chart : List.of("forest", "density", "ranks")) {
            int start = dom.indexOf("id=\"" + chart + "\"");
            int end = dom.indexOf("<h2", start);
            String section = dom.substring(start, end < 0 ? dom.length() : end);
            assertThat(section).as(chart).contains("<svg");
            assertThat(Pattern.compile("<path").matcher(section).results().count()).as(chart + " paths").isGreaterThan(10);
        }
        assertThat(dom).contains("EB normal G (REML)", "EB log-spline g (Efron)", "EB NPMLE mass");
        // the hostile id was written as text: escaped in the table, no injected element
        String markup = dom.replaceAll("(?s)<script.*?</script>", "");
        assertThat(markup).contains("&lt;/script&gt;&lt;img src=x");
        assertThat(markup).doesNotContain("<img");
        assertThat(markup).contains("<title>multisite: normal model, 8 sites</title>");
        assertThat(dom).contains("test &lt;report&gt; &amp; title");
    }

    @Test
    void comparisonPageRendersWithoutScriptErrors() throws Exception {
        String chromium = findChromium();
        java.nio.file.Path data = org.multisite.cli.CompareCommandTest.bimodal(dir);
        java.nio.file.Path page = dir.resolve("compare.html");
        var run = org.multisite.cli.CliRunAccess.run("compare", data.toString(), "--models", "normal,mixture",
                "--report", page.toString(), "--quiet", "--draws", "300", "--warmup", "100");
        assertThat(run).isZero();
        String dom = dumpDom(chromium, page);
        assertThat(dom).doesNotContain("data-errors=");
        assertThat(dom).contains("data-status=\"ok\"");
        String markup = dom.replaceAll("(?s)<script.*?</script>", "");
        assertThat(markup).contains("<td>mixture</td>").contains("Priors by model").containsPattern("<td>mu ~ normal\\(0, [0-9.]+\\); tau ~ half_cauchy");
    }

    /**
     * The analysis page: the verdict first, every chart drawn (G by model, the PM/CB/GR
     * densities, forest, ranks and one trace chart per model), every table with its CSV button,
     * and a hostile site name shown as text.
     */
    @Test
    void analysisPageRendersEveryChart() throws Exception {
        String chromium = findChromium();
        StringBuilder csv = new StringBuilder("site,estimate,se\n");
        csv.append('"').append(HOSTILE.replace("\"", "\"\"")).append("\",2.5,0.4\n");
        for (int j = 1; j < 30; j++) {
            csv.append("s").append(j).append(',').append(j % 3 == 0 ? 2 + 0.05 * j : -1 + 0.03 * j).append(",0.4\n");
        }
        Path data = dir.resolve("sites.csv");
        Files.writeString(data, csv.toString());
        Path out = dir.resolve("analysis");
        var run = org.multisite.cli.CliRunAccess.run("analyze", data.toString(), "--models", "normal,t,logspline", "--draws", "300",
                "--warmup", "200", "--out", out.toString(), "--quiet");
        assertThat(run).isZero();
        String dom = dumpDom(chromium, out.resolve("report.html"));
        assertThat(dom).doesNotContain("data-errors=");
        assertThat(dom).contains("data-status=\"ok\"");
        for (String chart : List.of("density", "goals", "forest", "ranks", "trace-0", "trace-1", "trace-2")) {
            int start = dom.indexOf("id=\"" + chart + "\"");
            assertThat(start).as(chart).isPositive();
            int end = dom.indexOf("</svg>", start);
            assertThat(Pattern.compile("<path").matcher(dom.substring(start, end)).results().count()).as(chart + " paths").isGreaterThan(10);
        }
        String markup = dom.replaceAll("(?s)<script.*?</script>", "");
        assertThat(markup).containsPattern("<h2 id=\"headline\">Verdict: [a-z]");
        assertThat(markup.indexOf("id=\"headline\"")).isLessThan(markup.indexOf("Heterogeneity at a glance"));
        assertThat(Pattern.compile(">Download CSV<").matcher(markup).results().count()).isEqualTo(4);
        assertThat(markup).contains("&lt;/script&gt;&lt;img src=x").doesNotContain("<img");
        assertThat(markup).contains("<td>logspline</td>").contains("<th>two_groups p</th>");
    }

    @Test
    void planPageRendersEveryChart() throws Exception {
        String chromium = findChromium();
        Path page = dir.resolve("plan.html");
        var run = org.multisite.cli.CliRunAccess.run("plan", "--sites", "20:40:20", "--units", "20:40:20", "--shape", "mixture",
                "--tau", "0.4", "--target", "shape=0.5", "--target", "power=0.8", "--quick", "--report", page.toString(), "--quiet");
        assertThat(run).isZero();
        String dom = dumpDom(chromium, page);
        assertThat(dom).doesNotContain("data-errors=");
        assertThat(dom).contains("data-status=\"ok\"");
        for (String chart : List.of("power_mean", "power_het", "tau_ci_width", "rank", "shape")) {
            int start = dom.indexOf("id=\"chart-" + chart + "\"");
            assertThat(start).as(chart).isPositive();
            int end = dom.indexOf("</svg>", start);
            assertThat(Pattern.compile("<path").matcher(dom.substring(start, end)).results().count()).as(chart + " paths").isGreaterThan(4);
        }
        String markup = dom.replaceAll("(?s)<script.*?</script>", "");
        assertThat(Pattern.compile(">Download CSV<").matcher(markup).results().count()).isEqualTo(1);
        assertThat(markup).contains("<th>sim_shape_mcse</th>").contains("power \u2265 0.8: ");
    }

    @Test
    void studyPageRendersEveryMetric() throws Exception {
        String chromium = findChromium();
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "replications: 3\nfactors: {shape: [gaussian, skew], sites: [20]}\n"
                + "estimators: [ml, pm, gr]\nmetrics: [ssel, isel, cover_mu]\nsampler: {chains: 2, warmup: 50, draws: 200}\n");
        var run = org.multisite.cli.CliRunAccess.run("study", spec.toString(), "--out", dir.resolve("s").toString(), "--quiet");
        assertThat(run).isZero();
        String dom = dumpDom(chromium, dir.resolve("s").resolve("report.html"));
        assertThat(dom).doesNotContain("data-errors=");
        assertThat(dom).contains("data-status=\"ok\"");
        for (String metric : List.of("ssel", "isel", "cover_mu")) {
            assertThat(dom).contains("id=\"chart-" + metric + "\"");
        }
        assertThat(dom.replaceAll("(?s)<script.*?</script>", "")).contains("<td>skew</td>");
    }

    @Test
    void hetopPagesRender() throws Exception {
        String chromium = findChromium();
        Path counts = dir.resolve("groups.csv");
        var sim = org.multisite.cli.CliRunAccess.run("simulate", "--hetop", "--sites", "12", "--group-size", "80", "--out",
                counts.toString());
        assertThat(sim).isZero();
        for (String method : List.of("mle", "normal", "logspline")) {
            Path page = dir.resolve(method + ".html");
            List<String> args = new java.util.ArrayList<>(List.of("hetop", counts.toString(), "--counts", "n1,n2,n3,n4",
                    "--draws", "200", "--warmup", "200", "--report", page.toString(), "--quiet"));
            if (!method.equals("mle")) {
                args.addAll(List.of("--method", "fh", "--prior", method));
            }
            var run = org.multisite.cli.CliRunAccess.run(args.toArray(String[]::new));
            assertThat(run).isZero();
            String dom = dumpDom(chromium, page);
            assertThat(dom).as(method).doesNotContain("data-errors=");
            assertThat(dom).as(method).contains("data-status=\"ok\"");
            String text = dom.replaceAll("(?s)<script.*?</script>", "");
            assertThat(text).contains("<td>g07</td>");
            if (!method.equals("mle")) {
                assertThat(text).as(method).contains("FH-HETOP (" + method + " prior)").contains("priors: ");
            }
        }
    }

    @Test
    void potentialOutcomesPageRenders() throws Exception {
        String chromium = findChromium();
        Path trial = dir.resolve("trial.csv");
        assertThat(org.multisite.cli.CliRunAccess.run("simulate", "--sites", "2", "--site-size", "100", "--units", "--out",
                trial.toString())).isZero();
        Path page = dir.resolve("po.html");
        assertThat(org.multisite.cli.CliRunAccess.run("potential-outcomes", trial.toString(), "--rho-grid", "0,0.5,1",
                "--draws", "200", "--report", page.toString(), "--quiet")).isZero();
        String dom = dumpDom(chromium, page);
        assertThat(dom).doesNotContain("data-errors=");
        assertThat(dom).contains("data-status=\"ok\"");
        assertThat(dom.replaceAll("(?s)<script.*?</script>", "")).contains("<td>ate_fs</td>")
                .contains("normal model; priors: beta[a], sigma[a]: p(beta, sigma^2) proportional to 1 / sigma^2");
    }

    /** The empirical Bayes page for a normal method (G's curve), the NPMLE (masses) and Efron's g (masses with bands). */
    @Test
    void empiricalBayesPagesRender() throws Exception {
        String chromium = findChromium();
        Path sites = dir.resolve("sites.csv");
        assertThat(org.multisite.cli.CliRunAccess.run("simulate", "--shape", "mixture", "--sites", "60", "--out",
                sites.toString())).isZero();
        for (String method : List.of("reml", "npmle", "efron")) {
            Path page = dir.resolve("eb-" + method + ".html");
            assertThat(org.multisite.cli.CliRunAccess.run("eb", sites.toString(), "--method", method, "--report", page.toString(),
                    "--quiet")).isZero();
            String dom = dumpDom(chromium, page);
            assertThat(dom).as(method).doesNotContain("data-errors=");
            assertThat(dom).as(method).contains("data-status=\"ok\"");
            assertThat(dom.replaceAll("(?s)<script.*?</script>", "")).as(method).contains("<td>site07</td>");
        }
    }

    private static String findChromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium is not installed: .ci/run must install it (apt-get install chromium)");
        }
        Assumptions.abort("chromium is not installed (apt-get install chromium): skipping the browser test");
        return null;
    }

    private String dumpDom(String chromium, Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        return Files.readString(out);
    }
}
