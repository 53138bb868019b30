package org.multisite.io;

import java.io.IOException;
import java.io.Reader;
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
    public record Result(List<String> ids, int[][] counts, double[] weights, long[] lines, double[][] numbers) {
        /**
         * The counts row by row, rows[i][c]; refuses a row whose every count is 0 (a group with no
         * units), naming its line.
         */
        public int[][] rows(Path file) {
            int n = ids.size();
            int[][] out = new int[n][counts.length];
            for (int i = 0; i < n; i++) {
                int total = 0;
                for (int c = 0; c < counts.length; c++) {
                    out[i][c] = counts[c][i];
                    total += out[i][c];
                }
                if (total == 0) {
                    throw new InputException(file + ", line " + lines[i] + ": group '" + ids.get(i)
                            + "' has no units (every count is 0)");
                }
            }
            return out;
        }

        /** The numeric columns {@code names} row by row, out[i][c]; {@code all} lists the numeric columns read, in order. */
        public double[][] columns(List<String> all, List<String> names) {
            double[][] out = new double[ids.size()][names.size()];
            for (int c = 0; c < names.size(); c++) {
                double[] column = numbers[all.indexOf(names.get(c))];
                for (int i = 0; i < ids.size(); i++) {
                    out[i][c] = column[i];
                }
            }
            return out;
        }
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
        return read(file, idColumn, columns, options, weightColumn, weightOption, List.of(), "");
    }

    /** As above, also reading the numeric columns {@code numeric} (numbers[c][i]), named in messages by {@code numericOption}. */
    public static Result read(Path file, String idColumn, List<String> columns, List<String> options, String weightColumn,
                              String weightOption, List<String> numeric, String numericOption) {
        CsvInput.checkFile(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader, idColumn, columns, options, weightColumn, weightOption, numeric, numericOption);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    static Result read(String name, Reader reader, String idColumn, List<String> columns, List<String> options,
                       String weightColumn, String weightOption, List<String> numeric, String numericOption) {
        int[] numCols = new int[numeric.size()];
        List<double[]> numbers = new ArrayList<>();
        int[] cols = new int[columns.size()];
        // positions: id (-1: rows numbered), weight (-1: none)
        int[] extra = {-1, -1};
        List<String> ids = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        CsvInput.read(name, reader, header -> {
            extra[0] = header.index().getOrDefault(idColumn, -1);
            for (int c = 0; c < cols.length; c++) {
                cols[c] = header.column(name, columns.get(c), options.get(c));
            }
            if (weightColumn != null) {
                extra[1] = header.column(name, weightColumn, weightOption);
            }
            for (int c = 0; c < numCols.length; c++) {
                numCols[c] = header.column(name, numeric.get(c), numericOption);
            }
        }, (record, line) -> {
            double[] values = new double[numCols.length];
            for (int c = 0; c < numCols.length; c++) {
                values[c] = CsvInput.number(name, line, numeric.get(c), record.getField(numCols[c]));
            }
            numbers.add(values);
            String id = extra[0] < 0 ? Integer.toString(rows.size() + 1) : record.getField(extra[0]).trim();
            if (id.isEmpty()) {
                throw new InputException(name + ", line " + line + ", column '" + idColumn + "': the id is blank");
            }
            Long first = idLines.putIfAbsent(id, line);
            if (first != null) {
                throw new InputException(name + ", line " + line + ", column '" + idColumn + "': id '" + id
                        + "' appears again (first on line " + first + ")");
            }
            ids.add(id);
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
            if (extra[1] >= 0) {
                w = CsvInput.number(name, line, weightColumn, record.getField(extra[1]));
                if (!(w >= 0)) {
                    throw new InputException(name + ", line " + line + ", column '" + weightColumn
                            + "': a weight must be >= 0, got " + record.getField(extra[1]).trim());
                }
            }
            weights.add(w);
        });
        if (rows.size() < 2) {
            throw new InputException(name + ": at least 2 rows are needed, got " + rows.size());
        }
        int[][] counts = new int[cols.length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < cols.length; c++) {
                counts[c][i] = rows.get(i)[c];
            }
        }
        double[][] numberColumns = new double[numCols.length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < numCols.length; c++) {
                numberColumns[c][i] = numbers.get(i)[c];
            }
        }
        return new Result(List.copyOf(ids), counts, weights.stream().mapToDouble(Double::doubleValue).toArray(),
                lines.stream().mapToLong(Long::longValue).toArray(), numberColumns);
    }
}
