package dev.galactic.lab;

import dev.galactic.lab.sys.Prerequisites;
import dev.galactic.lab.sys.Prerequisites.Need;
import org.junit.jupiter.api.Assumptions;

import java.util.EnumSet;
import java.util.List;

/**
 * Lab tests need root, namespaces and tools. Where they are missing a developer's run skips
 * with the reason; CI runs with -Dgalactic.requireLab=true (or the project-wide
 * -Dgalactic.requireLabTools=true that scripts/test passes) and then a missing prerequisite
 * fails the test instead of hiding it.
 */
public final class LabAssumptions {

    public static final String REQUIRE_LAB = "galactic.requireLab";
    public static final String REQUIRE_LAB_TOOLS = "galactic.requireLabTools";

    private LabAssumptions() {
    }

    public static void require(Need first, Need... more) {
        List<String> missing = Prerequisites.missing(EnumSet.of(first, more));
        if (missing.isEmpty()) return;
        String msg = "lab prerequisites missing: " + String.join("; ", missing);
        if (Boolean.getBoolean(REQUIRE_LAB) || Boolean.getBoolean(REQUIRE_LAB_TOOLS)) {
            throw new AssertionError(msg + " (" + REQUIRE_LAB + " or " + REQUIRE_LAB_TOOLS + " is true)");
        }
        Assumptions.abort(msg + " (set -D" + REQUIRE_LAB + "=true to make this a failure)");
    }
}
