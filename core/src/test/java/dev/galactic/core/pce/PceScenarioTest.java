package dev.galactic.core.pce;

import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import dev.galactic.core.model.VpcSpec;
import dev.galactic.core.telemetry.LinkId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.galactic.core.pce.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-checked cases on a small diamond:
 * <pre>
 *   e1 --1ms-- a --2ms(cost 30)-- c(US) --2ms-- d --1ms-- e2
 *   e1 --4ms-- b --4ms-- e2,  a --5ms-- b --5ms-- d,  a --20ms(cost 50)-- d
 * </pre>
 */
class PceScenarioTest {

    static final List<Resource> NODES = List.of(core("a", "DE"), core("b", "FR"), core("c", "US"), core("d", "DE"),
            edge("e1", "DE"), edge("e2", "DE"), edge("e3", "FR"));
    static final List<Resource> LINKS = List.of(link("e1", "a", 1, 1), link("e2", "d", 1, 1), link("e1", "b", 5, 4),
            link("e2", "b", 5, 4), link("a", "b", 10, 5), link("b", "d", 10, 5), link("a", "c", 30, 2), link("c", "d", 1, 2),
            link("a", "d", 50, 20), link("e3", "b", 1, 3));

    /** Both directions of every link with the same metrics; bandwidth per link as listed. */
    static List<LinkReading> states(Map<String, double[]> overrides) {
        Map<String, Double> bw = Map.of("a--c", 100.0, "c--d", 100.0, "a--b", 1000.0, "b--d", 1000.0, "a--d", 10000.0,
                "e1--a", 10000.0, "e2--d", 10000.0, "e1--b", 500.0, "e2--b", 500.0, "e3--b", 1000.0);
        List<LinkReading> out = new ArrayList<>();
        for (Resource l : LINKS) {
            var s = l.spec(dev.galactic.core.model.LinkSpec.class);
            double[] o = overrides.getOrDefault(l.name(), new double[]{s.latencyMs(), 0, 0});
            out.add(Fixtures.reading(l.name(), s.a(), s.b(), o[0], o[1], o[2], bw.get(l.name()), true, T0));
            out.add(Fixtures.reading(l.name(), s.b(), s.a(), o[0], o[1], o[2], bw.get(l.name()), true, T0));
        }
        return out;
    }

    static Network net(Map<String, double[]> overrides) {
        return Network.build(NODES, LINKS, states(overrides), Freshness.IGNORE);
    }

    static PathResult one(Network g, VpcSpec vpc, TrafficClassSpec cls) {
        return one(g, vpc, Map.of("k", cls), "k");
    }

    static PathResult one(Network g, VpcSpec vpc, Map<String, TrafficClassSpec> classes, String cls) {
        TenantIntent t = intent("acme", vpc, Map.of("s1", "e1", "s2", "e2"), classes);
        return Pce.compute(g, List.of(t)).results().stream()
                .filter(r -> r.from().equals("s1") && r.trafficClass().equals(cls)).findFirst().orElseThrow();
    }

    static final VpcSpec PLAIN = vpc(List.of(), List.of(), List.of(), null);

    @Test
    void lowestLatencyAndLowestCostPickDifferentPaths() {
        Network g = net(Map.of());
        PathResult fast = one(g, PLAIN, cls(Mode.LOWEST_LATENCY, null, null, null, null));
        assertThat(fast.status()).isEqualTo(PathResult.Status.OK);
        assertThat(fast.primary().nodes()).containsExactly("e1", "a", "c", "d", "e2");
        assertThat(fast.primary().segments()).containsExactly("a", "c", "d", "e2");
        assertThat(fast.primary().metrics().latencyMs()).isCloseTo(6, within(1e-9));
        assertThat(fast.primary().runnerUp().nodes()).containsExactly("e1", "b", "e2");
        assertThat(fast.primary().runnerUp().whyLost()).contains("latency 8.000 ms vs latency 6.000 ms");
        PathResult cheap = one(g, PLAIN, cls(Mode.LOWEST_COST, null, null, null, null));
        assertThat(cheap.primary().nodes()).containsExactly("e1", "b", "e2");
        assertThat(cheap.primary().metrics().cost()).isEqualTo(10);
    }

