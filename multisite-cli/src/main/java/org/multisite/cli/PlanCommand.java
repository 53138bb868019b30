package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.multisite.data.InvalidParameterException;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.PlanJson;
import org.multisite.mcmc.Memory;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.numeric.Decimals;
import org.multisite.plan.Plan;
import org.multisite.plan.TrialDesign;
import org.multisite.report.HtmlReport;
import org.multisite.report.PlanText;
import org.multisite.sim.Designs;
import org.multisite.study.DataMetric;
import org.multisite.study.Row;
import org.multisite.study.Study;
import org.multisite.study.StudyEngine;
import org.multisite.study.StudySpec;
import org.multisite.study.StudySummary;
import org.multisite.study.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multisite plan}: how many sites and units a multi-site trial needs, by closed forms and by simulation. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Plan a multi-site trial: how many sites and units to estimate, test, describe and rank site effects.",
        description = {"For every design of the grid (--sites x --units), the closed forms at once: the power of the test of"
            + " the average effect and of the test that effects vary (Raudenbush & Liu 2000, as Optimal Design and PowerUpR),"
            + " and the expected width of tau's 95%% Q-profile interval. With --simulate, or a target only a simulation"
            + " answers (rank, shape), the study engine simulates each design under G of --shape and adds: the tests'"
            + " empirical power, tau's posterior interval width, the share of the true top 10%% of sites flagged, and how"
            + " often leave-one-out prefers a G of the true shape's kind to the normal; each with its Monte Carlo error."
            + " Then the smallest design meeting each --target."},
        footer = {"", "Examples:", "  multisite plan --sites 10:100:10 --units 20 --icc 0.15 --effect 0.2 --tau 0.12 --target power=0.8",
            "  multisite plan --outcome binary --control-rate 0.7 --effect 0.1 --tau 0.15 --sites 100:1000:100 --units 20 \\",
            "      --target tau-ci=0.2", "  multisite plan --shape mixture --tau 0.3 --sites 50:200:50 --units 40 --target shape=0.8 --quick"})
