package org.multisite.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.opentest4j.TestAbortedException;

/** Issue 14, item 17: a class whose tests were skipped is named in one line, with the reason. */
class SkipReportTest {
    private static TestIdentifier node(String id, TestDescriptor.Type type, org.junit.platform.engine.TestSource source) {
        return TestIdentifier.from(new AbstractTestDescriptor(UniqueId.forEngine("e").append("x", id), id, source) {
            @Override
            public Type getType() {
                return type;
            }
        });
    }

    @Test
    void aClassWithSkippedTestsIsNamedOnceWithTheFirstReason() {
        SkipReport report = new SkipReport();
        TestIdentifier cls = node("c", TestDescriptor.Type.CONTAINER, ClassSource.from("org.example.RealDataTest"));
        TestIdentifier a = node("a", TestDescriptor.Type.TEST, MethodSource.from("org.example.RealDataTest", "a"));
        TestIdentifier b = node("b", TestDescriptor.Type.TEST, MethodSource.from("org.example.RealDataTest", "b"));
        TestIdentifier other = node("o", TestDescriptor.Type.CONTAINER, ClassSource.from("org.example.PassingTest"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            report.executionFinished(a, TestExecutionResult.aborted(new TestAbortedException(
                    "Assumption failed: ../shared/data is absent: skipping the Bogota fit")));
            report.executionFinished(b, TestExecutionResult.aborted(new TestAbortedException("another reason")));
            report.executionFinished(cls, TestExecutionResult.successful());
            report.executionFinished(other, TestExecutionResult.successful());
        } finally {
            System.setOut(out);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[SKIPPED] org.example.RealDataTest: 2 tests skipped: ../shared/data is absent: skipping the Bogota fit"
                        + System.lineSeparator());
    }
}
