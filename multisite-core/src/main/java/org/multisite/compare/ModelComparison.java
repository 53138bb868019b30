package org.multisite.compare;

import java.util.ArrayList;
import java.util.List;
import org.multisite.fit.FitResult;
import org.multisite.mcmc.Draws;
import org.multisite.model.PointwiseLikelihood;
import org.multisite.model.UnitLikelihood;

/**
 * Models of G fitted to the same data, compared by PSIS-LOO ({@link Loo}): each model's
 * expected log predictive density for a left-out site (site estimates, or unit records
 * estimated per site first) or a left-out unit (one-stage models of the records), and each
 * one's difference from the best with the standard error of the pointwise differences
 * (Vehtari, Gelman & Gabry 2017).
 *
 * @param labels each model's name in the results: its registry name, or the label it was given
 *     (two models of one name, with different priors or options, need labels)
 * @param leftOut what one pointwise term is: {@link #SITE} or {@link #UNIT}
 */
public record ModelComparison(List<FitResult> fits, List<String> labels, List<Loo> loo, String leftOut) {
    public static final String SITE = "site";
    public static final String UNIT = "unit";

    /**
     * @throws IllegalArgumentException if a model has no pointwise likelihood, or the models
     *     mix site-level and one-stage fits (their pointwise terms differ)
     */
    public static ModelComparison of(List<FitResult> fits) {
        return of(fits, fits.stream().map(f -> f.model().name()).toList());
    }

    /**
     * The fits compared under {@code labels}, one per fit.
     *
     * @throws IllegalArgumentException also if the labels are not one per fit and distinct
     */
    public static ModelComparison of(List<FitResult> fits, List<String> labels) {
        if (labels.size() != fits.size() || new java.util.HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("each compared model needs its own label, got " + labels);
        }
        List<Loo> loo = new ArrayList<>();
        String leftOut = null;
        for (FitResult fit : fits) {
            Draws draws = fit.draws();
            String kind;
            if (fit.model() instanceof PointwiseLikelihood likelihood) {
                kind = SITE;
                loo.add(siteLoo(likelihood, fit.model().data().size(), draws));
            } else if (fit.model() instanceof UnitLikelihood likelihood) {
                kind = UNIT;
                loo.add(Loo.of(likelihood.unitCount(), draws.size(), (out, u) -> likelihood.unitLogLikelihoods(draws, u, out)));
            } else {
                throw new IllegalArgumentException("the " + fit.model().name() + " model has no pointwise likelihood to compare");
            }
            if (leftOut != null && !leftOut.equals(kind)) {
                throw new IllegalArgumentException("site-level and one-stage fits cannot be compared by LOO: their pointwise terms differ");
            }
            leftOut = kind;
        }
        return new ModelComparison(List.copyOf(fits), List.copyOf(labels), List.copyOf(loo), leftOut);
    }

    /** PSIS-LOO of a site-level model over its {@code sites} sites, from its pointwise likelihood in every draw. */
    public static Loo siteLoo(PointwiseLikelihood likelihood, int sites, Draws draws) {
        double[][] ll = new double[sites][draws.size()];
        // each draw fills its own column: parallel and still deterministic
        java.util.stream.IntStream.range(0, draws.size()).parallel().forEach(i -> {
            double[] column = new double[sites];
            likelihood.logLikelihoods(draws, i, column);
            for (int j = 0; j < sites; j++) {
                ll[j][i] = column[j];
            }
        });
        return Loo.of(ll);
    }

    /** The index of the model with the largest elpd_loo. */
    public int best() {
        int best = 0;
        for (int m = 1; m < loo.size(); m++) {
            if (loo.get(m).elpd() > loo.get(best).elpd()) {
                best = m;
            }
        }
        return best;
    }

    /**
     * Each model's stacking weight (Yao, Vehtari, Simpson & Gelman 2018; {@link Stacking}) from
     * the pointwise PSIS-LOO densities: the mixture of the models' predictions that predicts
     * left-out points best.
     */
    public double[] stackingWeights() {
        double[][] pointwise = new double[loo.size()][];
        for (int m = 0; m < loo.size(); m++) {
            pointwise[m] = loo.get(m).pointwise();
        }
        return Stacking.weights(pointwise);
    }

    /** {elpd difference from the best model (<= 0), its standard error}. */
    public double[] differenceFromBest(int m) {
        return loo.get(m).difference(loo.get(best()));
    }
}
