package org.multisite.compare;

import java.util.ArrayList;
import java.util.List;
import org.multisite.fit.FitResult;
import org.multisite.mcmc.Draws;
import org.multisite.model.PointwiseLikelihood;

/**
 * Models of G fitted to the same sites, compared by PSIS-LOO ({@link Loo}): each model's
 * expected log predictive density for a left-out site, and each one's difference from the
 * best with the standard error of the pointwise differences (Vehtari, Gelman & Gabry 2017).
 */
public record ModelComparison(List<FitResult> fits, List<Loo> loo) {

    /**
     * @throws IllegalArgumentException if a model has no pointwise likelihood (a one-stage model)
     */
    public static ModelComparison of(List<FitResult> fits) {
        List<Loo> loo = new ArrayList<>();
        for (FitResult fit : fits) {
            if (!(fit.model() instanceof PointwiseLikelihood likelihood)) {
                throw new IllegalArgumentException("the " + fit.model().name() + " model has no pointwise likelihood to compare");
            }
            Draws draws = fit.draws();
            int sites = fit.model().data().size();
            double[][] ll = new double[sites][draws.size()];
            // each draw fills its own column: parallel and still deterministic
            java.util.stream.IntStream.range(0, draws.size()).parallel().forEach(i -> {
                double[] column = new double[sites];
                likelihood.logLikelihoods(draws, i, column);
                for (int j = 0; j < sites; j++) {
                    ll[j][i] = column[j];
                }
            });
            loo.add(Loo.of(ll));
        }
        return new ModelComparison(List.copyOf(fits), List.copyOf(loo));
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

    /** {elpd difference from the best model (<= 0), its standard error}. */
    public double[] differenceFromBest(int m) {
        return loo.get(m).difference(loo.get(best()));
    }
}
