package org.multisite.io;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.multisite.study.Row;
import org.multisite.study.StudySpec;
import org.multisite.study.StudySummary;
import org.multisite.study.Task;

/**
 * A study's results directory: {@code replications.csv} (factor columns, replication, model,
 * estimator, metric, value), {@code done.tsv} (the replications whose rows are complete), and
 * {@code spec.yaml}. Each replication's rows are appended and forced to disk, then the
 * replication is marked done and that forced too: a study killed at any moment leaves at most
 * one replication's rows without a mark, and resuming drops them before it goes on. CSV is
 * written and read with FastCSV.
 */
public final class StudyResults implements AutoCloseable {
    static final String ROWS = "replications.csv";
    static final String DONE = "done.tsv";
    static final String SPEC = "spec.yaml";
    public static final String SUMMARY = "summary.csv";

    private final Path dir;
    private final List<String> factors;
    private final FileChannel rows;
    private final FileChannel done;

    /** The results directory, opened, and the replications it already holds (as {@link #mark} keys). */
    public record Opened(StudyResults results, Set<String> done) {
    }

    /** Every row of the results file, with each cell's factors by cell key. */
    public record Rows(List<Row> rows, Map<String, Map<String, String>> cells) {
    }

    private StudyResults(Path dir, List<String> factors, FileChannel rows, FileChannel done) {
        this.dir = dir;
        this.factors = factors;
        this.rows = rows;
        this.done = done;
    }

    /** A replication's done mark: its cell key and number. */
    public static String mark(Map<String, String> cell, int replication) {
        return StudySpec.key(cell) + "\t" + replication;
    }

    /**
     * Opens {@code dir} for a new study (refusing one that holds results) or, with {@code resume},
     * for the rest of the one it holds (refusing a different spec).
     */
    public static Opened open(Path dir, List<String> factors, String specText, boolean resume) {
        try {
            Files.createDirectories(dir);
            Path rowsFile = dir.resolve(ROWS);
            Path doneFile = dir.resolve(DONE);
            Path specFile = dir.resolve(SPEC);
            Set<String> marked = new HashSet<>();
            if (resume) {
                if (!Files.exists(specFile)) {
                    throw new InputException("--resume: " + dir + " holds no study (no " + SPEC + ")");
                }
                if (!Files.readString(specFile, StandardCharsets.UTF_8).equals(specText)) {
                    throw new InputException("--resume: the spec differs from the one in " + specFile + "; resume with that spec");
                }
                if (Files.exists(doneFile)) {
                    marked.addAll(Files.readAllLines(doneFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
                }
                // keep only the rows of replications marked done: a kill between writing rows and
                // marking them leaves a partial block, which is dropped here and redone
                List<String[]> kept = new ArrayList<>();
                if (Files.exists(rowsFile)) {
                    for (String[] record : records(rowsFile)) {
                        if (marked.contains(markOf(record, factors))) {
                            kept.add(record);
                        }
                    }
                }
                Path temp = dir.resolve(ROWS + ".tmp");
                OutputFiles.staging(temp);
                Files.writeString(temp, csv(header(factors), kept), StandardCharsets.UTF_8);
                Files.move(temp, rowsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                OutputFiles.staged(temp);
            } else {
                if (Files.exists(rowsFile) || Files.exists(doneFile)) {
                    throw new InputException("--out " + dir + ": holds results of a study; use --resume to finish it, or another --out");
                }
                Files.writeString(specFile, specText, StandardCharsets.UTF_8);
                Files.writeString(rowsFile, csv(header(factors), List.of()), StandardCharsets.UTF_8);
            }
            FileChannel rows = FileChannel.open(rowsFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FileChannel done = FileChannel.open(doneFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new Opened(new StudyResults(dir, List.copyOf(factors), rows, done), Set.copyOf(marked));
        } catch (IOException e) {
            throw new InputException("--out " + dir + ": " + e.getMessage());
        }
    }

    private static String[] header(List<String> factors) {
        List<String> h = new ArrayList<>(factors);
        h.addAll(List.of("replication", "model", "estimator", "metric", "value"));
        return h.toArray(String[]::new);
    }

    /** The done mark of a row: its cell key and replication; null for a row cut short (by a kill while writing). */
    private static String markOf(String[] record, List<String> factors) {
        if (record.length != factors.size() + 5) {
            return null;
        }
        try {
            return mark(cellOf(record, factors), Integer.parseInt(record[factors.size()]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> cellOf(String[] record, List<String> factors) {
        Map<String, String> cell = new LinkedHashMap<>();
        for (int k = 0; k < factors.size(); k++) {
            cell.put(factors.get(k), record[k]);
        }
        return cell;
    }

    /** Appends one replication's rows, forces them to disk, then marks the replication done. */
    public synchronized void append(Task task, List<Row> result) {
        List<String[]> records = new ArrayList<>();
        for (Row r : result) {
            List<String> fields = new ArrayList<>();
            for (String f : factors) {
                fields.add(task.cell().get(f));
            }
            fields.addAll(List.of(Integer.toString(task.replication()), r.model(), r.estimator(), r.metric(),
                    Double.toString(r.value())));
            records.add(fields.toArray(String[]::new));
        }
        try {
            write(rows, csv(null, records));
            rows.force(true);
            write(done, mark(task.cell(), task.replication()) + "\n");
            done.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() {
        try {
            rows.close();
            done.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row in the results file, with its cell's factors. */
    public Rows readRows() {
        List<Row> out = new ArrayList<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        int i = factors.size();
        for (String[] f : records(dir.resolve(ROWS))) {
            Map<String, String> cell = cellOf(f, factors);
            String key = StudySpec.key(cell);
            cells.putIfAbsent(key, cell);
            out.add(new Row(key, Integer.parseInt(f[i]), f[i + 1], f[i + 2], f[i + 3], Double.parseDouble(f[i + 4])));
        }
        return new Rows(out, cells);
    }

    /** {@code summary.csv}: factor columns, model, estimator, metric, mean, mcse, replications; written atomically. */
    public Path writeSummary(List<StudySummary> summary, Map<String, Map<String, String>> cells) {
        List<String> h = new ArrayList<>(factors);
        h.addAll(List.of("model", "estimator", "metric", "mean", "mcse", "replications"));
        List<String[]> records = new ArrayList<>();
        for (StudySummary s : summary) {
            List<String> fields = new ArrayList<>();
            Map<String, String> cell = cells.get(s.cellKey());
            for (String f : factors) {
                fields.add(cell.get(f));
            }
            fields.addAll(List.of(s.model(), s.estimator(), s.metric(), Double.toString(s.mean()), Double.toString(s.mcse()),
                    Integer.toString(s.replications())));
            records.add(fields.toArray(String[]::new));
        }
        Path out = dir.resolve(SUMMARY);
        OutputFiles files = new OutputFiles();
        files.add(out, csv(h.toArray(String[]::new), records));
        files.commit();
        return out;
    }

    /** Records as CSV text (LF line ends), after {@code header} unless it is null. */
    private static String csv(String[] header, List<String[]> records) {
        StringWriter text = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(text)) {
            if (header != null) {
                csv.writeRecord(header);
            }
            for (String[] r : records) {
                csv.writeRecord(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The data records of a results file (its header skipped, blank lines ignored). */
    private static List<String[]> records(Path file) {
        List<String[]> out = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true).ofCsvRecord(file)) {
            boolean header = true;
            for (CsvRecord r : reader) {
                if (header) {
                    header = false;
                    continue;
                }
                out.add(r.getFields().toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
