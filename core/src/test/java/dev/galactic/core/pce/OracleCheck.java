package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Checks engine results against the oracle: validity, optimality, honest violations, backups. */
final class OracleCheck {

    private OracleCheck() {}

    static void checkAll(Scenario sc, List<PathResult> results) {
        Oracle o = new Oracle(sc);
        Map<String, TenantIntent> byTenant = new java.util.HashMap<>();
        for (TenantIntent t : sc.intents()) byTenant.put(t.tenant(), t);
        long perClass = sc.intents().stream().mapToLong(t -> t.classes().size() * t.attachments().keySet().stream()
                .mapToLong(a -> t.attachments().keySet().stream().filter(b -> t.wantsPath(a, b)).count()).sum()).sum();
        assertThat((long) results.size()).isEqualTo(perClass);
        for (PathResult r : results) check(o, byTenant.get(r.tenant()), r);
    }

    static void check(Oracle o, TenantIntent t, PathResult r) {
        String desc = r.tenant() + "/" + r.trafficClass() + " " + r.from() + "->" + r.to() + " " + r;
        TrafficClassSpec c = t.classes().get(r.trafficClass());
        String from = t.attachments().get(r.from()).node(), to = t.attachments().get(r.to()).node();
        boolean endpointExcluded = o.excluded(t, from) || o.excluded(t, to);
        boolean waypointBad = t.spec().mustInclude().stream().anyMatch(w -> o.excluded(t, w));
        if (endpointExcluded || waypointBad) {
            assertThat(r.status()).as(desc).isEqualTo(PathResult.Status.VIOLATION);
            assertThat(r.violation().reason()).as(desc).isIn(FailReason.ENDPOINT_EXCLUDED, FailReason.WAYPOINT_INVALID);
            return;
        }
        if (from.equals(to)) {
            assertThat(r.status()).as(desc).isEqualTo(PathResult.Status.OK);
            assertThat(r.primary().metrics().hops()).isZero();
            return;
        }
        Oracle.Optimum opt = o.optimum(t, c, from, to);
        if (r.status() == PathResult.Status.OK) {
            assertThat(r.violation()).as(desc).isNull();
            List<Oracle.Edge> path = validPath(o, t, r.primary(), from, to, desc);
            for (Oracle.Edge e : path) assertThat(o.admits(c, e)).as(desc + " admits " + e).isTrue();
            Oracle.Eval v = o.eval(path, c);
            assertThat(o.meets(v, c, t.spec().maxHops())).as(desc + " meets " + v).isTrue();
            assertMetrics(r.primary().metrics(), v, desc);
            if (opt.conclusive()) {
                assertThat(opt.feasible()).as(desc + " oracle finds no path").isTrue();
                double[] mine = Oracle.gridValue(c, path);
                assertThat(mine[0]).as(desc + " primary objective").isCloseTo(opt.value()[0], within(1e-6));
                // Only an exact tie on the primary (on the grid) makes the secondary decide.
                if (mine[0] == opt.value()[0]) {
                    assertThat(mine[1]).as(desc + " secondary objective").isLessThanOrEqualTo(opt.value()[1] + 1e-6);
                }
            }
            assertThat(r.primary().why()).isNotBlank();
        } else {
            assertThat(r.violation()).as(desc).isNotNull();
            assertThat(r.violation().detail()).isNotBlank();
            if (opt.conclusive()) assertThat(opt.feasible()).as(desc + " oracle found " + java.util.Arrays.toString(opt.value())).isFalse();
            if (r.status() == PathResult.Status.FALLBACK) {
                List<Oracle.Edge> path = validPath(o, t, r.primary(), from, to, desc);
                if (!r.servedBy().equals("best-effort")) {
                    TrafficClassSpec other = t.classes().get(r.servedBy());
                    for (Oracle.Edge e : path) assertThat(o.admits(other, e)).as(desc).isTrue();
                    assertThat(o.meets(o.eval(path, other), other, t.spec().maxHops())).as(desc).isTrue();
                } else {
                    for (Oracle.Edge e : path) assertThat(e.up()).isTrue();
                }
            } else if (r.primary() != null) {
                // the class's best path that is up, kept rather than dropped: valid and up, not
                // necessarily within the class's limits
                assertThat(c.fallback().action()).as(desc).isNotEqualTo(TrafficClassSpec.FallbackAction.DROP);
                for (Oracle.Edge e : validPath(o, t, r.primary(), from, to, desc)) assertThat(e.up()).as(desc).isTrue();
            } else if (c.fallback().action() != TrafficClassSpec.FallbackAction.DROP) {
                // nothing kept: not even the relaxed class has a path that is up
                Oracle.Optimum any = o.optimum(t, relaxed(c), from, to);
                if (any.conclusive()) assertThat(any.feasible()).as(desc + " a path is up but none was kept").isFalse();
            }
        }
        if (r.primary() != null) checkBackup(o, t, r, from, to, desc);
    }

