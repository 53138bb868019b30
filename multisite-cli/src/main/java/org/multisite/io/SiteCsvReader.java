package org.multisite.io;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidDataException;
import org.multisite.data.SiteData;

/**
 * Reads site-level data from CSV (header row, comma separated, UTF-8, {@code #} comment lines,
 * blank = missing). Every problem is reported as an {@link InputException} naming the file,
 * the line and the column.
 */
public final class SiteCsvReader {
    /** Which columns hold what. */
    public record Columns(String site, String estimate, String se, List<String> covariates) {
        public static Columns defaults() {
            return new Columns("site", "estimate", "se", List.of());
        }
    }

    private SiteCsvReader() {
    }

    public static SiteData read(Path file, Columns columns) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader, columns);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Reads from {@code reader}; {@code name} is the file name used in messages. */
    public static SiteData read(String name, Reader reader, Columns columns) {
        CsvReader<CsvRecord> csv = CsvInput.records(reader);
        List<String> header = null;
        Map<String, Integer> index = new HashMap<>();
        int[] cov = new int[columns.covariates().size()];
        int siteCol = -1;
        int estCol = -1;
        int seCol = -1;
        List<String> ids = new ArrayList<>();
        List<Double> estimates = new ArrayList<>();
        List<Double> ses = new ArrayList<>();
        List<List<Double>> covariates = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        try {
            for (CsvRecord record : csv) {
                long line = record.getStartingLineNumber();
                if (header == null) {
                    header = new ArrayList<>();
                    for (int i = 0; i < record.getFieldCount(); i++) {
                        String h = record.getField(i).trim();
                        header.add(h);
                        if (index.putIfAbsent(h, i) != null && !h.isEmpty()) {
                            throw new InputException(name + ", line " + line + ": column '" + h + "' appears twice in the header");
                        }
                    }
                    if (!index.containsKey(columns.estimate()) && index.containsKey("treatment") && index.containsKey("outcome")) {
                        throw new InputException(name + ": has 'treatment' and 'outcome' columns but no '" + columns.estimate()
                                + "': these look like unit-level records; use --level unit (or leave --level out) with fit and compare,"
                                + " or for eb make site estimates first with 'multisite estimate DATA.csv --out sites.csv'");
                    }
                    siteCol = column(name, header, index, columns.site(), "--site");
                    estCol = column(name, header, index, columns.estimate(), "--estimate");
                    // no se column: unit noise (eb --method efron without --se)
                    seCol = columns.se() == null ? -1 : column(name, header, index, columns.se(), "--se");
                    for (int k = 0; k < cov.length; k++) {
                        cov[k] = column(name, header, index, columns.covariates().get(k), "--covariates");
                        covariates.add(new ArrayList<>());
                    }
                    continue;
                }
                if (record.getFieldCount() != header.size()) {
                    throw new InputException(name + ", line " + line + ": " + record.getFieldCount()
                            + " fields where the header has " + header.size());
                }
                String id = record.getField(siteCol).trim();
                if (id.isEmpty()) {
                    throw new InputException(name + ", line " + line + ", column '" + columns.site() + "': site id is blank");
                }
                Long first = firstLine.putIfAbsent(id, line);
                if (first != null) {
                    throw new InputException(name + ", line " + line + ", column '" + columns.site() + "': site '" + id
                            + "' appears again (first on line " + first + ")");
                }
                ids.add(id);
                estimates.add(CsvInput.number(name, line, columns.estimate(), record.getField(estCol)));
                double se = seCol < 0 ? 1 : CsvInput.number(name, line, columns.se(), record.getField(seCol));
                if (!(se > 0)) {
                    throw new InputException(name + ", line " + line + ", column '" + columns.se()
                            + "': standard error must be > 0, got " + record.getField(seCol).trim());
                }
                ses.add(se);
                for (int k = 0; k < cov.length; k++) {
                    covariates.get(k).add(CsvInput.number(name, line, columns.covariates().get(k), record.getField(cov[k])));
                }
            }
        } catch (UncheckedIOException e) {
            throw new InputException(name + ": cannot read: " + e.getCause().getMessage());
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw new InputException(name + ": not valid CSV: " + e.getMessage());
        }
        if (header == null) {
            throw new InputException(name + ": empty file (a header row is needed)");
        }
        if (ids.size() < 2) {
            throw new InputException(name + ": at least 2 sites are needed, got " + ids.size());
        }
        double[][] x = new double[cov.length][];
        for (int k = 0; k < cov.length; k++) {
            x[k] = covariates.get(k).stream().mapToDouble(Double::doubleValue).toArray();
        }
        try {
            return SiteData.of(ids, estimates.stream().mapToDouble(Double::doubleValue).toArray(),
                    ses.stream().mapToDouble(Double::doubleValue).toArray(), columns.covariates(), x);
        } catch (InvalidDataException e) {
            throw new InputException(name + ": " + e.getMessage());
        }
    }

    static int column(String name, List<String> header, Map<String, Integer> index, String col, String option) {
        Integer i = index.get(col);
        if (i == null) {
            throw new InputException(name + ": no column '" + col + "' (columns: " + String.join(", ", header)
                    + "); choose one with " + option);
        }
        return i;
    }

}
