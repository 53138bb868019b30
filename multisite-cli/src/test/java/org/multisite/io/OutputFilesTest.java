package org.multisite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, item 1: outputs never replace what a path points to, and leave no temporary file. */
class OutputFilesTest {
    @TempDir
    Path dir;

    private static void write(Path target, String content) {
        OutputFiles files = new OutputFiles();
        files.add(target, content);
        files.commit();
    }

    @Test
    void aSymlinkIsWrittenThroughAndKept() throws IOException {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
        OutputFiles.checkWritable(link, "--json");
        write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        // a link to a file not yet there creates that file
        Path dangling = Files.createSymbolicLink(dir.resolve("later.json"), Path.of("made.json"));
        write(dangling, "made");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(dir.resolve("made.json"))).isEqualTo("made");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("real.json", "link.json",
                    "later.json", "made.json");
        }
        Path loop = Files.createSymbolicLink(dir.resolve("a"), Path.of("a"));
        assertThatThrownBy(() -> OutputFiles.checkWritable(loop, "--json")).hasMessageContaining("symbolic links");
    }

    @Test
    void devicesAndFifosAreWrittenInPlace() throws Exception {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null");
        OutputFiles.checkWritable(devNull, "--json");
        write(devNull, "discarded");
        assertThat(Files.isRegularFile(devNull)).as("/dev/null replaced by a file").isFalse();
        Path fifo = dir.resolve("pipe.json");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "no mkfifo");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        write(fifo, "through the pipe");
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(OutputFiles.special(Path.of("/proc/self/fd/1"))).isTrue();
    }

    @Test
    void aDashIsStandardOutput() {
        StringWriter out = new StringWriter();
        OutputFiles files = new OutputFiles(new PrintWriter(out));
        files.add(Path.of("-"), "to stdout");
        files.commit();
        assertThat(out.toString()).isEqualTo("to stdout");
        assertThat(Path.of("-")).doesNotExist();
        assertThatThrownBy(() -> new OutputFiles().add(Path.of("-"), "x")).hasMessageContaining("standard output");
    }

    /** SIGTERM (Process.destroy on Unix) while a temporary file is staged: the shutdown hook removes it. */
    @Test
    void sigtermRemovesAStagedTemporaryFile() throws Exception {
        Path tmp = dir.resolve(".out.json.tmp");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StagingMain.class.getName(), tmp.toString())
                .redirectErrorStream(true).start();
        try (var in = p.inputReader(StandardCharsets.UTF_8)) {
            assertThat(in.readLine()).isEqualTo("staged");
        }
        assertThat(tmp).exists();
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tmp).doesNotExist();
    }

    /** Stages a temporary file, says so, and waits to be killed. */
    public static final class StagingMain {
        public static void main(String[] args) throws Exception {
            Path tmp = Path.of(args[0]);
            OutputFiles.staging(tmp);
            Files.writeString(tmp, "partial");
            System.out.println("staged");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
