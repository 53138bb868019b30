package org.multisite.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Output files written all or nothing: contents are collected, then each regular file is
 * written to a temporary file beside it and moved into place only when every one was written.
 * What a path names decides how it is written:
 * <ul>
 *   <li>{@code -}: standard output (one output per command);</li>
 *   <li>a FIFO, a device, or a path under /dev or /proc ({@code /dev/stdout},
 *       {@code /proc/self/fd/1}): written directly, never replaced;</li>
 *   <li>a symbolic link: written through, the file it points to replaced and the link kept;</li>
 *   <li>a regular file or a new path: replaced by the rename.</li>
 * </ul>
 * Targets are checked before any work starts, so a bad path fails fast. A temporary file still
 * present when the JVM exits (SIGTERM, Ctrl-C) is removed by a shutdown hook; SIGKILL can leave
 * one ({@code .NAME.PID.tmp}), never a half-written target.
 */
public final class OutputFiles {
    /** The path that means standard output. */
    public static final String STDOUT = "-";
    private static final int MAX_LINKS = 40;
    /** Temporary files not yet moved into place or removed, for the shutdown hook. */
    private static final Set<Path> TEMPORARY = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputFiles::removeTemporary, "multisite-temporary-files"));
    }

    private final Map<Path, String> pending = new LinkedHashMap<>();
    private final PrintWriter stdout;

    /** Outputs to files only ({@code -} refused). */
    public OutputFiles() {
        this(null);
    }

    /** Outputs to files, and the one named {@code -} to {@code stdout}. */
    public OutputFiles(PrintWriter stdout) {
        this.stdout = stdout;
    }

    /** Whether {@code file} is {@code -}, standard output. */
    public static boolean isStdout(Path file) {
        return file != null && file.toString().equals(STDOUT);
    }

    /**
     * Checks that {@code file} can be written: standard output, a writable FIFO or device, or a
     * file (through its links) in an existing writable directory; {@code option} names the flag.
     */
    public static void checkWritable(Path file, String option) {
        if (isStdout(file)) {
            return;
        }
        if (special(file)) {
            if (!Files.isWritable(file)) {
                throw new InputException(option + " " + file + ": is not writable");
            }
            return;
        }
        Path target;
        try {
            target = throughLinks(file);
        } catch (IOException e) {
            throw new InputException(option + " " + file + ": " + e.getMessage());
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new InputException(option + " " + file + ": directory " + dir + " is not writable");
        }
        if (Files.isDirectory(target)) {
            throw new InputException(option + " " + file + ": is a directory");
        }
    }

    public void add(Path file, String content) {
        if (isStdout(file) && stdout == null) {
            throw new InputException("this output cannot go to standard output (-)");
        }
        pending.put(file, content);
    }

    /** Writes every file, or none of the regular ones. */
    public void commit() {
        List<Path[]> staged = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> e : pending.entrySet()) {
                Path file = e.getKey();
                if (isStdout(file) || special(file)) {
                    continue;
                }
                Path target = throughLinks(file);
                // an ordinary new file (the umask's permissions, unlike createTempFile's owner-only ones)
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                TEMPORARY.add(tmp);
                Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                staged.add(new Path[] {tmp, target});
            }
            for (Path[] p : staged) {
                try {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING);
                }
                TEMPORARY.remove(p[0]);
            }
            for (Map.Entry<Path, String> e : pending.entrySet()) {
                if (isStdout(e.getKey())) {
                    stdout.print(e.getValue());
                    stdout.flush();
                } else if (special(e.getKey())) {
                    try (OutputStream out = Files.newOutputStream(e.getKey(), StandardOpenOption.WRITE)) {
                        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            for (Path[] p : staged) {
                remove(p[0]);
            }
            throw new InputException("cannot write output: " + e.getMessage());
        }
    }

    /**
     * Whether {@code file} is to be written in place: a FIFO, a device or a socket (anything that
     * exists and is neither a regular file nor a directory, following links), or a path under
     * /dev or /proc, whose links ({@code /proc/self/fd/1}) name open files rather than paths.
     */
    static boolean special(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith("/dev/") || abs.startsWith("/proc/")) {
            return true;
        }
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /** The file a chain of symbolic links ends at (the path itself when it is none), absolute. */
    static Path throughLinks(Path file) throws IOException {
        Path p = file.toAbsolutePath().normalize();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw new IOException("too many levels of symbolic links");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    /**
     * Registers a temporary file for removal at exit if it is still there (for writers that
     * stage their own); {@link #staged(Path)} when it has been moved or removed.
     */
    public static void staging(Path tmp) {
        TEMPORARY.add(tmp.toAbsolutePath());
    }

    public static void staged(Path tmp) {
        TEMPORARY.remove(tmp.toAbsolutePath());
    }

    private static void removeTemporary() {
        for (Path p : TEMPORARY) {
            remove(p);
        }
    }

    private static void remove(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is all that can remain
        }
        TEMPORARY.remove(p);
    }
}
