package org.multisite.report;

import java.util.List;
import java.util.Locale;
import org.multisite.numeric.Decimals;
import org.multisite.plan.Plan;
import org.multisite.plan.TrialDesign;

/** {@code multisite plan}'s text: the design table, then the smallest design meeting each target. */
public final class PlanText {
    private PlanText() {
    }

    public static String render(String assumptions, List<Plan.Result> designs, List<Plan.Recommendation> recommended) {
        StringBuilder b = new StringBuilder();
        b.append(assumptions).append('\n');
        boolean simulated = designs.get(0).simulated() != null;
        boolean shape = simulated && designs.get(0).simulated().shape() != null;
        b.append("Closed forms: every site of the mean size, normal site effects, tests at the chosen level.\n");
        if (simulated) {
            b.append(String.format(Locale.ROOT, "Simulated (%d replications each, +- one Monte Carlo SE): the tests' empirical"
                    + " power, tau's posterior 95%% interval width under the normal model, the share of the true top 10%% of"
                    + " sites flagged (P > 0.9)%s.%n", designs.get(0).simulated().replications(),
                    shape ? ", and how often leave-one-out prefers a G of the true shape's kind to the normal" : ""));
        }
        b.append(String.format(Locale.ROOT, "%6s %7s %6s | %7s %9s %9s", "sites", "units", "I", "power", "het-power", "tau-ci"));
        if (simulated) {
            b.append(String.format(Locale.ROOT, " | %13s %13s %13s %13s", "power", "het-power", "tau-ci", "rank"));
            if (shape) {
                b.append(String.format(Locale.ROOT, " %13s", "shape"));
            }
        }
        b.append('\n');
        for (Plan.Result r : designs) {
            TrialDesign d = r.design();
            b.append(String.format(Locale.ROOT, "%6d %7s %6.3f | %7.3f %9.3f %9.3f", d.sites(), Decimals.format(d.units()),
                    d.informativeness(), r.powerMean(), r.powerHet(), r.tauCiWidth()));
            if (simulated) {
                Plan.Simulated s = r.simulated();
                b.append(" |");
                for (Plan.Estimate e : shape ? List.of(s.powerMean(), s.powerHet(), s.tauCiWidth(), s.rank(), s.shape())
                        : List.of(s.powerMean(), s.powerHet(), s.tauCiWidth(), s.rank())) {
                    b.append(String.format(Locale.ROOT, " %6.3f+-%5.3f", e.value(), e.mcse()));
                }
            }
            b.append('\n');
        }
        if (!recommended.isEmpty()) {
            b.append("Smallest design meeting each target (fewest units in all, then fewest sites):\n");
            for (Plan.Recommendation r : recommended) {
                b.append("  ").append(sentence(r, designs)).append('\n');
            }
        }
        return b.toString();
    }

    /** One target's answer in words. */
    static String sentence(Plan.Recommendation r, List<Plan.Result> designs) {
        Plan.Quantity q = r.target().quantity();
        String target = q.option() + " " + q.relation() + " " + Decimals.format(r.target().value());
        boolean simulated = r.bySimulation();
        if (r.design() == null) {
            Plan.Result best = null;
            double bestValue = Double.NaN;
            for (Plan.Result d : designs) {
                double v = d.value(q, simulated);
                if (Double.isFinite(v) && (best == null || q.meets(v, bestValue))) {
                    best = d;
                    bestValue = v;
                }
            }
            return target + ": no design in the grid (" + r.source() + (best == null ? ")" : String.format(Locale.ROOT,
                    "; the best is %.3f, at %d sites of %s units): try more sites or units", bestValue, best.design().sites(),
                    Decimals.format(best.design().units())));
        }
        TrialDesign d = r.design().design();
        String value = String.format(Locale.ROOT, "%.3f", r.design().value(q, simulated));
        if (simulated) {
            value += String.format(Locale.ROOT, " +- %.3f", r.design().simulated().get(q).mcse());
        }
        return String.format(Locale.ROOT, "%s: %d sites of %s units (%s: %s)", target, d.sites(), Decimals.format(d.units()),
                r.source(), value);
    }
}
