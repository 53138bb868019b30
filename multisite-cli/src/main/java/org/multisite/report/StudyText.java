package org.multisite.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.multisite.study.StudySummary;

/** A study's summary as a text table: a line per cell, model, estimator and metric. */
public final class StudyText {
    private StudyText() {
    }

    public static String table(List<StudySummary> summary, Map<String, Map<String, String>> cells, List<String> factors) {
        StringBuilder b = new StringBuilder();
        for (String f : factors) {
            b.append(String.format(Locale.ROOT, "%-16s", f));
        }
        b.append(String.format(Locale.ROOT, "%-10s %-9s %-13s %10s %9s %5s%n", "model", "estimator", "metric", "mean", "mcse", "reps"));
        for (StudySummary s : summary) {
            for (String f : factors) {
                b.append(String.format(Locale.ROOT, "%-16s", cells.get(s.cellKey()).get(f)));
            }
            b.append(String.format(Locale.ROOT, "%-10s %-9s %-13s %10.4f %9.4f %5d%n", s.model(), s.estimator(), s.metric(),
                    s.mean(), s.mcse(), s.replications()));
        }
        return b.toString();
    }
}
