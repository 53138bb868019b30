package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.hetop.HetopMle;
import org.multisite.io.CountCsvReader;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite hetop COUNTS.csv}: group means and SDs of a latent score from counts in ordered categories. */
@Command(name = "hetop", mixinStandardHelpOptions = true,
        description = {"Heteroskedastic ordered probit (HETOP): each group's mean and SD of a latent normal score from",
            "the counts of its units in K >= 3 ordered categories, the first two cut points fixed (Reardon et al. 2017;",
            "R's HETOP mle_hetop). Reports the estimates on the fixed-cut scale and standardized (population mean 0,",
            "SD 1, also bias-corrected), and the ICC."},
        footer = {"", "Examples:", "  multisite hetop groups.csv --group group --counts n1,n2,n3,n4 --fixed-cuts -1,0",
            "  multisite hetop groups.csv --counts n1,n2,n3,n4 --json hetop.json"})
public final class HetopCommand implements Callable<Integer> {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COUNTS.csv", description = "One row per group: an id and the count of each category.")
    Path data;

    @Option(names = "--group", defaultValue = "group", description = "Group id column (default: ${DEFAULT-VALUE}; rows are numbered without one).")
    String group;

    @Option(names = "--counts", split = ",", required = true, paramLabel = "COL", description = "The K count columns, lowest category first.")
    List<String> counts = new ArrayList<>();

    @Option(names = "--fixed-cuts", split = ",", paramLabel = "A,B", description = "The first two cut points, A < B (default: -1,0).")
    List<Double> fixedCuts = new ArrayList<>(List.of(-1.0, 0.0));

    @Option(names = "--method", defaultValue = "mle", description = "mle (default) or fh.")
    String method;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout).")
    String json;

    @Option(names = "--quiet", description = "Print nothing on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        if (counts.size() < 3) {
            throw new InputException("--counts: HETOP needs at least 3 categories, got " + counts.size());
        }
        if (fixedCuts.size() != 2 || !(fixedCuts.get(0) < fixedCuts.get(1)) || !Double.isFinite(fixedCuts.get(0))
                || !Double.isFinite(fixedCuts.get(1))) {
            throw new InputException("--fixed-cuts " + fixedCuts + ": expected two increasing numbers A,B");
        }
        if (!method.equals("mle")) {
            throw new InputException("--method " + method + ": " + (method.equals("fh")
                    ? "not available in this version (FH-HETOP is being written); use --method mle" : "expected mle or fh"));
        }
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        List<String> options = counts.stream().map(c -> "--counts").toList();
        CountCsvReader.Result read = CountCsvReader.read(data, group, counts, options, null, null);
        int groups = read.ids().size();
        int[][] n = new int[groups][counts.size()];
        for (int g = 0; g < groups; g++) {
            int total = 0;
            for (int k = 0; k < counts.size(); k++) {
                n[g][k] = read.counts()[k][g];
                total += n[g][k];
            }
            if (total == 0) {
                throw new InputException(data + ", line " + read.lines()[g] + ": group '" + read.ids().get(g)
                        + "' has no units (every count is 0)");
            }
        }
        HetopMle.Result r;
        try {
            r = HetopMle.fit(n, new double[] {fixedCuts.get(0), fixedCuts.get(1)});
        } catch (IllegalArgumentException e) {
            throw new InputException(data + ": " + e.getMessage());
        }
        ObjectNode root = tree(read.ids(), n, r);
        String text = json == null ? null : MAPPER.writeValueAsString(root) + "\n";
        if (text != null && !toStdout) {
            OutputFiles files = new OutputFiles();
            files.add(Path.of(json), text);
            files.commit();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (toStdout) {
            out.print(text);
        } else if (!quiet) {
            out.print(render(read.ids(), n, r));
        }
        out.flush();
        return Main.OK;
    }

    /** contract.md's hetop JSON for the MLE, plus every scale and each group's estimation status. */
    static ObjectNode tree(List<String> ids, int[][] n, HetopMle.Result r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", "mle");
        root.put("categories", n[0].length);
        ArrayNode cuts = root.putArray("cutpoints");
        for (double c : r.fc().cuts()) {
            cuts.add(c);
        }
        ArrayNode groups = root.putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            int total = 0;
            for (int c : n[g]) {
                total += c;
            }
            groups.addObject().put("group", ids.get(g)).put("n", total).put("mu", r.fc().mu()[g]).put("sigma", r.fc().sigma()[g])
                    .put("mu_status", r.muStatus()[g].name().toLowerCase(Locale.ROOT))
                    .put("sigma_status", r.sigmaStatus()[g].name().toLowerCase(Locale.ROOT));
        }
        root.set("standardized", scale(ids, r.star()));
        root.put("icc", r.fc().icc());
        ObjectNode scales = root.putObject("scales");
        scales.set("fc", scale(ids, r.fc()));
        scales.set("zero", scale(ids, r.zero()));
        scales.set("star", scale(ids, r.star()));
        if (r.starbc() != null) {
            scales.set("starbc", scale(ids, r.starbc()));
        }
        root.put("loglik", r.logLik());
        return root;
    }

    private static ObjectNode scale(List<String> ids, HetopMle.Scale s) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode groups = o.putArray("groups");
        for (int g = 0; g < ids.size(); g++) {
            groups.addObject().put("group", ids.get(g)).put("mu", s.mu()[g]).put("sigma", s.sigma()[g]);
        }
        ArrayNode cuts = o.putArray("cutpoints");
        for (double c : s.cuts()) {
            cuts.add(c);
        }
        o.put("icc", s.icc());
        return o;
    }

    private static String render(List<String> ids, int[][] n, HetopMle.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite hetop: maximum likelihood, %d groups, %d categories%n", ids.size(), n[0].length));
        b.append("  cut points:");
        for (double c : r.fc().cuts()) {
            b.append(String.format(Locale.ROOT, " %.4f", c));
        }
        b.append(String.format(Locale.ROOT, "%n  ICC %.4f (bias-corrected %s)   log likelihood %.4f%n%n", r.fc().icc(),
                r.starbc() == null ? "undefined: a group has one unit" : String.format(Locale.ROOT, "%.4f", r.starbc().icc()),
                r.logLik()));
        b.append(String.format(Locale.ROOT, "  %-14s %6s %10s %10s %10s %10s  %s%n", "group", "n", "mu", "sigma", "mu*", "sigma*",
                "status"));
        for (int g = 0; g < ids.size(); g++) {
            int total = 0;
            for (int c : n[g]) {
                total += c;
            }
            String status = r.muStatus()[g] == HetopMle.Status.EST && r.sigmaStatus()[g] == HetopMle.Status.EST ? ""
                    : "mu " + r.muStatus()[g].name().toLowerCase(Locale.ROOT) + ", sigma "
                    + r.sigmaStatus()[g].name().toLowerCase(Locale.ROOT);
            b.append(String.format(Locale.ROOT, "  %-14s %6d %10.4f %10.4f %10.4f %10.4f  %s%n", ids.get(g), total,
                    r.fc().mu()[g], r.fc().sigma()[g], r.star().mu()[g], r.star().sigma()[g], status));
        }
        b.append(String.format(Locale.ROOT, "%n  mu*, sigma*: the standardized scale (population mean 0, SD 1). Sparse groups:"
                + " sigma 'mean' = exp(mean log sigma of the estimated), mu 'min'/'max' = the extreme estimated mean.%n"));
        return b.toString();
    }
}
