package org.multisite.summary;

import org.multisite.mcmc.Draws;
import org.multisite.mcmc.Workers;
import org.multisite.numeric.PooledOrder;

/**
 * The draws of every site's effect, read site by site or draw by draw: arrays held, or the
 * columns of {@link Draws}, whose site effects may be recomputed on each read rather than held.
 */
public abstract class SiteDraws {
    private final int sites;
    private final int draws;

    private SiteDraws(int sites, int draws) {
        this.sites = sites;
        this.draws = draws;
    }

    /** theta[j][s], draw s of site j (held, not copied). */
    public static SiteDraws of(double[][] theta) {
        return new SiteDraws(theta.length, theta[0].length) {
            @Override
            public double[] column(int j, double[] buffer) {
                return theta[j];
            }

            @Override
            public void rows(int from, int to, double[] out) {
                int n = theta.length;
                for (int j = 0; j < n; j++) {
                    double[] t = theta[j];
                    for (int i = from; i < to; i++) {
                        out[(i - from) * n + j] = t[i];
                    }
                }
            }
        };
    }

    /** The quantities {@code first} .. {@code first + sites - 1} of {@code draws}. */
    public static SiteDraws of(Draws draws, int first, int sites) {
        return new SiteDraws(sites, draws.size()) {
            @Override
            public double[] column(int j, double[] buffer) {
                return draws.column(first + j, buffer);
            }

            @Override
            public void rows(int from, int to, double[] out) {
                draws.rows(first, sites, from, to, out);
            }
        };
    }

    public int sites() {
        return sites;
    }

    public int draws() {
        return draws;
    }

    /** Site j's draws: a held array (do not modify) or {@code buffer} (of {@link #draws()} values) filled. */
    public abstract double[] column(int j, double[] buffer);

    /** Draws from .. to - 1 of every site, draw after draw: out[(i - from) * sites + j]. */
    public abstract void rows(int from, int to, double[] out);

    /** Every site's draws as the parts of a pool, read in ranges of sites on the common pool's threads. */
    PooledOrder.Parts pool() {
        return new PooledOrder.Parts() {
            @Override
            public int count() {
                return sites;
            }

            @Override
            public void scan(int chunks, PooledOrder.PartBody body) {
                Workers.forEach(chunks, 1, chunk -> {
                    double[] buffer = new double[draws];
                    int to = PooledOrder.chunkStart(chunk + 1, sites, chunks);
                    for (int j = PooledOrder.chunkStart(chunk, sites, chunks); j < to; j++) {
                        body.accept(chunk, j, column(j, buffer));
                    }
                });
            }
        };
    }
}
