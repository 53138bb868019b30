package org.multisite.fit;

import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.SiteModel;
import org.multisite.summary.FitSummary;

/**
 * An immutable fit with its provenance: the model (data and priors), how it was sampled, the
 * draws, their summary, and the wall-clock seconds it took (the one field that varies between
 * identical runs).
 */
public record FitResult(SiteModel model, SamplerConfig sampler, Draws draws, FitSummary summary, double seconds) {
}
