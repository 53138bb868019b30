package org.multisite.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.Family;
import org.multisite.data.UnitData;

/**
 * Reads unit-level records from CSV: a site id, a 0/1 treatment, an outcome (0/1 for the
 * binomial family) and numeric unit covariates. A row with a missing value (blank, or
 * {@code NA} as R writes it) in a column in use is dropped and counted, or refused, as asked.
 * Every other problem is an {@link InputException} naming the file, line and column.
 */
public final class UnitCsvReader {
    /** Which columns hold what. */
    public record Columns(String site, String treatment, String outcome, List<String> covariates) {
    }

    /** What to do with a row that has a missing value. */
    public enum Missing {
        DROP, REFUSE;

        /** {@code drop} or {@code refuse}, as {@code --missing} spells it. */
        public static Missing named(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "drop" -> DROP;
                case "refuse" -> REFUSE;
                default -> throw new InputException("--missing " + value + ": expected drop or refuse");
            };
        }
    }

    /** The complete rows, and how many rows were dropped for a missing value in each column. */
    public record Result(UnitData data, int rowsRead, Map<String, Integer> droppedByColumn) {
        public int rowsDropped() {
            return droppedByColumn.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** e.g. {@code 238 rows dropped for a missing value (school: 238)}, or null when none were. */
        public String droppedSummary() {
            if (rowsDropped() == 0) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            droppedByColumn.forEach((c, n) -> parts.add(c + ": " + n));
            return rowsDropped() + " of " + rowsRead + " rows dropped for a missing value (" + String.join(", ", parts) + ")";
        }
    }

    private UnitCsvReader() {
    }

    public static Result read(Path file, Columns columns, Family family, Missing missing) {
        return read(file, columns, family, missing, "--unit-covariates");
    }

    /**
     * As above; {@code covariateOption} names the option of the covariate columns in messages, and
     * a null site column puts every unit in one site, {@code all}.
     */
    public static Result read(Path file, Columns columns, Family family, Missing missing, String covariateOption) {
        CsvInput.checkFile(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader, columns, family, missing, covariateOption);
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static Result read(String name, Reader reader, Columns columns, Family family, Missing missing) {
        return read(name, reader, columns, family, missing, "--unit-covariates");
    }

    static Result read(String name, Reader reader, Columns columns, Family family, Missing missing, String covariateOption) {
        boolean oneSite = columns.site() == null;
        CsvReader<CsvRecord> csv = CsvInput.records(reader);
        List<String> header = null;
        List<String> used = new ArrayList<>();
        int[] index = null;
        List<String> sites = new ArrayList<>();
        List<Integer> treatment = new ArrayList<>();
        List<Double> outcome = new ArrayList<>();
        List<List<Double>> covariates = new ArrayList<>();
        Map<String, Integer> dropped = new LinkedHashMap<>();
        int rows = 0;
        try {
            for (CsvRecord record : csv) {
                long line = record.getStartingLineNumber();
                if (header == null) {
                    header = new ArrayList<>();
                    Map<String, Integer> positions = new HashMap<>();
                    for (int i = 0; i < record.getFieldCount(); i++) {
                        header.add(record.getField(i).trim());
                        positions.putIfAbsent(record.getField(i).trim(), i);
                    }
                    // without a site column the treatment column stands in its place, unused
                    used.add(oneSite ? columns.treatment() : columns.site());
                    used.add(columns.treatment());
                    used.add(columns.outcome());
                    used.addAll(columns.covariates());
                    String[] options = {oneSite ? "--treatment" : "--site", "--treatment", "--outcome"};
                    index = new int[used.size()];
                    for (int k = 0; k < used.size(); k++) {
                        Integer p = positions.get(used.get(k));
                        if (p == null) {
                            throw new InputException(name + ": no column '" + used.get(k) + "' (columns: "
                                    + String.join(", ", header) + "); choose one with "
                                    + (k < 3 ? options[k] : covariateOption));
                        }
                        index[k] = p;
                    }
                    for (int k = 0; k < columns.covariates().size(); k++) {
                        covariates.add(new ArrayList<>());
                    }
                    continue;
                }
                rows++;
                if (record.getFieldCount() != header.size()) {
                    throw new InputException(name + ", line " + line + ": " + record.getFieldCount()
                            + " fields where the header has " + header.size());
                }
                String blank = firstMissing(record, used, index);
                if (blank != null) {
                    if (missing == Missing.REFUSE) {
                        throw new InputException(name + ", line " + line + ", column '" + blank
                                + "': value is missing (use --missing drop to drop such rows)");
                    }
                    dropped.merge(blank, 1, Integer::sum);
                    continue;
                }
                sites.add(oneSite ? "all" : record.getField(index[0]).trim());
                double t = CsvInput.number(name, line, used.get(1), record.getField(index[1]));
                if (t != 0 && t != 1) {
                    throw new InputException(name + ", line " + line + ", column '" + used.get(1)
                            + "': treatment must be 0 or 1, got " + record.getField(index[1]).trim());
                }
                treatment.add((int) t);
                double y = CsvInput.number(name, line, used.get(2), record.getField(index[2]));
                if (family == Family.BINOMIAL && y != 0 && y != 1) {
                    throw new InputException(name + ", line " + line + ", column '" + used.get(2)
                            + "': a binomial outcome must be 0 or 1, got " + record.getField(index[2]).trim()
                            + " (or use --family gaussian)");
                }
                outcome.add(y);
                for (int k = 0; k < covariates.size(); k++) {
                    covariates.get(k).add(CsvInput.number(name, line, used.get(3 + k), record.getField(index[3 + k])));
                }
            }
        } catch (UncheckedIOException e) {
            throw new InputException(name + ": cannot read: " + e.getCause().getMessage());
        } catch (CsvParseException e) {
            throw new InputException(name + ": not valid CSV: " + e.getMessage());
        }
        if (header == null) {
            throw new InputException(name + ": empty file (a header row is needed)");
        }
        if (sites.isEmpty()) {
            throw new InputException(name + ": no complete rows (" + rows + " read, all with a missing value)");
        }
        double[][] z = new double[covariates.size()][];
        for (int k = 0; k < z.length; k++) {
            z[k] = covariates.get(k).stream().mapToDouble(Double::doubleValue).toArray();
        }
        UnitData data = UnitData.of(sites, treatment.stream().mapToInt(Integer::intValue).toArray(),
                outcome.stream().mapToDouble(Double::doubleValue).toArray(), columns.covariates(), z, family);
        return new Result(data, rows, dropped);
    }

    /** The first column in use whose value is blank or NA, or null. */
    private static String firstMissing(CsvRecord record, List<String> used, int[] index) {
        for (int k = 0; k < used.size(); k++) {
            String v = record.getField(index[k]).trim();
            if (v.isEmpty() || v.equals("NA")) {
                return used.get(k);
            }
        }
        return null;
    }


    /** The header of a CSV file (after comment lines), for telling site-level from unit-level data. */
    public static List<String> header(Path file) {
        CsvInput.checkFile(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvReader<CsvRecord> csv = CsvInput.records(reader);
            for (CsvRecord record : csv) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < record.getFieldCount(); i++) {
                    out.add(record.getField(i).trim());
                }
                return out;
            }
            return List.of();
        } catch (IOException | UncheckedIOException | CsvParseException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }
}
