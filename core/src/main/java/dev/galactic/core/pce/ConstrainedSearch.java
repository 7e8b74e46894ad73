package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact constrained shortest path: label-setting with dominance (in the spirit of SAMCRA) and
 * look-ahead lower bounds from reverse searches, so a label that cannot meet a budget is
 * dropped early and the first label to reach the target is optimal (A* on the objective).
 *
 * <p>A label carries the lexicographic objective (primary, secondary) and one additive value
 * per active budget: latency, jitter^2, -ln(1 - loss), hops. Label X dominates Y at the same
 * state when X's objective is lexicographically no worse and X is no worse on every active
 * budget; then every extension of Y is matched by the same extension of X, so dropping Y is
 * exact. Budgets without a limit take no part, which keeps fronts small.
 *
 * <p>Must-include waypoints are stages of the state: a path is at (node, next waypoint
 * index). Edge nodes are never transit and the head-end is never re-entered.
 */
final class ConstrainedSearch {

    private static final int O1 = 0, O2 = 1, LAT = 2, JIT2 = 3, LOSS = 4, HOPS = 5, DIMS = 6;

    /**
     * @param blockedNodes nodes the path may not touch (exclusions, backup disjointness); null for none
     * @param blockedLinks directed links the path may not use; null for none
     */
    record Query(Network g, Weights weights, int maxHops, boolean[] blockedNodes, boolean[] blockedLinks,
                 int source, int target, int[] waypoints) {}

    private final Query q;
    private final Network g;
    private final TrafficClass cls;
    private final int n;
    private final int stages;
    private final int[] active; // budget dims with a finite limit
    private final double[] budget = new double[DIMS];
    private final double[][] lower = new double[DIMS][];

    // label store
    private double[] vals = new double[64 * DIMS];
    private int[] stateOf = new int[64];
    private int[] parent = new int[64];
    private int[] via = new int[64];
    private boolean[] dead = new boolean[64];
    private int count;

    private ConstrainedSearch(Query q) {
        this.q = q;
        this.g = q.g();
        this.cls = q.weights().cls;
        this.n = g.nodeCount();
        this.stages = q.waypoints().length + 1;
        budget[LAT] = slack(cls.maxLatencyMs());
        budget[JIT2] = slack(cls.maxJitterMs() * cls.maxJitterMs());
        budget[LOSS] = slack(-Math.log1p(-cls.maxLoss()));
        budget[HOPS] = q.maxHops() <= 0 ? Double.POSITIVE_INFINITY : q.maxHops() + 1e-9;
        int[] act = new int[4];
        int k = 0;
        for (int d = LAT; d < DIMS; d++) if (budget[d] != Double.POSITIVE_INFINITY) act[k++] = d;
        this.active = Arrays.copyOf(act, k);
    }

    /** The optimal feasible path as links, or null when none exists. */
    static int[] find(Query q) {
        return new ConstrainedSearch(q).run();
    }

