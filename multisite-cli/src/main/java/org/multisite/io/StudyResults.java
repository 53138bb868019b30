package org.multisite.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
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
import java.util.zip.CRC32;
import org.multisite.study.Row;
import org.multisite.study.StudySpec;
import org.multisite.study.StudySummary;
import org.multisite.study.Task;

/**
 * A study's results directory: {@code replications.csv} (factor columns, replication, model,
 * label, estimator, metric, value), {@code done.tsv} (the replications whose rows are complete: cell
 * key, replication, the number of its rows and the CRC-32 of their CSV text), and
 * {@code spec.yaml}. Each replication's rows are appended and forced to disk, then the
 * replication is marked done and that forced too: a study killed at any moment leaves at most
 * one replication's rows without a mark, and resuming drops them before it goes on. Every read
 * checks each marked replication's rows against its count and checksum, so rows cut, deleted,
 * duplicated or edited by hand are found: resuming runs those replications again (and says
 * which), and summarizing refuses them. CSV is written and read with FastCSV.
 */
public final class StudyResults implements AutoCloseable {
    static final String ROWS = "replications.csv";
    static final String DONE = "done.tsv";
    static final String SPEC = "spec.yaml";
    public static final String SUMMARY = "summary.csv";

    private final Path dir;
    private final List<String> factors;
    /** Each model's registry name by its label. */
    private final Map<String, String> modelOf;
    private final FileChannel rows;
    private final FileChannel done;

    /**
     * The results directory, opened; the replications it already holds (as {@link #mark} keys);
     * and the marked replications whose rows did not match their mark, dropped to be run again.
     */
    public record Opened(StudyResults results, Set<String> done, List<String> damaged) {
    }

    /**
     * The results file checked against the done marks: the records of the intact replications
     * (in file order), their done lines, the marked replications whose rows are missing or
     * changed, and the number of rows of no intact replication.
     */
    private record Verified(List<String[]> kept, List<String> doneLines, Set<String> intact, List<String> damaged, int stray) {
    }

    /** Every row of the results file, with each cell's factors by cell key. */
    public record Rows(List<Row> rows, Map<String, Map<String, String>> cells) {
    }

