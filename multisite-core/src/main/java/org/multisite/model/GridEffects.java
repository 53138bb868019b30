package org.multisite.model;

/**
 * G with mass g_m at equally spaced grid points x_m, each spread evenly over its cell
 * [x_m - h/2, x_m + h/2] for the density and CDF (a histogram density). Mean and SD are those of
 * the masses at the grid points, as the site effects drawn on the grid have.
 */
public final class GridEffects implements EffectDistribution {
    private final double[] x;
    private final double[] mass;
    private final double h;

    /** @param x equally spaced grid, at least two points; @param mass nonnegative, summing to 1 */
    public GridEffects(double[] x, double[] mass) {
        this.x = x;
        this.mass = mass;
        this.h = x[1] - x[0];
    }

    @Override
    public double density(double t) {
        int m = (int) Math.floor((t - x[0]) / h + 0.5);
        return m < 0 || m >= x.length ? 0 : mass[m] / h;
    }

    @Override
    public double cdf(double t) {
        double f = 0;
        for (int m = 0; m < x.length; m++) {
            double left = x[m] - h / 2;
            if (t >= left + h) {
                f += mass[m];
            } else if (t > left) {
                f += mass[m] * (t - left) / h;
            }
        }
        return Math.min(f, 1);
    }

    @Override
    public double mean() {
        double s = 0;
        for (int m = 0; m < x.length; m++) {
            s += mass[m] * x[m];
        }
        return s;
    }

    @Override
    public double sd() {
        double mean = mean();
        double s = 0;
        for (int m = 0; m < x.length; m++) {
            s += mass[m] * (x[m] - mean) * (x[m] - mean);
        }
        return Math.sqrt(s);
    }
}
