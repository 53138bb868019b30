package org.multisite.fit;

import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.SiteModel;
import org.multisite.summary.FitSummary;
import org.multisite.summary.Summarizer;

/** Samples a site model and summarizes the draws. */
public final class Fitter {
    /** Stream path of the generator that breaks ties between site ranks (chains use path 0). */
    private static final long TIE_BREAK_STREAM = 1;

    private Fitter() {
    }

    public static FitResult fit(SiteModel model, SamplerConfig config) {
        long start = System.nanoTime();
        Draws draws = ChainRunner.run(model, config);
        FitSummary summary = Summarizer.summarize(model, draws, SeedStreams.stream(config.seed(), TIE_BREAK_STREAM));
        return new FitResult(model, config, draws, summary, (System.nanoTime() - start) / 1e9);
    }
}
