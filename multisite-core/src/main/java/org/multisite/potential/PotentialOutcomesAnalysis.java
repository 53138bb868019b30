package org.multisite.potential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.UnitData;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SeedStreams;
import org.multisite.numeric.Decimals;
import org.multisite.numeric.Quantiles;
import org.multisite.prior.PriorParser;
import org.multisite.summary.Convergence;
import org.multisite.summary.ParameterSummary;
import org.multisite.summary.ThreeGoals;

/**
 * A potential-outcomes analysis of an experiment (Rubin 1978; Imbens & Rubin 2015, ch. 8) at
 * each assumed correlation rho: the posterior summaries of every estimand, each site's
 * finite-sample ATE with the three goals (Shen & Louis 1998) when there are sites, the draws
 * themselves, the convergence verdict over every estimand, and the posterior predictive of the
 * missing potential outcomes against the observed ones (histograms for the report).
 *
 * <p>Every rho uses the same stream, so the sensitivity table differs by rho alone; the stream
 * and the ranks' tie-breaking both derive from the seed.
 *
 * @param units the number of units, {@code treated} of them treated
 * @param sites the sites' ids in order of appearance (empty without sites)
 * @param draws every estimand's draws as one chain: {@code ate_sp}, {@code ate_fs}, {@code qte50},
 *     {@code effect_q5}, {@code ate_fs[SITE]}, with {@code rho=R} in brackets when there are several rhos
 */
