package org.multisite.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version lives in the POM alone: the build writes it into the jar (GoldenOutputTest checks every JSON carries it). */
class ProvenanceTest {
    @Test
    void theVersionIsThePomsVersion() throws IOException {
        String pom = Files.readString(Path.of("../pom.xml"));
        Matcher m = Pattern.compile("<artifactId>multisite-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("the parent POM's version").isTrue();
        assertThat(Provenance.version()).isEqualTo(m.group(1)).doesNotContain("${");
    }
}
