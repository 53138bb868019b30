package org.multisite.fit;

import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Progress;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.SiteModel;
import org.multisite.summary.FitSummary;
import org.multisite.summary.Summarizer;

/** Samples a site model and summarizes the draws. */
public final class Fitter {
    private Fitter() {
    }

    public static FitResult fit(SiteModel model, SamplerConfig config) {
        return fit(model, config, Progress.NONE);
    }

    /** As {@link #fit(SiteModel, SamplerConfig)}, telling {@code progress} the sampling and the summarizing. */
    public static FitResult fit(SiteModel model, SamplerConfig config, Progress progress) {
        long start = System.nanoTime();
        Draws draws = ChainRunner.run(model, config, progress);
        progress.phase("summarizing");
        FitSummary summary = Summarizer.summarize(model, draws, SeedStreams.rankTies(config.seed()));
        return new FitResult(model, config, draws, summary, (System.nanoTime() - start) / 1e9);
    }
}
