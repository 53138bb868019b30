package org.multisite.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.multisite.study.Row;
import org.multisite.study.Study;
import org.multisite.study.StudyEngine;
import org.multisite.study.StudySpec;
import org.multisite.study.Task;

/**
 * Runs a study's replications as Spark tasks ({@code multisite study --engine spark}, found by
 * {@link java.util.ServiceLoader}). The spec, plain serializable data, is broadcast once; each
 * task carries its cell and replication, and an executor runs {@link Study#replicate}, which
 * rebuilds the models through the registry and depends on (seed, cell, replication) alone, so the
 * rows equal the local engine's. Replications go out in waves of a few per core; the driver hands
 * each wave's results to the sink (which appends them to the results directory) before the next,
 * so an interrupted Spark study resumes like a local one, losing at most a wave.
 *
 * <p>Under spark-submit the master comes from its configuration; otherwise {@code local[N]} with
 * N the study's parallelism.
 */
public final class SparkStudyEngine implements StudyEngine {
    /** Tasks per core in a wave: enough to balance uneven replications, few enough to lose little. */
    private static final int TASKS_PER_CORE = 4;

    @Override
    public String name() {
        return "spark";
    }

    /** A finished replication, shipped back to the driver. */
    record Result(Task task, ArrayList<Row> rows) implements Serializable {
    }

    @Override
    public void run(StudySpec spec, List<Task> tasks, int parallelism, Sink sink) {
        SparkConf conf = new SparkConf().setAppName("multisite study");
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + parallelism + "]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            Broadcast<StudySpec> shared = sc.broadcast(spec);
            int cores = sc.defaultParallelism();
            int wave = Math.max(1, cores * TASKS_PER_CORE);
            for (int from = 0; from < tasks.size(); from += wave) {
                List<Task> slice = new ArrayList<>(tasks.subList(from, Math.min(tasks.size(), from + wave)));
                List<Result> results = sc.parallelize(slice, slice.size())
                        .map(t -> new Result(t, new ArrayList<>(Study.replicate(shared.value(), t.cell(), t.replication()))))
                        .collect();
                for (Result r : results) {
                    sink.accept(r.task(), r.rows());
                }
            }
        }
    }
}
