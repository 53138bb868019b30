package org.multisite.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.multisite.analysis.Analysis;
import org.multisite.analysis.ModelAnalysis;
import org.multisite.analysis.Verdict;
import org.multisite.compare.PredictiveChecks;
import org.multisite.eb.Heterogeneity;
import org.multisite.summary.Convergence;
import org.multisite.summary.SiteSummary;

/** The readable summary of {@code multisite analyze} on stdout, ending with the verdict. */
public final class AnalysisText {
    /** Sites listed at each end of the ranking. */
    static final int EXTREMES = 5;
    /** The verdict's line width. */
    static final int WIDTH = 100;

    private AnalysisText() {
    }

    /** @param written where the report and the JSON went, for the second line */
    public static String render(Analysis a, String source, String written) {
        StringBuilder b = new StringBuilder();
        Heterogeneity h = a.heterogeneity();
        line(b, "multisite analyze: %d sites, %d models (%s)", h.sites(), a.models().size(), source);
        line(b, "Written: %s", written);
        b.append('\n');
        line(b, "Heterogeneity (REML; 95%% Q-profile intervals)");
        line(b, "  Q = %s on %d df, p = %s", num(h.q()), h.df(), num(h.qPValue()));
        line(b, "  tau^2 = %s [%s, %s]   tau = %s [%s, %s]", num(h.tau2()), num(h.tau2Low()), num(h.tau2High()),
                num(Math.sqrt(h.tau2())), num(Math.sqrt(h.tau2Low())), num(Math.sqrt(h.tau2High())));
        line(b, "  I^2 = %s%% [%s%%, %s%%]   H^2 = %s [%s, %s]", num(h.i2(h.tau2())), num(h.i2(h.tau2Low())),
                num(h.i2(h.tau2High())), num(h.h2(h.tau2())), num(h.h2(h.tau2Low())), num(h.h2(h.tau2High())));
        line(b, "  mu = %s (SE %s); a new site's effect, 95%% prediction interval [%s, %s]", num(h.mu()), num(h.muSe()),
                num(h.predictionLow()), num(h.predictionHigh()));
        line(b, "  informativeness I = tau^2 / (tau^2 + GM(se^2)) = %s", num(h.informativeness()));
        b.append('\n');
        line(b, "Models of G (LOO: leave-one-%s-out elpd against the normal model)", a.comparison().leftOut());
        line(b, "  %-10s %-9s %4s %7s %7s %16s %6s %8s %9s %8s  %s", "model", "converged", "thin", "R-hat", "ESS", "elpd_diff (SE)",
                "k>0.7", "stacking", "P(2 grp)", "P(nu<10)", "G's mean [95%]");
        for (ModelAnalysis m : a.models()) {
            Convergence c = m.fit().summary().convergence();
            line(b, "  %-10s %-9s %4d %7.3f %7.0f %16s %6d %8.3f %9s %8s  %s [%s, %s]", m.label(), m.converged() ? "yes" : "NO",
                    m.fit().sampler().thin(), c.maxRhat(), c.minEssBulk(), m == a.models().get(0) ? "-" : num(m.elpdDiff()) + " (" + num(m.elpdDiffSe()) + ")",
                    m.paretoHigh(), m.stackingWeight(), opt(m.probTwoGroups()), opt(m.probHeavyTails()), num(m.gMean().mean()),
                    num(m.gMean().q2_5()), num(m.gMean().q97_5()));
        }
        line(b, "  (a model whose diagnostics failed was sampled again with %dx the warm-up and thinning)", Analysis.RETRY);
        b.append('\n');
        line(b, "Posterior predictive checks (p-values: small means the model misses what the estimates show)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-10s", "model"));
        PredictiveChecks.STATISTICS.forEach(s -> header.append(String.format(Locale.ROOT, " %10s", s)));
        line(b, "%s", header);
        for (ModelAnalysis m : a.models()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-10s", m.label()));
            PredictiveChecks.STATISTICS.forEach(s -> row.append(String.format(Locale.ROOT, " %10s", opt(m.pValue(s)))));
            line(b, "%s", row);
        }
        b.append('\n');
        ModelAnalysis resting = a.models().stream().filter(m -> m.label().equals(a.verdict().model())).findFirst().orElseThrow();
        List<Integer> order = new ArrayList<>();
        List<SiteSummary> sites = resting.fit().summary().sites();
        for (int j = 0; j < sites.size(); j++) {
            order.add(j);
        }
        order.sort(Comparator.comparingDouble(j -> -sites.get(j).rankMean()));
        line(b, "Sites by mean rank, %s model (rank 1 = smallest; every site and model: analysis.json, report.html)", resting.label());
        line(b, "  %-16s %9s %9s %9s %9s %14s %9s %9s", "site", "estimate", "PM", "CB", "GR", "rank [95%]",
                "P(>" + num(a.threshold()) + ")", "P(>mean)");
        List<Integer> shown = order.size() <= 2 * EXTREMES ? order
                : concat(order.subList(0, EXTREMES), order.subList(order.size() - EXTREMES, order.size()));
        for (int k = 0; k < shown.size(); k++) {
            int j = shown.get(k);
            SiteSummary s = sites.get(j);
            if (order.size() > 2 * EXTREMES && k == EXTREMES) {
                line(b, "  ...");
            }
            line(b, "  %-16s %9s %9s %9s %9s %14s %9.3f %9.3f", cut(s.site()), num(s.estimate()), num(s.effect().mean()), num(s.cb()),
                    num(s.gr()), String.format(Locale.ROOT, "%.1f [%d, %d]", s.rankMean(), s.rankLow(), s.rankHigh()),
                    resting.probAbove()[j], resting.probAboveMean()[j]);
        }
        b.append('\n');
        line(b, "Verdict: %s", a.verdict().headline());
        for (String l : wrap(a.verdict().text(), WIDTH)) {
            line(b, "  %s", l);
        }
        return b.toString();
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> c) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(c);
        return out;
    }

    private static String cut(String site) {
        return site.length() <= 16 ? site : site.substring(0, 15) + "~";
    }

    /** A probability or NaN as "-". */
    private static String opt(double p) {
        return Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String num(double x) {
        return Verdict.number(x);
    }

    /** Words to lines of at most {@code width} characters (a longer word gets its own line). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
