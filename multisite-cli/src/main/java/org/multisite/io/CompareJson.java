package org.multisite.io;

import java.util.List;
import org.multisite.compare.Loo;
import org.multisite.compare.ModelComparison;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code {"models": [fit JSON, ...], "loo": [...]}} as contract.md's {@code compare} says. */
public final class CompareJson {
    private CompareJson() {
    }

    public static String write(ModelComparison c, DataDescription source) {
        return JsonText.pretty(tree(c, source)) + "\n";
    }

    public static ObjectNode tree(ModelComparison c, DataDescription source) {
        ObjectNode root = Provenance.tool(JsonText.object());
        ArrayNode models = root.putArray("models");
        for (int m = 0; m < c.fits().size(); m++) {
            ObjectNode tree = FitJson.tree(c.fits().get(m), source);
            tree.put("label", c.labels().get(m));
            models.add(tree);
        }
        root.put("left_out", c.leftOut());
        ArrayNode loo = root.putArray("loo");
        List<Loo> all = c.loo();
        double[] weights = c.stackingWeights();
        for (int m = 0; m < all.size(); m++) {
            ObjectNode o = loo.addObject();
            o.put("model", c.labels().get(m));
            FitJson.num(o, "elpd_loo", all.get(m).elpd());
            FitJson.num(o, "se", all.get(m).se());
            FitJson.num(o, "p_loo", all.get(m).pLoo());
            FitJson.num(o, "pareto_k_max", all.get(m).paretoKMax());
            double[] d = c.differenceFromBest(m);
            FitJson.num(o, "elpd_diff", d[0]);
            FitJson.num(o, "se_diff", d[1]);
            FitJson.num(o, "stacking_weight", weights[m]);
        }
        return root;
    }
}