    @Test
    void geoFencingAndAvoidedNodesShapeThePath() {
        Network g = net(Map.of());
        TrafficClassSpec fast = cls(Mode.LOWEST_LATENCY, null, null, null, null);
        assertThat(one(g, vpc(List.of(), List.of(), List.of("US"), null), fast).primary().nodes()).containsExactly("e1", "b", "e2");
        assertThat(one(g, vpc(List.of(), List.of("b"), List.of("us"), null), fast).primary().nodes())
                .containsExactly("e1", "a", "d", "e2");
        PathResult fenced = one(g, vpc(List.of(), List.of(), List.of("DE"), null), fast);
        assertThat(fenced.status()).isEqualTo(PathResult.Status.VIOLATION);
        assertThat(fenced.violation().reason()).isEqualTo(FailReason.ENDPOINT_EXCLUDED);
        PathResult walled = one(g, vpc(List.of(), List.of("a", "b"), List.of(), null), fast);
        assertThat(walled.violation().reason()).isEqualTo(FailReason.EXCLUSIONS);
    }

    @Test
    void latencyBudgetViolationNamesConstraintAndLink() {
        PathResult r = one(net(Map.of()), PLAIN, cls(Mode.LOWEST_LATENCY, 5.0, null, null, null));
        assertThat(r.status()).isEqualTo(PathResult.Status.VIOLATION);
        assertThat(r.violation().reason()).isEqualTo(FailReason.LATENCY);
        assertThat(r.violation().link()).isIn(LinkId.of("a", "c"), LinkId.of("c", "d"));
        assertThat(r.violation().detail()).contains("latency 6.000 ms > 5 ms");
    }

    @Test
    void sitesOnOneEdgeAreDeliveredThereAndTheResultSaysTheWaypointsDoNotApply() {
        TenantIntent t = intent("acme", vpc(List.of("c"), List.of(), List.of(), null), Map.of("s1", "e1", "s2", "e1"),
                Map.of("k", cls(Mode.LOWEST_LATENCY, null, null, null, null)));
        PathResult r = Pce.compute(net(Map.of()), List.of(t)).results().stream().filter(x -> x.from().equals("s1")).findFirst().orElseThrow();
        assertThat(r.status()).isEqualTo(PathResult.Status.OK);
        assertThat(r.primary().nodes()).containsExactly("e1");
        assertThat(r.primary().metrics().hops()).isZero();
        assertThat(r.primary().why()).contains("both sites attach at e1").contains("waypoints (c)").contains("does not take");
    }

    @Test
    void anUnknownBandwidthIsCappedByTheDeclaredCapacity() {
        Resource small = Resource.of(Kind.LINK, ObjectMeta.of("e1--a", null),
                new dev.galactic.core.model.LinkSpec("e1", "a", dev.galactic.core.model.LinkSpec.LinkKind.PHYSICAL, 1.0, 100L, 1.0, null));
        List<Resource> links = List.of(small, link("e2", "a", 1, 1));
        List<Resource> nodes = List.of(core("a", "DE"), edge("e1", "DE"), edge("e2", "DE"));
        // no iperf figure (the telemetry passes +inf for "not measured") and a figure over capacity
        for (double measured : new double[]{Double.POSITIVE_INFINITY, 5000}) {
            Network g = Network.build(nodes, links, List.of(state("e1", "a", 1, 0, 0, measured)), Freshness.IGNORE);
            assertThat(g.bandwidthMbps(g.findLink(null, "e1", "a").orElseThrow())).as("measured " + measured).isEqualTo(100.0);
            Network updated = g.withLinkState(state("e1", "a", 1, 0, 0, measured), Freshness.IGNORE);
            assertThat(updated.bandwidthMbps(updated.findLink(null, "e1", "a").orElseThrow())).isEqualTo(100.0);
        }
        Network g = Network.build(nodes, links, List.of(state("e1", "a", 1, 0, 0, 40)), Freshness.IGNORE);
        assertThat(g.bandwidthMbps(g.findLink(null, "e1", "a").orElseThrow())).isEqualTo(40.0);
    }

