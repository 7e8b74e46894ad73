package dev.galactic.agent.probe;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;

/**
 * Tests that need a system tool: skipped with a clear message when it is missing, unless
 * {@code -Dgalactic.requireLabTools=true} (the project's test script, which installs the tools),
 * where a missing tool fails the test.
 */
final class LabTools {

    private LabTools() {
    }

    static boolean required() {
        return Boolean.getBoolean("galactic.requireLabTools");
    }

    static Path require(String tool, String debianPackage, Optional<Path> found) {
        if (found.isPresent()) {
            return found.get();
        }
        String message = tool + " is not on PATH (Debian package " + debianPackage + ")";
        if (required()) {
            fail(message + " and galactic.requireLabTools=true");
        }
        Assumptions.abort(message + "; skipped. Run with -Dgalactic.requireLabTools=true to make this a failure.");
        return null;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
