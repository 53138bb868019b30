package org.multisite.io;

import org.multisite.data.Family;
import org.multisite.data.SiteData;
import org.multisite.data.UnitData;
import org.multisite.hetop.HetopSimulator;
import org.multisite.sim.SiteSimulator;
import org.multisite.sim.UnitSimulator;

/** Simulated data as the CSV files the other commands read, numbers in shortest round-trip form. */
public final class SimulatedCsv {
    private SimulatedCsv() {
    }

    /** site,estimate,se,true_effect[,x1,...]. */
    public static String sites(SiteSimulator.Simulated sim) {
        SiteData d = sim.data();
        StringBuilder b = new StringBuilder("site,estimate,se,true_effect");
        for (String name : d.covariateNames()) {
            b.append(',').append(name);
        }
        b.append('\n');
        for (int j = 0; j < d.size(); j++) {
            b.append(d.id(j)).append(',').append(d.estimate(j)).append(',').append(d.se(j)).append(',')
                    .append(sim.trueEffects()[j]);
            for (int k = 0; k < d.covariateCount(); k++) {
                b.append(',').append(d.covariate(k)[j]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** site,treatment,outcome,true_effect (the unit's site's effect). */
    public static String units(UnitSimulator.Simulated sim) {
        UnitData d = sim.data();
        StringBuilder b = new StringBuilder("site,treatment,outcome,true_effect\n");
        for (int i = 0; i < d.size(); i++) {
            int j = Integer.parseInt(d.site(i).substring(4)) - 1;
            b.append(d.site(i)).append(',').append(d.treatment(i)).append(',');
            double y = d.outcome(i);
            b.append(d.family() == Family.BINOMIAL ? Integer.toString((int) y) : Double.toString(y));
            b.append(',').append(sim.trueEffects()[j]).append('\n');
        }
        return b.toString();
    }

    /** group,n1..nK,true_mu,true_sigma. */
    public static String hetop(HetopSimulator.Simulated sim) {
        int categories = sim.counts()[0].length;
        StringBuilder b = new StringBuilder("group");
        for (int k = 1; k <= categories; k++) {
            b.append(",n").append(k);
        }
        b.append(",true_mu,true_sigma\n");
        for (int g = 0; g < sim.mu().length; g++) {
            b.append(sim.ids().get(g));
            for (int v : sim.counts()[g]) {
                b.append(',').append(v);
            }
            b.append(',').append(sim.mu()[g]).append(',').append(sim.sigma()[g]).append('\n');
        }
        return b.toString();
    }
}
