package org.multisite.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.multisite.sim.Study;

/**
 * A study's results directory: {@code replications.csv} (factor columns, replication, model,
 * estimator, metric, value), {@code done.tsv} (the replications whose rows are complete), and
 * {@code spec.yaml}. Each replication's rows are appended and forced to disk, then the
 * replication is marked done and that forced too: a study killed at any moment leaves at most
 * one replication's rows without a mark, and resuming drops them before it goes on.
 */
public final class StudyResults {
    static final String ROWS = "replications.csv";
    static final String DONE = "done.tsv";
    static final String SPEC = "spec.yaml";
    public static final String SUMMARY = "summary.csv";

    private final Path dir;
    private final List<String> factors;
    private final FileChannel rows;
    private final FileChannel done;

    private StudyResults(Path dir, List<String> factors, FileChannel rows, FileChannel done) {
        this.dir = dir;
        this.factors = factors;
        this.rows = rows;
        this.done = done;
    }

    /**
     * Opens {@code dir} for a new study (refusing one that holds results) or, with {@code resume},
     * for the rest of the one it holds (refusing a different spec). Returns the results and the
     * replications already done, as {@code cellKey + "\t" + replication}.
     */
    public static StudyResults open(Path dir, List<String> factors, String specText, boolean resume, Set<String> doneOut) {
        try {
            Files.createDirectories(dir);
            Path rowsFile = dir.resolve(ROWS);
            Path doneFile = dir.resolve(DONE);
            Path specFile = dir.resolve(SPEC);
            if (resume) {
                if (!Files.exists(specFile)) {
                    throw new InputException("--resume: " + dir + " holds no study (no " + SPEC + ")");
                }
                if (!Files.readString(specFile, StandardCharsets.UTF_8).equals(specText)) {
                    throw new InputException("--resume: the spec differs from the one in " + specFile + "; resume with that spec");
                }
                if (Files.exists(doneFile)) {
                    doneOut.addAll(Files.readAllLines(doneFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
                }
                // keep only the rows of replications marked done: a kill between writing rows and
                // marking them leaves a partial block, which is dropped here and redone
                List<String> kept = new ArrayList<>();
                List<String> lines = Files.exists(rowsFile) ? Files.readAllLines(rowsFile, StandardCharsets.UTF_8) : List.of();
                kept.add(header(factors));
                for (String line : lines.size() > 1 ? lines.subList(1, lines.size()) : List.<String>of()) {
                    if (!line.isBlank() && doneOut.contains(markOf(line, factors))) {
                        kept.add(line);
                    }
                }
                Path temp = dir.resolve(ROWS + ".tmp");
                Files.write(temp, kept, StandardCharsets.UTF_8);
                Files.move(temp, rowsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                if (Files.exists(rowsFile) || Files.exists(doneFile)) {
                    throw new InputException("--out " + dir + ": holds results of a study; use --resume to finish it, or another --out");
                }
                Files.writeString(specFile, specText, StandardCharsets.UTF_8);
                Files.writeString(rowsFile, header(factors) + "\n", StandardCharsets.UTF_8);
            }
            FileChannel rows = FileChannel.open(rowsFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FileChannel done = FileChannel.open(doneFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new StudyResults(dir, List.copyOf(factors), rows, done);
        } catch (IOException e) {
            throw new InputException("--out " + dir + ": " + e.getMessage());
        }
    }

    private static String header(List<String> factors) {
        return String.join(",", factors) + (factors.isEmpty() ? "" : ",") + "replication,model,estimator,metric,value";
    }

    /** The done mark of a row: its cell key and replication. */
    private static String markOf(String line, List<String> factors) {
        String[] f = line.split(",", -1);
        Map<String, String> cell = new LinkedHashMap<>();
        for (int k = 0; k < factors.size(); k++) {
            cell.put(factors.get(k), f[k]);
        }
        return Study.key(cell) + "\t" + f[factors.size()];
    }

    /** Appends one replication's rows, forces them to disk, then marks the replication done. */
    public synchronized void append(Map<String, String> cell, int replication, List<Study.Row> result) {
        StringBuilder b = new StringBuilder();
        for (Study.Row r : result) {
            for (String f : factors) {
                b.append(cell.get(f)).append(',');
            }
            b.append(replication).append(',').append(r.model()).append(',').append(r.estimator()).append(',')
                    .append(r.metric()).append(',').append(r.value()).append('\n');
        }
        try {
            write(rows, b.toString());
            rows.force(true);
            write(done, Study.key(cell) + "\t" + replication + "\n");
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

    public void close() {
        try {
            rows.close();
            done.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row in the results file, with its cell's factors. */
    public List<Study.Row> readRows(Map<String, Map<String, String>> cellsOut) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(ROWS), StandardCharsets.UTF_8);
            List<Study.Row> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                Map<String, String> cell = new LinkedHashMap<>();
                for (int k = 0; k < factors.size(); k++) {
                    cell.put(factors.get(k), f[k]);
                }
                String key = Study.key(cell);
                cellsOut.putIfAbsent(key, cell);
                int i = factors.size();
                out.add(new Study.Row(key, Integer.parseInt(f[i]), f[i + 1], f[i + 2], f[i + 3], Double.parseDouble(f[i + 4])));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code summary.csv}: factor columns, model, estimator, metric, mean, mcse, replications; written atomically. */
    public Path writeSummary(List<Study.Summary> summary, Map<String, Map<String, String>> cells) {
        StringBuilder b = new StringBuilder(String.join(",", factors)).append(factors.isEmpty() ? "" : ",")
                .append("model,estimator,metric,mean,mcse,replications\n");
        for (Study.Summary s : summary) {
            Map<String, String> cell = cells.get(s.cellKey());
            for (String f : factors) {
                b.append(cell.get(f)).append(',');
            }
            b.append(s.model()).append(',').append(s.estimator()).append(',').append(s.metric()).append(',')
                    .append(s.mean()).append(',').append(s.mcse()).append(',').append(s.replications()).append('\n');
        }
        Path out = dir.resolve(SUMMARY);
        OutputFiles files = new OutputFiles();
        files.add(out, b.toString());
        files.commit();
        return out;
    }

}
