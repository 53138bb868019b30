package org.multisite.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output files written all or nothing: contents are collected, then each is written to a
 * temporary file beside its target and moved into place only when every one was written.
 * Targets are checked before any work starts, so a bad path fails fast.
 */
public final class OutputFiles {
    private final Map<Path, String> pending = new LinkedHashMap<>();

    /** Checks that {@code file}'s directory exists and is writable; {@code option} names the flag. */
    public static void checkWritable(Path file, String option) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new InputException(option + " " + file + ": directory " + dir + " is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(option + " " + file + ": is a directory");
        }
    }

    public void add(Path file, String content) {
        pending.put(file, content);
    }

    /** Writes every file, or none. */
    public void commit() {
        List<Path[]> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> e : pending.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                // an ordinary new file (the umask's permissions, unlike createTempFile's owner-only ones)
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                written.add(new Path[] {tmp, target});
            }
            for (Path[] p : written) {
                try {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            for (Path[] p : written) {
                try {
                    Files.deleteIfExists(p[0]);
                } catch (IOException ignored) {
                    // best effort: a stray temporary file is all that can remain
                }
            }
            throw new InputException("cannot write output: " + e.getMessage());
        }
    }
}
