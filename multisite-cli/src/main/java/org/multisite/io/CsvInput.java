package org.multisite.io;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.multisite.numeric.Decimals;

/**
 * The CSV dialect of every input (contract.md): header row, comma separated, {@code #} comment
 * lines and empty lines skipped, a leading byte-order mark skipped. Rows with a different number of
 * fields are passed on, so that the readers report them with their line.
 */
final class CsvInput {
    /**
     * The largest magnitude read: the models square estimates, SEs and outcomes (and sum J of
     * those squares), which overflows beyond about 1e154; 1e100 leaves room for their ratios to the SEs.
     */
    static final double MAX_MAGNITUDE = 1e100;

    private CsvInput() {
    }

    /**
     * A finite number from a field, or an {@link InputException} naming the file, line and
     * column: blank, not a number, or not finite.
     */
    static double number(String name, long line, String col, String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            throw new InputException(name + ", line " + line + ", column '" + col + "': value is blank (missing)");
        }
        double d;
        try {
            d = Decimals.parse(v);
        } catch (NumberFormatException e) {
            throw new InputException(name + ", line " + line + ", column '" + col + "': '" + v + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new InputException(name + ", line " + line + ", column '" + col + "': '" + v + "' is not a finite number");
        }
        if (Math.abs(d) > MAX_MAGNITUDE) {
            throw new InputException(name + ", line " + line + ", column '" + col + "': " + v + " is beyond +-1e100"
                    + " (its square overflows); rescale the column");
        }
        return d;
    }

    /**
     * Refuses an input that is not a readable regular file, saying which it is: missing, a
     * directory, or a pipe or device (read more than once: the header first, then the rows).
     */
    static void checkFile(Path file) {
        if (Files.isRegularFile(file)) {
            if (!Files.isReadable(file)) {
                throw new InputException(file + ": cannot be read (permission denied)");
            }
            return;
        }
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a directory, not a CSV file");
        }
        if (Files.exists(file)) {
            throw new InputException(file + ": not a regular file (a pipe or device cannot be read twice); save it to a file first");
        }
        throw new InputException(file + ": no such file");
    }

    /** A header row: its column names in order and each name's position (the first, for blank names). */
    record Header(List<String> names, Map<String, Integer> index) {
        /** The position of {@code col}, or an {@link InputException} naming the option that chooses it. */
        int column(String name, String col, String option) {
            Integer i = index.get(col);
            if (i == null) {
                throw new InputException(name + ": no column '" + col + "' (columns: " + String.join(", ", names)
                        + "); choose one with " + option);
            }
            return i;
        }
    }

    /** One data row with its line in the file. */
    interface Rows {
        void row(CsvRecord record, long line);
    }

    /**
     * Reads a CSV with a header row: {@code onHeader} once, then {@code onRow} for each data row,
     * with the refusals every reader shares (a name twice in the header, a row of the wrong
     * width, unreadable or invalid CSV, an empty file), each naming the file and line.
     */
    static void read(String name, Reader reader, Consumer<Header> onHeader, Rows onRow) {
        Header header = null;
        try {
            for (CsvRecord record : records(reader)) {
                long line = record.getStartingLineNumber();
                if (header == null) {
                    List<String> names = new ArrayList<>();
                    Map<String, Integer> index = new HashMap<>();
                    for (int i = 0; i < record.getFieldCount(); i++) {
                        String h = record.getField(i).trim();
                        names.add(h);
                        if (index.putIfAbsent(h, i) != null && !h.isEmpty()) {
                            throw new InputException(name + ", line " + line + ": column '" + h + "' appears twice in the header");
                        }
                    }
                    header = new Header(List.copyOf(names), Map.copyOf(index));
                    onHeader.accept(header);
                    continue;
                }
                if (record.getFieldCount() != header.names().size()) {
                    throw new InputException(name + ", line " + line + ": " + record.getFieldCount()
                            + " fields where the header has " + header.names().size());
                }
                onRow.row(record, line);
            }
        } catch (UncheckedIOException e) {
            throw new InputException(name + ": cannot read: " + e.getCause().getMessage());
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw new InputException(name + ": not valid CSV: " + e.getMessage());
        }
        if (header == null) {
            throw new InputException(name + ": empty file (a header row is needed)");
        }
    }

    static CsvReader<CsvRecord> records(Reader reader) {
        return CsvReader.builder()
                .commentStrategy(CommentStrategy.SKIP)
                .commentCharacter('#')
                .skipEmptyLines(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(withoutByteOrderMark(reader));
    }

    /**
     * The reader past a leading byte-order mark (U+FEFF), which spreadsheets write at the start
     * of UTF-8 files; FastCSV's own detection applies to byte streams only, and a reader passes
     * the mark on as the first character of the first column's name.
     */
    static Reader withoutByteOrderMark(Reader reader) {
        PushbackReader in = new PushbackReader(reader, 1);
        try {
            int first = in.read();
            if (first >= 0 && first != '\ufeff') {
                in.unread(first);
            }
        } catch (IOException e) {
            throw new InputException("cannot read: " + e.getMessage());
        }
        return in;
    }
}
