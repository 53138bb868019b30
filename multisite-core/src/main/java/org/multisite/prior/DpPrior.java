package org.multisite.prior;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.multisite.numeric.Decimals;

/**
 * A gamma prior on a Dirichlet process's concentration alpha chosen from the number of sites J,
 * as {@code --dp-prior} and a study spec's {@code dp_prior} name it:
 * <ul>
 *   <li>{@code kl} or {@code kl:uniform}: the Gamma(a, b) whose induced prior on the number of
 *       clusters K is closest in Kullback-Leibler divergence to uniform on 1..J (Dorazio 2009);</li>
 *   <li>{@code kl:chisq(DF)}: the same for the chi-square density with DF degrees of freedom at
 *       1..J (the seed research's DP-inform, DF = 5);</li>
 *   <li>{@code diffuse}: Gamma(0.05 J, 0.1), prior mean J / 2 (the seed research's DP-diffuse);</li>
 *   <li>{@code clusters:MEAN[,VAR]}: K's prior mean (and variance) matched ({@link ClusterElicitation}).</li>
 * </ul>
 * a and b are rounded to four significant digits, so that the printed prior is the one used.
 */
public final class DpPrior {
    /** Chosen priors by (spec, J): a study asks for the same one in every replication of a cell. */
    private static final Map<String, Prior.Gamma> CHOSEN = new ConcurrentHashMap<>();

    private DpPrior() {
    }

    /**
     * Checks a spec's form without choosing the prior.
     *
     * @throws IllegalArgumentException whose message is the reason alone (callers name the option)
     */
    public static void check(String spec) {
        parse(spec);
    }

    /**
     * The prior {@code spec} gives for {@code sites} sites.
     *
     * @throws IllegalArgumentException if the spec cannot be read or gives no prior for these sites (the
     *     message is the reason alone)
     */
    public static Prior.Gamma resolve(String spec, int sites) {
        Parsed p = parse(spec);
        return CHOSEN.computeIfAbsent(p.key() + "@" + sites, k -> round(p.choose(sites)));
    }

    private record Parsed(String kind, double[] values) {
        String key() {
            return kind + java.util.Arrays.toString(values);
        }

        Prior.Gamma choose(int sites) {
            switch (kind) {
                case "diffuse":
                    return Prior.gamma(0.05 * sites, 0.1);
                case "clusters":
                    return ClusterElicitation.elicit(sites, values[0], values.length > 1 ? values[1] : null);
                default:
                    if (sites < 2) {
                        throw new IllegalArgumentException("kl needs at least 2 sites");
                    }
                    ClusterCount c = new ClusterCount(sites);
                    return c.klOptimal(kind.equals("uniform") ? c.uniformTarget() : c.chiSquareTarget(values[0]));
            }
        }
    }

    private static Parsed parse(String spec) {
        String s = spec.trim().replace(" ", "");
        String expected = "expected kl, kl:uniform, kl:chisq(DF), diffuse or clusters:MEAN[,VAR]";
        try {
            if (s.equals("kl") || s.equals("kl:uniform")) {
                return new Parsed("uniform", new double[0]);
            }
            if (s.equals("diffuse")) {
                return new Parsed("diffuse", new double[0]);
            }
            if (s.startsWith("kl:chisq(") && s.endsWith(")")) {
                double df = Decimals.parse(s.substring("kl:chisq(".length(), s.length() - 1));
                if (!(df > 0) || Double.isInfinite(df)) {
                    throw new IllegalArgumentException("DF must be a number > 0");
                }
                return new Parsed("chisq", new double[] {df});
            }
            if (s.startsWith("clusters:")) {
                String[] parts = s.substring("clusters:".length()).split(",");
                if (parts.length > 2) {
                    throw new NumberFormatException();
                }
                double[] v = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    v[i] = Decimals.parse(parts[i]);
                }
                return new Parsed("clusters", v);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
        throw new IllegalArgumentException(expected);
    }

    private static Prior.Gamma round(Prior.Gamma g) {
        return Prior.gamma(round4(g.shape()), round4(g.rate()));
    }

    private static double round4(double x) {
        return new BigDecimal(x).round(new MathContext(4)).doubleValue();
    }
}
