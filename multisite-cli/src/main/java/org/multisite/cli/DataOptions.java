package org.multisite.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.multisite.data.SiteData;
import org.multisite.io.InputException;
import org.multisite.io.SiteCsvReader;
import org.multisite.io.UnitCsvReader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The input of {@code fit} and {@code compare}: the file, its columns, and its level. */
public final class DataOptions {
    @Parameters(index = "0", paramLabel = "DATA.csv", description = "Site estimates (site,estimate,se) or unit records (site,treatment,outcome): CSV with a header row.")
    Path data;

    @Mixin
    SiteColumnOptions columns;

    @Option(names = "--covariates", split = ",", paramLabel = "NAME", description = "Numeric site-level covariate columns, comma separated (centred; mu is then the effect at their means).")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--level", description = "Data level: site (estimates and standard errors) or unit (records of units);"
            + " default: site if the estimate and se columns are present, unit if the treatment and outcome columns are.")
    String level;

    @Mixin
    UnitOptions unit;

    /** Site-level data from the file. */
    SiteData siteData() {
        return SiteCsvReader.read(data, columns.columns(covariates, true));
    }

    /** Unit-level records from the file, refusing site covariates (not available with unit data). */
    UnitCsvReader.Result units() {
        if (!covariates.isEmpty()) {
            throw new InputException("--covariates: site covariates with unit-level data are not available in this version"
                    + " (adjust for unit covariates with --unit-covariates)");
        }
        return unit.read(data, columns.site);
    }

    /** How unit-level data are recognized, for messages. */
    String unitColumnsHint() {
        return "columns '" + unit.treatment + "' and '" + unit.outcome + "', or --level unit";
    }

    /** The data level: as given, or site when the estimate or se column is present, unit when treatment and outcome are. */
    String level() {
        if (level != null) {
            if (!level.equals("site") && !level.equals("unit")) {
                throw new InputException("--level " + level + ": expected site or unit");
            }
            return level;
        }
        List<String> header = UnitCsvReader.header(data);
        if (header.isEmpty()) {
            throw new InputException(data + ": empty file (a header row is needed)");
        }
        // either site-level column names the form; the site reader then names what is missing
        if (header.contains(columns.estimate) || header.contains(columns.se)) {
            return "site";
        }
        if (header.contains(unit.treatment) && header.contains(unit.outcome)) {
            return "unit";
        }
        throw new InputException(data + ": neither site-level columns ('" + columns.estimate + "', '" + columns.se
                + "') nor unit-level columns ('" + unit.treatment + "', '" + unit.outcome + "') found (columns: "
                + String.join(", ", header) + "); name them with --estimate/--se or --treatment/--outcome");
    }

}
