package org.multisite.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidParameterException;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.GSpec;
import org.multisite.numeric.Decimals;
import org.multisite.study.DataMetric;
import org.multisite.study.Estimator;
import org.multisite.study.Metric;
import org.multisite.study.ModelMetric;
import org.multisite.study.Row;
import org.multisite.study.StudySpec;
import org.multisite.study.StudySummary;

/**
 * A design plan: a grid of trials (sites x units per site), each with the closed forms
 * ({@link ClosedForm}) and, where asked, the simulation study's answers (the study engine's
 * {@link StudySpec}, run by whoever holds an engine), and the smallest design meeting each target.
 *
 * <p>Simulated quantities, per design: the empirical power of the two tests (the closed forms'
 * check), the posterior 95% interval width of tau under the normal model, the share of the true
 * top 10% of sites that the normal model flags with P(top 10%) > 0.9, and the chance that PSIS-LOO
 * prefers a G of the true shape's kind to the normal (as {@code analyze}'s verdict weighs it).
 */
public final class Plan {
    /** The label of the normal model in the plan's study. */
    public static final String NORMAL = "normal";
    /** The label of the flexible model whose preference over the normal is the shape target. */
    public static final String FLEXIBLE = "flexible";

    private Plan() {
    }

    /** A quantity a target can ask for: its name in {@code --target}, its JSON name, and whether larger is better. */
    public enum Quantity {
        POWER("power", "power_mean", true, false),
        HET_POWER("het-power", "power_het", true, false),
        TAU_CI("tau-ci", "tau_ci_width", false, false),
        RANK("rank", "rank", true, true),
        SHAPE("shape", "shape", true, true);

        private final String option;
        private final String json;
        private final boolean larger;
        private final boolean simulated;

        Quantity(String option, String json, boolean larger, boolean simulated) {
            this.option = option;
            this.json = json;
            this.larger = larger;
            this.simulated = simulated;
        }

        public String option() {
            return option;
        }

        public String json() {
            return json;
        }

        /** True when only the simulation answers it. */
        public boolean simulatedOnly() {
            return simulated;
        }

        /** Whether {@code value} meets {@code target}. */
        public boolean meets(double value, double target) {
            return larger ? value >= target : value <= target;
        }

        /** How a value must stand to the target: {@code >=}, or {@code <=} for a width. */
        public String relation() {
            return larger ? ">=" : "<=";
        }

        /** @throws InvalidParameterException (target) for an unknown name */
        public static Quantity named(String name) {
            for (Quantity q : values()) {
                if (q.option.equals(name)) {
                    return q;
                }
            }
            throw InvalidParameterException.of("target", name, "expected power, het-power, tau-ci, rank or shape");
        }
    }

    /** A target: a quantity and the value to reach (at least, or at most for tau-ci). */
    public record Target(Quantity quantity, double value) {
        public Target {
            // the shares (powers, the top sites flagged, LOO's preference) are probabilities; the width is not
            boolean share = quantity.larger;
            if (share ? !(value > 0 && value < 1) : !(value > 0) || !Double.isFinite(value)) {
                throw InvalidParameterException.of("target", quantity.option() + "=" + value,
                        share ? "expected a probability in (0, 1)" : "expected a width > 0");
            }
        }

        /** {@code NAME=VALUE}, as {@code --target} takes it. */
        public static Target parse(String text) {
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw InvalidParameterException.of("target", text, "expected NAME=VALUE, e.g. power=0.8");
            }
            Quantity q = Quantity.named(text.substring(0, eq).trim());
            try {
                return new Target(q, Decimals.parse(text.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw InvalidParameterException.of("target", text, "the value is not a number");
            }
        }
    }

    /** A simulated quantity: its mean over replications and Monte Carlo standard error. */
    public record Estimate(double value, double mcse) {
    }

    /**
     * One design's simulated answers (null where not simulated: shape without a shape target).
     *
     * @param tauCiWidth the normal model's posterior 95% interval width of tau, in tau's units
     */
    public record Simulated(int replications, Estimate powerMean, Estimate powerHet, Estimate tauCiWidth, Estimate rank,
                            Estimate shape) {
        /** The quantity's estimate, or null. */
        public Estimate get(Quantity q) {
            return switch (q) {
                case POWER -> powerMean;
                case HET_POWER -> powerHet;
                case TAU_CI -> tauCiWidth;
                case RANK -> rank;
                case SHAPE -> shape;
            };
        }
    }

