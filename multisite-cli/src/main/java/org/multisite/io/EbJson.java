package org.multisite.io;

import java.util.Arrays;
import java.util.Locale;
import org.multisite.data.SiteData;
import org.multisite.eb.EfronFit;
import org.multisite.eb.NormalEb;
import org.multisite.eb.Npmle;
import org.multisite.numeric.Vectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** contract.md's {@code eb} JSON: fields a method does not define are absent. */
public final class EbJson {
    /** Points of the normal G's curve on the report's page. */
    private static final int CURVE_POINTS = 201;

    private EbJson() {
    }

    public static String write(ObjectNode tree) {
        return JsonText.pretty(tree) + "\n";
    }

    /** The normal methods (dl, ml, reml): mu, its SE, tau^2, the covariates' coefficients, and each site's BLUP. */
    public static ObjectNode normal(SiteData sites, NormalEb.Result r) {
        ObjectNode root = root(r.method().name().toLowerCase(Locale.ROOT), "normal");
        root.put("mu", r.mu());
        root.put("mu_se", r.muSe());
        root.put("tau2", r.tau2());
        root.put("loglik", r.logLik());
        ObjectNode beta = root.putObject("beta");
        ObjectNode betaSe = root.putObject("beta_se");
        for (int k = 0; k < sites.covariateCount(); k++) {
            beta.put(sites.covariateNames().get(k), r.beta()[k + 1]);
            betaSe.put(sites.covariateNames().get(k), Math.sqrt(r.betaCovariance()[k + 1][k + 1]));
        }
        putUnits(root, EfronFit.Units.of(sites), r.blup(), r.blupSe());
        return root;
    }

    /** The NPMLE: no tau2, mu_se or beta; G as grid, mass and cdf; each site's posterior mean, SD and interval. */
    public static ObjectNode npmle(SiteData sites, Npmle.Result r) {
        ObjectNode root = root("npmle", "normal");
        root.put("mu", Vectors.dot(r.grid(), r.mass()));
        root.put("loglik", r.logLik());
        root.put("iterations", r.iterations());
        root.put("kkt_gap", r.kktGap());
        ArrayNode list = putUnits(root, EfronFit.Units.of(sites), r.mean(), r.sd());
        for (int j = 0; j < sites.size(); j++) {
            ((ObjectNode) list.get(j)).put("lower", r.lower()[j]).put("upper", r.upper()[j]);
        }
        double[] cdf = new double[r.grid().length];
        double running = 0;
        for (int k = 0; k < cdf.length; k++) {
            running += r.mass()[k];
            cdf[k] = Math.min(1, running);
        }
        putColumns(root.putObject("g"), new String[] {"grid", "mass", "cdf"}, r.grid(), r.mass(), cdf);
        return root;
    }

    /** Efron's g-modeling: g with its SE, cdf with its SE, bias, and S; each family's own fields after. */
    public static ObjectNode efron(EfronFit f) {
        ObjectNode root = root("efron", f.family());
        root.put("mu", Vectors.dot(f.fit().tau(), f.fit().g()));
        root.put("df", f.df());
        root.put("penalty", f.penalty());
        putUnits(root, f.units(), f.posteriorMean(), f.posteriorSd());
        ObjectNode g = root.putObject("g");
        putColumns(g, new String[] {"grid", "mass", "se", "cdf", "cdf_se", "bias"}, f.fit().tau(), f.fit().g(), f.fit().seG(),
                f.fit().cdf(), f.fit().seCdf(), f.fit().bias());
        root.put("S", f.fit().s());
        switch (f.family()) {
            case "normal" -> {
                root.put("noise", f.bins() > 0 ? "unit" : "se");
                if (f.bins() > 0) {
                    root.put("bins", f.bins());
                }
            }
            case "poisson" -> {
                root.put("support", f.support());
                root.put("ignore_zero", f.ignoreZero());
                if (f.thinned() != null) {
                    putColumns(g, new String[] {"thinned"}, f.thinned());
                }
            }
            default -> {
            }
        }
        return root;
    }

    /**
     * The report page's data: the JSON, and for the normal methods G's curve ({@code curve: {grid,
     * density}}) over the estimates' range widened by 3 tau at each end.
     */
    public static ObjectNode page(ObjectNode tree, SiteData sites, NormalEb.Result normal) {
        ObjectNode page = tree.deepCopy();
        if (normal != null) {
            double sd = Math.sqrt(Math.max(normal.tau2(), 0));
            double lo = Math.min(Arrays.stream(sites.estimates()).min().orElse(0), normal.mu() - 3 * sd);
            double hi = Math.max(Arrays.stream(sites.estimates()).max().orElse(0), normal.mu() + 3 * sd);
            double[][] curve = normal.density(lo, hi, CURVE_POINTS);
            if (curve[1] != null) {
                putColumns(page.putObject("curve"), new String[] {"grid", "density"}, curve[0], curve[1]);
            }
        }
        return page;
    }

    /** The JSON root every method shares: method and family. */
    private static ObjectNode root(String method, String family) {
        ObjectNode root = Provenance.tool(JsonText.object());
        root.put("method", method);
        root.put("family", family);
        return root;
    }

    /** The contract's {@code sites} array: each unit's input columns, with its EB mean and sd. */
    private static ArrayNode putUnits(ObjectNode root, EfronFit.Units units, double[] mean, double[] sd) {
        ArrayNode list = root.putArray("sites");
        for (int j = 0; j < units.size(); j++) {
            ObjectNode o = list.addObject().put("site", units.ids().get(j));
            for (int c = 0; c < units.names().size(); c++) {
                String name = units.names().get(c);
                double v = units.columns()[c][j];
                // counts, trials and successes as JSON integers
                boolean count = !name.equals("estimate") && !name.equals("se") && v == Math.rint(v);
                if (count) {
                    o.put(name, (long) v);
                } else {
                    o.put(name, v);
                }
            }
            o.put("mean", mean[j]).put("sd", sd[j]);
        }
        return list;
    }

    /** Named arrays of equal length under {@code node} (the contract's {@code g}). */
    private static void putColumns(ObjectNode node, String[] names, double[]... columns) {
        for (int c = 0; c < names.length; c++) {
            ArrayNode a = node.putArray(names[c]);
            for (double v : columns[c]) {
                a.add(v);
            }
        }
    }
}
