package org.multisite.mcmc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Posterior draws stored column-wise: one primitive array per recorded quantity, chain after
 * chain ({@code column[c * drawsPerChain + i]} is draw i of chain c). Immutable once built by
 * the chain runner; accessors return the stored arrays, which callers must not modify.
 */
public final class Draws {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int chains;
    private final int drawsPerChain;
    private final double[][] columns;

    Draws(List<String> names, int chains, int drawsPerChain, double[][] columns) {
        this.names = List.copyOf(names);
        this.chains = chains;
        this.drawsPerChain = drawsPerChain;
        this.columns = columns;
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

    /** All draws of one quantity, chain after chain (the stored array: do not modify). */
    public double[] column(int p) {
        return columns[p];
    }

    public double[] column(String name) {
        return columns[indexOf(name)];
    }

    /** Draw i of quantity p (i counts over all chains). */
    public double get(int p, int i) {
        return columns[p][i];
    }
}
