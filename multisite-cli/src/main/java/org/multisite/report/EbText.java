package org.multisite.report;

import java.util.Locale;
import org.multisite.data.SiteData;
import org.multisite.eb.EfronFit;
import org.multisite.eb.NormalEb;
import org.multisite.eb.Npmle;

/** The readable empirical Bayes results on stdout. */
public final class EbText {
    /** efron is for many units (thousands of players, z-values): the first rows of the table. */
    private static final int EFRON_ROWS = 50;
    /** About this many rows of the grid: enough to read g's shape; all of it is in --json. */
    private static final int GRID_ROWS = 25;

    private EbText() {
    }

    public static String normal(SiteData sites, NormalEb.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: normal G by %s, %d sites%n", r.method().name(), sites.size()));
        b.append(String.format(Locale.ROOT, "  mu %.6g (se %.6g)   tau^2 %.6g (tau %.6g)   log likelihood %.6g%n", r.mu(),
                r.muSe(), r.tau2(), Math.sqrt(r.tau2()), r.logLik()));
        for (int k = 0; k < sites.covariateCount(); k++) {
            b.append(String.format(Locale.ROOT, "  beta[%s] %.6g (se %.6g)%n", sites.covariateNames().get(k),
                    r.beta()[k + 1], Math.sqrt(r.betaCovariance()[k + 1][k + 1])));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        unitTable(b, EfronFit.Units.of(sites), sites.size(), new String[] {"blup", "blup se"}, r.blup(), r.blupSe());
        return b.toString();
    }

    public static String npmle(SiteData sites, Npmle.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: NPMLE of G on %d grid points, %d sites%n", r.grid().length,
                sites.size()));
        b.append(String.format(Locale.ROOT, "  log likelihood %.8g   %d SQP steps   optimality gap %.2g%n", r.logLik(),
                r.iterations(), r.kktGap()));
        b.append("  G's support (mass >= 0.001):");
        for (int k = 0; k < r.grid().length; k++) {
            if (r.mass()[k] >= 1e-3) {
                b.append(String.format(Locale.ROOT, " %.4g (%.3f)", r.grid()[k], r.mass()[k]));
            }
        }
        b.append(String.format(Locale.ROOT, "%n%n"));
        unitTable(b, EfronFit.Units.of(sites), sites.size(), new String[] {"mean", "sd", "2.5%", "97.5%"}, r.mean(), r.sd(),
                r.lower(), r.upper());
        return b.toString();
    }

    public static String efron(EfronFit f) {
        var r = f.fit();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: Efron's g-modeling, %d grid points, df %d, penalty %.4g, %s, %d units%n",
                r.tau().length, f.df(), f.penalty(), f.likelihood(), f.units().size()));
        b.append(String.format(Locale.ROOT, "  S (penalty / information) %.4g%n%n", r.s()));
        b.append(String.format(Locale.ROOT, "  %10s %10s %10s %10s %10s %10s%n", "theta", "g", "se g", "G", "se G", "bias g"));
        int step = Math.max(1, r.tau().length / GRID_ROWS);
        for (int k = 0; k < r.tau().length; k += step) {
            b.append(String.format(Locale.ROOT, "  %10.4g %10.4g %10.4g %10.4g %10.4g %10.4g%n", r.tau()[k], r.g()[k],
                    r.seG()[k], r.cdf()[k], r.seCdf()[k], r.bias()[k]));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        unitTable(b, f.units(), EFRON_ROWS, new String[] {"mean", "sd"}, f.posteriorMean(), f.posteriorSd());
        return b.toString();
    }

    /** The table of units: id, input columns and the given columns, at most {@code limit} rows. */
    private static void unitTable(StringBuilder b, EfronFit.Units units, int limit, String[] headers, double[]... columns) {
        b.append(String.format(Locale.ROOT, "  %-14s", "site"));
        for (String h : units.names()) {
            b.append(String.format(Locale.ROOT, " %10s", h));
        }
        for (String h : headers) {
            b.append(String.format(Locale.ROOT, " %10s", h));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        int shown = Math.min(units.size(), limit);
        for (int j = 0; j < shown; j++) {
            b.append(String.format(Locale.ROOT, "  %-14s", units.ids().get(j)));
            for (double[] column : units.columns()) {
                b.append(String.format(Locale.ROOT, " %10.4g", column[j]));
            }
            for (double[] column : columns) {
                b.append(String.format(Locale.ROOT, " %10.4g", column[j]));
            }
            b.append(String.format(Locale.ROOT, "%n"));
        }
        if (shown < units.size()) {
            b.append(String.format(Locale.ROOT, "  ... %d more (all in --json)%n", units.size() - shown));
        }
    }
}
