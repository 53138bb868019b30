package org.multisite.model;

import org.multisite.mcmc.Draws;

/**
 * Models of unit records whose likelihood is a product over units given the recorded
 * parameters: log p(y_i | draw s). These are the pointwise log likelihoods of leave-one-unit-out
 * cross-validation, as loo computes it for a multilevel model fitted to the records (Vehtari,
 * Gelman & Gabry 2017, section 2); the units are many, so they are asked for one at a time.
 */
public interface UnitLikelihood {
    int unitCount();

    /** log p(y_i | draw s) for every draw s into {@code out} (length draws.size()). */
    void unitLogLikelihoods(Draws draws, int unit, double[] out);
}
