package org.multisite.io;

import java.util.List;
import java.util.Map;
import org.multisite.plan.Plan;
import org.multisite.plan.TrialDesign;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code multisite plan --json} (docs/output.md): the inputs, one object per design in
 * {@code designs} (sites, units, the closed forms power_mean, power_het, tau_ci_width, and the
 * simulated answers with their Monte Carlo errors under {@code simulated}), and {@code recommended}:
 * per target, the smallest design meeting it, or null sites and units when none does.
 */
public final class PlanJson {
    private PlanJson() {
    }

    /** What the plan assumed and how it simulated (null simulation: closed forms only). */
    public record Inputs(TrialDesign base, Map<String, String> shape, double significance, Simulation simulation) {
    }

    /** How the simulation ran. */
    public record Simulation(int replications, long seed, List<String> models, int chains, int warmup, int draws,
                             boolean quick) {
    }

    public static String write(Inputs inputs, List<Plan.Result> designs, List<Plan.Recommendation> recommended) {
        return JsonText.pretty(tree(inputs, designs, recommended)) + "\n";
    }

    public static ObjectNode tree(Inputs inputs, List<Plan.Result> designs, List<Plan.Recommendation> recommended) {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.put("command", "plan");
        ObjectNode in = root.putObject("inputs");
        TrialDesign b = inputs.base();
        if (b.outcome() instanceof TrialDesign.Continuous c) {
            in.put("outcome", "continuous");
            in.put("icc", c.icc());
            in.put("r2", c.r2());
        } else if (b.outcome() instanceof TrialDesign.Binary c) {
            in.put("outcome", "binary");
            in.put("control_rate", c.controlRate());
        } else if (b.outcome() instanceof TrialDesign.KnownSe c) {
            in.put("outcome", "standard_errors");
            in.put("se", c.se());
        }
        in.put("treated", b.treated());
        in.put("size_cv", b.sizeCv());
        in.put("effect", b.effect());
        in.put("tau", b.tau());
        ObjectNode shape = in.putObject("shape");
        inputs.shape().forEach(shape::put);
        in.put("significance", inputs.significance());
        Simulation s = inputs.simulation();
        if (s == null) {
            root.putNull("simulation");
        } else {
            ObjectNode sim = root.putObject("simulation");
            sim.put("replications", s.replications());
            sim.put("seed", s.seed());
            s.models().forEach(sim.putArray("models")::add);
            sim.put("chains", s.chains()).put("warmup", s.warmup()).put("draws", s.draws());
            sim.put("quick", s.quick());
        }
        var list = root.putArray("designs");
        for (Plan.Result r : designs) {
            ObjectNode d = list.addObject();
            d.put("sites", r.design().sites());
            FitJson.num(d, "units", r.design().units());
            FitJson.num(d, "site_variance", r.design().siteVariance());
            FitJson.num(d, "informativeness", r.design().informativeness());
            FitJson.num(d, "power_mean", r.powerMean());
            FitJson.num(d, "power_het", r.powerHet());
            FitJson.num(d, "tau_ci_width", r.tauCiWidth());
            if (r.simulated() != null) {
                ObjectNode sim = d.putObject("simulated");
                sim.put("replications", r.simulated().replications());
                for (Plan.Quantity q : Plan.Quantity.values()) {
                    Plan.Estimate e = r.simulated().get(q);
                    if (e != null) {
                        FitJson.num(sim, q.json(), e.value());
                        FitJson.num(sim, q.json() + "_mcse", e.mcse());
                    }
                }
            }
        }
        ObjectNode rec = root.putObject("recommended");
        for (Plan.Recommendation r : recommended) {
            ObjectNode o = rec.putObject(r.target().quantity().option());
            o.put("target", r.target().value());
            o.put("source", r.source());
            if (r.design() == null) {
                o.putNull("sites");
                o.putNull("units");
            } else {
                o.put("sites", r.design().design().sites());
                FitJson.num(o, "units", r.design().design().units());
            }
        }
        return root;
    }
}
