package org.multisite.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a study's summary: a cell, model, estimator and metric, the mean over
 * replications, its Monte Carlo standard error and the number of replications.
 */
public record StudySummary(String cellKey, String model, String estimator, String metric, double mean, double mcse,
                           int replications) {

    /**
     * Means over replications with Monte Carlo standard errors sd / sqrt(R); for {@code rmse_*}
     * the root of the mean squared error, its MCSE by the delta method (MCSE of the MSE / 2 RMSE).
     * Sorted by cell key, model, estimator, metric, so the summary does not depend on the order
     * in which replications finished.
     */
    public static List<StudySummary> of(List<Row> rows) {
        Map<String, List<Row>> groups = new TreeMap<>();
        for (Row r : rows) {
            String k = String.join("\u0000", r.cellKey(), r.model(), r.estimator(), r.metric());
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
        }
        List<StudySummary> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            // summed in replication order: the same sums whatever order the rows arrived in
            List<Row> group = new ArrayList<>(e.getValue());
            group.sort(Comparator.comparingInt(Row::replication));
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
            out.add(new StudySummary(r.cellKey(), r.model(), r.estimator(), r.metric(), mean, mcse, n));
        }
        return out;
    }
}
