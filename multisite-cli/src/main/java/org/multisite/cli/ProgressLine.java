package org.multisite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.multisite.mcmc.Progress;
import org.multisite.mcmc.SamplerConfig;

/**
 * Progress of a fit on stderr, for runs long enough to wonder about: on a terminal one line,
 * rewritten twice a second once the run has taken 2 s, cleared at the end; otherwise (a log, a
 * pipe) a line every 5 s. Each line names the phase, each chain's warm-up or draws, the time
 * taken and an estimate of the time left. Nothing with {@code --quiet}. The 2 s and "every few
 * seconds" are issue 14's; half a second is often enough for a line to look alive.
 */
final class ProgressLine implements Progress, AutoCloseable {
    private static final long TERMINAL_AFTER_MS = 2000;
    private static final long TERMINAL_EVERY_MS = 500;
    private static final long LOG_EVERY_MS = 5000;
    /** Chains shown one by one up to this many; beyond, their mean. */
    private static final int CHAINS_SHOWN = 8;

    private final PrintWriter err;
    private final String command;
    private volatile SamplerConfig config;
    private final boolean terminal;
    private final AtomicLongArray sweeps;
    private final long start = System.nanoTime();
    /** The thread that prints; null when quiet. */
    private final ScheduledExecutorService ticker;
    private volatile String context = "";
    private volatile String phase = "starting";
    private volatile long phaseStart = System.nanoTime();
    private long nextLog = LOG_EVERY_MS;
    private int lastWidth;

    ProgressLine(PrintWriter err, String command, SamplerConfig config, boolean terminal) {
        this(err, command, config, terminal, false);
    }

    private ProgressLine(PrintWriter err, String command, SamplerConfig config, boolean terminal, boolean quiet) {
        this.err = err;
        this.command = command;
        this.config = config;
        this.terminal = terminal;
        this.sweeps = new AtomicLongArray(config.chains());
        if (quiet) {
            this.ticker = null;
            return;
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "multisite-progress");
            t.setDaemon(true);
            return t;
        });
        long every = terminal ? TERMINAL_EVERY_MS : LOG_EVERY_MS;
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Progress of {@code command} on {@code err}, silent when {@code quiet}; close it when the
     * work is done.
     */
    static ProgressLine start(PrintWriter err, String command, SamplerConfig config, boolean quiet) {
        return new ProgressLine(err, command, config, !quiet && stderrIsTerminal(), quiet);
    }

    /**
     * Whether stderr is a terminal: on Linux, what file descriptor 2 names (a pts or tty device);
     * where there is no /proc, whether the JVM has a console (stdin and stdout terminals).
     */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (!Files.isSymbolicLink(fd2)) {
            return System.console() != null;
        }
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException e) {
            // the descriptor closed between the two calls: no terminal to write to
            return false;
        }
    }

    /** The sampler of the next fit, when it differs from the first (the same chains): analyze's longer second run. */
    void sampler(SamplerConfig next) {
        if (next.chains() != config.chains()) {
            throw new IllegalArgumentException("the progress line counts " + config.chains() + " chains");
        }
        config = next;
    }

    /** What is being fitted, when a command fits several things ({@code model t, 2 of 5}). */
    void context(String text) {
        context = text;
    }

    @Override
    public void phase(String name) {
        for (int c = 0; c < sweeps.length(); c++) {
            sweeps.set(c, 0);
        }
        phaseStart = System.nanoTime();
        phase = name;
    }

    @Override
    public void sweeps(int chain, long done) {
        sweeps.lazySet(chain, done);
    }

    private void tick() {
        tick((System.nanoTime() - start) / 1_000_000);
    }

    /** What the ticker prints {@code elapsedMs} into the run: nothing when quiet or too early. */
    synchronized void tick(long elapsedMs) {
        if (ticker == null) {
            return;
        }
        if (terminal) {
            if (elapsedMs < TERMINAL_AFTER_MS) {
                return;
            }
            // one row, or \r would return to the start of the last one: shorter forms, then cut
            String line = line(elapsedMs, Detail.PERCENT);
            if (line.length() >= width()) {
                line = line(elapsedMs, Detail.NONE);
                line = line.substring(0, Math.min(line.length(), width() - 1));
            }
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            if (elapsedMs < nextLog) {
                return;
            }
            nextLog = elapsedMs + LOG_EVERY_MS;
            err.println(line(elapsedMs, Detail.FULL));
        }
        err.flush();
    }

    /** e.g. {@code multisite fit: sampling 45%: chain 1 warm-up 900/1000, chain 2 draws 10/1000; 12 s, about 15 s left}. */
    /** How much of each chain a line shows: warm-up or draws counts, a percentage, nothing. */
    enum Detail { FULL, PERCENT, NONE }

    String line(long elapsedMs, Detail detail) {
        StringBuilder b = new StringBuilder("multisite ").append(command).append(": ");
        if (!context.isEmpty()) {
            b.append(context).append(", ");
        }
        b.append(phase);
        long perChain = (long) config.warmup() + (long) config.draws() * config.thin();
        if (phase.equals("sampling")) {
            long total = 0;
            List<String> chains = new ArrayList<>();
            for (int c = 0; c < sweeps.length(); c++) {
                long s = sweeps.get(c);
                total += s;
                if (sweeps.length() <= CHAINS_SHOWN && detail == Detail.FULL) {
                    chains.add("chain " + (c + 1) + (s < config.warmup() ? " warm-up " + s + "/" + config.warmup()
                            : " draws " + (s - config.warmup()) / config.thin() + "/" + config.draws()));
                } else if (sweeps.length() <= CHAINS_SHOWN && detail == Detail.PERCENT) {
                    chains.add(String.format(Locale.ROOT, "%.0f", 100.0 * s / perChain));
                }
            }
            double f = (double) total / ((double) perChain * sweeps.length());
            b.append(String.format(Locale.ROOT, " %.0f%%", 100 * f));
            if (!chains.isEmpty() && detail == Detail.FULL) {
                b.append(": ").append(String.join(", ", chains));
            } else if (!chains.isEmpty()) {
                b.append(" (chains ").append(String.join(", ", chains)).append("%)");
            }
            double phaseSeconds = (System.nanoTime() - phaseStart) / 1e9;
            b.append(String.format(Locale.ROOT, "; %s", seconds(elapsedMs / 1000.0)));
            if (f > 0.01) {
                b.append(", about ").append(seconds(phaseSeconds * (1 - f) / f)).append(" left");
            }
        } else {
            b.append("; ").append(seconds(elapsedMs / 1000.0));
        }
        return b.toString();
    }

    /** The terminal's width: COLUMNS when the shell exports it, else 80. */
    private static int width() {
        try {
            return Math.max(20, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    private static String seconds(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        return String.format(Locale.ROOT, "%.0f min", s / 60);
    }

    @Override
    public synchronized void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        if (terminal && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }
}
