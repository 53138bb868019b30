package org.multisite.cli;

import java.io.PrintWriter;
import java.util.List;
import org.multisite.data.InvalidDataException;
import org.multisite.data.InvalidParameterException;
import org.multisite.io.InputException;
import org.multisite.io.Provenance;
import org.multisite.mcmc.Memory;
import org.multisite.mcmc.SamplerException;
import org.multisite.numeric.Decimals;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code multisite} command. Exit codes (contract.md): 0 success, 1 internal error,
 * 2 bad input or usage (one line on stderr), 3 finished but diagnostics failed ({@code --strict}).
 */
@Command(name = "multisite", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "How much, and where, does a treatment effect vary across the sites of a multi-site trial?",
        footer = {"", "Examples:", "  multisite demo", "  multisite fit sites.csv --prior 'tau=half_cauchy(0, 5)' --json fit.json",
            "  multisite estimate students.csv --site school --outcome enrolled_ontime \\",
            "      --family binomial --out schools.csv", "", "'multisite COMMAND --help' describes a command."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int DIAGNOSTICS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(FitCommand.class, CompareCommand.class, AnalyzeCommand.class,
            PlanCommand.class, EbCommand.class, EstimateCommand.class, SimulateCommand.class, StudyCommand.class,
            HetopCommand.class, PotentialOutcomesCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    /**
     * The command line with the subcommand {@code args} name, with none for {@code --version}
     * alone, or with every subcommand when they name none (help, a typo): picocli builds a
     * subcommand's model from all its annotated options when it is added, which for every
     * command took a quarter of a small fit's whole run (and half of {@code --version}'s 0.2 s).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return cli;
        }
        Class<?> only = null;
        for (Class<?> c : COMMANDS) {
            if (args.length > 0 && c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                only = c;
            }
        }
        for (Class<?> c : COMMANDS) {
            if (only == null || c == only) {
                cli.addSubcommand(c);
            }
        }
        return cli;
    }

    /** {@code --version}: the build's version ({@link Provenance}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Provenance.TOOL + " " + Provenance.version()};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: fit, compare, analyze, plan, eb, estimate, simulate, study, hetop, potential-outcomes or demo");
    }

    /**
     * The last resort when the sizes checked before allocating (mcmc.Memory) were not enough: one
     * line, exit 2, nothing written (outputs are renamed into place only when complete).
     */
    private static final String OUT_OF_MEMORY = "multisite: out of memory (this JVM's heap is %s): ask for fewer draws or"
            + " sites, or give Java more memory with JAVA_TOOL_OPTIONS=-Xmx...";

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    private static Double number(String text) {
        try {
            return Decimals.parse(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
    }

    /** Runs the CLI with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        // numbers as Decimals reads them: picocli's Double.valueOf takes 2f and 0x1p3 too
        cli.registerConverter(Double.class, Main::number);
        cli.registerConverter(double.class, Main::number);
        cli.setParameterExceptionHandler((ex, a) -> {
            String command = ex.getCommandLine().getCommandName();
            String prefix = command.equals("multisite") ? "multisite" : "multisite " + command;
            ex.getCommandLine().getErr().println(prefix + ": " + oneLine(ex.getMessage()) + " (see " + prefix + " --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InputException) {
                commandLine.getErr().println("multisite: " + oneLine(ex.getMessage()));
                return USAGE;
            }
            if (ex instanceof InvalidParameterException p) {
                commandLine.getErr().println("multisite: " + oneLine(option(p)));
                return USAGE;
            }
            if (ex instanceof InvalidDataException d) {
                // data that break a model's rule where no reader gave them a file and line (simulated data)
                commandLine.getErr().println("multisite: " + oneLine(d.getMessage()));
                return USAGE;
            }
            if (ex instanceof SamplerException s) {
                commandLine.getErr().println("multisite: the sampler stopped: " + oneLine(s.getMessage()));
                return INTERNAL;
            }
            if (outOfMemory(ex)) {
                commandLine.getErr().println(OUT_OF_MEMORY.formatted(Memory.bytes(Runtime.getRuntime().maxMemory())));
                debug(ex, commandLine.getErr());
                return USAGE;
            }
            commandLine.getErr().println("multisite: internal error: " + oneLine(String.valueOf(ex)));
            debug(ex, commandLine.getErr());
            return INTERNAL;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(OUT_OF_MEMORY.formatted(Memory.bytes(Runtime.getRuntime().maxMemory())));
            debug(e, err);
            code = USAGE;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A refused parameter as the command line spells it: a prior as {@code --prior NAME=DIST}, any
     * other parameter as its option, the library's name with dashes ({@code grid_points} is
     * {@code --grid-points}): the library's names are the options' names.
     */
    static String option(InvalidParameterException p) {
        return p.isPrior() ? "--prior " + p.getMessage() : p.messageFor("--" + p.parameter().replace('_', '-'));
    }

    /** The stack trace, for developers, when MULTISITE_DEBUG is set. */
    private static void debug(Throwable t, PrintWriter err) {
        if (System.getenv("MULTISITE_DEBUG") != null) {
            t.printStackTrace(err);
        }
    }

    /** An out-of-memory error anywhere in the cause chain (a chain's worker wraps it). */
    private static boolean outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
