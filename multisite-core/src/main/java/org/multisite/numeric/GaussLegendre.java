package org.multisite.numeric;

/** The 10-point Gauss-Legendre rule on [-1, 1] (Abramowitz & Stegun, table 25.4). */
public final class GaussLegendre {
    private static final double[] NODES = {-0.9739065285171717, -0.8650633666889845, -0.6794095682990244,
        -0.4333953941292472, -0.1488743389816312, 0.1488743389816312, 0.4333953941292472, 0.6794095682990244,
        0.8650633666889845, 0.9739065285171717};
    private static final double[] WEIGHTS = {0.0666713443086881, 0.1494513491505806, 0.2190863625159820,
        0.2692667193099963, 0.2955242247147529, 0.2955242247147529, 0.2692667193099963, 0.2190863625159820,
        0.1494513491505806, 0.0666713443086881};
    /** The rule's number of points. */
    public static final int POINTS = NODES.length;

    private GaussLegendre() {
    }

    /** Node k of the rule on [-1, 1]. */
    public static double node(int k) {
        return NODES[k];
    }

    /** Weight k of the rule on [-1, 1] (the weights sum to 2). */
    public static double weight(int k) {
        return WEIGHTS[k];
    }

    /** The integral of f over [a, b] by the rule on each of {@code panels} equal panels; 0 unless b > a. */
    public static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b, int panels) {
        if (!(b > a)) {
            return 0;
        }
        double width = (b - a) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * width;
            for (int k = 0; k < POINTS; k++) {
                sum += WEIGHTS[k] * 0.5 * width * f.applyAsDouble(mid + 0.5 * width * NODES[k]);
            }
        }
        return sum;
    }
}