public record PotentialOutcomesAnalysis(Model model, int units, int treated, List<String> sites, List<AtRho> atRho,
                                        Draws draws, Convergence convergence, Predictive predictive) {
    /** The most draws an analysis takes: far beyond any summary's need, a bound on the memory. */
    public static final int MAX_DRAWS = 1_000_000;
    /** Bins of the report's histograms. */
    private static final int BINS = 30;

    /** The model of the potential outcomes. */
    public enum Model {
        NORMAL("normal"), TWO_PART("two-part");

        private final String label;

        Model(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The priors, by parameter, as readable strings (each arm a has its own; rho is set, not given a prior). */
        public Map<String, String> priors() {
            Map<String, String> p = new LinkedHashMap<>();
            if (this == TWO_PART) {
                p.put("gamma[a] (logit of P(Y > 0))", "normal(0, " + Decimals.format(TwoPartPotentialOutcomes.GAMMA_PRIOR_SD) + ") each");
                p.put("beta[a], sigma[a] (log Y given Y > 0)", "p(beta, sigma^2) proportional to 1 / sigma^2");
            } else {
                p.put("beta[a], sigma[a]", "p(beta, sigma^2) proportional to 1 / sigma^2");
            }
            return p;
        }

        /** @throws InvalidParameterException (model) for an unknown name */
        public static Model named(String name) {
            for (Model m : values()) {
                if (m.label.equals(name)) {
                    return m;
                }
            }
            throw InvalidParameterException.of("model", name, "expected normal or two-part");
        }
    }

    /**
     * The estimands at one rho: super-population and finite-sample ATE, quantile effects at
     * {@link NormalPotentialOutcomes#QTE_PROBS}, quantiles of the unit-level effects at
     * {@link NormalPotentialOutcomes#EFFECT_PROBS}, each site's finite-sample ATE, and the three
     * goals for the sites (null with fewer than two).
     */
    public record AtRho(double rho, ParameterSummary ateSp, ParameterSummary ateFs, List<ParameterSummary> qte,
                        List<ParameterSummary> effects, List<ParameterSummary> siteAteFs, ThreeGoals goals) {
    }

    /** Densities on common bins of the observed and imputed Y(0) and Y(1) (the first rho's draws). */
    public record Predictive(Histogram y0Observed, Histogram y0Imputed, Histogram y1Observed, Histogram y1Imputed) {
    }

    /** Bin centres and densities. */
    public record Histogram(double[] centres, double[] density) {
    }

    /**
     * The analysis of {@code units}.
     *
     * @param bySite each site its own mean in each arm (site indicators join the covariates), and
     *     each site's finite-sample ATE reported
     * @throws InvalidParameterException naming rho or draws when out of range
     * @throws IllegalArgumentException if the data cannot support the model (an arm too small)
     */
    public static PotentialOutcomesAnalysis of(UnitData units, boolean bySite, Model model, List<Double> rhos, int draws,
                                               long seed) {
        for (double r : rhos) {
            if (!(r >= -1 && r <= 1)) {
                throw InvalidParameterException.of("rho", r, "expected a correlation in [-1, 1]");
            }
        }
        if (draws < 100 || draws > MAX_DRAWS) {
            throw InvalidParameterException.of("draws", draws, "expected 100 to " + MAX_DRAWS);
        }
        NormalPotentialOutcomes.Data data = NormalPotentialOutcomes.Data.of(units, bySite);
        List<String> sites = bySite ? siteIds(units) : List.of();
        List<NormalPotentialOutcomes.Draws> results = new ArrayList<>();
        for (double rho : rhos) {
            results.add(model == Model.NORMAL
                    ? NormalPotentialOutcomes.sample(data, rho, draws, SeedStreams.of(seed, SeedStreams.Purpose.EXACT_DRAWS))
                    : TwoPartPotentialOutcomes.sample(data, rho, draws, SeedStreams.of(seed, SeedStreams.Purpose.EXACT_DRAWS)));
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        List<AtRho> atRho = new ArrayList<>();
        for (NormalPotentialOutcomes.Draws d : results) {
            String at = rhos.size() > 1 ? "rho=" + PriorParser.format(d.rho()) : "";
            columns.put(name("ate_sp", at), d.ateSp());
            columns.put(name("ate_fs", at), d.ateFs());
            List<ParameterSummary> qte = new ArrayList<>();
            for (int k = 0; k < NormalPotentialOutcomes.QTE_PROBS.length; k++) {
                columns.put(name("qte" + percent(NormalPotentialOutcomes.QTE_PROBS[k]), at), d.qte()[k]);
                qte.add(ParameterSummary.of(d.qte()[k], 1));
            }
            List<ParameterSummary> effects = new ArrayList<>();
            for (int k = 0; k < NormalPotentialOutcomes.EFFECT_PROBS.length; k++) {
                columns.put(name("effect_q" + percent(NormalPotentialOutcomes.EFFECT_PROBS[k]), at), d.effects()[k]);
                effects.add(ParameterSummary.of(d.effects()[k], 1));
            }
            List<ParameterSummary> siteAte = new ArrayList<>();
            for (int j = 0; j < sites.size(); j++) {
                columns.put(name("ate_fs", sites.get(j) + (at.isEmpty() ? "" : "," + at)), d.siteFs()[j]);
                siteAte.add(ParameterSummary.of(d.siteFs()[j], 1));
            }
            ThreeGoals goals = sites.size() > 1 ? ThreeGoals.of(d.siteFs(), SeedStreams.rankTies(seed)) : null;
            atRho.add(new AtRho(d.rho(), ParameterSummary.of(d.ateSp(), 1), ParameterSummary.of(d.ateFs(), 1), List.copyOf(qte),
                    List.copyOf(effects), List.copyOf(siteAte), goals));
        }
        Map<String, ParameterSummary> checked = new LinkedHashMap<>();
        columns.forEach((name, column) -> checked.put(name, ParameterSummary.of(column, 1)));
        Draws all = Draws.of(List.copyOf(columns.keySet()), 1, columns.values().toArray(double[][]::new));
        int treated = Arrays.stream(data.treatment()).sum();
        return new PotentialOutcomesAnalysis(model, data.treatment().length, treated, sites, List.copyOf(atRho), all,
                Convergence.of(checked, 1), predictive(data, results.get(0)));
    }

    /** {@code base} or {@code base[index]}. */
    private static String name(String base, String index) {
        return index.isEmpty() ? base : base + "[" + index + "]";
    }

    private static long percent(double p) {
        return Math.round(100 * p);
    }

    private static List<String> siteIds(UnitData units) {
        List<String> ids = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            if (seen.putIfAbsent(units.site(i), Boolean.TRUE) == null) {
                ids.add(units.site(i));
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Histograms, as densities on {@value #BINS} common bins over the central 99% of the observed
     * and imputed values together (so that a few imputed outliers do not flatten the picture), of
     * Y(0) (controls' observed; treated units' imputed) and Y(1) (treated; controls' imputed).
     */
    private static Predictive predictive(NormalPotentialOutcomes.Data data, NormalPotentialOutcomes.Draws d) {
        int[] t = data.treatment();
        double[] y = data.outcome();
        double[] obs0 = IntStream.range(0, t.length).filter(i -> t[i] == 0).mapToDouble(i -> y[i]).toArray();
        double[] obs1 = IntStream.range(0, t.length).filter(i -> t[i] == 1).mapToDouble(i -> y[i]).toArray();
        double[][] y0 = histograms(obs0, d.imputedControl());
        double[][] y1 = histograms(obs1, d.imputedTreated());
        return new Predictive(new Histogram(y0[0], y0[1]), new Histogram(y0[0], y0[2]), new Histogram(y1[0], y1[1]),
                new Histogram(y1[0], y1[2]));
    }

    /** {centres, observed density, imputed density}. */
    private static double[][] histograms(double[] observed, double[] imputed) {
        double[] all = DoubleStream.concat(Arrays.stream(observed), Arrays.stream(imputed)).sorted().toArray();
        double lo = Quantiles.type7(all, 0.005);
        double hi = Quantiles.type7(all, 0.995);
        double width = hi > lo ? (hi - lo) / BINS : 1;
        double[][] out = new double[3][BINS];
        for (int b = 0; b < BINS; b++) {
            out[0][b] = lo + (b + 0.5) * width;
        }
        double[][] samples = {observed, imputed};
        for (int s = 0; s < 2; s++) {
            double[] v = samples[s];
            double[] counts = new double[BINS];
            for (double x : v) {
                int b = (int) Math.floor((x - lo) / width);
                if (b >= 0 && b < BINS) {
                    counts[b]++;
                } else if (x == hi) {
                    counts[BINS - 1]++;
                }
            }
            for (int b = 0; b < BINS; b++) {
                out[s + 1][b] = v.length == 0 ? 0 : counts[b] / (v.length * width);
            }
        }
        return out;
    }
}