    @Test
    void aMissedSlaKeepsTheBestPathThatIsUpUnlessTheTenantAskedForDrop() {
        // The 5 ms budget cannot be met (the fastest path takes 6 ms): by default the traffic
        // stays on that fastest path, flagged, rather than losing its route.
        PathResult kept = one(net(Map.of()), PLAIN, cls(Mode.LOWEST_LATENCY, 5.0, null, null, null));
        assertThat(kept.status()).isEqualTo(PathResult.Status.VIOLATION);
        assertThat(kept.primary()).isNotNull();
        assertThat(kept.primary().nodes()).containsExactly("e1", "a", "c", "d", "e2");
        assertThat(kept.primary().metrics().latencyMs()).isCloseTo(6, within(1e-9));
        assertThat(kept.servedBy()).isEqualTo("k~relaxed");

        TrafficClassSpec drop = new TrafficClassSpec(Mode.LOWEST_LATENCY, new TrafficClassSpec.Thresholds(5.0, null, null, null),
                null, null, new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.DROP, null));
        PathResult dropped = one(net(Map.of()), PLAIN, drop);
        assertThat(dropped.status()).isEqualTo(PathResult.Status.VIOLATION);
        assertThat(dropped.primary()).isNull();
        assertThat(dropped.violation().reason()).isEqualTo(FailReason.LATENCY);

