package dev.galactic.core.render;

import dev.galactic.core.pce.BackupPath;
import dev.galactic.core.pce.Path;
import dev.galactic.core.pce.PathMetrics;
import dev.galactic.core.pce.PathResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TenantPathTest {

    static Path path(String... nodes) {
        List<String> n = List.of(nodes);
        return new Path(n, List.of(), n.subList(1, n.size()), PathMetrics.LOCAL, "test", null);
    }

    static PathResult result(Path primary, Path backup) {
        return new PathResult("acme", "main", "voice", "s1", "s2", PathResult.Status.OK, "voice", primary,
                backup == null ? null : new BackupPath(backup, BackupPath.Disjointness.NODE, true), null);
    }

    @Test
    void onlyAPathAcrossTheBackboneIsProgrammed() {
        assertThat(TenantPath.of(result(null, null))).as("nothing carries it").isEmpty();
        assertThat(TenantPath.of(result(path("edge-a"), null))).as("sites on one edge").isEmpty();
        TenantPath p = TenantPath.of(result(path("edge-a", "core1", "edge-b"), path("edge-a", "core2", "edge-b"))).orElseThrow();
        assertThat(p.hops()).containsExactly("edge-a", "core1", "edge-b");
        assertThat(p.backupHops()).containsExactly("edge-a", "core2", "edge-b");
        assertThat(p.demand().toString()).isEqualTo("acme/main voice s1 → s2");
        assertThat(TenantPath.of(result(path("edge-a", "core1", "edge-b"), null)).orElseThrow().backupHops()).isEmpty();
    }
}
