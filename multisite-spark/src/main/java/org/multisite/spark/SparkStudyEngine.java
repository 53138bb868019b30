package org.multisite.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.multisite.cli.StudyCommand;
import org.multisite.cli.StudyEngine;
import org.multisite.io.StudySpecReader;
import org.multisite.sim.Study;

/**
 * Runs a study's replications as Spark tasks ({@code multisite study --engine spark}, found by
 * {@link java.util.ServiceLoader}). Each task carries only its cell's factors and replication
 * number; executors rebuild the study from the spec's text (once per JVM) and call
 * {@link Study#replicate}, whose result depends on (seed, cell, replication) alone, so the rows
 * equal the local engine's. Replications go out in waves of a few per core; the driver appends
 * each wave's results to the results directory (forced to disk, then marked done) before the
 * next, so an interrupted Spark study resumes like a local one, losing at most a wave.
 *
 * <p>Under spark-submit the master comes from its configuration; otherwise {@code local[N]} with
 * N the study's --threads.
 */
public final class SparkStudyEngine implements StudyEngine {
    /** Tasks per core in a wave: enough to balance uneven replications, few enough to lose little. */
    private static final int TASKS_PER_CORE = 4;
    private static final Map<String, Study.Spec> SPECS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "spark";
    }

    /** One replication of one cell, as shipped to an executor. */
    record Task(LinkedHashMap<String, String> cell, int replication) implements Serializable {
    }

    /** Its rows, shipped back. */
    record Result(LinkedHashMap<String, String> cell, int replication, ArrayList<Study.Row> rows) implements Serializable {
    }

    @Override
    public void run(String specName, String specText, List<Map<String, String>> cells, List<Integer> replications,
                    int parallelism, Sink sink) {
        SparkConf conf = new SparkConf().setAppName("multisite study " + specName);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + parallelism + "]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            int cores = sc.defaultParallelism();
            int wave = Math.max(1, cores * TASKS_PER_CORE);
            for (int from = 0; from < cells.size(); from += wave) {
                List<Task> tasks = new ArrayList<>();
                for (int i = from; i < Math.min(cells.size(), from + wave); i++) {
                    tasks.add(new Task(new LinkedHashMap<>(cells.get(i)), replications.get(i)));
                }
                List<Result> results = sc.parallelize(tasks, Math.min(tasks.size(), cores * TASKS_PER_CORE))
                        .map(t -> new Result(t.cell(), t.replication(),
                                new ArrayList<>(Study.replicate(spec(specName, specText), t.cell(), t.replication()))))
                        .collect();
                for (Result r : results) {
                    sink.accept(r.cell(), r.replication(), r.rows());
                }
            }
        }
    }

    /** The study of a spec text, built once per JVM (driver or executor). */
    static Study.Spec spec(String name, String text) {
        return SPECS.computeIfAbsent(text, t -> StudyCommand.build(StudySpecReader.parse(name, t)));
    }
}
