package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact constrained shortest path: label-setting with Pareto dominance (in the spirit of
 * SAMCRA) and look-ahead lower bounds from reverse searches, so a label that cannot meet a
 * budget is dropped early and the first label to reach the target is optimal.
 *
 * <p>Labels carry (primary, secondary, latency, jitter^2, -ln(1 - loss), hops); all add along
 * a path, so every budget is an additive constraint. Must-include waypoints are stages of the
 * state: a path is at (node, next waypoint index). Edge nodes are never transit.
 */
final class ConstrainedSearch {

    private static final int DIMS = 6;
    private static final int O1 = 0, O2 = 1, LAT = 2, JIT2 = 3, LOSS = 4, HOPS = 5;

    /**
     * @param blockedNodes nodes the path may not touch (exclusions, backup disjointness); null for none
     * @param blockedLinks directed links the path may not use; null for none
     */
    record Query(Network g, Weights weights, int maxHops, boolean[] blockedNodes, boolean[] blockedLinks,
                 int source, int target, int[] waypoints) {}

    private ConstrainedSearch() {}

    /** The optimal feasible path as links, or null when none exists. */
    static int[] find(Query q) {
        Network g = q.g();
        TrafficClass cls = q.weights().cls;
        int n = g.nodeCount(), k = q.waypoints().length, stages = k + 1;
        double[] budget = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, slack(cls.maxLatencyMs()),
                slack(cls.maxJitterMs() * cls.maxJitterMs()), slack(-Math.log1p(-cls.maxLoss())),
                q.maxHops() <= 0 ? Double.POSITIVE_INFINITY : q.maxHops() + 1e-9};
        double[][] linkCost = linkCosts(q);
        // lower[dim][stage * n + v]: least cost from v at that stage to the target
        double[][] lower = new double[DIMS][];
        for (int d = 0; d < DIMS; d++) lower[d] = lowerBounds(q, linkCost[d], stages);

