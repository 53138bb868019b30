package org.multisite.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.multisite.io.InputException;
import picocli.CommandLine.Option;

/** G's shape for {@code simulate}, given as the study factors of the same names ({@link org.multisite.sim.Designs}). */
public final class ShapeOptions {
    @Option(names = "--shape", defaultValue = "gaussian", description = "gaussian, t, mixture, skew, ald or spike (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--df", description = "t: degrees of freedom, > 2 (default 5).")
    Double df;

    @Option(names = "--delta", description = "mixture: D, the distance between the components (default 4).")
    Double delta;

    @Option(names = "--epsilon", description = "mixture: e, the second component's weight (default 0.3).")
    Double epsilon;

    @Option(names = "--ups", description = "mixture: v, the second component's SD before rescaling (default 1).")
    Double ups;

    @Option(names = "--alpha", description = "skew: the skew-normal's slant (default 5).")
    Double alpha;

    @Option(names = "--kappa", description = "ald: the asymmetric Laplace's asymmetry, > 0 (default 1/3: the seed's"
            + " p = 0.1, a long right tail).")
    Double kappa;

    @Option(names = "--spike", description = "spike: the probability of an effect of exactly 0 (default 0.5).")
    Double spike;

    /** The shape and its parameters as factors; a parameter of another shape is refused. */
    Map<String, String> factors() {
        String s = shape.toLowerCase(Locale.ROOT);
        if (!List.of("gaussian", "t", "mixture", "skew", "ald", "spike").contains(s)) {
            throw new InputException("--shape " + shape + ": expected gaussian, t, mixture, skew, ald or spike");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("shape", s);
        Object[][] parameters = {{"df", df, "t"}, {"delta", delta, "mixture"}, {"epsilon", epsilon, "mixture"},
            {"ups", ups, "mixture"}, {"alpha", alpha, "skew"}, {"kappa", kappa, "ald"}, {"spike", spike, "spike"}};
        for (Object[] p : parameters) {
            if (p[1] != null) {
                if (!s.equals(p[2])) {
                    throw new InputException("--" + p[0] + ": only with --shape " + p[2]);
                }
                out.put((String) p[0], p[1].toString());
            }
        }
        return out;
    }
}
