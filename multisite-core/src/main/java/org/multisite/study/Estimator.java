package org.multisite.study;

import java.util.List;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;

/** Estimators of the site effects that a study compares: one function each from the data and a fit. */
public enum Estimator {
    /** The raw estimates y_j. */
    ML("ml") {
        @Override
        double[] estimates(SiteData data, Study.Estimates fit) {
            return data.estimates();
        }
    },
    /** Posterior means. */
    PM("pm") {
        @Override
        double[] estimates(SiteData data, Study.Estimates fit) {
            return fit.posteriorMeans().clone();
        }
    },
    /** Constrained Bayes (Louis 1984, Ghosh 1992). */
    CB("cb") {
        @Override
        double[] estimates(SiteData data, Study.Estimates fit) {
            double[] out = new double[data.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = fit.goals().cb(j);
            }
            return out;
        }
    },
    /** Triple-goal (Shen & Louis 1998). */
    GR("gr") {
        @Override
        double[] estimates(SiteData data, Study.Estimates fit) {
            double[] out = new double[data.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = fit.goals().gr(j);
            }
            return out;
        }
    };

    private final String label;

    Estimator(String label) {
        this.label = label;
    }

    /** Its name in specs and results. */
    public String label() {
        return label;
    }

    /** Each site's estimate, in the data's order. */
    abstract double[] estimates(SiteData data, Study.Estimates fit);

    /** @throws InvalidParameterException (estimators) for an unknown name */
    public static Estimator named(String name) {
        for (Estimator e : values()) {
            if (e.label.equals(name)) {
                return e;
            }
        }
        throw InvalidParameterException.of("estimators", name, "expected one of " + labels());
    }

    /** Every estimator's name. */
    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(Estimator::label).toList();
    }
}