        List<double[]> vals = new ArrayList<>();
        List<int[]> meta = new ArrayList<>(); // {state, parentLabel, link}
        List<List<Integer>> front = new ArrayList<>(stages * n);
        for (int i = 0; i < stages * n; i++) front.add(null);
        boolean[] dead = new boolean[16];
        PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) -> {
            double[] va = vals.get(a), vb = vals.get(b);
            int sa = meta.get(a)[0], sb = meta.get(b)[0];
            int c = Double.compare(va[O1] + lower[O1][sa], vb[O1] + lower[O1][sb]);
            if (c != 0) return c;
            c = Double.compare(va[O2] + lower[O2][sa], vb[O2] + lower[O2][sb]);
            return c != 0 ? c : Integer.compare(a, b);
        });

        int startStage = advance(q.waypoints(), 0, q.source());
        int start = startStage * n + q.source();
        if (!withinBudget(new double[DIMS], lower, start, budget)) return null;
        vals.add(new double[DIMS]);
        meta.add(new int[]{start, -1, -1});
        front.set(start, new ArrayList<>(List.of(0)));
        queue.add(0);
        while (!queue.isEmpty()) {
            int id = queue.poll();
            if (id < dead.length && dead[id]) continue;
            int state = meta.get(id)[0];
            int v = state % n, stage = state / n;
            if (v == q.target() && stage == k) return trace(meta, id);
            if (v != q.source() && !g.isCore(v)) continue;
            double[] cur = vals.get(id);
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int l = g.outLink(i);
                if (linkCost[O1][l] == Double.POSITIVE_INFINITY) continue;
                int w = g.dst(l);
                if (!allowed(q, w)) continue;
                int nextStage = advance(q.waypoints(), stage, w);
                int ns = nextStage * n + w;
                double[] next = new double[DIMS];
                for (int d = 0; d < DIMS; d++) next[d] = cur[d] + linkCost[d][l];
                if (!withinBudget(next, lower, ns, budget)) continue;
                List<Integer> labels = front.get(ns);
                if (labels != null && dominated(next, labels, vals)) continue;
                int nid = vals.size();
                vals.add(next);
                meta.add(new int[]{ns, id, l});
                if (nid >= dead.length) dead = Arrays.copyOf(dead, dead.length * 2);
                if (labels == null) front.set(ns, labels = new ArrayList<>());
                for (int j = labels.size() - 1; j >= 0; j--) {
                    if (dominates(next, vals.get(labels.get(j)))) {
                        dead[labels.get(j)] = true;
                        labels.remove(j);
                    }
                }
                labels.add(nid);
                queue.add(nid);
            }
        }
        return null;
    }

    private static double slack(double budget) {
        return budget == Double.POSITIVE_INFINITY ? budget : budget * (1 + 1e-9) + 1e-12;
    }

    private static boolean allowed(Query q, int w) {
        if (w == q.target()) return true;
        if (w == q.source()) return false; // never back through the head-end
        if (!q.g().isCore(w)) return false;
        return q.blockedNodes() == null || !q.blockedNodes()[w];
    }

    private static int advance(int[] waypoints, int stage, int node) {
        while (stage < waypoints.length && waypoints[stage] == node) stage++;
        return stage;
    }

    private static double[][] linkCosts(Query q) {
        Network g = q.g();
        TrafficClass cls = q.weights().cls;
        int m = g.linkCount();
        double[][] c = new double[DIMS][m];
        for (int l = 0; l < m; l++) {
            boolean usable = q.weights().w1[l] != Double.POSITIVE_INFINITY
                    && (q.blockedLinks() == null || !q.blockedLinks()[l]);
            if (!usable) {
                for (int d = 0; d < DIMS; d++) c[d][l] = Double.POSITIVE_INFINITY;
                continue;
            }
            c[O1][l] = q.weights().w1[l];
            c[O2][l] = q.weights().w2[l];
            c[LAT][l] = g.latencyMs(l);
            c[JIT2][l] = g.jitterMs(l) * g.jitterMs(l);
            c[LOSS][l] = -Math.log1p(-Math.min(cls.effectiveLoss(g, l), 1 - 1e-16));
            c[HOPS][l] = 1;
        }
        return c;
    }

    /**
     * Reverse Dijkstra per leg target, ignoring transit rules (which only lowers the bound).
     * The bound at (v, stage) is the distance from v to the stage's target plus the legs after it.
     */
    private static double[] lowerBounds(Query q, double[] cost, int stages) {
        Network g = q.g();
        int n = g.nodeCount();
        int[] targets = new int[stages];
        for (int s = 0; s < stages - 1; s++) targets[s] = q.waypoints()[s];
        targets[stages - 1] = q.target();
        double[] out = new double[stages * n];
        double tail = 0;
        for (int s = stages - 1; s >= 0; s--) {
            double[] dist = reverseDistances(q, cost, targets[s]);
            for (int v = 0; v < n; v++) out[s * n + v] = dist[v] + tail;
            if (s > 0) tail += dist[targets[s - 1]];
        }
        return out;
    }

    private static double[] reverseDistances(Query q, double[] cost, int target) {
        Network g = q.g();
        int n = g.nodeCount();
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[target] = 0;
        // In-links are found through each out-link's reverse: links come in both directions.
        PriorityQueue<double[]> pq = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        pq.add(new double[]{0, target});
        boolean[] done = new boolean[n];
        while (!pq.isEmpty()) {
            double[] top = pq.poll();
            int v = (int) top[1];
            if (done[v]) continue;
            done[v] = true;
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int in = g.reverse(g.outLink(i));
                int u = g.src(in);
                if ((u != q.source() && !allowed(q, u)) || cost[in] == Double.POSITIVE_INFINITY) continue;
                double c = dist[v] + cost[in];
                if (c < dist[u]) {
                    dist[u] = c;
                    pq.add(new double[]{c, u});
                }
            }
        }
        return dist;
    }

    private static boolean withinBudget(double[] v, double[][] lower, int state, double[] budget) {
        for (int d = LAT; d < DIMS; d++) {
            if (v[d] + lower[d][state] > budget[d]) return false;
        }
        return lower[O1][state] != Double.POSITIVE_INFINITY;
    }

    private static boolean dominated(double[] x, List<Integer> labels, List<double[]> vals) {
        for (int id : labels) if (dominates(vals.get(id), x)) return true;
        return false;
    }

    private static boolean dominates(double[] a, double[] b) {
        for (int d = 0; d < DIMS; d++) if (a[d] > b[d]) return false;
        return true;
    }

    private static int[] trace(List<int[]> meta, int id) {
        int len = 0;
        for (int x = id; meta.get(x)[1] >= 0; x = meta.get(x)[1]) len++;
        int[] links = new int[len];
        for (int x = id; meta.get(x)[1] >= 0; x = meta.get(x)[1]) links[--len] = meta.get(x)[2];
        return links;
    }
}
