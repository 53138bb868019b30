package org.multisite.study;

import java.util.List;

/**
 * Where a study's replications run. The local engine ({@link LocalStudyEngine}) is built in;
 * others (Spark, in the multisite-spark module) are found with {@link java.util.ServiceLoader}
 * when on the class path, so that nothing else depends on them.
 */
public interface StudyEngine {
    /** What one finished replication hands back, in whatever order they finish; called from one thread at a time. */
    interface Sink {
        void accept(Task task, List<Row> rows);
    }

    /** The name that selects it ({@code --engine}). */
    String name();

    /**
     * Runs every task as {@link Study#replicate} of {@code spec} and hands each result to {@code sink}.
     *
     * @param parallelism workers to use where the engine chooses them (threads, or a local master's cores)
     */
    void run(StudySpec spec, List<Task> tasks, int parallelism, Sink sink);
}
