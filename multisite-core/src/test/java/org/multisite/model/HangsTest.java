package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;

/** Issue 14, items 3 and 4: fits that never ended now end, with draws where the priors allow. */
class HangsTest {
    private static final SamplerConfig QUICK = new SamplerConfig(2, 100, 100, 1, 5, 1);
    private static final SiteData ORDINARY = SiteData.of(List.of("A", "B", "C", "D"), new double[] {0.2, -0.4, 0.9, 0.1},
            new double[] {0.5, 0.6, 0.4, 0.5});

    private static FitResult fit(GSpec g, SiteData data) {
        return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Fitter.fit(g.siteLevel(data), QUICK));
    }

    /** A site whose SE is tiny next to the grid's spacing: every grid density underflowed, and alpha's step looped forever. */
    @Test
    void logsplineWithATinySe() {
        SiteData data = SiteData.of(List.of("A", "B", "C", "D"), new double[] {1, -0.4, 0.9, 0.1},
                new double[] {1e-4, 1, 1, 1});
        FitResult fit = fit(GSpec.of("logspline"), data);
        assertThat(fit.summary().parameters().get("tau").mean()).isFinite();
        // the tiny-SE site sits at the grid point nearest its estimate: the default grid spans
        // [-0.4 - 3, 1 + 3] (3 median SEs beyond the estimates) in 100 steps of 0.074, so within 0.037
        assertThat(fit.summary().sites().get(0).effect().mean()).isCloseTo(1, org.assertj.core.api.Assertions.within(0.05));
    }

    /** Bounded priors whose support excludes the default start: the slice sampler looped forever there. */
    @Test
    void boundedPriorsStartInsideTheirSupport() {
        FitResult t = fit(new GSpec("t", List.of("nu=uniform(30, 40)"), Map.of()), ORDINARY);
        assertThat(Arrays.stream(t.draws().column("nu")).allMatch(v -> v >= 30 && v <= 40)).isTrue();
        FitResult mixture = fit(new GSpec("mixture", List.of("tau=uniform(2, 3)"), Map.of()), ORDINARY);
        assertThat(Arrays.stream(mixture.draws().column("tau[1]")).allMatch(v -> v >= 2 && v <= 3)).isTrue();
        FitResult normal = fit(new GSpec("normal", List.of("tau2=uniform(4, 9)"), Map.of()), ORDINARY);
        assertThat(Arrays.stream(normal.draws().column("tau")).allMatch(v -> v >= 2 && v <= 3)).isTrue();
        FitResult logspline = fit(new GSpec("logspline", List.of("alpha_sd=uniform(5, 6)"), Map.of()), ORDINARY);
        assertThat(Arrays.stream(logspline.draws().column("alpha_sd")).allMatch(v -> v >= 5 && v <= 6)).isTrue();
    }
}
