package org.multisite.study;

import java.util.ArrayList;
import java.util.List;
import org.multisite.mcmc.Workers;

/** The built-in engine: a fixed pool of worker threads, one replication per task. */
public final class LocalStudyEngine implements StudyEngine {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public void run(StudySpec spec, List<Task> tasks, int parallelism, Sink sink) {
        List<Runnable> replications = new ArrayList<>();
        for (Task task : tasks) {
            replications.add(() -> {
                List<Row> rows = Study.replicate(spec, task.cell(), task.replication());
                synchronized (sink) {
                    sink.accept(task, rows);
                }
            });
        }
        Workers.run("study-worker", parallelism, replications);
    }
}
