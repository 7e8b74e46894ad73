package dev.galactic.core.telemetry;

import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ProbePlannerTest {

    static NodeSpec node(NodeRole role, String address) {
        return new NodeSpec(role, null, List.of(address), null);
    }

    static LinkSpec link(String a, String b) {
        return new LinkSpec(a, b, LinkSpec.LinkKind.WIREGUARD, null, null, null, null);
    }

    final Map<String, NodeSpec> nodes = new TreeMap<>(Map.of(
            "core1", node(NodeRole.CORE, "fd00::1"), "core2", node(NodeRole.CORE, "fd00::2"),
            "core3", node(NodeRole.CORE, "fd00::3"), "edgeA", node(NodeRole.EDGE, "fd00::a"),
            "edgeB", node(NodeRole.EDGE, "fd00::b"), "edgeC", node(NodeRole.EDGE, "fd00::c")));
    final List<LinkSpec> links = List.of(link("edgeA", "core1"), link("core3", "edgeA"), link("edgeB", "core2"),
            link("core1", "core2"), link("edgeC", "core3"), link("edgeA", "edgeB"));

    static Set<String> targetsOf(ProbePlan plan, String node, ProbeType type) {
        Set<String> out = new java.util.TreeSet<>();
        plan.forNode(node).targets().stream().filter(t -> t.type() == type).forEach(t -> out.add(t.node()));
        return out;
    }

    @Test
    void coresMeshEdgesProbeUplinksAndRelatedEdges() {
        ProbePlan plan = ProbePlanner.plan(nodes, links, Set.of(EdgePair.of("edgeB", "edgeA")), ProbePolicy.DEFAULTS);
        assertThat(targetsOf(plan, "core1", ProbeType.UDP)).containsExactly("core2", "core3");
        assertThat(targetsOf(plan, "core3", ProbeType.ICMP)).containsExactly("core1", "core2");
        assertThat(targetsOf(plan, "edgeA", ProbeType.UDP)).containsExactly("core1", "core3", "edgeB");
        assertThat(targetsOf(plan, "edgeB", ProbeType.UDP)).containsExactly("core2", "edgeA");
        assertThat(targetsOf(plan, "edgeC", ProbeType.UDP)).containsExactly("core3");
        // edge peers get no iperf by default; uplinks and the core mesh do
        assertThat(targetsOf(plan, "edgeA", ProbeType.IPERF)).containsExactly("core1", "core3");
        ProbeTarget udp = plan.forNode("edgeA").targets().stream()
                .filter(t -> t.type() == ProbeType.UDP && t.node().equals("core3")).findFirst().orElseThrow();
        assertThat(udp.interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(udp.addresses()).containsExactly("fd00::3");
        assertThat(udp.relation()).isEqualTo(ProbeRelation.EDGE_UPLINK);
        assertThat(plan.forNode("core1").links()).containsExactly(LinkId.of("core1", "core2"), LinkId.of("core1", "core3"));
    }

    @Test
    void intervalsFollowThePolicy() {
        ProbePlan plan = ProbePlanner.plan(nodes, links, Set.of(), ProbePolicy.DEFAULTS);
        Map<ProbeType, Duration> seen = new TreeMap<>();
        plan.forNode("core2").targets().forEach(t -> seen.put(t.type(), t.interval()));
        assertThat(seen).containsEntry(ProbeType.UDP, Duration.ofMillis(100)).containsEntry(ProbeType.ICMP, Duration.ofSeconds(1))
                .containsEntry(ProbeType.TCP, Duration.ofSeconds(5)).containsEntry(ProbeType.HTTP, Duration.ofSeconds(5));
    }

    /** Independent check of the schedule: pairwise interval overlap, not the slot bookkeeping. */
    @Property(tries = 200)
    void iperfRunsNeverOverlapWhenTheyConflict(@ForAll @IntRange(min = 1, max = 12) int n,
                                               @ForAll @IntRange(min = 0, max = 100) int densityPercent,
                                               @ForAll boolean nodeExclusive, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<LinkId> links = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a != b && rnd.nextInt(100) < densityPercent) links.add(LinkId.of("n" + a, "n" + b));
            }
        }
        IperfExclusivity ex = nodeExclusive ? IperfExclusivity.NODE : IperfExclusivity.LINK;
        Duration run = Duration.ofSeconds(10), guard = Duration.ofSeconds(2);
        IperfSchedule s = IperfSchedule.plan(links, run, guard, Duration.ofMinutes(5), ex);
        assertThat(s.runs()).extracting(IperfSchedule.Run::link).containsExactlyInAnyOrderElementsOf(new HashSet<>(links));
        for (IperfSchedule.Run r : s.runs()) {
            assertThat(r.endNanos() + guard.toNanos()).isLessThanOrEqualTo(s.period().toNanos());
        }
        for (int i = 0; i < s.runs().size(); i++) {
            for (int j = i + 1; j < s.runs().size(); j++) {
                IperfSchedule.Run x = s.runs().get(i), y = s.runs().get(j);
                Set<String> xn = Set.of(x.link().from(), x.link().to()), yn = Set.of(y.link().from(), y.link().to());
                boolean conflicting = ex == IperfExclusivity.LINK ? xn.equals(yn) : xn.stream().anyMatch(yn::contains);
                boolean overlapping = x.startNanos() < y.endNanos() + guard.toNanos() && y.startNanos() < x.endNanos() + guard.toNanos();
                assertThat(conflicting && overlapping).as("%s and %s", x, y).isFalse();
            }
        }
    }

    @Test
    void periodGrowsWhenRunsDoNotFit() {
        List<LinkId> mesh = new ArrayList<>();
        for (int a = 0; a < 6; a++) for (int b = 0; b < 6; b++) if (a != b) mesh.add(LinkId.of("c" + a, "c" + b));
        IperfSchedule s = IperfSchedule.plan(mesh, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(1),
                IperfExclusivity.NODE);
        // 30 directed runs, at most 3 disjoint pairs at a time among 6 nodes: at least 10 slots of 15 s
        assertThat(s.period()).isGreaterThanOrEqualTo(Duration.ofSeconds(150));
        assertThat(IperfSchedule.plan(mesh, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofHours(1),
                IperfExclusivity.LINK).period()).isEqualTo(Duration.ofHours(1));
    }
}
