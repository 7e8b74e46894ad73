package dev.galactic.lab.e2e;

import dev.galactic.lab.Lab;
import dev.galactic.lab.LabStatus;
import dev.galactic.lab.Progress;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Prerequisites;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every test with a whole lab does before and after it. */
final class LabTests {

    private LabTests() {
    }

    /**
     * Skips the test when the lab's tools (and {@code extra}) are missing, or fails it under
     * -Dgalactic.requireLab=true.
     */
    static void requireLab(Prerequisites.Need... extra) {
        EnumSet<Prerequisites.Need> needs = EnumSet.of(Prerequisites.Need.ROOT, Prerequisites.Need.IPROUTE2, Prerequisites.Need.TUN,
                Prerequisites.Need.WG, Prerequisites.Need.WIREGUARD_GO, Prerequisites.Need.PING);
        needs.addAll(List.of(extra));
        List<String> missing = Prerequisites.missing(needs);
        if (!missing.isEmpty()) {
            if (Boolean.getBoolean("galactic.requireLab")) throw new AssertionError("lab prerequisites missing: " + missing);
            Assumptions.abort("lab prerequisites missing: " + missing + " (-Dgalactic.requireLab=true makes this a failure)");
        }
    }

    /** Takes the lab down and checks that none of its namespaces is left. */
    static void down(Path work, LabStatus lab) throws Exception {
        if (work == null) return;
        String prefix = lab == null ? null : lab.prefix();
        Lab.down(work, new Progress(System.out));
        if (prefix != null) assertThat(Netns.list()).noneMatch(ns -> ns.startsWith(prefix + "-"));
    }
}