public final class PlanCommand implements Callable<Integer> {
    /** The most designs a grid holds: each costs milliseconds in closed form, but minutes in simulation. */
    static final int MAX_DESIGNS = 10_000;
    /** Replications under --quick: a share's Monte Carlo SE is then at most sqrt(0.25 / 50) = 0.071, which the text says. */
    static final int QUICK_REPLICATIONS = 50;
    /** The most replications a plan simulates in all: our bound, hours of the fastest model on 2 cores, and a small task list. */
    static final long MAX_REPLICATIONS = 1_000_000;
    /** The simulation's sampler: the study command's defaults (2 chains, 500 warm-up sweeps, 1,000 draws). */
    static final SamplerConfig SAMPLER = new SamplerConfig(2, 500, 1000, 1, 1, 1);
    /** Under --quick: our shorter chains, enough for the normal model's exact sampler and a first look at the others. */
    static final SamplerConfig QUICK_SAMPLER = new SamplerConfig(2, 300, 500, 1, 1, 1);
    /** Replications run first to time one (the fastest: the first pays for the JIT's warm-up). */
    static final int PILOTS = 3;
    /**
     * Quantities a simulated model records besides its site effects, at least, for the memory
     * check before any model is built (G's parameters; a mixture's are 3 per component); the
     * sampler checks each model's exact need when it starts.
     */
    static final int HYPERPARAMETERS = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--sites", paramLabel = "J|FROM:TO:BY", defaultValue = "10:100:10",
            description = "Sites: a number or a range (default: ${DEFAULT-VALUE}).")
    String sites;

    @Option(names = "--units", paramLabel = "N|FROM:TO:BY", defaultValue = "20",
            description = "Mean units per site: a number or a range (default: ${DEFAULT-VALUE}).")
    String units;

    @Option(names = "--size-cv", defaultValue = "0", description = "Coefficient of variation of the site sizes; the"
            + " closed forms take every site of the mean size, the simulation draws sizes from a gamma (default: ${DEFAULT-VALUE}).")
    double sizeCv;

    @Option(names = "--treated", defaultValue = "0.5", description = "Share of each site's units treated (default: ${DEFAULT-VALUE}).")
    double treated;

    @Option(names = "--outcome", defaultValue = "continuous", description = "continuous (effects in SDs of the outcome) or"
            + " binary (effects as log odds ratios) (default: ${DEFAULT-VALUE}).")
    String outcome;

    @Option(names = "--icc", defaultValue = "0.2", description = "Continuous: share of the outcome's variance between sites"
            + " (default: ${DEFAULT-VALUE}).")
    double icc;

    @Option(names = "--r2", defaultValue = "0", description = "Continuous: share of the within-site variance that unit"
            + " covariates explain (default: ${DEFAULT-VALUE}).")
    double r2;

    @Option(names = "--control-rate", description = "Binary: the control arm's rate (default 0.5).")
    Double controlRate;

    @Option(names = "--se", description = "Every site's standard error instead of --outcome: effects in the estimates' units.")
    Double se;

    @Option(names = "--effect", defaultValue = "0.2", description = "The average effect (default: ${DEFAULT-VALUE}).")
    double effect;

    @Option(names = "--tau", defaultValue = "0.1", description = "The SD of the site effects, in the effect's units (default: ${DEFAULT-VALUE}).")
    double tau;

    @Mixin
    ShapeOptions shape;

    @Option(names = "--target", paramLabel = "NAME=VALUE", description = "Repeatable: power=P (the test of the average"
            + " effect), het-power=P (the test that effects vary), tau-ci=W (tau's expected 95%% interval width at most W),"
            + " rank=P (share of the true top 10%% flagged), shape=P (leave-one-out prefers the true shape's G).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--significance", defaultValue = "0.05", description = "The tests' level (default: ${DEFAULT-VALUE}).")
    double significance;

    @Option(names = "--simulate", description = "Simulate every design even when no target needs it.")
    boolean simulate;

    @Option(names = "--replications", defaultValue = "200", description = "Simulated data sets per design (default: ${DEFAULT-VALUE}).")
    int replications;

    @Option(names = "--quick", description = "A first look: " + QUICK_REPLICATIONS + " replications and shorter chains;"
            + " the text says how precise the answers are.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--engine", defaultValue = "local", description = "local (default) or spark, as for study.")
    String engine;

    @Option(names = "--threads", description = "Worker threads (default: all cores); never changes the results.")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the plan as JSON (- for stdout).")
    Path json;

    @Option(names = "--report", paramLabel = "FILE", description = "Write an HTML page with a chart of each quantity against the sites.")
    Path report;

    @Option(names = "--quiet", description = "No table on stdout, no progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        List<Integer> siteList = siteList();
        List<Double> unitList = unitList();
        if ((long) siteList.size() * unitList.size() > MAX_DESIGNS) {
            throw new InputException("--sites and --units give " + (long) siteList.size() * unitList.size()
                    + " designs; at most " + MAX_DESIGNS);
        }
        if (se != null && (unitList.size() > 1 || sizeCv > 0)) {
            throw new InputException((unitList.size() > 1 ? "--units " + units : "--size-cv " + Decimals.format(sizeCv))
                    + ": --se gives every site's standard error, whatever its size");
        }
        Map<String, String> shapeFactors = shape.factors();
        TrialDesign base = new TrialDesign(siteList.get(0), unitList.get(0), sizeCv, treated, outcome(), effect, tau);
        List<Plan.Target> goals = targets.stream().map(Plan.Target::parse).toList();
        String flexible = goals.stream().anyMatch(t -> t.quantity() == Plan.Quantity.SHAPE) ? flexibleModel(shapeFactors) : null;
        boolean simulating = simulate || quick || goals.stream().anyMatch(t -> t.quantity().simulatedOnly());
        if (replications < 2) {
            throw new InputException("--replications " + replications + ": expected at least 2 (a Monte Carlo error needs two)");
        }
        long total = (long) siteList.size() * unitList.size() * (quick ? QUICK_REPLICATIONS : replications);
        if (simulating && total > MAX_REPLICATIONS) {
            throw new InputException("--replications " + replications + ": " + total + " replications in all over the grid; at most "
                    + MAX_REPLICATIONS);
        }
        if (simulating && significance != DataMetric.LEVEL) {
            throw new InputException("--significance " + Decimals.format(significance) + ": the simulated tests run at "
                    + Decimals.format(DataMetric.LEVEL) + "; give it only without simulating");
        }
        if (json != null) {
            OutputFiles.checkWritable(json, "--json");
        }
        if (report != null) {
            OutputFiles.checkWritable(report, "--report");
        }
        List<Plan.Result> designs = Plan.closedForms(base, siteList, unitList, significance);
        PlanJson.Simulation simulation = null;
        if (simulating) {
            int reps = quick ? QUICK_REPLICATIONS : replications;
            SamplerConfig sampler = (quick ? QUICK_SAMPLER : SAMPLER).withSeed(seed);
            StudySpec study = Plan.study(base, siteList, unitList, shapeFactors, flexible, reps, seed, sampler);
            List<StudySummary> summary;
            try {
                summary = run(study);
            } catch (InvalidParameterException e) {
                if (!e.parameter().equals("draws")) {
                    throw e;
                }
                // the sampler's memory check, in the planner's terms (it has no --draws or --thin)
                int at = e.reason().indexOf(": at most");
                throw new InputException("--sites " + siteList.get(siteList.size() - 1) + ": too many sites to simulate in"
                        + " this JVM's memory (" + (at > 0 ? e.reason().substring(0, at) : e.reason()) + "); simulate fewer"
                        + " sites, or give Java more memory with JAVA_TOOL_OPTIONS=-Xmx...");
            }
            designs = Plan.withSimulation(designs, study, summary);
            simulation = new PlanJson.Simulation(reps, seed, study.models().stream().map(m -> m.g().model()).toList(),
                    sampler.chains(), sampler.warmup(), sampler.draws(), quick);
        }
        boolean preferSimulation = simulating && (!shapeFactors.get("shape").equals("gaussian") || sizeCv > 0);
        List<Plan.Recommendation> recommended = Plan.recommend(designs, goals, preferSimulation);
        PlanJson.Inputs inputs = new PlanJson.Inputs(base, shapeFactors, significance, simulation);
        OutputFiles files = new OutputFiles(spec.commandLine().getOut());
        if (json != null) {
            files.add(json, PlanJson.write(inputs, designs, recommended));
        }
        if (report != null) {
            files.add(report, HtmlReport.renderPlan(PlanJson.tree(inputs, designs, recommended), "multisite plan: "
                    + assumptions(base, shapeFactors)));
        }
        files.commit();
        if (!quiet && (json == null || !OutputFiles.isStdout(json))) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(PlanText.render("multisite plan: " + assumptions(base, shapeFactors), designs, recommended));
            if (quick) {
                out.printf(Locale.ROOT, "--quick: %d replications per design; a simulated share's Monte Carlo SE is up to"
                        + " %.3f (at 0.5): use the full run (--replications) before deciding.%n", QUICK_REPLICATIONS,
                        Math.sqrt(0.25 / QUICK_REPLICATIONS));
            }
            List<String> written = new ArrayList<>();
            for (Path p : new Path[] {json, report}) {
                if (p != null) {
                    written.add(p.toString());
                }
            }
            if (!written.isEmpty()) {
                out.println("Written: " + String.join(", ", written));
            }
            out.flush();
        }
        return Main.OK;
    }

    /** The outcome the options describe; --se replaces it. */
    private TrialDesign.Outcome outcome() {
        if (se != null) {
            return new TrialDesign.KnownSe(se);
        }
        switch (outcome.toLowerCase(Locale.ROOT)) {
            case "continuous":
                if (controlRate != null) {
                    throw new InputException("--control-rate: only with --outcome binary");
                }
                return new TrialDesign.Continuous(icc, r2);
            case "binary":
                return new TrialDesign.Binary(controlRate == null ? 0.5 : controlRate);
            default:
                throw new InputException("--outcome " + outcome + ": expected continuous or binary");
        }
    }

    /** The registry model whose preference over the normal the shape target counts, by the shape's kind. */
    static String flexibleModel(Map<String, String> shapeFactors) {
        return switch (shapeFactors.get("shape")) {
            case "t" -> "t";
            case "mixture", "spike" -> "mixture";
            case "skew", "ald" -> "logspline";
            default -> throw new InputException("--target shape: needs a non-normal --shape (t, mixture, skew, ald or spike):"
                    + " it is how often the comparison prefers that shape's G to the normal");
        };
    }

    static String assumptions(TrialDesign b, Map<String, String> shapeFactors) {
        String o;
        if (b.outcome() instanceof TrialDesign.Continuous c) {
            o = "continuous outcome (icc " + Decimals.format(c.icc()) + ", R^2 " + Decimals.format(c.r2()) + ")";
        } else if (b.outcome() instanceof TrialDesign.Binary c) {
            o = "binary outcome (control rate " + Decimals.format(c.controlRate()) + "; effects in log odds)";
        } else {
            o = "site standard errors " + Decimals.format(((TrialDesign.KnownSe) b.outcome()).se());
        }
        return o + ", " + Math.round(100 * b.treated()) + "% treated" + (b.sizeCv() > 0 ? ", size CV " + Decimals.format(b.sizeCv()) : "")
                + "; average effect " + Decimals.format(b.effect()) + ", tau " + Decimals.format(b.tau()) + ", G "
                + Designs.shape(shapeFactors).describe();
    }

    private List<Integer> siteList() {
        List<Integer> out = new ArrayList<>();
        for (double v : values("--sites", sites)) {
            if (v != Math.rint(v) || v < 2 || v > TrialDesign.MAX_SITES) {
                throw new InputException("--sites " + sites + ": expected whole numbers from 2 to " + TrialDesign.MAX_SITES);
            }
            out.add((int) v);
        }
        return out;
    }

    private List<Double> unitList() {
        List<Double> out = new ArrayList<>();
        for (double v : values("--units", units)) {
            out.add(v);
        }
        return out;
    }

    private static double[] values(String option, String text) {
        if (text.contains(":")) {
            return Ranges.grid(option, text);
        }
        try {
            return new double[] {Decimals.parse(text)};
        } catch (NumberFormatException e) {
            throw new InputException(option + " " + text + ": expected a number or FROM:TO:BY");
        }
    }

    /**
     * Runs the study on the chosen engine, after {@link #PILOTS} replications of the largest
     * design in this process to say how long the whole will take (their rows are kept: a
     * replication is the same wherever it runs).
     */
    private List<StudySummary> run(StudySpec study) {
        StudyEngine chosen = StudyCommand.engine(engine);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new InputException("--threads " + workers + ": expected at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Map<String, String>> cells = study.cells();
        Map<String, String> largest = cells.get(cells.size() - 1);
        // every worker holds one fit of up to the largest design's sites: refused before any
        // model is built (building one of a million sites takes half a minute) when they cannot fit
        int most = Integer.parseInt(largest.get("sites"));
        long concurrent = Math.min(workers, (long) cells.size() * study.replications());
        Memory.checkDraws(study.sampler(), (int) Math.min(Integer.MAX_VALUE, concurrent * (most + HYPERPARAMETERS)), most);
        int pilots = Math.min(PILOTS, study.replications());
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        double fastest = Double.POSITIVE_INFINITY;
        for (int r = 1; r <= pilots; r++) {
            long t = System.nanoTime();
            rows.addAll(Study.replicate(study, largest, r));
            fastest = Math.min(fastest, (System.nanoTime() - t) / 1e9);
        }
        int total = cells.size() * study.replications();
        if (!quiet) {
            // a replication's time grows about as its sites: scale the largest design's fastest pilot
            double maxSites = Double.parseDouble(largest.get("sites"));
            double work = 0;
            for (Map<String, String> c : cells) {
                work += Double.parseDouble(c.get("sites")) / maxSites * study.replications();
            }
            err.printf(Locale.ROOT, "plan: simulating %d design%s x %d replications (%d model%s each): about %.0f s on %d"
                    + " thread%s%n", cells.size(), cells.size() == 1 ? "" : "s", study.replications(), study.models().size(),
                    study.models().size() == 1 ? "" : "s", fastest * work / workers, workers, workers == 1 ? "" : "s");
            err.flush();
        }
        List<Task> todo = new ArrayList<>();
        for (Map<String, String> cell : cells) {
            for (int r = 1; r <= study.replications(); r++) {
                if (!(cell.equals(largest) && r <= pilots)) {
                    todo.add(new Task(new LinkedHashMap<>(cell), r));
                }
            }
        }
        AtomicInteger finished = new AtomicInteger(pilots);
        chosen.run(study, todo, workers, (task, result) -> {
            rows.addAll(result);
            if (!quiet) {
                StudyCommand.progress(err, "plan", finished.incrementAndGet(), total, 0, start);
            }
        });
        if (!quiet && System.console() != null) {
            err.println();
        }
        return StudySummary.of(rows);
    }
}
