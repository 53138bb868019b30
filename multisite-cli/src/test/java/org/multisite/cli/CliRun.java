package org.multisite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in process and keeps exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
    /**
     * Runs {@code prefix + case[1..] + suffix} for every case and asserts what every refusal must
     * be: exit code 2, one line on stderr containing case[0], and nothing on stdout.
     */
    static void assertRefused(java.util.List<String> prefix, java.util.List<String> suffix, String[][] cases) {
        for (String[] c : cases) {
            java.util.List<String> all = new java.util.ArrayList<>(prefix);
            all.addAll(java.util.List.of(c).subList(1, c.length));
            all.addAll(suffix);
            CliRun r = of(all.toArray(String[]::new));
            org.assertj.core.api.Assertions.assertThat(r.code()).as(all + ": " + r.err()).isEqualTo(2);
            org.assertj.core.api.Assertions.assertThat(r.err()).as(all.toString()).contains(c[0]);
            org.assertj.core.api.Assertions.assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThat(r.out()).as(all.toString()).isEmpty();
        }
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
