package org.multisite.io;

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
        CsvInput.checkFile(file);
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
        int covariateCount = columns.covariates().size();
        // positions: site, estimate, se (-1: none, unit noise), then the covariates
        int[] col = new int[3 + covariateCount];
        List<String> ids = new ArrayList<>();
        List<Double> estimates = new ArrayList<>();
        List<Double> ses = new ArrayList<>();
        List<List<Double>> covariates = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        CsvInput.read(name, reader, header -> {
            if (!header.index().containsKey(columns.estimate()) && header.index().containsKey("treatment")
                    && header.index().containsKey("outcome")) {
                throw new InputException(name + ": has 'treatment' and 'outcome' columns but no '" + columns.estimate()
                        + "': these look like unit-level records; use --level unit (or leave --level out) with fit and compare,"
                        + " or for eb make site estimates first with 'multisite estimate DATA.csv --out sites.csv'");
            }
            col[0] = header.column(name, columns.site(), "--site");
            col[1] = header.column(name, columns.estimate(), "--estimate");
            // no se column: unit noise (eb --method efron without --se)
            col[2] = columns.se() == null ? -1 : header.column(name, columns.se(), "--se");
            for (int k = 0; k < covariateCount; k++) {
                col[3 + k] = header.column(name, columns.covariates().get(k), "--covariates");
                covariates.add(new ArrayList<>());
            }
        }, (record, line) -> {
            String id = record.getField(col[0]).trim();
            if (id.isEmpty()) {
                throw new InputException(name + ", line " + line + ", column '" + columns.site() + "': site id is blank");
            }
            Long first = firstLine.putIfAbsent(id, line);
            if (first != null) {
                throw new InputException(name + ", line " + line + ", column '" + columns.site() + "': site '" + id
                        + "' appears again (first on line " + first + ")");
            }
            ids.add(id);
            estimates.add(CsvInput.number(name, line, columns.estimate(), record.getField(col[1])));
            double se = col[2] < 0 ? 1 : CsvInput.number(name, line, columns.se(), record.getField(col[2]));
            if (!(se > 0)) {
                throw new InputException(name + ", line " + line + ", column '" + columns.se()
                        + "': standard error must be > 0, got " + record.getField(col[2]).trim());
            }
            ses.add(se);
            for (int k = 0; k < covariateCount; k++) {
                covariates.get(k).add(CsvInput.number(name, line, columns.covariates().get(k), record.getField(col[3 + k])));
            }
        });
        if (ids.size() < 2) {
            throw new InputException(name + ": at least 2 sites are needed, got " + ids.size());
        }
        double[][] x = new double[covariateCount][];
        for (int k = 0; k < covariateCount; k++) {
            x[k] = covariates.get(k).stream().mapToDouble(Double::doubleValue).toArray();
        }
        try {
            return SiteData.of(ids, estimates.stream().mapToDouble(Double::doubleValue).toArray(),
                    ses.stream().mapToDouble(Double::doubleValue).toArray(), columns.covariates(), x);
        } catch (InvalidDataException e) {
            throw new InputException(name + ": " + e.getMessage());
        }
    }

}