    private int[] run() {
        if (active.length == 0) {
            // No budget to prune by: plain lexicographic Dijkstra order, no look-ahead needed.
            lower[O1] = lower[O2] = new double[stages * n];
        } else {
            lower[O1] = lowerBounds(O1);
            lower[O2] = lowerBounds(O2);
            for (int d : active) lower[d] = lowerBounds(d);
        }
        int start = advance(0, q.source()) * n + q.source();
        double[] zero = new double[DIMS];
        if (!withinBudget(zero, start)) return null;
        List<List<Integer>> front = new ArrayList<>(stages * n);
        for (int i = 0; i < stages * n; i++) front.add(null);
        PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) -> {
            int c = Double.compare(vals[a * DIMS + O1] + lower[O1][stateOf[a]], vals[b * DIMS + O1] + lower[O1][stateOf[b]]);
            if (c != 0) return c;
            c = Double.compare(vals[a * DIMS + O2] + lower[O2][stateOf[a]], vals[b * DIMS + O2] + lower[O2][stateOf[b]]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int root = add(zero, start, -1, -1);
        front.set(start, new ArrayList<>(List.of(root)));
        queue.add(root);
        int k = stages - 1;
        double[] next = new double[DIMS];
        while (!queue.isEmpty()) {
            int id = queue.poll();
            if (dead[id]) continue;
            int state = stateOf[id];
            int v = state % n, stage = state / n;
            if (v == q.target() && stage == k) return trace(id);
            if (v != q.source() && !g.isCore(v)) continue;
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int l = g.outLink(i);
                if (!usable(l)) continue;
                int w = g.dst(l);
                if (!allowed(w)) continue;
                int ns = advance(stage, w) * n + w;
                for (int d = 0; d < DIMS; d++) next[d] = vals[id * DIMS + d] + cost(d, l);
                if (!withinBudget(next, ns)) continue;
                List<Integer> labels = front.get(ns);
                if (labels != null && dominated(next, labels)) continue;
                int nid = add(next, ns, id, l);
                if (labels == null) front.set(ns, labels = new ArrayList<>());
                for (int j = labels.size() - 1; j >= 0; j--) {
                    if (dominates(nid, labels.get(j))) {
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

    private int add(double[] v, int state, int par, int link) {
        if (count == stateOf.length) {
            int cap = count * 2;
            vals = Arrays.copyOf(vals, cap * DIMS);
            stateOf = Arrays.copyOf(stateOf, cap);
            parent = Arrays.copyOf(parent, cap);
            via = Arrays.copyOf(via, cap);
            dead = Arrays.copyOf(dead, cap);
        }
        System.arraycopy(v, 0, vals, count * DIMS, DIMS);
        stateOf[count] = state;
        parent[count] = par;
        via[count] = link;
        return count++;
    }

    private static double slack(double limit) {
        return limit == Double.POSITIVE_INFINITY ? limit : limit * (1 + 1e-9) + 1e-12;
    }

    private boolean usable(int l) {
        return q.weights().w1[l] != Double.POSITIVE_INFINITY && (q.blockedLinks() == null || !q.blockedLinks()[l]);
    }

    private boolean allowed(int w) {
        if (w == q.target()) return true;
        if (w == q.source()) return false; // never back through the head-end
        if (!g.isCore(w)) return false;
        return q.blockedNodes() == null || !q.blockedNodes()[w];
    }

    private int advance(int stage, int node) {
        int[] wp = q.waypoints();
        while (stage < wp.length && wp[stage] == node) stage++;
        return stage;
    }

    private double cost(int d, int l) {
        return switch (d) {
            case O1 -> q.weights().w1[l];
            case O2 -> q.weights().w2[l];
            case LAT -> g.latencyMs(l);
            case JIT2 -> g.jitterMs(l) * g.jitterMs(l);
            case LOSS -> budget[LOSS] == Double.POSITIVE_INFINITY ? 0 : -Math.log1p(-Math.min(cls.effectiveLoss(g, l), 1 - 1e-16));
            default -> 1;
        };
    }

    /**
     * Reverse Dijkstra per leg target, ignoring transit rules (which only lowers the bound).
     * The bound at (v, stage) is the distance from v to the stage's target plus the legs after it.
     */
    private double[] lowerBounds(int dim) {
        int[] targets = new int[stages];
        for (int s = 0; s < stages - 1; s++) targets[s] = q.waypoints()[s];
        targets[stages - 1] = q.target();
        double[] out = new double[stages * n];
        double tail = 0;
        for (int s = stages - 1; s >= 0; s--) {
            double[] dist = reverseDistances(dim, targets[s]);
            for (int v = 0; v < n; v++) out[s * n + v] = dist[v] + tail;
            if (s > 0) tail += dist[targets[s - 1]];
        }
        return out;
    }

    private double[] reverseDistances(int dim, int target) {
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[target] = 0;
        CoreHeap heap = new CoreHeap(n);
        heap.reset(dist, new double[n]);
        heap.insertOrDecrease(target);
        while (!heap.isEmpty()) {
            int v = heap.pollMin();
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int in = g.reverse(g.outLink(i)); // links come in both directions
                int u = g.src(in);
                if (heap.isSettled(u) || (u != q.source() && !allowed(u)) || !usable(in)) continue;
                double c = dist[v] + cost(dim, in);
                if (c < dist[u]) {
                    dist[u] = c;
                    heap.insertOrDecrease(u);
                }
            }
        }
        return dist;
    }

    private boolean withinBudget(double[] v, int state) {
        if (lower[O1][state] == Double.POSITIVE_INFINITY) return false;
        for (int d : active) if (v[d] + lower[d][state] > budget[d]) return false;
        return true;
    }

    private boolean dominated(double[] x, List<Integer> labels) {
        for (int id : labels) if (dominates(id, x)) return true;
        return false;
    }

    private boolean dominates(int a, double[] b) {
        int o = a * DIMS;
        if (vals[o + O1] > b[O1] || (vals[o + O1] == b[O1] && vals[o + O2] > b[O2])) return false;
        for (int d : active) if (vals[o + d] > b[d]) return false;
        return true;
    }

    private boolean dominates(int a, int b) {
        return dominates(a, Arrays.copyOfRange(vals, b * DIMS, b * DIMS + DIMS));
    }

    private int[] trace(int id) {
        int len = 0;
        for (int x = id; parent[x] >= 0; x = parent[x]) len++;
        int[] links = new int[len];
        for (int x = id; parent[x] >= 0; x = parent[x]) links[--len] = via[x];
        return links;
    }
}