    private StudyResults(Path dir, List<String> factors, Map<String, String> modelOf, FileChannel rows, FileChannel done) {
        this.modelOf = modelOf;
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
    public static Opened open(Path dir, List<String> factors, Map<String, String> modelOf, String specText, boolean resume) {
        try {
            Files.createDirectories(dir);
            Path rowsFile = dir.resolve(ROWS);
            Path doneFile = dir.resolve(DONE);
            Path specFile = dir.resolve(SPEC);
            Set<String> marked = new HashSet<>();
            List<String> damaged = new ArrayList<>();
            if (resume) {
                if (!Files.exists(specFile)) {
                    throw new InputException("--resume: " + dir + " holds no study (no " + SPEC + ")");
                }
                if (!Files.readString(specFile, StandardCharsets.UTF_8).equals(specText)) {
                    throw new InputException("--resume: the spec differs from the one in " + specFile + "; resume with that spec");
                }
                // keep only the rows of replications marked done and intact: a kill between
                // writing rows and marking them leaves a partial block, and a hand's edit a
                // replication whose rows no longer match its mark; both are dropped and redone
                Verified v = verify(rowsFile, doneFile, factors);
                marked.addAll(v.intact());
                damaged.addAll(v.damaged());
                replace(dir.resolve(ROWS), csv(header(factors), v.kept()));
                replace(doneFile, v.doneLines().stream().map(l -> l + "\n").reduce("", String::concat));
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
            return new Opened(new StudyResults(dir, List.copyOf(factors), Map.copyOf(modelOf), rows, done), Set.copyOf(marked),
                    List.copyOf(damaged));
        } catch (IOException e) {
            throw new InputException("--out " + dir + ": " + e.getMessage());
        }
    }

    private static String[] header(List<String> factors) {
        List<String> h = new ArrayList<>(factors);
        h.addAll(List.of("replication", "model", "label", "estimator", "metric", "value"));
        return h.toArray(String[]::new);
    }

    /** The done mark of a row: its cell key and replication; null for a row cut short (by a kill while writing). */
    private static String markOf(String[] record, List<String> factors) {
        if (record.length != factors.size() + 6) {
            return null;
        }
        try {
            return mark(cellOf(record, factors), Integer.parseInt(record[factors.size()]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A done line: the mark, the number of the replication's rows and the CRC-32 of their CSV text. */
    private static String doneLine(String mark, int rows, String text) {
        return mark + "\t" + rows + "\t" + Long.toHexString(crc(text));
    }

    private static long crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * Checks the rows of every marked replication against its done line. A done line of another
     * form (an older version's, or edited) counts as a damaged mark; rows of no mark (a kill's
     * partial block) as stray.
     */
    private static Verified verify(Path rowsFile, Path doneFile, List<String> factors) throws IOException {
        Map<String, List<String[]>> byMark = new LinkedHashMap<>();
        int stray = 0;
        List<String[]> all = Files.exists(rowsFile) ? records(rowsFile) : List.of();
        for (String[] record : all) {
            String mark = markOf(record, factors);
            if (mark == null) {
                stray++;
            } else {
                byMark.computeIfAbsent(mark, k -> new ArrayList<>()).add(record);
            }
        }
        List<String> doneLines = new ArrayList<>();
        Set<String> intact = new HashSet<>();
        List<String> damaged = new ArrayList<>();
        List<String> lines = Files.exists(doneFile) ? Files.readAllLines(doneFile, StandardCharsets.UTF_8) : List.of();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String mark = f.length == 4 ? f[0] + "\t" + f[1] : line;
            List<String[]> rows = byMark.getOrDefault(mark, List.of());
            if (f.length == 4 && !intact.contains(mark) && f[2].equals(Integer.toString(rows.size()))
                    && f[3].equals(Long.toHexString(crc(csv(null, rows))))) {
                intact.add(mark);
                doneLines.add(line);
            } else if (!damaged.contains(mark)) {
                damaged.add(mark);
            }
        }
        damaged.removeAll(intact);
        List<String[]> kept = new ArrayList<>();
        for (String[] record : all) {
            String mark = markOf(record, factors);
            if (mark != null && intact.contains(mark)) {
                kept.add(record);
            } else if (mark != null) {
                stray++;
            }
        }
        return new Verified(kept, doneLines, intact, damaged, stray);
    }

    /** Replaces {@code file} with {@code text} through a temporary file and a rename. */
    private static void replace(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        OutputFiles.staging(temp);
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        OutputFiles.staged(temp);
    }

    /** Damaged marks in words: each cell with its replications, {@code sites=10;shape=gaussian (replications 3, 7)}. */
    public static String describe(List<String> marks) {
        Map<String, List<String>> byCell = new LinkedHashMap<>();
        for (String m : marks) {
            int tab = m.indexOf('\t');
            String cell = tab < 0 ? m : m.substring(0, tab);
            byCell.computeIfAbsent(cell.isEmpty() ? "(the one cell)" : cell, k -> new ArrayList<>())
                    .add(tab < 0 ? "?" : m.substring(tab + 1).split("\t")[0]);
        }
        List<String> parts = new ArrayList<>();
        byCell.forEach((cell, reps) -> parts.add(cell + " (replication" + (reps.size() == 1 ? " " : "s ") + String.join(", ", reps) + ")"));
        return String.join("; ", parts);
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
            fields.addAll(List.of(Integer.toString(task.replication()), modelOf.getOrDefault(r.model(), r.model()), r.model(),
                    r.estimator(), r.metric(),
                    Double.toString(r.value())));
            records.add(fields.toArray(String[]::new));
        }
        String text = csv(null, records);
        try {
            write(rows, text);
            rows.force(true);
            write(done, doneLine(mark(task.cell(), task.replication()), records.size(), text) + "\n");
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

    /**
     * Every row in the results file, with its cell's factors, after checking each replication's
     * rows against its done mark.
     *
     * @throws InputException naming the replications whose rows are missing or changed, or the
     *     number of rows of no finished replication
     */
    public Rows readRows() {
        Verified v;
        try {
            v = verify(dir.resolve(ROWS), dir.resolve(DONE), factors);
        } catch (IOException e) {
            throw new InputException("--out " + dir + ": " + e.getMessage());
        }
        if (!v.damaged().isEmpty()) {
            throw new InputException(dir.resolve(ROWS) + ": the rows of " + v.damaged().size() + " finished replication"
                    + (v.damaged().size() == 1 ? "" : "s") + " are missing or changed: " + describe(v.damaged())
                    + "; run the study again with --resume to redo them");
        }
        if (v.stray() > 0) {
            throw new InputException(dir.resolve(ROWS) + ": " + v.stray() + " row" + (v.stray() == 1 ? " belongs" : "s belong")
                    + " to no finished replication; run the study again with --resume to drop them");
        }
        List<Row> out = new ArrayList<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        int i = factors.size();
        for (String[] f : v.kept()) {
            Map<String, String> cell = cellOf(f, factors);
            String key = StudySpec.key(cell);
            cells.putIfAbsent(key, cell);
            // the label (f[i + 2]) names the model in the study's rows; f[i + 1] is its registry name
            out.add(new Row(key, Integer.parseInt(f[i]), f[i + 2], f[i + 3], f[i + 4], Double.parseDouble(f[i + 5])));
        }
        return new Rows(out, cells);
    }

    /** {@code summary.csv}: factor columns, model, estimator, metric, mean, mcse, replications; written atomically. */
    public Path writeSummary(List<StudySummary> summary, Map<String, Map<String, String>> cells) {
        List<String> h = new ArrayList<>(factors);
        h.addAll(List.of("model", "label", "estimator", "metric", "mean", "mcse", "replications"));
        List<String[]> records = new ArrayList<>();
        for (StudySummary s : summary) {
            List<String> fields = new ArrayList<>();
            Map<String, String> cell = cells.get(s.cellKey());
            for (String f : factors) {
                fields.add(cell.get(f));
            }
            fields.addAll(List.of(modelOf.getOrDefault(s.model(), s.model()), s.model(), s.estimator(), s.metric(),
                    Double.toString(s.mean()), Double.toString(s.mcse()),
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
        // rows of another width (cut by a kill or a hand) are passed on, for verify to drop
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE).missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(file)) {
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
        } catch (CsvParseException e) {
            throw new InputException(file + ": not valid CSV (" + e.getMessage() + "); move it aside to start the study afresh");
        }
        return out;
    }
}