    private static void checkBackup(Oracle o, TenantIntent t, PathResult r, String from, String to, String desc) {
        Path p = r.primary();
        Set<String> primaryLinks = new HashSet<>();
        for (int i = 0; i < p.links().size(); i++) {
            primaryLinks.add(p.links().get(i) + "|" + p.nodes().get(i) + "|" + p.nodes().get(i + 1));
            primaryLinks.add(p.links().get(i) + "|" + p.nodes().get(i + 1) + "|" + p.nodes().get(i));
        }
        Set<String> inner = new HashSet<>(p.nodes().subList(Math.min(1, p.nodes().size()), Math.max(1, p.nodes().size() - 1)));
        BackupPath b = r.backup();
        if (b == null) {
            if (p.links().isEmpty() || !t.spec().mustInclude().isEmpty() || t.spec().maxHops() != null) return;
            assertThat(o.connected(t, from, to, primaryLinks, Set.of())).as(desc + ": a link-disjoint path exists").isFalse();
            return;
        }
        List<Oracle.Edge> path = validPath(o, t, b.path(), from, to, desc + " backup");
        for (Oracle.Edge e : path) {
            assertThat(primaryLinks).as(desc + " backup shares a link").doesNotContain(e.link() + "|" + e.from() + "|" + e.to());
        }
        if (b.disjointness() == BackupPath.Disjointness.NODE) {
            for (String v : b.path().nodes().subList(1, b.path().nodes().size() - 1)) {
                assertThat(inner).as(desc + " backup shares node").doesNotContain(v);
            }
        } else if (!b.meetsClass() && t.spec().mustInclude().isEmpty() && t.spec().maxHops() == null) {
            // Class-meeting link-disjoint backups are preferred over node-disjoint best effort ones.
            assertThat(o.connected(t, from, to, primaryLinks, inner)).as(desc + ": a node-disjoint path exists").isFalse();
        }
        TrafficClassSpec served = r.servedBy() == null || r.servedBy().equals("best-effort") ? null : t.classes().get(r.servedBy());
        if (b.meetsClass() && served != null) {
            for (Oracle.Edge e : path) assertThat(o.admits(served, e)).as(desc + " backup admits").isTrue();
            assertThat(o.meets(o.eval(path, served), served, t.spec().maxHops())).as(desc + " backup meets").isTrue();
        }
    }

    /** The path is a chain of existing, up links from source to destination within the tenant's rules. */
    static List<Oracle.Edge> validPath(Oracle o, TenantIntent t, Path p, String from, String to, String desc) {
        assertThat(p.nodes().getFirst()).as(desc).isEqualTo(from);
        assertThat(p.nodes().getLast()).as(desc).isEqualTo(to);
        assertThat(p.links()).hasSize(p.nodes().size() - 1);
        assertThat(p.segments()).isEqualTo(p.nodes().subList(1, p.nodes().size()));
        List<Oracle.Edge> path = o.edgesOf(p);
        for (Oracle.Edge e : path) assertThat(e.up()).as(desc + " link down " + e).isTrue();
        for (String v : p.nodes().subList(1, p.nodes().size() - 1)) {
            assertThat(o.isCore(v)).as(desc + " transit through edge " + v).isTrue();
            assertThat(o.excluded(t, v)).as(desc + " crosses excluded " + v).isFalse();
        }
        int next = 0;
        List<String> wp = new java.util.ArrayList<>();
        for (String w : t.spec().mustInclude()) if (wp.isEmpty() || !wp.getLast().equals(w)) wp.add(w); // repeats collapse
        for (String v : p.nodes()) if (next < wp.size() && wp.get(next).equals(v)) next++;
        assertThat(next).as(desc + " waypoints in order").isEqualTo(wp.size());
        return path;
    }

    static void assertMetrics(PathMetrics m, Oracle.Eval v, String desc) {
        assertThat(m.latencyMs()).as(desc).isCloseTo(v.lat(), within(1e-6));
        assertThat(m.jitterMs()).as(desc).isCloseTo(v.jit(), within(1e-6));
        assertThat(m.lossPercent() / 100).as(desc).isCloseTo(v.loss(), within(1e-9));
        assertThat(m.residualLossPercent() / 100).as(desc).isCloseTo(v.residual(), within(1e-9));
        assertThat(m.cost()).as(desc).isCloseTo(v.cost(), within(1e-9));
        assertThat(m.hops()).as(desc).isEqualTo(v.hops());
        if (Double.isInfinite(v.bw())) assertThat(m.bandwidthMbps()).isNull();
        else assertThat(m.bandwidthMbps()).as(desc).isEqualTo(v.bw());
    }

    /** The class's objective with none of its limits, as the PCE keeps a path for a missed SLA. */
    private static TrafficClassSpec relaxed(TrafficClassSpec c) {
        TrafficClassSpec.Mode mode = c.mode() == TrafficClassSpec.Mode.LOWEST_COST ? TrafficClassSpec.Mode.LOWEST_COST : TrafficClassSpec.Mode.LOWEST_LATENCY;
        return new TrafficClassSpec(mode, null, null, null, null);
    }
}
