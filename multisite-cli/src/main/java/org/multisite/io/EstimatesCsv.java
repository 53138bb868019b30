package org.multisite.io;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.multisite.estimate.SiteEstimate;
import org.multisite.estimate.SiteEstimator;

/** Site estimates as CSV, {@code site,estimate,se,n_treated,n_control,method}, the input {@code fit} reads. */
public final class EstimatesCsv {
    private EstimatesCsv() {
    }

    public static String write(SiteEstimator.Result result) {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out)) {
            csv.writeRecord("site", "estimate", "se", "n_treated", "n_control", "method");
            for (SiteEstimate e : result.estimates()) {
                csv.writeRecord(e.site(), Double.toString(e.estimate()), Double.toString(e.se()),
                        Integer.toString(e.nTreated()), Integer.toString(e.nControl()), e.method());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
