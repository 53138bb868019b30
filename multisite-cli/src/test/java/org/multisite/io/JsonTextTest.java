package org.multisite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The mapper-free writer against the mapper it replaces, on a tree with every kind of node the results hold. */
class JsonTextTest {
    @Test
    void writesWhatTheIndentingMapperWrites() {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.put("int", 3).put("long", 12_345_678_901L).put("double", 0.14919455541198073).put("tiny", 4.37e-4)
                .put("whole", 2.0).put("text", "quote \" and \u00e9 and \n").put("yes", true).putNull("none");
        root.putArray("empty");
        root.putObject("nothing");
        root.putArray("numbers").add(1.5).add(-0.0).add(1e300).add(7);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", 12);
        details.put("methods", Map.of("diff", 3));
        details.put("list", List.of("a", 2.5));
        root.set("details", JsonText.node(details));
        String mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(root);
        assertThat(JsonText.pretty(root)).isEqualTo(mapper);
        assertThat(JsonText.compact(root)).isEqualTo(root.toString()); // a report page's data
        assertThat(mapper).contains("\"rows\" : 12", "\"methods\" : {", "[ 1.5, -0.0, 1.0E300, 7 ]");
    }

    @Test
    void refusesValuesWithoutAJsonForm() {
        assertThatThrownBy(() -> JsonText.node(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Object");
    }
}
