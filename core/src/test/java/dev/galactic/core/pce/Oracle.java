package dev.galactic.core.pce;

import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.TrafficClassSpec.Mode;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.alg.shortestpath.YenShortestPathIterator;
import org.jgrapht.graph.DirectedWeightedPseudograph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An independent judge: rebuilds each tenant graph in JGraphT from the resources and states
 * (never from the engine's arrays), evaluates paths with its own formulas, and finds optima
 * with JGraphT's Dijkstra or, under path budgets, by enumerating simple paths in objective
 * order (Yen) until one fits.
 */
final class Oracle {

    static final double SCALE = 1e6;
    private static final int K = 400;

    /** One directed link as the oracle sees it. */
    record Edge(String key, String link, String from, String to, double cost, double lat, double jit, double loss, double bw,
                boolean up) {}

    /** A path's value under the oracle's own formulas. */
    record Eval(double lat, double jit, double loss, double residual, double bw, double usable, double cost, int hops) {}

    /** Result of an optimum search: feasible with value, infeasible, or too big to decide. */
    record Optimum(boolean conclusive, double[] value) {
        static final Optimum INCONCLUSIVE = new Optimum(false, null);
        static final Optimum INFEASIBLE = new Optimum(true, null);
        boolean feasible() { return value != null; }
    }

    final Scenario sc;
    final Map<String, NodeSpec> nodes;
    final Map<String, Edge> edges = new java.util.HashMap<>();

    Oracle(Scenario sc) {
        this.sc = sc;
        this.nodes = sc.nodeSpecs();
        sc.linkFacts().forEach((key, f) -> {
            String link = key.substring(0, key.indexOf('|'));
            String[] ends = key.substring(key.indexOf('|') + 1).split("->");
            edges.put(key, new Edge(key, link, ends[0], ends[1], f[0], f[1], f[2], f[3], f[4], f[5] == 1));
        });
    }

    boolean isCore(String node) { return nodes.get(node).role() == NodeSpec.NodeRole.CORE; }

    boolean excluded(TenantIntent t, String node) {
        String country = nodes.get(node).location() == null ? null : nodes.get(node).location().country();
        return t.spec().mustAvoid().contains(node) || (country != null && t.spec().excludedCountries().contains(country));
    }

    static double lossLimit(TrafficClassSpec c) {
        double limit = c.thresholds().maxLossPercent() == null ? 100 : c.thresholds().maxLossPercent();
        if (c.mode() == Mode.LOSSLESS_FEC && c.fec() != null && c.fec().targetLossPercent() != null) {
            limit = Math.min(limit, c.fec().targetLossPercent());
        }
        return limit / 100;
    }

    static double residual(TrafficClassSpec c, double p) {
        if (c.mode() != Mode.LOSSLESS_FEC) return p;
        int k = 1, n = 2;
        if (c.fec() != null && c.fec().scheme() == TrafficClassSpec.FecScheme.ERASURE) { k = c.fec().k(); n = c.fec().n(); }
        double ok = 0;
        for (int j = 0; j <= n - k; j++) ok += binom(n, j) * Math.pow(p, j) * Math.pow(1 - p, n - j);
        return Math.max(0, 1 - ok);
    }

    static double rate(TrafficClassSpec c) {
        if (c.mode() != Mode.LOSSLESS_FEC) return 1;
        if (c.fec() != null && c.fec().scheme() == TrafficClassSpec.FecScheme.ERASURE) return (double) c.fec().k() / c.fec().n();
        return 0.5;
    }

    private static double binom(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    boolean admits(TrafficClassSpec c, Edge e) {
        if (!e.up()) return false;
        if (c.mode() == Mode.ZERO_LOSS && e.loss() > 0) return false;
        if (residual(c, e.loss()) > lossLimit(c)) return false;
        TrafficClassSpec.Thresholds t = c.thresholds();
        if (t.maxJitterMs() != null && e.jit() > t.maxJitterMs()) return false;
        if (t.maxLatencyMs() != null && e.lat() > t.maxLatencyMs()) return false;
        double need = Math.max(c.bandwidthMbps() == null ? 0 : c.bandwidthMbps(), t.minBandwidthMbps() == null ? 0 : t.minBandwidthMbps());
        return e.bw() * rate(c) >= need;
    }

    Eval eval(List<Edge> path, TrafficClassSpec c) {
        double lat = 0, jit2 = 0, ok = 1, rok = 1, bw = Double.POSITIVE_INFINITY, cost = 0;
        for (Edge e : path) {
            lat += e.lat();
            jit2 += e.jit() * e.jit();
            ok *= 1 - e.loss();
            rok *= 1 - residual(c, e.loss());
            bw = Math.min(bw, e.bw());
            cost += e.cost();
        }
        return new Eval(lat, Math.sqrt(jit2), 1 - ok, 1 - rok, bw, bw * rate(c), cost, path.size());
    }

    static boolean hasBudgets(TrafficClassSpec c, Integer maxHops) {
        TrafficClassSpec.Thresholds t = c.thresholds();
        return t.maxLatencyMs() != null || t.maxJitterMs() != null || lossLimit(c) < 1 || maxHops != null;
    }

    boolean meets(Eval v, TrafficClassSpec c, Integer maxHops) {
        TrafficClassSpec.Thresholds t = c.thresholds();
        double eps = 1e-9;
        return (t.maxLatencyMs() == null || v.lat() <= t.maxLatencyMs() + eps)
                && (t.maxJitterMs() == null || v.jit() <= t.maxJitterMs() + eps)
                && v.residual() <= lossLimit(c) + eps
                && (maxHops == null || v.hops() <= maxHops);
    }

    static boolean widest(TrafficClassSpec c) { return c.mode() == Mode.SUSTAINED_BANDWIDTH; }

    /** The engine's search grid, re-implemented: 2^-20 steps, so sums are exact and ties are ties. */
    static double grid(double x) { return Double.isInfinite(x) ? x : Math.rint(x * 1048576.0) / 1048576.0; }

    /** (primary, secondary) on the grid, summed link by link. */
    static double[] gridValue(TrafficClassSpec c, List<Edge> path) {
        double p = 0, q = 0, bw = Double.POSITIVE_INFINITY;
        for (Edge e : path) {
            switch (c.mode()) {
                case LOWEST_COST -> { p += grid(e.cost()); q += grid(e.lat()); }
                case SUSTAINED_BANDWIDTH -> { bw = Math.min(bw, e.bw()); q += grid(e.lat()); }
                default -> { p += grid(e.lat()); q += grid(e.cost()); }
            }
        }
        return c.mode() == Mode.SUSTAINED_BANDWIDTH ? new double[]{-bw, q} : new double[]{p, q};
    }

    /** (primary, secondary) of a path in the class's objective; widest uses (-bottleneck, latency). */
    static double[] value(TrafficClassSpec c, Eval v) {
        return switch (c.mode()) {
            case LOWEST_COST -> new double[]{v.cost(), v.lat()};
            case SUSTAINED_BANDWIDTH -> new double[]{-v.bw(), v.lat()};
            default -> new double[]{v.lat(), v.cost()};
        };
    }

    private static double weight(TrafficClassSpec c, Edge e) {
        return switch (c.mode()) {
            case LOWEST_COST -> grid(e.cost()) * SCALE + grid(e.lat());
            default -> grid(e.lat()) * SCALE + grid(e.cost());
        };
    }

    /** The tenant graph of one demand: allowed cores plus the two sites' nodes, admitted links over floor. */
    Graph<String, Edge> graph(TenantIntent t, TrafficClassSpec c, Set<String> ends, double floor, boolean filter) {
        Graph<String, Edge> g = new DirectedWeightedPseudograph<>(Edge.class);
        for (String v : nodes.keySet()) if ((isCore(v) && !excluded(t, v)) || ends.contains(v)) g.addVertex(v);
        for (Edge e : new TreeSet<>(edges.keySet()).stream().map(edges::get).toList()) {
            if (!g.containsVertex(e.from()) || !g.containsVertex(e.to())) continue;
            if (filter ? !admits(c, e) || e.bw() < floor : !e.up()) continue;
            g.addEdge(e.from(), e.to(), e);
            g.setEdgeWeight(e, weight(c, e));
        }
        return g;
    }

    /** The optimum of a demand under its class, with the engine's waypoint semantics. */
    Optimum optimum(TenantIntent t, TrafficClassSpec c, String from, String to) {
        Integer maxHops = t.spec().maxHops();
        List<String> wp = t.spec().mustInclude();
        if (!wp.isEmpty()) {
            if (hasBudgets(c, maxHops) || widest(c)) return Optimum.INCONCLUSIVE;
            return legs(t, c, from, to, wp);
        }
        if (!widest(c)) return best(graph(t, c, Set.of(from, to), 0, true), c, maxHops, from, to);
        TreeSet<Double> widths = new TreeSet<>();
        for (Edge e : edges.values()) if (admits(c, e)) widths.add(e.bw());
        for (double w : widths.descendingSet()) {
            Optimum o = best(graph(t, c, Set.of(from, to), w, true), c, maxHops, from, to);
            if (!o.conclusive() || o.feasible()) return o;
        }
        return Optimum.INFEASIBLE;
    }

    private Optimum best(Graph<String, Edge> g, TrafficClassSpec c, Integer maxHops, String from, String to) {
        if (!hasBudgets(c, maxHops)) {
            GraphPath<String, Edge> p = new DijkstraShortestPath<>(g).getPath(from, to);
            return p == null ? Optimum.INFEASIBLE : new Optimum(true, gridValue(c, p.getEdgeList()));
        }
        if (new DijkstraShortestPath<>(g).getPath(from, to) == null) return Optimum.INFEASIBLE;
        YenShortestPathIterator<String, Edge> it = new YenShortestPathIterator<>(subdivided(g), from, to);
        for (int i = 0; i < K && it.hasNext(); i++) {
            GraphPath<String, Edge> p = it.next();
            if (!p.getVertexList().subList(1, p.getVertexList().size() - 1).stream().allMatch(v -> v.startsWith(MID) || isCore(v))) continue;
            List<Edge> path = p.getEdgeList().stream().filter(e -> !e.key().startsWith(MID)).toList();
            Eval v = eval(path, c);
            if (meets(v, c, maxHops)) return new Optimum(true, gridValue(c, path));
        }
        return it.hasNext() ? Optimum.INCONCLUSIVE : Optimum.INFEASIBLE;
    }

    /** Marks the midpoint vertices and second halves that {@link #subdivided} adds. */
    private static final String MID = "~";

    /**
     * The graph with every link split in two at a midpoint of its own. Yen's iterator tells paths
     * apart by their vertices, so parallel links between two nodes (a fast jittery one and a slow
     * calm one) would hide each other, and a path that only the hidden one makes feasible would
     * never be offered.
     */
    private static Graph<String, Edge> subdivided(Graph<String, Edge> g) {
        Graph<String, Edge> s = new DirectedWeightedPseudograph<>(Edge.class);
        g.vertexSet().forEach(s::addVertex);
        for (Edge e : g.edgeSet()) {
            String mid = MID + e.key();
            s.addVertex(mid);
            s.addEdge(e.from(), mid, e);
            s.setEdgeWeight(e, g.getEdgeWeight(e));
            Edge half = new Edge(MID + e.key(), e.link(), mid, e.to(), 0, 0, 0, 0, Double.POSITIVE_INFINITY, true);
            s.addEdge(mid, e.to(), half);
            s.setEdgeWeight(half, 0);
        }
        return s;
    }

    private Optimum legs(TenantIntent t, TrafficClassSpec c, String from, String to, List<String> wp) {
        List<String> stops = new ArrayList<>();
        stops.add(from);
        stops.addAll(wp);
        stops.add(to);
        List<Edge> all = new ArrayList<>();
        for (int i = 0; i + 1 < stops.size(); i++) {
            if (stops.get(i).equals(stops.get(i + 1))) continue;
            Set<String> ends = new HashSet<>();
            if (i == 0) ends.add(from);
            if (i + 2 == stops.size()) ends.add(to);
            Graph<String, Edge> g = graph(t, c, ends, 0, true);
            if (!g.containsVertex(stops.get(i)) || !g.containsVertex(stops.get(i + 1))) return Optimum.INFEASIBLE;
            GraphPath<String, Edge> p = new DijkstraShortestPath<>(g).getPath(stops.get(i), stops.get(i + 1));
            if (p == null) return Optimum.INFEASIBLE;
            all.addAll(p.getEdgeList());
        }
        return new Optimum(true, gridValue(c, all));
    }

    /** The engine's path as oracle edges; fails on a link that does not exist. */
    List<Edge> edgesOf(Path p) {
        List<Edge> out = new ArrayList<>();
        for (int i = 0; i < p.links().size(); i++) {
            Edge e = edges.get(p.links().get(i) + "|" + p.nodes().get(i) + "->" + p.nodes().get(i + 1));
            if (e == null) throw new AssertionError("path uses a link that does not exist: " + p.links().get(i));
            out.add(e);
        }
        return out;
    }

    /** Whether any path joins two nodes over up links, within exclusions, avoiding some links and nodes. */
    boolean connected(TenantIntent t, String from, String to, Set<String> avoidLinks, Set<String> avoidNodes) {
        Graph<String, Edge> g = new DirectedWeightedPseudograph<>(Edge.class);
        for (String v : nodes.keySet()) {
            if ((isCore(v) && !excluded(t, v) && !avoidNodes.contains(v)) || v.equals(from) || v.equals(to)) g.addVertex(v);
        }
        for (Edge e : edges.values()) {
            if (!e.up() || avoidLinks.contains(e.link() + "|" + e.from() + "|" + e.to())) continue;
            if (g.containsVertex(e.from()) && g.containsVertex(e.to())) g.addEdge(e.from(), e.to(), e);
        }
        return new DijkstraShortestPath<>(g).getPath(from, to) != null;
    }
}
