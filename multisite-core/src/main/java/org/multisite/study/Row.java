package org.multisite.study;

import java.io.Serializable;

/** One value of a study: replication {@code replication} (1-based) of the cell with {@code cellKey}. */
public record Row(String cellKey, int replication, String model, String estimator, String metric, double value)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The estimator column of model-level and data metrics. */
    public static final String NO_ESTIMATOR = "-";
    /** The model column of data metrics ({@link DataMetric}). */
    public static final String NO_MODEL = "-";
}
