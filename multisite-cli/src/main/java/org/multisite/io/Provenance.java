package org.multisite.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import tools.jackson.databind.node.ObjectNode;

/** What made a result: the tool's name and version, the version written by the build from the POM. */
public final class Provenance {
    public static final String TOOL = "multisite";
    private static final String VERSION = load();

    private Provenance() {
    }

    /** The version of this build, as the POM gives it. */
    public static String version() {
        return VERSION;
    }

    /** {@code "tool": {"name": "multisite", "version": ...}} as the first field of a JSON root. */
    public static ObjectNode tool(ObjectNode root) {
        ObjectNode tool = root.putObject("tool");
        tool.put("name", TOOL);
        tool.put("version", VERSION);
        return root;
    }

    private static String load() {
        try (InputStream in = Provenance.class.getResourceAsStream("provenance.properties")) {
            if (in == null) {
                throw new IllegalStateException("missing resource org/multisite/io/provenance.properties (built by Maven)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
