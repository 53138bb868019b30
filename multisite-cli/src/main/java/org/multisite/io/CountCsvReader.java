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

/**
 * Reads count data for empirical Bayes (eb --family poisson or binomial): named columns of
 * non-negative integers, an optional column of frequency weights, and an optional id column
 * (rows are numbered 1, 2, ... without one). Every refusal names the file, line and column.
 */
public final class CountCsvReader {
    /**
     * @param ids each row's id
     * @param counts counts[c][i]: column c of row i
     * @param weights each row's weight (1 without a weight column)
     * @param lines each row's line in the file, for messages
     */
    public record Result(List<String> ids, int[][] counts, double[] weights, long[] lines) {
    }

    private CountCsvReader() {
    }

    /**
     * @param idColumn used when the file has it, else rows are numbered
     * @param columns the count columns, each with the option that names it (for messages)
     * @param weightColumn null for none
     */
    public static Result read(Path file, String idColumn, List<String> columns, List<String> options, String weightColumn,
                              String weightOption) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader, idColumn, columns, options, weightColumn, weightOption);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    static Result read(String name, Reader reader, String idColumn, List<String> columns, List<String> options,
                       String weightColumn, String weightOption) {
        CsvReader<CsvRecord> csv = CsvInput.records(reader);
        List<String> header = null;
        int idCol = -1;
        int weightCol = -1;
        int[] cols = new int[columns.size()];
        List<String> ids = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try {
            for (CsvRecord record : csv) {
                long line = record.getStartingLineNumber();
                if (header == null) {
                    header = new ArrayList<>();
                    Map<String, Integer> index = new HashMap<>();
                    for (int i = 0; i < record.getFieldCount(); i++) {
                        String h = record.getField(i).trim();
                        header.add(h);
                        if (index.putIfAbsent(h, i) != null && !h.isEmpty()) {
                            throw new InputException(name + ", line " + line + ": column '" + h + "' appears twice in the header");
                        }
                    }
                    idCol = index.getOrDefault(idColumn, -1);
                    for (int c = 0; c < cols.length; c++) {
                        cols[c] = SiteCsvReader.column(name, header, index, columns.get(c), options.get(c));
                    }
                    if (weightColumn != null) {
                        weightCol = SiteCsvReader.column(name, header, index, weightColumn, weightOption);
                    }
                    continue;
                }
                if (record.getFieldCount() != header.size()) {
                    throw new InputException(name + ", line " + line + ": " + record.getFieldCount()
                            + " fields where the header has " + header.size());
                }
                ids.add(idCol < 0 ? Integer.toString(rows.size() + 1) : record.getField(idCol).trim());
                int[] row = new int[cols.length];
                for (int c = 0; c < cols.length; c++) {
                    double v = CsvInput.number(name, line, columns.get(c), record.getField(cols[c]));
                    if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                        throw new InputException(name + ", line " + line + ", column '" + columns.get(c)
                                + "': expected a count (an integer >= 0), got " + record.getField(cols[c]).trim());
                    }
                    row[c] = (int) v;
                }
                rows.add(row);
                lines.add(line);
                double w = 1;
                if (weightCol >= 0) {
                    w = CsvInput.number(name, line, weightColumn, record.getField(weightCol));
                    if (!(w >= 0)) {
                        throw new InputException(name + ", line " + line + ", column '" + weightColumn
                                + "': a weight must be >= 0, got " + record.getField(weightCol).trim());
                    }
                }
                weights.add(w);
            }
        } catch (UncheckedIOException e) {
            throw new InputException(name + ": cannot read: " + e.getCause().getMessage());
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw new InputException(name + ": not valid CSV: " + e.getMessage());
        }
        if (header == null) {
            throw new InputException(name + ": empty file (a header row is needed)");
        }
        if (rows.size() < 2) {
            throw new InputException(name + ": at least 2 rows are needed, got " + rows.size());
        }
        int[][] counts = new int[cols.length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < cols.length; c++) {
                counts[c][i] = rows.get(i)[c];
            }
        }
        return new Result(List.copyOf(ids), counts, weights.stream().mapToDouble(Double::doubleValue).toArray(),
                lines.stream().mapToLong(Long::longValue).toArray());
    }
}
