package org.multisite.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.multisite.compare.Loo;
import org.multisite.compare.ModelComparison;
import org.multisite.compare.Psis;
import org.multisite.fit.FitResult;
import org.multisite.io.ConvergenceText;
import org.multisite.summary.DistributionSummary;
import org.multisite.summary.SiteSummary;

/** The readable comparison on stdout: LOO table, G by model, and the extreme sites by model. */
public final class CompareReport {
    /** Sites listed at each end of the ranking. */
    static final int EXTREMES = 3;

    private CompareReport() {
    }

    public static String render(ModelComparison c, String source) {
        StringBuilder b = new StringBuilder();
        List<FitResult> fits = c.fits();
        line(b, "multisite compare: %d models, %d sites (%s)", fits.size(), fits.get(0).model().data().size(), source);
        b.append('\n');
        line(b, "Priors by model");
        for (int m = 0; m < fits.size(); m++) {
            StringBuilder p = new StringBuilder();
            fits.get(m).model().priors().forEach((target, prior) -> p.append("  ").append(target).append(" ~ ").append(prior));
            String name = fits.get(m).model().name();
            line(b, "  %-9s%s", c.labels().get(m) + (c.labels().get(m).equals(name) ? "" : " (" + name + ")"), p);
        }
        b.append('\n');
        if (ModelComparison.UNIT.equals(c.leftOut())) {
            line(b, "Leave-one-unit-out cross-validation of the one-stage models (PSIS-LOO; higher elpd predicts new units"
                    + " of these sites better)");
        } else {
            line(b, "Leave-one-site-out cross-validation (PSIS-LOO; higher elpd predicts new sites better)");
        }
        line(b, "  %-9s %10s %8s %8s %10s %8s %12s %8s", "model", "elpd_loo", "se", "p_loo", "elpd_diff", "se_diff", "pareto_k_max",
                "stacking");
        double[] weights = c.stackingWeights();
        List<String> warnings = new ArrayList<>();
        for (int m = 0; m < fits.size(); m++) {
            Loo loo = c.loo().get(m);
            double[] d = c.differenceFromBest(m);
            line(b, "  %-9s %10.2f %8.2f %8.2f %10.2f %8.2f %12.2f %8.3f", c.labels().get(m), loo.elpd(), loo.se(),
                    loo.pLoo(), d[0], d[1], loo.paretoKMax(), weights[m]);
            if (loo.paretoKMax() > Psis.K_THRESHOLD) {
                long high = java.util.Arrays.stream(loo.paretoK()).filter(k -> k > Psis.K_THRESHOLD).count();
                warnings.add(String.format(Locale.ROOT, "%s: Pareto k > %.1f (up to %.2f) for %d %s%s; their LOO estimates are unreliable",
                        c.labels().get(m), Psis.K_THRESHOLD, loo.paretoKMax(), high, c.leftOut(), high == 1 ? "" : "s"));
            }
            for (String w : ConvergenceText.warnings(fits.get(m).summary().convergence())) {
                warnings.add(c.labels().get(m) + ": " + w);
            }
        }
        b.append('\n');
        line(b, "Distribution of site effects G by model");
        line(b, "  %-9s %9s %9s %9s %9s %9s %22s", "model", "mean", "sd", "5%", "50%", "95%", "new site 95%");
        for (int m = 0; m < fits.size(); m++) {
            DistributionSummary g = fits.get(m).summary().distribution();
            line(b, "  %-9s %9s %9s %9s %9s %9s %22s", c.labels().get(m), TextReport.num(g.mean()), TextReport.num(g.sd()),
                    TextReport.num(g.quantiles()[0]), TextReport.num(g.quantiles()[2]), TextReport.num(g.quantiles()[4]),
                    "[" + TextReport.num(g.predictiveLow()) + ", " + TextReport.num(g.predictiveHigh()) + "]");
        }
        b.append('\n');
        line(b, "The %d lowest and %d highest ranked sites by model (posterior mean; rank 1 = smallest)", EXTREMES, EXTREMES);
        for (int m = 0; m < fits.size(); m++) {
            List<SiteSummary> byRank = new ArrayList<>(fits.get(m).summary().sites());
            byRank.sort(Comparator.comparingInt(SiteSummary::rank));
            StringBuilder low = new StringBuilder();
            StringBuilder high = new StringBuilder();
            for (int k = 0; k < EXTREMES && k < byRank.size(); k++) {
                SiteSummary s = byRank.get(k);
                low.append(String.format(Locale.ROOT, " %s (%s)", s.site(), TextReport.num(s.effect().mean())));
                SiteSummary t = byRank.get(byRank.size() - 1 - k);
                high.append(String.format(Locale.ROOT, " %s (%s)", t.site(), TextReport.num(t.effect().mean())));
            }
            line(b, "  %-9s lowest:%s | highest:%s", c.labels().get(m), low, high);
        }
        if (!warnings.isEmpty()) {
            b.append('\n');
            for (String w : warnings) {
                line(b, "warning: %s", w);
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