    /** One design: its closed forms, and its simulated answers (null when the plan did not simulate). */
    public record Result(TrialDesign design, double powerMean, double powerHet, double tauCiWidth, Simulated simulated) {
        /** The quantity by its closed form, or NaN where there is none. */
        public double closedForm(Quantity q) {
            return switch (q) {
                case POWER -> powerMean;
                case HET_POWER -> powerHet;
                case TAU_CI -> tauCiWidth;
                default -> Double.NaN;
            };
        }

        /** The quantity by the simulation or by the closed form; NaN where that source has none. */
        public double value(Quantity q, boolean bySimulation) {
            if (!bySimulation) {
                return closedForm(q);
            }
            Estimate e = simulated == null ? null : simulated.get(q);
            return e == null ? Double.NaN : e.value();
        }
    }

    /**
     * The smallest design meeting a target (fewest units in all, then fewest sites), or null,
     * judged on the simulation or on the closed forms.
     */
    public record Recommendation(Target target, Result design, boolean bySimulation) {
        /** Where the answer comes from: "simulation" or "closed form". */
        public String source() {
            return bySimulation ? "simulation" : "closed form";
        }
    }

    /** Every design of the grid, sites varying slowest, with its closed forms at level {@code alpha}. */
    public static List<Result> closedForms(TrialDesign base, List<Integer> sites, List<Double> units, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw InvalidParameterException.of("significance", alpha, "expected a level in (0, 1)");
        }
        List<Result> out = new ArrayList<>();
        for (int j : sites) {
            for (double n : units) {
                TrialDesign d = base.withSize(j, n);
                out.add(new Result(d, ClosedForm.powerMean(d, alpha), ClosedForm.powerHet(d, alpha), ClosedForm.tauCiWidth(d),
                        null));
            }
        }
        return out;
    }

    /**
     * The study that simulates every design of the grid: G of {@code shape} (the study factors of
     * {@link org.multisite.sim.Designs}: shape and its parameters) with the design's mean and tau,
     * and each site's standard error from its size; the normal model, and {@code flexible} (a
     * registry model's name, or null) when the shape target is asked for.
     *
     * @throws InvalidParameterException (tau) when tau is 0: a simulation needs effects that vary
     */
    public static StudySpec study(TrialDesign base, List<Integer> sites, List<Double> units, Map<String, String> shape,
                                  String flexible, int replications, long seed, SamplerConfig sampler) {
        if (!(base.tau() > 0)) {
            throw InvalidParameterException.of("tau", base.tau(), "the simulation needs tau > 0 (the closed forms take 0)");
        }
        Map<String, List<String>> factors = new LinkedHashMap<>();
        factors.put("sites", sites.stream().map(String::valueOf).toList());
        factors.put("site_size", units.stream().map(Decimals::format).toList());
        factors.put("size_cv", List.of(Decimals.format(base.sizeCv())));
        factors.put("min_size", List.of("2"));
        // s_j^2 = kappa / n_j with kappa = V n, the same at every size; given SEs (V the same at
        // every n, one size and no spread) at the whole size every site gets, so that s_j is the SE
        double n = base.outcome() instanceof TrialDesign.KnownSe ? Math.max(2, Math.round(base.units())) : base.units();
        factors.put("se_kappa", List.of(Decimals.format(base.siteVariance() * n)));
        factors.put("mean", List.of(Decimals.format(base.effect())));
        factors.put("tau", List.of(Decimals.format(base.tau())));
        shape.forEach((k, v) -> factors.put(k, List.of(v)));
        List<StudySpec.Model> models = new ArrayList<>(List.of(new StudySpec.Model(NORMAL, GSpec.of("normal"))));
        List<Metric> metrics = new ArrayList<>(List.of(DataMetric.REJECT_MEAN, DataMetric.REJECT_HET, ModelMetric.WIDTH_TAU,
                ModelMetric.TOP_FLAGGED));
        if (flexible != null) {
            models.add(new StudySpec.Model(FLEXIBLE, GSpec.of(flexible)));
            metrics.add(ModelMetric.LOO_PREFERRED);
        }
        return new StudySpec(seed, replications, factors, models, List.of(Estimator.PM), metrics, sampler);
    }

