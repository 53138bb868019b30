package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.multisite.hetop.HetopSimulator;
import org.multisite.io.CountCsvReader;
import org.multisite.io.InputException;
import picocli.CommandLine.Option;

/** {@code simulate --hetop}: coarsened counts of groups in ordered categories. */
public final class HetopSimulationOptions {
    @Option(names = "--hetop", description = "Write coarsened group counts instead (group,n1..nK,true_mu,true_sigma): group"
            + " means mean + tau z, SDs exp(--log-sd-mean + --log-sd-sd z), --group-size units each, --cuts.")
    boolean hetop;

    @Option(names = "--hetop-params", paramLabel = "FILE.csv", description = "--hetop with given group parameters: columns"
            + " group, n, mu, sigma.")
    Path params;

    @Option(names = "--cuts", split = ",", paramLabel = "C", description = "--hetop: the K - 1 cut points (default: -1,0,0.8).")
    List<Double> cuts = new ArrayList<>();

    @Option(names = "--group-size", description = "--hetop: units per group (default 100).")
    Integer groupSize;

    @Option(names = "--log-sd-mean", description = "--hetop: mean of the groups' log SDs (default 0).")
    Double logSdMean;

    @Option(names = "--log-sd-sd", description = "--hetop: SD of the groups' log SDs (default 0.2).")
    Double logSdSd;

    boolean wanted() {
        return hetop || params != null;
    }

    /** Refuses the --hetop options without --hetop. */
    void checkUnused() {
        Object[][] all = {{"--cuts", cuts.isEmpty() ? null : cuts}, {"--group-size", groupSize}, {"--log-sd-mean", logSdMean},
            {"--log-sd-sd", logSdSd}};
        for (Object[] o : all) {
            if (o[1] != null) {
                throw new InputException(o[0] + ": only with --hetop");
            }
        }
    }

    private double[] cutPoints() {
        return (cuts.isEmpty() ? List.of(-1.0, 0.0, 0.8) : cuts).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The groups drawn from a population of {@code groups} groups (mean + tau z), or read from --hetop-params. */
    HetopSimulator.Simulated simulate(int groups, double mean, double tau, org.apache.commons.rng.UniformRandomProvider rng) {
        if (params == null) {
            return HetopSimulator.simulate(new HetopSimulator.Design(groups, mean, tau, logSdMean == null ? 0 : logSdMean,
                    logSdSd == null ? 0.2 : logSdSd, groupSize == null ? 100 : groupSize, cutPoints()), rng);
        }
        CountCsvReader.Result read = CountCsvReader.read(params, "group", List.of("n"), List.of("--hetop-params"), null,
                null, List.of("mu", "sigma"), "--hetop-params");
        int[] sizes = read.counts()[0];
        for (int g = 0; g < sizes.length; g++) {
            if (sizes[g] < 1 || !(read.numbers()[1][g] > 0)) {
                throw new InputException(params + ", line " + read.lines()[g] + ": n must be >= 1 and sigma > 0");
            }
        }
        return HetopSimulator.simulate(read.ids(), sizes, read.numbers()[0], read.numbers()[1], cutPoints(), rng);
    }
}
