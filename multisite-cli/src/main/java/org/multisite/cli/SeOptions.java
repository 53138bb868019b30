package org.multisite.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.multisite.io.InputException;
import picocli.CommandLine.Option;

/** How {@code simulate} draws standard errors: the informativeness design or site sizes, as study factors. */
public final class SeOptions {
    @Option(names = "--informativeness", description = "I in (0, 1) (default 0.5 when no site sizes are given).")
    Double informativeness;

    @Option(names = "--se-ratio", description = "max/min of se^2 across sites (default 1).")
    Double seRatio;

    @Option(names = "--sd-ratio", description = "max/min of se across sites: the same spread given on the SE scale"
            + " (its square is the --se-ratio).")
    Double sdRatio;

    @Option(names = "--site-size", description = "Mean site size N: sizes from a gamma with this mean and --size-cv, se^2 = kappa / n.")
    Double siteSize;

    @Option(names = "--size-cv", description = "Coefficient of variation of the site sizes (default 0.5).")
    Double sizeCv;

    @Option(names = "--min-size", description = "Smallest site size; smaller draws are redrawn (default 10).")
    Integer minSize;

    @Option(names = "--se-kappa", description = "kappa in se^2 = kappa / n (default 4: a difference in means of a"
            + " unit-variance outcome, half the units treated).")
    Double seKappa;

    /** The design's factors; options of the other design, or both spreads, are refused. */
    Map<String, String> factors() {
        Object[][] informative = {{"--informativeness", informativeness}, {"--se-ratio", seRatio}, {"--sd-ratio", sdRatio}};
        Object[][] sized = {{"--size-cv", sizeCv}, {"--min-size", minSize}, {"--se-kappa", seKappa}};
        for (Object[] o : siteSize != null ? informative : sized) {
            if (o[1] != null) {
                throw new InputException(siteSize != null ? o[0] + " and --site-size: give the informativeness design or site"
                        + " sizes, not both" : o[0] + ": only with --site-size");
            }
        }
        if (seRatio != null && sdRatio != null) {
            throw new InputException("--se-ratio and --sd-ratio: give one (the first is the second squared)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Object[][] all = {{"informativeness", informativeness}, {"se_ratio", seRatio}, {"sd_ratio", sdRatio},
            {"site_size", siteSize}, {"size_cv", sizeCv}, {"min_size", minSize}, {"se_kappa", seKappa}};
        for (Object[] o : all) {
            if (o[1] != null) {
                out.put((String) o[0], o[1].toString());
            }
        }
        return out;
    }
}