    /** The study's cell that simulates sites x units. */
    public static Map<String, String> cell(StudySpec spec, int sites, double units) {
        for (Map<String, String> c : spec.cells()) {
            if (c.get("sites").equals(String.valueOf(sites)) && c.get("site_size").equals(Decimals.format(units))) {
                return c;
            }
        }
        throw new IllegalArgumentException("no cell for " + sites + " sites of " + units);
    }

    /** The designs with their simulated answers read off the study's summary. */
    public static List<Result> withSimulation(List<Result> designs, StudySpec spec, List<StudySummary> summary) {
        Map<String, StudySummary> byKey = new LinkedHashMap<>();
        for (StudySummary s : summary) {
            byKey.put(String.join("\u0000", s.cellKey(), s.model(), s.metric()), s);
        }
        List<Result> out = new ArrayList<>();
        for (Result r : designs) {
            String key = StudySpec.key(cell(spec, r.design().sites(), r.design().units()));
            double tau = r.design().tau();
            StudySummary width = byKey.get(String.join("\u0000", key, NORMAL, ModelMetric.WIDTH_TAU.label()));
            StudySummary shape = byKey.get(String.join("\u0000", key, FLEXIBLE, ModelMetric.LOO_PREFERRED.label()));
            Simulated sim = new Simulated(width.replications(),
                    share(byKey.get(String.join("\u0000", key, Row.NO_MODEL, DataMetric.REJECT_MEAN.label()))),
                    share(byKey.get(String.join("\u0000", key, Row.NO_MODEL, DataMetric.REJECT_HET.label()))),
                    estimate(width, tau),
                    share(byKey.get(String.join("\u0000", key, NORMAL, ModelMetric.TOP_FLAGGED.label()))),
                    shape == null ? null : share(shape));
            out.add(new Result(r.design(), r.powerMean(), r.powerHet(), r.tauCiWidth(), sim));
        }
        return out;
    }

    /**
     * A share of replications (each 0 or 1): its Monte Carlo SE as a binomial proportion's,
     * sqrt(p (1 - p) / R) at p = (successes + 1) / (R + 2) (Laplace), so that 0 of 50 does not
     * claim an error of 0. For a share in [0, 1] that is not 0 or 1 (the top sites flagged) it
     * bounds the error from above: such a share's variance is at most p (1 - p).
     */
    static Estimate share(StudySummary s) {
        int r = s.replications();
        double p = (s.mean() * r + 1) / (r + 2);
        return new Estimate(s.mean(), Math.sqrt(p * (1 - p) / r));
    }

    private static Estimate estimate(StudySummary s, double scale) {
        return new Estimate(s.mean() * scale, s.mcse() * scale);
    }

    /**
     * The smallest design meeting each target: on the simulation when the quantity has no closed
     * form or {@code preferSimulation} says so (a non-normal G, or the user asked), else on the
     * closed form.
     */
    public static List<Recommendation> recommend(List<Result> designs, List<Target> targets, boolean preferSimulation) {
        List<Result> order = new ArrayList<>(designs);
        order.sort((a, b) -> {
            int c = Double.compare(a.design().sites() * a.design().units(), b.design().sites() * b.design().units());
            return c != 0 ? c : Integer.compare(a.design().sites(), b.design().sites());
        });
        List<Recommendation> out = new ArrayList<>();
        for (Target t : targets) {
            Quantity q = t.quantity();
            boolean simulated = q.simulatedOnly() || (preferSimulation && designs.get(0).simulated() != null);
            Result found = null;
            for (Result r : order) {
                if (q.meets(r.value(q, simulated), t.value())) {
                    found = r;
                    break;
                }
            }
            out.add(new Recommendation(t, found, simulated));
        }
        return out;
    }
}
