package org.multisite.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Names each test class whose tests were skipped, in one line of the build's output with the
 * reason (the real-data tests skip when ../shared/data is absent): Surefire's summary counts
 * skipped tests but says why only in its XML reports. Registered for the JUnit Platform by
 * META-INF/services; the modules that depend on the core's test jar use it too.
 */
public final class SkipReport implements TestExecutionListener {
    private final Map<String, List<String>> skipped = new LinkedHashMap<>();

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
        // a skipped class does not finish: report it now
        if (test.getSource().orElse(null) instanceof ClassSource c) {
            report(c.getClassName());
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(test, result.getThrowable().map(Throwable::getMessage).orElse("assumption not met"));
        }
        if (test.getSource().orElse(null) instanceof ClassSource c) {
            report(c.getClassName());
        }
    }

    private void report(String className) {
        List<String> reasons = skipped.remove(className);
        if (reasons != null) {
            String first = reasons.get(0).replaceFirst("^Assumption failed: ", "");
            System.out.println("[SKIPPED] " + className + ": " + reasons.size() + " test" + (reasons.size() == 1 ? "" : "s")
                    + " skipped: " + first);
        }
    }

    private void record(TestIdentifier test, String reason) {
        Object source = test.getSource().orElse(null);
        String className = source instanceof MethodSource m ? m.getClassName()
                : source instanceof ClassSource c ? c.getClassName() : null;
        if (className != null) {
            skipped.computeIfAbsent(className, k -> new ArrayList<>()).add(reason == null ? "skipped" : reason);
        }
    }
}
