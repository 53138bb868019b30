package org.multisite.report;

import java.util.List;
import java.util.Locale;
import org.multisite.hetop.FhHetopFit;
import org.multisite.hetop.HetopMle;
import org.multisite.io.ConvergenceText;

/** The readable HETOP results on stdout, for the MLE and for FH-HETOP. */
public final class HetopText {
    private HetopText() {
    }

    public static String fh(List<String> ids, int[][] n, FhHetopFit fit) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite hetop: FH-HETOP, %s prior, %d groups, %d categories, %d draws in %.1f s%n",
                fit.model().prior(), ids.size(), n[0].length, fit.draws().size(), fit.seconds()));
        b.append("  priors:");
        fit.model().priors().forEach((target, prior) -> b.append("  ").append(target).append(" ~ ").append(prior));
        b.append('\n');
        b.append("  cut points:");
        double[] fixed = fit.model().fixedCuts();
        b.append(String.format(Locale.ROOT, " %.4f %.4f", fixed[0], fixed[1]));
        for (int k = 3; k < n[0].length; k++) {
            b.append(String.format(Locale.ROOT, " %.4f", fit.parameters().get("cut[" + k + "]").mean()));
        }
        b.append(String.format(Locale.ROOT, "%n  ICC %.4f (sd %.4f)   WAIC %.2f (p_waic %.2f)   %s%n",
                fit.icc().mean(), fit.icc().sd(), fit.waic(), fit.pWaic(), ConvergenceText.line(fit.convergence())));
        fit.parameters().forEach((name, s) -> {
            if (FhHetopFit.isHyperparameter(name)) {
                b.append(String.format(Locale.ROOT, "  %-28s %9.4f (sd %.4f)%n", name, s.mean(), s.sd()));
            }
        });
        b.append(String.format(Locale.ROOT, "%n  %-14s %6s %9s %9s %9s %9s %9s %9s %5s%n", "group", "n", "mu", "sd", "2.5%", "97.5%",
                "cb", "gr", "rank"));
        for (int g = 0; g < ids.size(); g++) {
            FhHetopFit.Group x = fit.groups().get(g);
            b.append(String.format(Locale.ROOT, "  %-14s %6d %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %5d%n", ids.get(g),
                    java.util.Arrays.stream(n[g]).sum(), x.mu().mean(), x.mu().sd(), x.mu().q2_5(), x.mu().q97_5(), x.cb(), x.gr(), x.rank()));
        }
        for (String w : ConvergenceText.warnings(fit.convergence())) {
            b.append("warning: ").append(w).append(System.lineSeparator());
        }
        return b.toString();
    }

    public static String mle(List<String> ids, int[][] n, HetopMle.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite hetop: maximum likelihood, %d groups, %d categories%n", ids.size(), n[0].length));
        b.append("  cut points:");
        for (double c : r.fc().cuts()) {
            b.append(String.format(Locale.ROOT, " %.4f", c));
        }
        b.append(String.format(Locale.ROOT, "%n  ICC %.4f (bias-corrected %s)   log likelihood %.4f%n%n", r.fc().icc(),
                r.starbc() == null ? "undefined: a group has one unit" : String.format(Locale.ROOT, "%.4f", r.starbc().icc()),
                r.logLik()));
        b.append(String.format(Locale.ROOT, "  %-14s %6s %10s %10s %10s %10s  %s%n", "group", "n", "mu", "sigma", "mu*", "sigma*",
                "status"));
        for (int g = 0; g < ids.size(); g++) {
            String status = r.muStatus()[g] == HetopMle.Status.EST && r.sigmaStatus()[g] == HetopMle.Status.EST ? ""
                    : "mu " + r.muStatus()[g].name().toLowerCase(Locale.ROOT) + ", sigma "
                    + r.sigmaStatus()[g].name().toLowerCase(Locale.ROOT);
            b.append(String.format(Locale.ROOT, "  %-14s %6d %10.4f %10.4f %10.4f %10.4f  %s%n", ids.get(g), java.util.Arrays.stream(n[g]).sum(),
                    r.fc().mu()[g], r.fc().sigma()[g], r.star().mu()[g], r.star().sigma()[g], status));
        }
        b.append(String.format(Locale.ROOT, "%n  mu*, sigma*: the standardized scale (population mean 0, SD 1). Sparse groups:"
                + " sigma 'mean' = exp(mean log sigma of the estimated), mu 'min'/'max' = the extreme estimated mean.%n"));
        return b.toString();
    }
}