        // zero-loss with every path lossy: the fastest path that is up, not an outage
        Network lossy = net(Map.of("e1--a", new double[]{1, 0, 0.01}, "e1--b", new double[]{4, 0, 0.01}));
        PathResult zero = one(lossy, PLAIN, cls(Mode.ZERO_LOSS, null, null, null, null));
        assertThat(zero.status()).isEqualTo(PathResult.Status.VIOLATION);
        assertThat(zero.primary()).isNotNull();
        assertThat(zero.violation().reason()).isEqualTo(FailReason.ZERO_LOSS);
    }

    @Test
    void budgetsNeedTheConstrainedSearchNotTheGreedyPath() {
        // Lowest cost is e1-b-e2 (8 ms); with a 7 ms budget the cheapest path within it is via c.
        PathResult r = one(net(Map.of()), PLAIN, cls(Mode.LOWEST_COST, 7.0, null, null, null));
        assertThat(r.status()).isEqualTo(PathResult.Status.OK);
        assertThat(r.primary().nodes()).containsExactly("e1", "a", "c", "d", "e2");
        assertThat(r.primary().why()).contains("exact constrained search");
        assertThat(r.primary().runnerUp().whyLost()).contains("latency 8.000 ms > 7 ms");
    }

    @Test
    void lossAndZeroLossPruneLinks() {
        Network g = net(Map.of("c--d", new double[]{2, 0, 5}));
        PathResult lossy = one(g, PLAIN, cls(Mode.LOWEST_LATENCY, null, null, 1.0, null));
        assertThat(lossy.primary().nodes()).containsExactly("e1", "b", "e2");
        PathResult zero = one(net(Map.of("c--d", new double[]{2, 0, 0.01})), PLAIN, cls(Mode.ZERO_LOSS, null, null, null, null));
        assertThat(zero.primary().nodes()).containsExactly("e1", "b", "e2");
        assertThat(zero.primary().metrics().lossPercent()).isZero();
    }

    @Test
    void fecMeetsTheTargetOverALossyLinkAndPaysInBandwidth() {
        Network g = net(Map.of("c--d", new double[]{2, 0, 1}));
        TrafficClassSpec dup = new TrafficClassSpec(Mode.LOSSLESS_FEC, null,
                new TrafficClassSpec.Fec(TrafficClassSpec.FecScheme.DUPLICATION, null, null, 0.05), null, null);
        PathResult r = one(g, PLAIN, dup);
        assertThat(r.primary().nodes()).containsExactly("e1", "a", "c", "d", "e2");
        assertThat(r.primary().metrics().residualLossPercent()).isCloseTo(0.01, within(1e-9)); // 1% squared
        assertThat(r.primary().metrics().usableBandwidthMbps()).isEqualTo(50.0);
        TrafficClassSpec weak = new TrafficClassSpec(Mode.LOSSLESS_FEC, null,
                new TrafficClassSpec.Fec(TrafficClassSpec.FecScheme.ERASURE, 10, 11, 0.05), 60.0, null);
        // 10-of-11 at 1% loss leaves ~0.5% residual: over target, so c-d is pruned.
        assertThat(one(g, PLAIN, weak).primary().nodes()).containsExactly("e1", "b", "e2");
    }

    @Test
    void sustainedBandwidthTakesTheWidestThenFastest() {
        PathResult r = one(net(Map.of()), PLAIN, new TrafficClassSpec(Mode.SUSTAINED_BANDWIDTH, null, null, 50.0, null));
        assertThat(r.primary().nodes()).containsExactly("e1", "a", "d", "e2");
        assertThat(r.primary().metrics().bandwidthMbps()).isEqualTo(10000.0);
        PathResult tooMuch = one(net(Map.of()), PLAIN, new TrafficClassSpec(Mode.SUSTAINED_BANDWIDTH, null, null, 20000.0, null));
        assertThat(tooMuch.violation().reason()).isEqualTo(FailReason.BANDWIDTH);
    }

    @Test
    void waypointsAndHopLimits() {
        Network g = net(Map.of());
        TrafficClassSpec fast = cls(Mode.LOWEST_LATENCY, null, null, null, null);
        assertThat(one(g, vpc(List.of("c", "b"), List.of(), List.of(), null), fast).primary().nodes())
                .containsExactly("e1", "a", "c", "d", "b", "e2");
        PathResult hops = one(g, vpc(List.of(), List.of(), List.of(), 2), fast);
        assertThat(hops.primary().nodes()).containsExactly("e1", "b", "e2");
        PathResult tooFew = one(g, vpc(List.of("c"), List.of(), List.of(), 2), fast);
        assertThat(tooFew.violation().reason()).isEqualTo(FailReason.MAX_HOPS);
        PathResult bad = one(g, vpc(List.of("e3"), List.of(), List.of(), null), fast);
        assertThat(bad.violation().reason()).isEqualTo(FailReason.WAYPOINT_INVALID);
    }

    @Test
    void fallbacksCarryTrafficAndKeepTheViolation() {
        Network g = net(Map.of());
        TrafficClassSpec strict = new TrafficClassSpec(Mode.LOWEST_LATENCY, new TrafficClassSpec.Thresholds(5.0, null, null, null),
                null, null, new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.BEST_EFFORT, null));
        PathResult be = one(g, PLAIN, strict);
        assertThat(be.status()).isEqualTo(PathResult.Status.FALLBACK);
        assertThat(be.servedBy()).isEqualTo("best-effort");
        assertThat(be.primary().nodes()).containsExactly("e1", "b", "e2");
        assertThat(be.violation().reason()).isEqualTo(FailReason.LATENCY);

        TrafficClassSpec toClass = new TrafficClassSpec(Mode.LOWEST_LATENCY, new TrafficClassSpec.Thresholds(5.0, null, null, null),
                null, null, new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.CLASS, "relaxed"));
        Map<String, TrafficClassSpec> classes = new TreeMap<>(Map.of("strict", toClass, "relaxed", cls(Mode.LOWEST_LATENCY, 9.0, null, null, null)));
        PathResult viaClass = one(g, PLAIN, classes, "strict");
        assertThat(viaClass.status()).isEqualTo(PathResult.Status.FALLBACK);
        assertThat(viaClass.servedBy()).isEqualTo("relaxed");
        assertThat(viaClass.primary().metrics().latencyMs()).isCloseTo(6, within(1e-9));

        TrafficClassSpec missing = new TrafficClassSpec(Mode.LOWEST_LATENCY, new TrafficClassSpec.Thresholds(5.0, null, null, null),
                null, null, new TrafficClassSpec.Fallback(TrafficClassSpec.FallbackAction.CLASS, "nope"));
        assertThat(one(g, PLAIN, missing).violation().reason()).isEqualTo(FailReason.UNKNOWN_CLASS);
    }

    @Test
    void hubAndSpokeGivesSpokesPathsToHubsOnly() {
        VpcSpec hub = new VpcSpec(VpcSpec.VpcType.L3VPN, null, new VpcSpec.Topology(VpcSpec.TopologyMode.HUB_AND_SPOKE, List.of("hq")),
                List.of(), List.of(), List.of(), null);
        TenantIntent t = intent("acme", hub, Map.of("hq", "e1", "s2", "e2", "s3", "e3"),
                Map.of("k", cls(Mode.LOWEST_LATENCY, null, null, null, null)));
        List<PathResult> rs = Pce.compute(net(Map.of()), List.of(t)).results();
        assertThat(rs).extracting(r -> r.from() + ">" + r.to()).containsExactly("hq>s2", "hq>s3", "s2>hq", "s3>hq");
    }

    @Test
    void backupIsNodeDisjointAndMeetsTheClass() {
        PathResult r = one(net(Map.of()), PLAIN, cls(Mode.LOWEST_LATENCY, 10.0, null, null, null));
        assertThat(r.backup().path().nodes()).containsExactly("e1", "b", "e2");
        assertThat(r.backup().disjointness()).isEqualTo(BackupPath.Disjointness.NODE);
        assertThat(r.backup().meetsClass()).isTrue();
    }

    @Test
    void staleMeasurementsCountAsDown() {
        List<LinkReading> s = new ArrayList<>(states(Map.of()));
        s.replaceAll(x -> x.linkName().equals("a--c") ? Fixtures.reading(x.linkName(), x.from(), x.to(), 2, 0, 0, 100, true, T0.minusSeconds(600)) : x);
        Network g = Network.build(NODES, LINKS, s, new Freshness(T0, Duration.ofSeconds(60)));
        assertThat(one(g, PLAIN, cls(Mode.LOWEST_LATENCY, null, null, null, null)).primary().nodes()).containsExactly("e1", "b", "e2");
    }

    @Test
    void linkStateChangeRecomputesOnlyWhatItTouches() {
        TenantIntent t = intent("acme", PLAIN, Map.of("s1", "e1", "s2", "e2", "s3", "e3"),
                Map.of("fast", cls(Mode.LOWEST_LATENCY, null, null, null, null), "cheap", cls(Mode.LOWEST_COST, null, null, null, null)));
        Pce pce = Pce.compute(net(Map.of()), List.of(t));
        List<PathResult> changed = pce.update(Fixtures.reading("c--d", "c", "d", 2, 0, 0, 100, false, T0), Freshness.IGNORE);
        // Only c->d changed: the fast path s1>s2 moves; nothing else read that link.
        assertThat(changed).extracting(r -> r.trafficClass() + " " + r.from() + ">" + r.to()).containsExactly("fast s1>s2");
        assertThat(changed.getFirst().primary().nodes()).containsExactly("e1", "b", "e2");
        assertThat(pce.results()).isEqualTo(Pce.compute(pce.network(), List.of(t)).results());
        assertThat(pce.update(Fixtures.reading("c--d", "c", "d", 2, 0, 0, 100, false, T0), Freshness.IGNORE)).isEmpty();
    }

    @Test
    void hysteresisKeepsAGoodPathAndLeavesABadOne() {
        Network g = net(Map.of());
        TrafficClass fast = TrafficClass.of("fast", cls(Mode.LOWEST_LATENCY, 10.0, null, null, null));
        PathResult best = one(g, PLAIN, fast.spec());
        Path viaB = best.backup().path(); // 8 ms, the candidate is 6 ms
        var wide = Stability.choose(g, fast, 0, viaB, best.primary(), new dev.galactic.core.metric.Hysteresis(1, 0.5));
        assertThat(wide.choice()).isEqualTo(Stability.Choice.KEEP);
        assertThat(wide.path().nodes()).isEqualTo(viaB.nodes());
        var tight = Stability.choose(g, fast, 0, viaB, best.primary(), new dev.galactic.core.metric.Hysteresis(1, 0.1));
        assertThat(tight.choice()).isEqualTo(Stability.Choice.SWITCH);
        Network slow = g.withLinkState(Fixtures.reading("e1--b", "e1", "b", 9, 0, 0, 500, true, T0), Freshness.IGNORE);
        var broken = Stability.choose(slow, fast, 0, viaB, best.primary(), new dev.galactic.core.metric.Hysteresis(100, 5));
        assertThat(broken.choice()).isEqualTo(Stability.Choice.SWITCH);
        assertThat(broken.reason()).contains("breaks");
    }
}
