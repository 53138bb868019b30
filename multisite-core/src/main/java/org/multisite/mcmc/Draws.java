package org.multisite.mcmc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Posterior draws column-wise: one primitive array per recorded quantity, chain after chain
 * ({@code column[c * drawsPerChain + i]} is draw i of chain c), followed by the quantities the
 * model recomputes on demand instead of storing ({@link Regenerated}). Immutable once built by
 * the chain runner; accessors return the stored arrays, which callers must not modify.
 */
public final class Draws {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int chains;
    private final int drawsPerChain;
    private final double[][] columns;
    /** Recomputes the quantities after the stored ones; null when all are stored. */
    private final Regenerated regenerated;

    Draws(List<String> names, int chains, int drawsPerChain, double[][] columns) {
        this(names, chains, drawsPerChain, columns, null);
    }

    Draws(List<String> stored, int chains, int drawsPerChain, double[][] columns, Regenerated regenerated) {
        List<String> all = new ArrayList<>(stored);
        if (regenerated != null) {
            all.addAll(regenerated.names());
        }
        this.names = List.copyOf(all);
        this.chains = chains;
        this.drawsPerChain = drawsPerChain;
        this.columns = columns;
        this.regenerated = regenerated;
        this.index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
    }

    /** Draws from columns already laid out chain after chain (for readers and tests). */
    public static Draws of(List<String> names, int chains, double[][] columns) {
        if (names.size() != columns.length || chains < 1) {
            throw new IllegalArgumentException(names.size() + " names for " + columns.length + " columns");
        }
        int total = columns.length == 0 ? 0 : columns[0].length;
        for (double[] c : columns) {
            if (c.length != total || total % chains != 0) {
                throw new IllegalArgumentException("every column must hold chains x draws values");
            }
        }
        return new Draws(names, chains, total / chains, columns);
    }

    public List<String> names() {
        return names;
    }

    public int chains() {
        return chains;
    }

    public int drawsPerChain() {
        return drawsPerChain;
    }

    /** Total number of draws, chains x draws per chain. */
    public int size() {
        return chains * drawsPerChain;
    }

    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no draws of '" + name + "'");
        }
        return i;
    }

    public boolean has(String name) {
        return index.containsKey(name);
    }

    /**
     * All draws of one quantity, chain after chain: the stored array (do not modify), or a new
     * one for a quantity recomputed on demand.
     */
    public double[] column(int p) {
        if (p < columns.length) {
            return columns[p];
        }
        double[] out = new double[size()];
        regenerated.column(this, p - columns.length, out);
        return out;
    }

    /**
     * As {@link #column(int)}, a recomputed quantity's draws written to {@code buffer} (of
     * {@link #size()} values) and it returned; a stored one's array returned as it is.
     */
    public double[] column(int p, double[] buffer) {
        if (p < columns.length) {
            return columns[p];
        }
        regenerated.column(this, p - columns.length, buffer);
        return buffer;
    }

    public double[] column(String name) {
        return column(indexOf(name));
    }

    /** Whether quantity p's draws are held rather than recomputed on each access. */
    public boolean stored(int p) {
        return p < columns.length;
    }

    /** Draw i of quantity p (i counts over all chains). */
    public double get(int p, int i) {
        return p < columns.length ? columns[p][i] : regenerated.value(this, p - columns.length, i);
    }

    /**
     * Draws from .. to - 1 of quantities first .. first + count - 1, draw after draw:
     * out[(i - from) * count + p - first], read from each stored column in runs.
     */
    public void rows(int first, int count, int from, int to, double[] out) {
        if (first >= columns.length) {
            regenerated.rows(this, first - columns.length, count, from, to, out);
            return;
        }
        for (int k = 0; k < count; k++) {
            int p = first + k;
            if (p < columns.length) {
                double[] column = columns[p];
                for (int i = from; i < to; i++) {
                    out[(i - from) * count + k] = column[i];
                }
            } else {
                for (int i = from; i < to; i++) {
                    out[(i - from) * count + k] = regenerated.value(this, p - columns.length, i);
                }
            }
        }
    }
}
