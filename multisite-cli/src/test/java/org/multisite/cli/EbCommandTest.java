package org.multisite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EbCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void remlWithACovariateAsTheContractSays() throws IOException {
        // the data of NormalEbTest; REML values from its independent computation
        StringBuilder csv = new StringBuilder("site,estimate,se,x\n");
        double[] y = {0.1, 0.9, -0.4, 1.2, 0.3, -0.2, 0.8, 1.5, -0.6, 0.5};
        double[] v = {0.02, 0.05, 0.03, 0.04, 0.06, 0.02, 0.05, 0.03, 0.04, 0.02};
        double[] x = {1, 0, 2, 1, 0, 3, 2, 0, 1, 3};
        for (int j = 0; j < y.length; j++) {
            csv.append((char) ('a' + j)).append(',').append(y[j]).append(',').append(Math.sqrt(v[j])).append(',').append(x[j]).append('\n');
        }
        Path data = dir.resolve("sites.csv");
        Files.writeString(data, csv.toString());
        CliRun r = CliRun.of("eb", data.toString(), "--method", "reml", "--covariates", "x", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        for (String key : List.of("method", "family", "mu", "mu_se", "tau2", "loglik", "beta", "sites")) {
            assertThat(root.has(key)).as(key).isTrue();
        }
        assertThat(root.has("g")).isFalse();
        assertThat(root.path("method").asString()).isEqualTo("reml");
        assertThat(root.path("tau2").asDouble()).isCloseTo(0.42054165605070304, within(5e-8));
        assertThat(root.path("beta").path("x").asDouble()).isCloseTo(-0.24460465080443095, within(1e-8));
        assertThat(root.path("sites").get(1).path("mean").asDouble()).isCloseTo(0.8817420293743395, within(1e-8));
        CliRun text = CliRun.of("eb", data.toString(), "--method", "dl");
        assertThat(text.out()).contains("normal G by DL", "tau^2", "blup");
        CliRun later = CliRun.of("eb", data.toString(), "--method", "npmle");
        assertThat(later.code()).isEqualTo(2);
        assertThat(later.err()).contains("--method npmle: not available in this version");
        CliRun poisson = CliRun.of("eb", data.toString(), "--family", "poisson");
        assertThat(poisson.code()).isEqualTo(2);
        assertThat(poisson.err()).contains("--family poisson: not available in this version");
        assertThat(poisson.out()).isEmpty();
    }
}
