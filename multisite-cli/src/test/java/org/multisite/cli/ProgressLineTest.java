package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.multisite.mcmc.SamplerConfig;

/** Issue 14, item 15: what the progress line says (fit, compare and hetop printed nothing for minutes). */
class ProgressLineTest {
    private static final SamplerConfig CONFIG = SamplerConfig.defaults().withChains(2).withWarmup(100).withDraws(300).withThin(2);

    @Test
    void eachChainsPhaseAndTheTimeLeft() {
        StringWriter text = new StringWriter();
        try (ProgressLine p = new ProgressLine(new PrintWriter(text), "fit", CONFIG, false)) {
            p.phase("sampling");
            p.sweeps(0, 50);
            p.sweeps(1, 300);
            String line = p.line(4000, ProgressLine.Detail.FULL);
            // (50 + 300) of 2 x (100 + 300 x 2) sweeps
            assertThat(line).startsWith("multisite fit: sampling 25%: chain 1 warm-up 50/100, chain 2 draws 100/300; 4 s, about ");
            assertThat(p.line(4000, ProgressLine.Detail.PERCENT)).contains("sampling 25% (chains 7, 43%); 4 s");
            p.context("model t (2 of 5)");
            p.phase("summarizing");
            assertThat(p.line(130_000, ProgressLine.Detail.FULL)).isEqualTo("multisite fit: model t (2 of 5), summarizing; 2 min");
        }
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void aLogGetsALineEveryFiveSecondsAndQuietNone() {
        StringWriter log = new StringWriter();
        try (ProgressLine p = new ProgressLine(new PrintWriter(log), "fit", CONFIG, false)) {
            p.phase("sampling");
            p.sweeps(0, 10);
            p.tick(4000);
            assertThat(log.toString()).isEmpty();
            p.tick(5000);
            assertThat(log.toString()).startsWith("multisite fit: sampling 1%: chain 1 warm-up 10/100").hasLineCount(1);
        }
        StringWriter quiet = new StringWriter();
        try (ProgressLine p = ProgressLine.start(new PrintWriter(quiet), "fit", CONFIG, true)) {
            p.phase("sampling");
            p.sweeps(0, 10);
            p.tick(60_000);
        }
        assertThat(quiet.toString()).isEmpty();
    }
}
