package org.multisite.io;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.multisite.summary.FitSummary;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.SiteSummary;

/** The table of sites as CSV, one row per site in input order, columns named as in the JSON. */
public final class SitesCsv {
    static final String[] HEADER = {"site", "estimate", "se", "mean", "sd", "median", "q2.5", "q5", "q95", "q97.5",
        "prob_positive", "shrinkage", "rank_mean", "rank", "rank_q2.5", "rank_q97.5", "percentile", "cb", "gr",
        "prob_top10", "prob_bottom10", "rhat", "ess_bulk", "ess_tail"};

    private SitesCsv() {
    }

    public static String write(FitSummary summary) {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out)) {
            csv.writeRecord(HEADER);
            for (SiteSummary s : summary.sites()) {
                ParameterSummary e = s.effect();
                csv.writeRecord(s.site(), n(s.estimate()), n(s.se()), n(e.mean()), n(e.sd()), n(e.median()),
                        n(e.q2_5()), n(e.q5()), n(e.q95()), n(e.q97_5()), n(s.probPositive()), n(s.shrinkage()),
                        n(s.rankMean()), Integer.toString(s.rank()), Integer.toString(s.rankLow()), Integer.toString(s.rankHigh()),
                        n(s.percentile()), n(s.cb()), n(s.gr()), n(s.probTop()), n(s.probBottom()), n(e.rhat()),
                        n(e.essBulk()), n(e.essTail()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String n(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
