package org.multisite.report;

import java.util.Locale;
import org.multisite.io.ConvergenceText;
import org.multisite.potential.NormalPotentialOutcomes;
import org.multisite.potential.PotentialOutcomesAnalysis;
import org.multisite.summary.ParameterSummary;

/** The readable potential-outcomes table on stdout: every estimand by rho, and each site's finite-sample ATE. */
public final class PotentialOutcomesText {
    private PotentialOutcomesText() {
    }

    public static String render(PotentialOutcomesAnalysis a) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite potential-outcomes: %s model, %d units (%d treated), %d draws%n",
                a.model().label(), a.units(), a.treated(), a.draws().size()));
        b.append("  priors:");
        a.model().priors().forEach((target, prior) -> b.append("  ").append(target).append(": ").append(prior));
        b.append('\n');
        b.append("  rho is not identified by the data: read the table as a sensitivity analysis.\n\n");
        b.append(String.format(Locale.ROOT, "  %6s %-10s %9s %9s %9s %9s%n", "rho", "estimand", "mean", "sd", "2.5%", "97.5%"));
        for (PotentialOutcomesAnalysis.AtRho x : a.atRho()) {
            row(b, x.rho(), "ATE (SP)", x.ateSp());
            row(b, x.rho(), "ATE (FS)", x.ateFs());
            for (int k = 0; k < NormalPotentialOutcomes.QTE_PROBS.length; k++) {
                row(b, x.rho(), "QTE " + Math.round(100 * NormalPotentialOutcomes.QTE_PROBS[k]) + "%", x.qte().get(k));
            }
        }
        if (!a.sites().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n  finite-sample ATE by site%n  %6s %-14s %9s %9s %9s %9s%n", "rho", "site",
                    "mean", "sd", "2.5%", "97.5%"));
            for (PotentialOutcomesAnalysis.AtRho x : a.atRho()) {
                for (int j = 0; j < a.sites().size(); j++) {
                    ParameterSummary s = x.siteAteFs().get(j);
                    b.append(String.format(Locale.ROOT, "  %6.2f %-14s %9.4f %9.4f %9.4f %9.4f%n", x.rho(), a.sites().get(j),
                            s.mean(), s.sd(), s.q2_5(), s.q97_5()));
                }
            }
        }
        b.append(String.format(Locale.ROOT, "%nDiagnostics: %s%n", ConvergenceText.line(a.convergence())));
        for (String w : ConvergenceText.warnings(a.convergence())) {
            b.append("  warning: ").append(w).append('\n');
        }
        return b.toString();
    }

    private static void row(StringBuilder b, double rho, String name, ParameterSummary s) {
        b.append(String.format(Locale.ROOT, "  %6.2f %-10s %9.4f %9.4f %9.4f %9.4f%n", rho, name, s.mean(), s.sd(), s.q2_5(),
                s.q97_5()));
    }
}
