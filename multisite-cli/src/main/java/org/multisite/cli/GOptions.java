package org.multisite.cli;

import java.util.ArrayList;
import java.util.List;
import org.multisite.data.SiteData;
import org.multisite.io.InputException;
import org.multisite.prior.ClusterElicitation;
import org.multisite.prior.Prior;
import picocli.CommandLine.Option;

/** Options of the models of G, shared by {@code fit} and {@code compare}. */
public final class GOptions {
    @Option(names = "--components", paramLabel = "K", description = "Mixture: number of normal components (default: 2).")
    Integer components;

    @Option(names = "--truncation", paramLabel = "K", description = "DP: components of the stick-breaking truncation (default: 20).")
    Integer truncation;

    @Option(names = "--dp-clusters", paramLabel = "MEAN[,VAR]", description = "DP: choose alpha's gamma prior so that the"
            + " prior number of clusters among the sites has this mean (and variance).")
    String dpClusters;

    @Option(names = "--df", paramLabel = "DF", description = "Log-spline G: spline columns (default: 5).")
    Integer df;

    @Option(names = "--grid-points", paramLabel = "M", description = "Log-spline G: grid points over the estimates' range (default: 101).")
    Integer gridPoints;

    @Option(names = "--prior", paramLabel = "NAME=DIST", description = "A prior, e.g. 'tau=half_cauchy(0, 5)'; repeatable.")
    List<String> priors = new ArrayList<>();

    /** Refuses options that none of {@code models} takes. */
    void check(List<String> models) {
        if (components != null && !models.contains("mixture")) {
            throw new InputException("--components applies to --model mixture");
        }
        if (truncation != null && !models.contains("dp")) {
            throw new InputException("--truncation applies to --model dp");
        }
        if ((df != null || gridPoints != null) && !models.contains("logspline")) {
            throw new InputException((df != null ? "--df" : "--grid-points") + " applies to --model logspline");
        }
        if (dpClusters != null) {
            if (!models.contains("dp")) {
                throw new InputException("--dp-clusters applies to --model dp");
            }
            if (priors.stream().anyMatch(a -> a.trim().startsWith("alpha="))) {
                throw new InputException("--dp-clusters and --prior alpha=... both set alpha's prior: give one");
            }
        }
    }

    /** The model of G {@code model}, with these options and priors, for these sites. */
    GChoice choice(String model, SiteData sites) {
        GChoice choice = GChoice.of(model, sites, priors).withComponents(model.equals("dp") ? truncation : components,
                model.equals("dp") ? "--truncation" : "--components");
        if (model.equals("logspline")) {
            choice.withSpline(df, gridPoints);
        }
        if (dpClusters != null && model.equals("dp")) {
            choice.withAlpha(elicitAlpha(sites.size()));
        }
        return choice;
    }

    private Prior elicitAlpha(int sites) {
        String[] parts = dpClusters.split(",");
        try {
            double mean = Double.parseDouble(parts[0].trim());
            Double variance = parts.length > 1 ? Double.valueOf(parts[1].trim()) : null;
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            Prior.Gamma g = ClusterElicitation.elicit(sites, mean, variance);
            // four significant digits, so that the printed prior is the one used
            return Prior.gamma(round4(g.shape()), round4(g.rate()));
        } catch (NumberFormatException e) {
            throw new InputException("--dp-clusters " + dpClusters + ": expected MEAN or MEAN,VAR, e.g. 4 or 4,6");
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    private static double round4(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).doubleValue();
    }

}
