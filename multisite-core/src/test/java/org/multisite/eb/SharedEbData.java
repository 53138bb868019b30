package org.multisite.eb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Numeric columns of a file in ../shared/data/eb (simple CSV: no quotes in the columns read).
 * The test is skipped, with a message, when the shared data are absent.
 */
final class SharedEbData {
    private SharedEbData() {
    }

    /** columns(file, "a", "b")[0] is column a, row by row. */
    static double[][] columns(String file, String... names) {
        Path path = Path.of("..", "..", "shared", "data", "eb", file);
        Assumptions.assumeTrue(Files.exists(path), "../shared/data/eb is absent: skipping the test on " + file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = List.of(lines.get(0).split(","));
        double[][] out = new double[names.length][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            for (int c = 0; c < names.length; c++) {
                out[c][i - 1] = Double.parseDouble(fields[header.indexOf(names[c])]);
            }
        }
        return out;
    }
}
