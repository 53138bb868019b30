package org.multisite.cli;

/** Lets tests in other packages run the CLI and get its exit code. */
public final class CliRunAccess {
    private CliRunAccess() {
    }

    public static int run(String... args) {
        return CliRun.of(args).code();
    }
}
