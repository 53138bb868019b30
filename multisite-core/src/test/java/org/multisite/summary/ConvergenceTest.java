package org.multisite.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvergenceTest {
    private static ParameterSummary diagnostics(double rhat, double bulk, double tail) {
        return new ParameterSummary(0, 1, 0, -2, -1.6, 1.6, 2, rhat, bulk, tail, 0.01);
    }

    /** The worst of each diagnostic, with its quantity; NaN (a constant column) passed over; 100 ESS per chain. */
    @Test
    void findsTheWorstQuantityOfEachCheck() {
        Map<String, ParameterSummary> all = new LinkedHashMap<>();
        all.put("mu", diagnostics(1.002, 900, 800));
        all.put("tau", diagnostics(1.02, 350, 600));
        all.put("constant", diagnostics(Double.NaN, Double.NaN, Double.NaN));
        all.put("theta[1]", diagnostics(1.004, 1200, 390));
        Convergence c = Convergence.of(all, 4);
        assertThat(c.maxRhat()).isEqualTo(1.02);
        assertThat(c.worstRhat()).isEqualTo("tau");
        assertThat(c.minEssBulk()).isEqualTo(350);
        assertThat(c.worstEssBulk()).isEqualTo("tau");
        assertThat(c.minEssTail()).isEqualTo(390);
        assertThat(c.worstEssTail()).isEqualTo("theta[1]");
        assertThat(c.essLimit()).isEqualTo(400);
        assertThat(c.rhatFails()).isTrue();
        assertThat(c.essBulkFails()).isTrue();
        assertThat(c.essTailFails()).isTrue();
        assertThat(c.ok()).isFalse();
        // the same draws pass with 3 chains' threshold on the ESS, not on R-hat
        Convergence three = Convergence.of(all, 3);
        assertThat(three.essBulkFails()).isFalse();
        assertThat(three.essTailFails()).isFalse();
        assertThat(three.ok()).isFalse();
    }

    @Test
    void passesWhenEveryCheckDoesOrNothingCanBeChecked() {
        assertThat(Convergence.of(Map.of("mu", diagnostics(1.001, 3000, 2500)), 4).ok()).isTrue();
        Convergence none = Convergence.of(Map.of("c", diagnostics(Double.NaN, Double.NaN, Double.NaN)), 4);
        assertThat(none.ok()).isTrue();
        assertThat(none.worstRhat()).isNull();
    }

    /** A truncated DP whose last stick holds more than 1% of G in a chain fails, whatever R-hat and ESS say. */
    @Test
    void aHeavyLastStickFailsTheVerdict() {
        Map<String, ParameterSummary> fine = Map.of("mu", diagnostics(1.001, 3000, 2500));
        assertThat(Convergence.of(fine, 4, 0.02).truncationFails()).isTrue();
        assertThat(Convergence.of(fine, 4, 0.02).ok()).isFalse();
        assertThat(Convergence.of(fine, 4, 0.005).ok()).isTrue();
        assertThat(Convergence.of(fine, 4).truncationFails()).isFalse();
    }

    /** The chain means of w_last: the worst chain counts, not the average over chains. */
    @Test
    void lastStickIsTheWorstChainsMean() {
        org.multisite.mcmc.Draws d = org.multisite.mcmc.Draws.of(java.util.List.of("w_last"), 2,
                new double[][] {{0.0, 0.0, 0.01, 0.05}});
        assertThat(Summarizer.lastStick(d)).isCloseTo(0.03, org.assertj.core.api.Assertions.within(1e-15));
    }
}
