package dev.galactic.bench;

import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import dev.galactic.core.pce.Network;
import dev.galactic.core.pce.TenantIntent;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DirectedWeightedPseudograph;
import org.jgrapht.graph.MaskSubgraph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The straightforward way, for comparison: one JGraphT graph per class (links the class
 * admits, weighted by its objective), a masked view per tenant (exclusions, other tenants'
 * edges), and a Dijkstra from every site. It computes primaries only: no budgets (constrained
 * search), no backups, no explanations, and sustained-bandwidth as latency over links that meet
 * the demand. It is the lower bound of what a naive engine does.
 */
final class JGraphTBaseline {

    private final Network g;
    private final Map<TrafficClassSpec, Graph<Integer, Integer>> byClass = new HashMap<>();

    JGraphTBaseline(Network g) { this.g = g; }

    /** Computes every demand of the given tenants; returns how many paths it found. */
    long run(List<TenantIntent> intents) {
        long found = 0;
        for (TenantIntent t : intents) {
            Set<Integer> sites = new HashSet<>();
            for (var a : t.attachments().values()) sites.add(g.node(a.node()).orElseThrow());
            Set<String> countries = new HashSet<>(t.spec().excludedCountries());
            Set<String> avoid = new HashSet<>(t.spec().mustAvoid());
            for (TrafficClassSpec cls : t.classes().values()) {
                Graph<Integer, Integer> full = byClass.computeIfAbsent(cls, this::graph);
                Graph<Integer, Integer> view = new MaskSubgraph<>(full,
                        v -> g.isCore(v) ? avoid.contains(g.nodeName(v)) || countries.contains(g.country(v)) : !sites.contains(v),
                        e -> false);
                DijkstraShortestPath<Integer, Integer> dijkstra = new DijkstraShortestPath<>(view);
                List<String> wp = t.spec().mustInclude();
                Map<Integer, ShortestPathAlgorithm.SingleSourcePaths<Integer, Integer>> fromWaypoint = new HashMap<>();
                for (String w : wp) fromWaypoint.put(g.node(w).orElseThrow(), dijkstra.getPaths(g.node(w).orElseThrow()));
                for (int a : sites) {
                    var paths = dijkstra.getPaths(a);
                    for (int b : sites) {
                        if (a == b) continue;
                        if (wp.isEmpty()) {
                            if (paths.getPath(b) != null) found++;
                        } else {
                            int w = g.node(wp.getFirst()).orElseThrow();
                            if (paths.getPath(w) != null && fromWaypoint.get(w).getPath(b) != null) found++;
                        }
                    }
                }
            }
        }
        return found;
    }

    private Graph<Integer, Integer> graph(TrafficClassSpec cls) {
        Graph<Integer, Integer> graph = new DirectedWeightedPseudograph<>(null, null);
        for (int v = 0; v < g.nodeCount(); v++) graph.addVertex(v);
        for (int l = 0; l < g.linkCount(); l++) {
            if (!admits(cls, l)) continue;
            graph.addEdge(g.src(l), g.dst(l), l);
            double w = cls.mode() == Mode.LOWEST_COST ? g.cost(l) * 1e6 + g.latencyMs(l) : g.latencyMs(l) * 1e6 + g.cost(l);
            graph.setEdgeWeight(l, w);
        }
        return graph;
    }

    private boolean admits(TrafficClassSpec cls, int l) {
        if (!g.isUp(l)) return false;
        double p = g.lossFraction(l);
        TrafficClassSpec.Thresholds t = cls.thresholds();
        if (cls.mode() == Mode.ZERO_LOSS && p > 0) return false;
        if (t.maxLossPercent() != null && p * 100 > t.maxLossPercent()) return false;
        if (cls.mode() == Mode.LOSSLESS_FEC && p * p * 100 > cls.fec().targetLossPercent()) return false;
        double need = cls.bandwidthMbps() == null ? 0 : cls.bandwidthMbps();
        return g.bandwidthMbps(l) >= need;
    }
}
