package org.multisite.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.multisite.fit.FitResult;
import org.multisite.io.ConvergenceText;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.SiteModel;
import org.multisite.prior.ClusterElicitation;
import org.multisite.prior.Prior;
import org.multisite.summary.DistributionSummary;
import org.multisite.summary.FitSummary;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.SiteSummary;

/** The readable summary of a fit printed on stdout. */
public final class TextReport {
    /** Up to this many sites the table lists them all. */
    static final int MAX_SITES_SHOWN = 50;
    /** Beyond it, this many at each end of the ranking. */
    static final int EXTREMES = 10;
    private TextReport() {
    }

    public static String render(FitResult fit, String source) {
        return render(fit, source, List.of());
    }

    /** The number of clusters a DP's prior on alpha implies, for a G with one. */
    public static void concentration(StringBuilder b, Prior.Gamma g, int sites) {
        if (g != null) {
            double[] k = ClusterElicitation.clusters(g, sites);
            line(b, "  alpha ~ gamma(a = %s, b = %s): prior number of clusters among the %d sites, mean %s, SD %s",
                    num(g.shape()), num(g.rate()), sites, num(k[0]), num(k[1]));
        }
    }

    /** The summary, with lines on where the site data came from after the title. */
    public static String render(FitResult fit, String source, List<String> dataLines) {
        SiteModel model = fit.model();
        FitSummary s = fit.summary();
        SamplerConfig c = fit.sampler();
        StringBuilder b = new StringBuilder();
        line(b, "multisite: %s model, %d sites%s", model.name(), model.data().size(),
                source == null ? "" : " (" + source + ")");
        for (String l : dataLines) {
            line(b, "  %s", l);
        }
        b.append("Priors:");
        for (Map.Entry<String, String> e : model.priors().entrySet()) {
            b.append("  ").append(e.getKey()).append(" ~ ").append(e.getValue());
        }
        b.append('\n');
        concentration(b, model.concentration(), model.data().size());
        line(b, "Sampler: %s", model.samplerMethod());
        line(b, "         %d chains x %d draws (warm-up %d, thin %d), seed %d", c.chains(), c.draws(), c.warmup(),
                c.thin(), c.seed());
        b.append('\n');
        line(b, "%-22s %10s %10s %10s %10s %7s %9s", "", "mean", "sd", "2.5%", "97.5%", "R-hat", "ESS bulk");
        for (Map.Entry<String, ParameterSummary> e : s.parameters().entrySet()) {
            parameter(b, e.getKey(), e.getValue());
        }
        parameter(b, "I (informativeness)", s.informativeness());
        line(b, "  I = tau^2 / (tau^2 + GM(se^2)), GM(se^2) = %s", num(model.data().geometricMeanVariance()));
        b.append('\n');
        DistributionSummary d = s.distribution();
        line(b, "Distribution of site effects G: mean %s, sd %s%s", num(d.mean()), num(d.sd()), d.sdUndefinedDraws() == 0 ? ""
                : String.format(Locale.ROOT, " (over the %d of %d draws where G's SD exists; a t with nu <= 2 has none)",
                        fit.draws().size() - d.sdUndefinedDraws(), fit.draws().size()));
        if (model.distributionNote() != null) {
            line(b, "  %s", model.distributionNote());
        }
        StringBuilder q = new StringBuilder();
        for (int k = 0; k < d.quantiles().length; k++) {
            q.append(String.format(Locale.ROOT, "  %s%%: %s", pct(d.quantileProbs()[k]), num(d.quantiles()[k])));
        }
        line(b, "  quantiles%s", q);
        line(b, "  a new site's effect: 95%% interval [%s, %s]", num(d.predictiveLow()), num(d.predictiveHigh()));
        b.append('\n');
        List<SiteSummary> shown = s.sites();
        if (shown.size() > MAX_SITES_SHOWN) {
            // the extremes: the lowest and highest ranked sites, in rank order
            List<SiteSummary> byRank = new ArrayList<>(shown);
            byRank.sort(Comparator.comparingInt(SiteSummary::rank));
            shown = new ArrayList<>(byRank.subList(0, EXTREMES));
            shown.addAll(byRank.subList(byRank.size() - EXTREMES, byRank.size()));
            line(b, "Sites: the %d lowest and %d highest ranked of %d (all in --sites-csv or --json; rank 1 = smallest effect)",
                    EXTREMES, EXTREMES, s.sites().size());
        } else {
            line(b, "Sites (input order; rank 1 = smallest effect)");
        }
        int w = 4;
        for (SiteSummary site : shown) {
            w = Math.max(w, Math.min(24, site.site().length()));
        }
        String fmt = "  %-" + w + "s %9s %9s %9s %9s %9s %9s %6s %11s";
        line(b, fmt, "site", "estimate", "se", "mean", "2.5%", "97.5%", "shrinkage", "rank", "rank 95%");
        for (SiteSummary site : shown) {
            String name = site.site().length() > 24 ? site.site().substring(0, 23) + "~" : site.site();
            line(b, fmt, name, num(site.estimate()), num(site.se()), num(site.effect().mean()),
                    num(site.effect().q2_5()), num(site.effect().q97_5()),
                    String.format(Locale.ROOT, "%.2f", site.shrinkage()), Integer.toString(site.rank()),
                    String.format(Locale.ROOT, "[%d, %d]", site.rankLow(), site.rankHigh()));
        }
        b.append('\n');
        line(b, "Diagnostics: %s", ConvergenceText.line(s.convergence()));
        for (String warning : ConvergenceText.warnings(s.convergence())) {
            line(b, "  warning: %s", warning);
        }
        line(b, "Time: %.2f s", fit.seconds());
        return b.toString();
    }

    private static void parameter(StringBuilder b, String name, ParameterSummary p) {
        line(b, "%-22s %10s %10s %10s %10s %7s %9.0f", name, num(p.mean()), num(p.sd()), num(p.q2_5()),
                num(p.q97_5()), String.format(Locale.ROOT, "%.3f", p.rhat()), p.essBulk());
    }

    private static String pct(double p) {
        return org.multisite.prior.PriorParser.format(100 * p);
    }

    /** Four significant digits, plain notation when readable. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "NA";
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
