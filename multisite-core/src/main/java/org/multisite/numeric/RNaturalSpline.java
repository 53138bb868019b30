package org.multisite.numeric;


/**
 * R's {@code splines::ns(x, df)} basis, column for column (intercept = FALSE), as deconvolveR's
 * g-modeling needs it: its penalty on ||alpha|| depends on the exact basis, not only on the
 * space it spans. Followed from R's splines/R/splines.R (read, not copied):
 * <ul>
 *   <li>df - 1 interior knots at the type-7 quantiles of x at probabilities k / df, boundary
 *       knots at min(x) and max(x), each repeated 4 times in the knot sequence;</li>
 *   <li>the cubic B-spline design at x (at the right boundary, the left limit of the last
 *       interval), and the second derivatives at both boundary knots ({@code const}), each
 *       without its first column;</li>
 *   <li>basis = (Q' basis')' without its first two columns, Q from the Householder QR of
 *       const' (LINPACK dqrdc2's convention: the reflector's sign follows the pivot's, so that
 *       R's diagonal is -sign(pivot) * norm).</li>
 * </ul>
 */
public final class RNaturalSpline {
    private static final int ORDER = 4;

    private RNaturalSpline() {
    }

    /** The length(x) x df basis. */
    public static double[][] ns(double[] x, int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df must be at least 1, got " + df);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException("ns needs at least two distinct values");
        }
        double[] t = knots(x, lo, hi, df - 1);
        int nb = t.length - ORDER;
        // design and boundary constraints without the first B-spline
        double[][] basis = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            basis[i] = java.util.Arrays.copyOfRange(design(t, x[i], 0), 1, nb);
        }
        double[][] constT = new double[nb - 1][2];
        double[] c0 = design(t, lo, 2);
        double[] c1 = design(t, hi, 2);
        for (int j = 1; j < nb; j++) {
            constT[j - 1][0] = c0[j];
            constT[j - 1][1] = c1[j];
        }
        double[] qraux = householder(constT);
        double[][] out = new double[x.length][df];
        for (int i = 0; i < x.length; i++) {
            double[] y = basis[i].clone();
            applyQt(constT, qraux, y);
            System.arraycopy(y, 2, out[i], 0, df);
        }
        return out;
    }

    /**
     * The cubic knot sequence of ns and bs: the boundary knots lo and hi each 4 times, and
     * {@code interior} knots at the type-7 quantiles of x at probabilities k / (interior + 1).
     */
    private static double[] knots(double[] x, double lo, double hi, int interior) {
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        double[] t = new double[2 * ORDER + interior];
        for (int k = 0; k < ORDER; k++) {
            t[k] = lo;
            t[t.length - 1 - k] = hi;
        }
        for (int k = 0; k < interior; k++) {
            t[ORDER + k] = Quantiles.type7(sorted, (k + 1.0) / (interior + 1));
        }
        return t;
    }

    /**
     * R's {@code splines::bs(x, df, degree = 3, intercept = FALSE)}: df - 3 interior knots at the
     * type-7 quantiles of x at probabilities k / (df - 2), boundary knots at min and max repeated
     * 4 times, the cubic B-spline design without its first column (the basis of HETOP's
     * FH-HETOP log-spline priors, R/fh_hetop.R).
     */
    public static double[][] bs(double[] x, int df) {
        if (df < ORDER - 1) {
            throw new IllegalArgumentException("bs needs df >= 3, got " + df);
        }
        double lo = java.util.Arrays.stream(x).min().orElseThrow();
        double hi = java.util.Arrays.stream(x).max().orElseThrow();
        double[] t = knots(x, lo, hi, df - (ORDER - 1));
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(design(t, x[i], 0), 1, t.length - ORDER);
        }
        return out;
    }

    /**
     * ns(x, df) with each column centred over x and scaled to unit norm: deconvolveR's Q for the
     * normal and binomial families (R/deconv.R: {@code scale(ns(tau, pDegree), center = TRUE,
     * scale = FALSE)} then each column divided by its norm). Softmax ignores the constant the
     * centring removes.
     */
    public static double[][] centredUnitNorm(double[] x, int df) {
        double[][] q = ns(x, df);
        int m = x.length;
        for (int k = 0; k < df; k++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += q[i][k];
            }
            mean /= m;
            double norm = 0;
            for (int i = 0; i < m; i++) {
                q[i][k] -= mean;
                norm += q[i][k] * q[i][k];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[i][k] /= norm;
            }
        }
        return q;
    }

    /**
     * The values (deriv 0) or derivatives of all nb = t.length - 4 cubic B-splines at x, by the
     * Cox-de Boor recursion on the knot span holding x (the last non-empty span for x at the
     * right end), derivatives by differencing the lower-order splines.
     */
    static double[] design(double[] t, double x, int deriv) {
        int nb = t.length - ORDER;
        int span = -1;
        for (int i = ORDER - 1; i < nb; i++) {
            if (t[i] <= x && x < t[i + 1]) {
                span = i;
            }
        }
        if (span < 0) {
            // x at the right boundary: the last interval of positive length
            for (int i = nb - 1; i >= ORDER - 1; i--) {
                if (t[i] < t[i + 1]) {
                    span = i;
                    break;
                }
            }
        }
        // b[k][i]: B-spline i of order k + 1 (degree k), nonzero only for span - k <= i <= span
        double[][] b = new double[ORDER][t.length];
        b[0][span] = 1;
        for (int k = 1; k < ORDER; k++) {
            for (int i = span - k; i <= span; i++) {
                double left = 0;
                double right = 0;
                double dl = t[i + k] - t[i];
                if (dl > 0) {
                    left = (x - t[i]) / dl * b[k - 1][i];
                }
                double dr = t[i + k + 1] - t[i + 1];
                if (dr > 0) {
                    right = (t[i + k + 1] - x) / dr * b[k - 1][i + 1];
                }
                b[k][i] = left + right;
            }
        }
        // derivatives: d/dx B_{i,k} = k (B_{i,k-1} / (t_{i+k} - t_i) - B_{i+1,k-1} / (t_{i+k+1} - t_{i+1}))
        // for degree k; applied deriv times to the coefficient of each target spline
        double[] out = new double[nb];
        for (int j = 0; j < nb; j++) {
            out[j] = derivative(t, b, j, ORDER - 1, deriv);
        }
        return out;
    }

    private static double derivative(double[] t, double[][] b, int i, int degree, int deriv) {
        if (deriv == 0) {
            return b[degree][i];
        }
        double value = 0;
        double dl = t[i + degree] - t[i];
        if (dl > 0) {
            value += derivative(t, b, i, degree - 1, deriv - 1) / dl;
        }
        double dr = t[i + degree + 1] - t[i + 1];
        if (dr > 0) {
            value -= derivative(t, b, i + 1, degree - 1, deriv - 1) / dr;
        }
        return degree * value;
    }

    /**
     * Householder QR of a (rows x 2, full rank), in place, as LINPACK dqrdc2 without pivoting:
     * column l is scaled by nrm = sign(a_ll) ||a_l:||, a_ll gets 1 added and is kept as qraux_l,
     * later columns are reflected. Returns qraux.
     */
    static double[] householder(double[][] a) {
        int n = a.length;
        int p = a[0].length;
        double[] qraux = new double[p];
        for (int l = 0; l < p; l++) {
            double nrm = 0;
            for (int i = l; i < n; i++) {
                nrm += a[i][l] * a[i][l];
            }
            nrm = Math.sqrt(nrm);
            if (nrm == 0) {
                continue;
            }
            if (a[l][l] != 0) {
                nrm = Math.copySign(nrm, a[l][l]);
            }
            for (int i = l; i < n; i++) {
                a[i][l] /= nrm;
            }
            a[l][l] += 1;
            for (int j = l + 1; j < p; j++) {
                double s = 0;
                for (int i = l; i < n; i++) {
                    s += a[i][l] * a[i][j];
                }
                double f = -s / a[l][l];
                for (int i = l; i < n; i++) {
                    a[i][j] += f * a[i][l];
                }
            }
            qraux[l] = a[l][l];
            a[l][l] = -nrm;
        }
        return qraux;
    }

    /** y := Q' y with Q from {@link #householder} (LINPACK dqrsl's qty). */
    static void applyQt(double[][] a, double[] qraux, double[] y) {
        int n = a.length;
        for (int j = 0; j < qraux.length; j++) {
            if (qraux[j] == 0) {
                continue;
            }
            double diagonal = a[j][j];
            a[j][j] = qraux[j];
            double s = 0;
            for (int i = j; i < n; i++) {
                s += a[i][j] * y[i];
            }
            double f = -s / a[j][j];
            for (int i = j; i < n; i++) {
                y[i] += f * a[i][j];
            }
            a[j][j] = diagonal;
        }
    }
}
