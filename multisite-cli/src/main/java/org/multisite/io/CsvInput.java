package org.multisite.io;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.Reader;

/**
 * The CSV dialect of every input (contract.md): header row, comma separated, {@code #} comment
 * lines and empty lines skipped, a byte-order mark tolerated. Rows with a different number of
 * fields are passed on, so that the readers report them with their line.
 */
final class CsvInput {
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
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InputException(name + ", line " + line + ", column '" + col + "': '" + v + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new InputException(name + ", line " + line + ", column '" + col + "': '" + v + "' is not a finite number");
        }
        return d;
    }

    static CsvReader<CsvRecord> records(Reader reader) {
        return CsvReader.builder()
                .commentStrategy(CommentStrategy.SKIP)
                .commentCharacter('#')
                .skipEmptyLines(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .detectBomHeader(true)
                .ofCsvRecord(reader);
    }
}
