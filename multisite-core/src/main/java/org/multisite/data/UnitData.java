package org.multisite.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multisite.data.InvalidDataException;

/**
 * Unit-level records of a multi-site trial: each unit's site, treatment (0/1), outcome and
 * unit covariates. Immutable; validated (treatment 0 or 1, outcome finite and, for the
 * binomial family, 0 or 1; covariates finite).
 */
public final class UnitData {
    private final List<String> sites;
    private final int[] treatment;
    private final double[] outcome;
    private final List<String> covariateNames;
    /** covariates[k][i]: covariate k of unit i. */
    private final double[][] covariates;
    private final Family family;

    private UnitData(List<String> sites, int[] treatment, double[] outcome, List<String> covariateNames,
                     double[][] covariates, Family family) {
        this.sites = sites;
        this.treatment = treatment;
        this.outcome = outcome;
        this.covariateNames = covariateNames;
        this.covariates = covariates;
        this.family = family;
    }

    /** Records added one unit at a time, then validated by {@link #build()}. */
    public static final class Builder {
        private final List<String> covariateNames;
        private final Family family;
        private final List<String> sites = new ArrayList<>();
        private final List<Integer> treatment = new ArrayList<>();
        private final List<Double> outcome = new ArrayList<>();
        private final List<double[]> covariates = new ArrayList<>();

        private Builder(List<String> covariateNames, Family family) {
            this.covariateNames = List.copyOf(covariateNames);
            this.family = family;
        }

        /** One unit: its site, treatment, outcome and covariates in the builder's order. */
        public Builder add(String site, int t, double y, double... z) {
            if (z.length != covariateNames.size()) {
                throw new IllegalArgumentException(z.length + " covariates for " + covariateNames.size() + " names");
            }
            sites.add(site);
            treatment.add(t);
            outcome.add(y);
            covariates.add(z.clone());
            return this;
        }

        /** @throws InvalidDataException as {@link UnitData#of} */
        public UnitData build() {
            double[][] x = new double[covariateNames.size()][sites.size()];
            for (int i = 0; i < sites.size(); i++) {
                for (int k = 0; k < x.length; k++) {
                    x[k][i] = covariates.get(i)[k];
                }
            }
            return of(sites, treatment.stream().mapToInt(Integer::intValue).toArray(),
                    outcome.stream().mapToDouble(Double::doubleValue).toArray(), covariateNames, x, family);
        }
    }

    /** A builder of records with these covariates (in this order) and outcome family. */
    public static Builder builder(List<String> covariateNames, Family family) {
        return new Builder(covariateNames, family);
    }

    /**
     * @param covariates covariates[k][i] is covariate k of unit i
     * @throws InvalidDataException naming the first unit (0-based) that breaks a rule
     */
    public static UnitData of(List<String> sites, int[] treatment, double[] outcome, List<String> covariateNames,
                              double[][] covariates, Family family) {
        int n = sites.size();
        if (treatment.length != n || outcome.length != n || covariates.length != covariateNames.size()) {
            throw new InvalidDataException("sites, treatments, outcomes and covariates differ in length");
        }
        for (int i = 0; i < n; i++) {
            if (treatment[i] != 0 && treatment[i] != 1) {
                throw new InvalidDataException("unit " + (i + 1) + ": treatment must be 0 or 1, got " + treatment[i]);
            }
            if (!Double.isFinite(outcome[i])) {
                throw new InvalidDataException("unit " + (i + 1) + ": outcome is not finite");
            }
            if (family == Family.BINOMIAL && outcome[i] != 0 && outcome[i] != 1) {
                throw new InvalidDataException("unit " + (i + 1) + ": a binomial outcome must be 0 or 1, got " + outcome[i]);
            }
        }
        double[][] copy = new double[covariates.length][];
        for (int k = 0; k < covariates.length; k++) {
            if (covariates[k].length != n) {
                throw new InvalidDataException("covariate '" + covariateNames.get(k) + "' has " + covariates[k].length
                        + " values for " + n + " units");
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(covariates[k][i])) {
                    throw new InvalidDataException("unit " + (i + 1) + ": covariate '" + covariateNames.get(k) + "' is not finite");
                }
            }
            copy[k] = covariates[k].clone();
        }
        return new UnitData(List.copyOf(sites), treatment.clone(), outcome.clone(), List.copyOf(covariateNames), copy, family);
    }

    public int size() {
        return sites.size();
    }

    public Family family() {
        return family;
    }

    public List<String> covariateNames() {
        return covariateNames;
    }

    public String site(int i) {
        return sites.get(i);
    }

    public int treatment(int i) {
        return treatment[i];
    }

    public double outcome(int i) {
        return outcome[i];
    }

    public double covariate(int k, int i) {
        return covariates[k][i];
    }

    /** The units of each site (0-based indices), sites in order of first appearance. */
    public Map<String, int[]> bySite() {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            groups.computeIfAbsent(sites.get(i), s -> new ArrayList<>()).add(i);
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        groups.forEach((s, units) -> out.put(s, units.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }
}
