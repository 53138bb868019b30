package org.multisite.io;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.multisite.mcmc.Draws;

/**
 * Draws as CSV with columns {@code .chain,.iteration,.draw} then one per recorded quantity,
 * the layout that R's {@code posterior::as_draws_df(read.csv(f))} and ArviZ read directly.
 * Chains and iterations count from 1; .draw counts over all chains.
 */
public final class DrawsCsv {
    private DrawsCsv() {
    }

    /**
     * Several models' draws side by side, each column named {@code MODEL.NAME}: the models of a
     * comparison, sampled with the same chains and draws per chain.
     */
    public static String write(List<String> models, List<Draws> draws) {
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            Draws d = draws.get(m);
            for (String n : d.names()) {
                names.add(models.get(m) + "." + n);
                columns.add(d.column(n));
            }
        }
        return write(Draws.of(names, draws.get(0).chains(), columns.toArray(double[][]::new)));
    }

    public static String write(Draws draws) {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF).build(out)) {
            int p = draws.names().size();
            String[] row = new String[p + 3];
            row[0] = ".chain";
            row[1] = ".iteration";
            row[2] = ".draw";
            for (int k = 0; k < p; k++) {
                row[k + 3] = draws.names().get(k);
            }
            csv.writeRecord(row);
            int n = draws.drawsPerChain();
            for (int c = 0; c < draws.chains(); c++) {
                for (int i = 0; i < n; i++) {
                    int d = c * n + i;
                    row[0] = Integer.toString(c + 1);
                    row[1] = Integer.toString(i + 1);
                    row[2] = Integer.toString(d + 1);
                    for (int k = 0; k < p; k++) {
                        row[k + 3] = Double.toString(draws.get(k, d));
                    }
                    csv.writeRecord(row);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }
}
