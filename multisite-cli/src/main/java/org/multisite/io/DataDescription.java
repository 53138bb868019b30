package org.multisite.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.estimate.DroppedSite;
import org.multisite.estimate.SiteEstimate;
import org.multisite.estimate.SiteEstimator;

/**
 * Where a fit's site-level data came from: read as site estimates, or estimated from unit
 * records (with the sites dropped and why, the rows dropped, and each site's method).
 */
public record DataDescription(String level, List<DroppedSite> dropped, Map<String, Object> details,
                              Map<String, SiteEstimate> siteEstimates) {

    public static DataDescription siteLevel() {
        return new DataDescription("site", List.of(), Map.of(), Map.of());
    }

    /** Unit records turned into site estimates. */
    public static DataDescription unitLevel(UnitCsvReader.Result read, SiteEstimator.Result estimates, String effect) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("family", read.data().family().label());
        details.put("effect", effect);
        details.put("rows", read.rowsRead());
        details.put("rows_dropped", read.rowsDropped());
        details.put("units", read.data().size());
        Map<String, Integer> methods = new LinkedHashMap<>();
        Map<String, SiteEstimate> bySite = new LinkedHashMap<>();
        for (SiteEstimate e : estimates.estimates()) {
            methods.merge(e.method(), 1, Integer::sum);
            bySite.put(e.site(), e);
        }
        details.put("methods", methods);
        return new DataDescription("unit", estimates.dropped(), details, bySite);
    }
}
