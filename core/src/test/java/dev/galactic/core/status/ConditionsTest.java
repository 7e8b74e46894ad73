package dev.galactic.core.status;

import dev.galactic.core.model.Condition;
import dev.galactic.core.pce.Breach;
import dev.galactic.core.pce.FailReason;
import dev.galactic.core.pce.Path;
import dev.galactic.core.pce.PathMetrics;
import dev.galactic.core.pce.PathResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    static PathResult result(String from, String to, PathResult.Status status, String... nodes) {
        Path p = nodes.length == 0 ? null : new Path(List.of(nodes), List.of(), List.of(nodes).subList(1, nodes.length), PathMetrics.LOCAL, "test", null);
        return new PathResult("acme", "main", "voice", from, to, status, p == null ? null : "voice", p, null,
                status == PathResult.Status.OK ? null : new Breach(FailReason.LATENCY, null, "too slow"));
    }

    static Condition of(List<Condition> cs, String type) {
        return cs.stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void aNodeIsConnectedAndInSyncOrSaysWhatIsMissing() {
        var synced = new Conditions.ConfigState(4, "h4", 4L, "h4", null);
        assertThat(Conditions.node(2, true, synced)).extracting(Condition::status).containsExactly(Condition.Status.TRUE, Condition.Status.TRUE);
        assertThat(Conditions.node(2, true, synced)).extracting(Condition::observedGeneration).containsOnly(2L);
        assertThat(of(Conditions.node(2, false, synced), Conditions.AGENT_CONNECTED).reason()).isEqualTo("Disconnected");
        Condition pending = of(Conditions.node(2, true, new Conditions.ConfigState(5, "h5", 4L, "h4", null)), Conditions.CONFIG_APPLIED);
        assertThat(pending.status()).isEqualTo(Condition.Status.FALSE);
        assertThat(pending.reason()).isEqualTo("Pending");
        assertThat(pending.message()).isEqualTo("runs v4, the controller wants v5");
        Condition failed = of(Conditions.node(2, true, new Conditions.ConfigState(5, "h5", 5L, "h5", "no such device")), Conditions.CONFIG_APPLIED);
        assertThat(failed.reason()).isEqualTo("ApplyFailed");
        assertThat(of(Conditions.node(2, true, null), Conditions.CONFIG_APPLIED).status()).isEqualTo(Condition.Status.UNKNOWN);
    }

    @Test
    void aVpcIsComputedProgrammedAndMeetsItsSlaOnlyWhenEachHolds() {
        List<PathResult> rs = List.of(result("s1", "s2", PathResult.Status.OK, "e1", "c1", "e2"),
                result("s2", "s1", PathResult.Status.OK, "e2", "c1", "e1"));
        List<Condition> ok = Conditions.vpc(3, 3L, rs, n -> true, r -> Conditions.Sla.MET);
        assertThat(ok).extracting(Condition::type).containsExactly(Conditions.PATHS_COMPUTED, Conditions.PROGRAMMED, Conditions.SLA_MET);
        assertThat(ok).extracting(Condition::status).containsOnly(Condition.Status.TRUE);

        Condition behind = of(Conditions.vpc(3, 3L, rs, n -> !n.equals("c1"), r -> Conditions.Sla.MET), Conditions.PROGRAMMED);
        assertThat(behind.status()).isEqualTo(Condition.Status.FALSE);
        assertThat(behind.message()).endsWith(": c1");

        Condition unmeasured = of(Conditions.vpc(3, 3L, rs, n -> true, r -> Conditions.Sla.UNMEASURED), Conditions.SLA_MET);
        assertThat(unmeasured.status()).isEqualTo(Condition.Status.UNKNOWN);
        Condition violated = of(Conditions.vpc(3, 3L, rs, n -> true, r -> r.from().equals("s1") ? Conditions.Sla.violated("latency 40 ms > 30 ms")
                : Conditions.Sla.UNMEASURED), Conditions.SLA_MET);
        assertThat(violated.status()).isEqualTo(Condition.Status.FALSE);
        assertThat(violated.message()).contains("voice s1 → s2: latency 40 ms > 30 ms");
    }

    @Test
    void aDemandWithoutAPathFailsPathsComputedAndARelaxedOneSaysSo() {
        Condition none = of(Conditions.vpc(1, 1L, List.of(result("s1", "s2", PathResult.Status.VIOLATION)), n -> true, r -> Conditions.Sla.MET),
                Conditions.PATHS_COMPUTED);
        assertThat(none.status()).isEqualTo(Condition.Status.FALSE);
        assertThat(none.reason()).isEqualTo("NoPath");
        Condition relaxed = of(Conditions.vpc(1, 1L, List.of(result("s1", "s2", PathResult.Status.VIOLATION, "e1", "c1", "e2")), n -> true,
                r -> Conditions.Sla.MET), Conditions.PATHS_COMPUTED);
        assertThat(relaxed.reason()).isEqualTo("Fallback");
    }

    @Test
    void aSpecNewerThanTheComputedPathsMakesEveryVpcConditionUnknownAtTheOldGeneration() {
        List<Condition> cs = Conditions.vpc(4, 3L, List.of(), n -> true, r -> Conditions.Sla.MET);
        assertThat(cs).extracting(Condition::status).containsOnly(Condition.Status.UNKNOWN);
        assertThat(cs).extracting(Condition::observedGeneration).containsOnly(3L);
        assertThat(Set.copyOf(cs.stream().map(Condition::reason).toList())).containsExactly("Computing");
    }
}
