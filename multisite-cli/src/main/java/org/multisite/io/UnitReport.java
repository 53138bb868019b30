package org.multisite.io;

import java.util.ArrayList;
import java.util.List;
import org.multisite.estimate.DroppedSite;
import org.multisite.estimate.SiteEstimate;
import org.multisite.estimate.SiteEstimator;

/** What happened on the way from unit records to site estimates, as readable lines. */
public final class UnitReport {
    private UnitReport() {
    }

    /**
     * Rows dropped, sites estimated by each method (naming the Firth sites), sites dropped and,
     * if {@code listDropped}, why.
     */
    public static List<String> lines(UnitCsvReader.Result read, SiteEstimator.Result estimates, boolean listDropped) {
        List<String> out = new ArrayList<>();
        out.add(read.data().size() + " units in " + read.data().bySite().size() + " sites read ("
                + read.data().family().label() + " outcome)");
        if (read.droppedSummary() != null) {
            out.add(read.droppedSummary());
        }
        out.add(estimates.estimates().size() + " sites estimated (" + estimates.methodCounts() + ")");
        List<String> firth = new ArrayList<>();
        for (SiteEstimate e : estimates.estimates()) {
            if (e.method().equals("firth")) {
                firth.add(e.site());
            }
        }
        if (!firth.isEmpty()) {
            out.add("Firth's penalized likelihood where the maximum likelihood estimate does not exist (separation): "
                    + String.join(", ", firth));
        }
        if (!estimates.dropped().isEmpty() && listDropped) {
            out.add(estimates.dropped().size() + " sites dropped:");
            for (DroppedSite d : estimates.dropped()) {
                out.add("  " + d.site() + ": " + d.reason());
            }
        } else if (!estimates.dropped().isEmpty()) {
            out.add(estimates.dropped().size() + " sites dropped (each with its reason in the JSON's data.dropped)");
        }
        return out;
    }
}
