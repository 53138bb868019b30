package org.multisite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, read off the source tree: the packages of every module form no cycle;
 * the core library uses no CLI, JSON, CSV or Spark library and prints nothing; the Spark module
 * depends on the core alone (not on the command line). References count wherever they appear in code (imports and fully
 * qualified names), not in comments or strings.
 */
class ArchitectureTest {
    /** The modules' main sources, from the core module's directory (where Maven runs its tests). */
    private static final Path CORE = Path.of("src/main/java/org/multisite");
    private static final Path CLI = Path.of("../multisite-cli/src/main/java/org/multisite");
    private static final Path SPARK = Path.of("../multisite-spark/src/main/java/org/multisite");
    private static final Path SPARK_POM = Path.of("../multisite-spark/pom.xml");
    private static final Pattern PACKAGE = Pattern.compile("^package org\\.multisite\\.(\\w+)", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.multisite\\.([a-z]+)\\b");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'", Pattern.DOTALL);

    /** A source file: its package and its code without comments and string literals. */
    private record Source(Path path, String pkg, String code) {
    }

    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path root : List.of(CORE, CLI, SPARK)) {
            for (Source s : sources(root)) {
                Set<String> to = graph.computeIfAbsent(s.pkg(), k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(s.code());
                while (m.find()) {
                    if (!m.group(1).equals(s.pkg())) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        assertThat(graph).as("packages found").containsKeys("model", "mcmc", "cli");
        assertThat(cycles(graph)).as("package cycles (graph: %s)", graph).isEmpty();
    }

    @Test
    void coreUsesNoCliJsonCsvOrSparkAndPrintsNothing() {
        List<String> found = new ArrayList<>();
        for (Source s : sources(CORE)) {
            for (String forbidden : List.of("picocli", "tools.jackson", "com.fasterxml", "de.siegmar", "org.apache.spark",
                    "System.out", "System.err", "printStackTrace")) {
                if (s.code().contains(forbidden)) {
                    found.add(s.path() + ": " + forbidden);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** The Spark module uses the core alone: no package of the command line in its code, no command-line module in its build. */
    @Test
    void sparkDependsOnTheCoreAlone() throws IOException {
        List<String> found = new ArrayList<>();
        for (Source s : sources(SPARK)) {
            Matcher m = REFERENCE.matcher(s.code());
            while (m.find()) {
                if (List.of("cli", "io", "report").contains(m.group(1))) {
                    found.add(s.path() + ": org.multisite." + m.group(1));
                }
            }
        }
        assertThat(found).isEmpty();
        assertThat(Files.readString(SPARK_POM)).doesNotContain("<artifactId>multisite-cli</artifactId>")
                .contains("<artifactId>multisite-core</artifactId>");
    }

    /** The strongly connected components with more than one package (Tarjan 1972), each as a sorted list. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<List<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of()));
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    private static List<Source> sources(Path root) {
        assertThat(root).as("source folder (tests run from the core module's directory)").isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            List<Source> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(p);
                Matcher m = PACKAGE.matcher(text);
                String pkg = m.find() ? m.group(1) : "";
                out.add(new Source(p, pkg, COMMENTS_AND_STRINGS.matcher(text).replaceAll(" ")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
