package org.multisite.cli;

import java.util.List;
import java.util.Map;
import org.multisite.sim.Study;

/**
 * Where a study's replications run. The local engine is built in; others (Spark, in the
 * multisite-spark module) are found with {@link java.util.ServiceLoader} when on the class path,
 * so the command line does not depend on them.
 */
public interface StudyEngine {
    /** What one finished replication hands back, in whatever order they finish. */
    interface Sink {
        void accept(Map<String, String> cell, int replication, List<Study.Row> rows);
    }

    /** The name {@code --engine} selects. */
    String name();

    /**
     * Runs replication {@code replications.get(i)} of {@code cells.get(i)} for every i, each as
     * {@link Study#replicate} with the spec that {@code specText} describes (read by
     * {@link org.multisite.io.StudySpecReader} and built by {@link StudyCommand#build}), handing
     * each result to {@code sink} (called from one thread at a time).
     *
     * @param parallelism workers to use where the engine chooses them (a local master's cores)
     */
    void run(String specName, String specText, List<Map<String, String>> cells, List<Integer> replications, int parallelism,
             Sink sink);
}
