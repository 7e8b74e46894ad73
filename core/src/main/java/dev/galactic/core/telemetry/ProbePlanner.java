package dev.galactic.core.telemetry;

import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who probes whom, after the spec's "Underlay Topology Discovery via Active Probing": cores probe
 * every other core; an edge probes the cores it has a link to (its upstream POPs) and the edges
 * it shares a tenant VPC with. Cores do not probe edges: round-trip figures measured by the edge
 * describe the tunnel in both directions.
 */
public final class ProbePlanner {

    private ProbePlanner() {
    }

    /**
     * @param nodes node name to spec
     * @param links underlay links; those between an edge and a core make the edge's uplinks
     * @param relatedEdges edges that share a tenant VPC
     */
    public static ProbePlan plan(Map<String, NodeSpec> nodes, Collection<LinkSpec> links, Set<EdgePair> relatedEdges,
                                 ProbePolicy policy) {
        Map<String, List<ProbeTarget>> targets = new TreeMap<>();
        Set<String> cores = new TreeSet<>(), edges = new TreeSet<>();
        nodes.forEach((name, spec) -> (spec.role() == NodeRole.CORE ? cores : edges).add(name));
        for (String c : cores) {
            for (String other : cores) {
                if (!other.equals(c)) {
                    addTargets(targets, c, other, nodes, ProbeRelation.CORE_MESH, policy);
                }
            }
        }
        Map<String, Set<String>> uplinks = new TreeMap<>();
        for (LinkSpec l : links) {
            if (edges.contains(l.a()) && cores.contains(l.b())) {
                uplinks.computeIfAbsent(l.a(), k -> new TreeSet<>()).add(l.b());
            } else if (edges.contains(l.b()) && cores.contains(l.a())) {
                uplinks.computeIfAbsent(l.b(), k -> new TreeSet<>()).add(l.a());
            }
        }
        uplinks.forEach((edge, ups) -> ups.forEach(core -> addTargets(targets, edge, core, nodes, ProbeRelation.EDGE_UPLINK, policy)));
        for (EdgePair p : new TreeSet<>(relatedEdges)) {
            if (edges.contains(p.first()) && edges.contains(p.second()) && !p.first().equals(p.second())) {
                addTargets(targets, p.first(), p.second(), nodes, ProbeRelation.EDGE_PEER, policy);
                addTargets(targets, p.second(), p.first(), nodes, ProbeRelation.EDGE_PEER, policy);
            }
        }
        List<LinkId> iperfLinks = new ArrayList<>();
        targets.forEach((node, ts) -> ts.stream().filter(t -> t.type() == ProbeType.IPERF)
                .forEach(t -> iperfLinks.add(LinkId.of(node, t.node()))));
        IperfSchedule schedule = IperfSchedule.plan(iperfLinks, policy.iperfRun(), policy.iperfGuard(),
                policy.intervals().getOrDefault(ProbeType.IPERF, policy.iperfRun()), policy.iperfExclusivity());
        Map<String, NodeProbePlan> plans = new TreeMap<>();
        for (String n : nodes.keySet()) {
            plans.put(n, new NodeProbePlan(n, targets.getOrDefault(n, List.of()), schedule.runsOf(n), schedule.period()));
        }
        return new ProbePlan(plans, schedule);
    }

    private static void addTargets(Map<String, List<ProbeTarget>> targets, String from, String to,
                                   Map<String, NodeSpec> nodes, ProbeRelation relation, ProbePolicy policy) {
        List<String> addresses = nodes.get(to).underlayAddresses();
        List<ProbeTarget> list = targets.computeIfAbsent(from, k -> new ArrayList<>());
        for (ProbeType t : new TreeSet<>(policy.typesFor(relation))) {
            list.add(new ProbeTarget(to, addresses, t, policy.intervals().get(t), relation));
        }
    }
}
