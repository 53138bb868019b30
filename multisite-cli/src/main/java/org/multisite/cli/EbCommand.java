package org.multisite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.multisite.data.SiteData;
import org.multisite.eb.NormalEb;
import org.multisite.io.InputException;
import org.multisite.io.OutputFiles;
import org.multisite.io.SiteCsvReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code multisite eb DATA.csv --method dl|ml|reml}: empirical Bayes for a normal G. */
@Command(name = "eb", mixinStandardHelpOptions = true,
        description = "Empirical Bayes for a normal G, as R's metafor (rma, then blup): tau^2 by DerSimonian-Laird, "
            + "maximum likelihood or restricted maximum likelihood, with site covariates; mu, its SE, tau^2, and each "
            + "site's BLUP with its SE. (The NPMLE and Efron's g-modeling come in a later version.)",
        footer = {"", "Examples:", "  multisite eb sites.csv --method reml", "  multisite eb sites.csv --method dl --covariates x --json eb.json"})
public final class EbCommand implements Callable<Integer> {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA.csv", description = "Site-level CSV with a header row.")
    Path data;

    @Option(names = "--method", defaultValue = "reml", description = "dl, ml or reml (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--family", defaultValue = "normal", description = "Likelihood of the estimates: normal "
            + "(default; poisson and binomial come with the NPMLE and Efron's g-modeling).")
    String family;

    @Option(names = "--site", defaultValue = "site", description = "Column of site ids (default: ${DEFAULT-VALUE}).")
    String siteColumn;

    @Option(names = "--estimate", defaultValue = "estimate", description = "Column of effect estimates (default: ${DEFAULT-VALUE}).")
    String estimateColumn;

    @Option(names = "--se", defaultValue = "se", description = "Column of standard errors (default: ${DEFAULT-VALUE}).")
    String seColumn;

    @Option(names = "--covariates", split = ",", paramLabel = "NAME", description = "Numeric site covariates (not centred: mu is the intercept at 0).")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE ('-' for stdout).")
    String json;

    @Option(names = "--quiet", description = "Print nothing on stdout.")
    boolean quiet;

    @Override
    public Integer call() {
        NormalEb.Method m = switch (method.toLowerCase(Locale.ROOT)) {
            case "dl" -> NormalEb.Method.DL;
            case "ml" -> NormalEb.Method.ML;
            case "reml" -> NormalEb.Method.REML;
            case "npmle", "efron" -> throw new InputException("--method " + method
                    + ": not available in this version (available: dl, ml, reml)");
            default -> throw new InputException("--method " + method + ": expected dl, ml or reml");
        };
        if (!"normal".equalsIgnoreCase(family)) {
            throw new InputException("--family " + family + ": "
                    + (List.of("poisson", "binomial").contains(family.toLowerCase(Locale.ROOT))
                            ? "not available in this version (available: normal)" : "expected normal, poisson or binomial"));
        }
        boolean toStdout = "-".equals(json);
        if (json != null && !toStdout) {
            OutputFiles.checkWritable(Path.of(json), "--json");
        }
        SiteData sites = SiteCsvReader.read(data, new SiteCsvReader.Columns(siteColumn, estimateColumn, seColumn,
                List.copyOf(covariates)));
        NormalEb.Result r;
        try {
            r = NormalEb.fit(sites, m);
        } catch (IllegalArgumentException e) {
            throw new InputException(data + ": " + e.getMessage());
        }
        String text = json == null ? null : MAPPER.writeValueAsString(tree(sites, r)) + "\n";
        if (text != null && !toStdout) {
            OutputFiles files = new OutputFiles();
            files.add(Path.of(json), text);
            files.commit();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (toStdout) {
            out.print(text);
        } else if (!quiet) {
            out.print(render(sites, r));
        }
        out.flush();
        return Main.OK;
    }

    /** The contract's eb JSON for the normal methods. */
    static ObjectNode tree(SiteData sites, NormalEb.Result r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", r.method().name().toLowerCase(Locale.ROOT));
        root.put("family", "normal");
        root.put("mu", r.mu());
        root.put("mu_se", r.muSe());
        root.put("tau2", r.tau2());
        root.put("loglik", r.logLik());
        ObjectNode beta = root.putObject("beta");
        for (int k = 0; k < sites.covariateCount(); k++) {
            beta.put(sites.covariateNames().get(k), r.beta()[k + 1]);
        }
        ObjectNode betaSe = root.putObject("beta_se");
        for (int k = 0; k < sites.covariateCount(); k++) {
            betaSe.put(sites.covariateNames().get(k), Math.sqrt(r.betaCovariance()[k + 1][k + 1]));
        }
        ArrayNode list = root.putArray("sites");
        for (int j = 0; j < sites.size(); j++) {
            ObjectNode o = list.addObject();
            o.put("site", sites.id(j));
            o.put("estimate", sites.estimate(j));
            o.put("se", sites.se(j));
            o.put("mean", r.blup()[j]);
            o.put("sd", r.blupSe()[j]);
        }
        return root;
    }

    private static String render(SiteData sites, NormalEb.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "multisite eb: normal G by %s, %d sites%n", r.method().name(), sites.size()));
        b.append(String.format(Locale.ROOT, "  mu %.6g (se %.6g)   tau^2 %.6g (tau %.6g)   log likelihood %.6g%n", r.mu(),
                r.muSe(), r.tau2(), Math.sqrt(r.tau2()), r.logLik()));
        for (int k = 0; k < sites.covariateCount(); k++) {
            b.append(String.format(Locale.ROOT, "  beta[%s] %.6g (se %.6g)%n", sites.covariateNames().get(k),
                    r.beta()[k + 1], Math.sqrt(r.betaCovariance()[k + 1][k + 1])));
        }
        b.append(String.format(Locale.ROOT, "%n  %-14s %10s %10s %10s %10s%n", "site", "estimate", "se", "blup", "blup se"));
        for (int j = 0; j < sites.size(); j++) {
            b.append(String.format(Locale.ROOT, "  %-14s %10.4g %10.4g %10.4g %10.4g%n", sites.id(j), sites.estimate(j),
                    sites.se(j), r.blup()[j], r.blupSe()[j]));
        }
        return b.toString();
    }
}
