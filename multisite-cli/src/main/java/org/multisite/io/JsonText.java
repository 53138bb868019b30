package org.multisite.io;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees built and written without an object mapper: the results' trees hold only objects,
 * arrays, strings, numbers, booleans and nulls, and a mapper's construction (its serializer
 * machinery and the java.time support Jackson 3 registers) took about 50 ms of a 0.36 s fit.
 * The text is the mapper's with {@code INDENT_OUTPUT}: the same generator, the default pretty
 * printer, and each node written by the call its own serializer makes. Doubles are written by
 * Jackson's Schubfach writer ({@code USE_FAST_DOUBLE_WRITER}, Giulietti 2020), twice as fast as
 * Java 17's Double.toString (2.6 million doubles: 0.28-0.41 s against 0.52-0.82 s, a second of
 * a 100,000-site fit's one thread at best). Both write a number that reads back as the same
 * double, Schubfach always the shortest: the same text on every number of a 100,000-site fit
 * and of the goldens, where Java 17 wrote 2.2867278535382688E16 for 2.286727853538269E16.
 */
public final class JsonText {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    /** The write context of INDENT_OUTPUT: a fresh default pretty printer (which keeps its nesting) per generator. */
    private static final ObjectWriteContext INDENTED = new ObjectWriteContext.Base() {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return new DefaultPrettyPrinter();
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }
    };

    private JsonText() {
    }

    /** An empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The tree indented as {@code SerializationFeature.INDENT_OUTPUT} indents it. */
    public static String pretty(JsonNode tree) {
        return text(tree, INDENTED);
    }

    /** The tree on one line, as {@code JsonNode.toString()} writes it (the data of a report page). */
    public static String compact(JsonNode tree) {
        return text(tree, ObjectWriteContext.empty());
    }

    private static String text(JsonNode tree, ObjectWriteContext context) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(context, out)) {
            write(g, tree);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.stringValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                    default -> throw new IllegalArgumentException("a JSON number of type " + node.numberType());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> throw new IllegalArgumentException("a JSON node of type " + node.getNodeType() + " in a result");
        }
    }

    /** A plain value (string, integer, double, map or list of them) as a node. */
    public static JsonNode node(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = f.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), node(v)));
            return o;
        }
        if (value instanceof List<?> list) {
            var a = f.arrayNode();
            list.forEach(v -> a.add(node(v)));
            return a;
        }
        throw new IllegalArgumentException("no JSON form for a " + value.getClass().getSimpleName());
    }
}
