package dev.galactic.core.pce;

import java.util.Arrays;

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
 *
 * <p>It takes the steps of {@link PathSearch} (prune, relax, feasible, keep) with every value
 * {@link Metric#ADDITIVE} (a widest demand's budgets are searched under a width floor of
 * latency weights), written out in one loop rather than as the template's methods: split into
 * them, the search ran measurably slower (docs/pce.md, "Structure").
 */
final class ConstrainedSearch {

    private static final int O1 = 0, O2 = 1, LAT = 2, JIT2 = 3, LOSS = 4, HOPS = 5, DIMS = 6;

    /**
     * @param blockedNodes nodes the path may not touch (exclusions, backup disjointness); null for none
     * @param blockedLinks directed links the path may not use; null for none
     */
    record Query(Network g, Weights weights, int maxHops, boolean[] blockedNodes, boolean[] blockedLinks,
                 int source, int target, int[] waypoints, Bounds bounds) {}

    /**
     * Shared look-ahead bounds: per dimension, each core's distance to a target (the demand's
     * target or a waypoint) over the cores the tenant may cross (see {@link #coreBound}).
     * They ignore the query's own blocked nodes and links (a backup's primary), which only
     * lowers them, so one computation serves every search of that tenant view and target. The
     * answer does not depend on the bound as long as it is a lower bound: the search returns
     * the least feasible path in its total order whatever it explores first.
     */
    interface Bounds { double[] toTarget(int dim, int target); }

    private final Query q;
    private final Network g;
    private final TrafficClass cls;
    private final int n;
    private final int stages;
    private final int[] active; // budget dims with a finite limit
    private final double[] budget = new double[DIMS];

    // label store, borrowed from the workspace (copied back when it grows)
    private final Workspace ws;
    private double[] vals;
    private int[] stateOf;
    private int[] parent;
    private int[] via;
    private boolean[] dead;
    private int[] nextInFront;
    private int count;
    private final double[][] costs = new double[DIMS][];
    /** Shared core-only bounds: per dimension and stage, the cores' distance to the stage's target, plus the legs after it. */
    private final double[][][] stageBound = new double[DIMS][][];
    private final double[][] stageTail = new double[DIMS][];
    private int nc;
    private final double[] sourceBound = new double[DIMS];
    private int startState;
    private int[] frontHead;
    private LabelHeap heap;

    /**
     * A search's scratch arrays (label store, heap, per-state fronts), kept by one thread between
     * searches: a search at L stores thousands of labels, and growing fresh arrays for each of
     * the ~1,900 searches of a full compute allocated about a fifth of its garbage. Every slot a
     * search reads it has written first, so leftovers of an earlier search never matter. Not
     * thread-safe: one per thread.
     */
    static final class Workspace {
        private double[] vals = new double[64 * DIMS];
        private int[] stateOf = new int[64];
        private int[] parent = new int[64];
        private int[] via = new int[64];
        private boolean[] dead = new boolean[64];
        private int[] nextInFront = new int[64];
        private int[] frontHead = new int[0];
        private final LabelHeap heap = new LabelHeap();
    }

    private ConstrainedSearch(Query q, Workspace ws) {
        this.q = q;
        this.ws = ws;
        vals = ws.vals;
        stateOf = ws.stateOf;
        parent = ws.parent;
        via = ws.via;
        dead = ws.dead;
        nextInFront = ws.nextInFront;
        this.g = q.g();
        this.cls = q.weights().cls;
        this.n = g.nodeCount();
        this.stages = q.waypoints().length + 1;
        budget[LAT] = Feasibility.slack(cls.maxLatencyMs());
        budget[JIT2] = Feasibility.slack(cls.maxJitterMs() * cls.maxJitterMs());
        budget[LOSS] = Feasibility.slack(-Math.log1p(-cls.maxLoss()));
        budget[HOPS] = q.maxHops() <= 0 ? Double.POSITIVE_INFINITY : q.maxHops() + 1e-9;
        int[] act = new int[4];
        int k = 0;
        for (int d = LAT; d < DIMS; d++) if (budget[d] != Double.POSITIVE_INFINITY) act[k++] = d;
        this.active = Arrays.copyOf(act, k);
        costs[O1] = q.weights().w1;
        costs[O2] = q.weights().w2;
        for (int d : active) costs[d] = q.weights().budgetCost(g, budgetKind(d));
    }

    private static int budgetKind(int dim) {
        return switch (dim) {
            case LAT -> Weights.LATENCY;
            case JIT2 -> Weights.JITTER_SQUARED;
            case LOSS -> Weights.LOSS;
            case HOPS -> Weights.HOPS;
            default -> throw new IllegalArgumentException("not a budget: " + dim);
        };
    }

    /** The optimal feasible path as links, or null when none exists; {@code ws} is this thread's scratch. */
    static int[] find(Query q, Workspace ws) {
        return new ConstrainedSearch(q, ws).run();
    }

    private int[] run() {
        int start = advance(0, q.source()) * n + q.source();
        startState = start;
        // Shared bounds are cheap, so even a search without budgets uses the objective's bound
        // (A*) to stop early instead of settling every node.
        nc = g.coreCount();
        useCoreBounds(O1);
        for (int d : active) useCoreBounds(d);
        double[] zero = new double[DIMS];
        if (!withinBudget(zero, start)) return null;
        if (ws.frontHead.length < stages * n) ws.frontHead = new int[stages * n];
        frontHead = ws.frontHead;
        Arrays.fill(frontHead, 0, stages * n, -1);
        heap = ws.heap;
        heap.clear();
        int root = add(zero, start, -1, -1);
        frontHead[start] = root;
        heap.push(root, bound(O1, start), 0);
        int k = stages - 1;
        double[] next = new double[DIMS];
        int best = -1;
        while (!heap.isEmpty()) {
            if (best >= 0 && !heap.topKeyEquals(vals[best * DIMS + O1], vals[best * DIMS + O2])) break;
            int id = heap.pop();
            if (dead[id]) continue;
            int state = stateOf[id];
            int v = state % n, stage = state / n;
            if (v == q.target() && stage == k) {
                // Drain every target label of the same value and keep the least link sequence,
                // so the answer never depends on exploration order (incremental == full).
                if (best < 0 || compareSeq(id, best) < 0) best = id;
                continue;
            }
            if (v != q.source() && !g.isCore(v)) continue;
            int base = id * DIMS;
            double[] w1 = costs[O1], w2 = costs[O2];
            boolean[] blockedLinks = q.blockedLinks();
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int l = g.outLink(i);
                // prune: a link the weights do not admit or the query blocks, a node it may not enter
                if (w1[l] == Double.POSITIVE_INFINITY || (blockedLinks != null && blockedLinks[l])) continue;
                int w = g.dst(l);
                if (!allowed(w)) continue;
                // relax: every dimension adds
                int ns = stages == 1 ? w : advance(stage, w) * n + w;
                next[O1] = vals[base + O1] + w1[l];
                next[O2] = vals[base + O2] + w2[l];
                for (int d : active) next[d] = vals[base + d] + costs[d][l];
                // feasible: within every budget with its look-ahead bound, and not dominated
                if (!withinBudget(next, ns)) continue;
                if (dominatedAt(next, ns, id, l)) continue;
                // keep
                int nid = add(next, ns, id, l);
                // Drop labels the new one dominates, then link it into the state's front.
                int prev = -1;
                for (int x = frontHead[ns]; x >= 0; x = nextInFront[x]) {
                    if (dominates(nid, x)) {
                        dead[x] = true;
                        if (prev < 0) frontHead[ns] = nextInFront[x]; else nextInFront[prev] = nextInFront[x];
                    } else {
                        prev = x;
                    }
                }
                nextInFront[nid] = frontHead[ns];
                frontHead[ns] = nid;
                heap.push(nid, next[O1] + bound(O1, ns), next[O2]);
            }
        }
        return best < 0 ? null : trace(best);
    }

    /** Orders two labels' paths by their link indices from the source (a prefix sorts first). */
    private int compareSeq(int a, int b) {
        int[] x = trace(a), y = trace(b);
        return java.util.Arrays.compare(x, y);
    }

    /** Min-heap of label ids by (primary + bound, secondary, id): primitive arrays, no boxing. */
    private static final class LabelHeap {
        private int[] ids = new int[64];
        private double[] k1 = new double[64];
        private double[] k2 = new double[64];
        private int size;

        boolean isEmpty() { return size == 0; }

        void clear() { size = 0; }

        boolean topKeyEquals(double a, double b) { return size > 0 && k1[0] == a && k2[0] == b; }

        void push(int id, double a, double b) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                k1 = Arrays.copyOf(k1, size * 2);
                k2 = Arrays.copyOf(k2, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!less(a, b, id, k1[p], k2[p], ids[p])) break;
                ids[i] = ids[p]; k1[i] = k1[p]; k2[i] = k2[p];
                i = p;
            }
            ids[i] = id; k1[i] = a; k2[i] = b;
        }

        int pop() {
            int top = ids[0];
            size--;
            if (size > 0) {
                int id = ids[size];
                double a = k1[size], b = k2[size];
                int i = 0;
                while (true) {
                    int c = 2 * i + 1;
                    if (c >= size) break;
                    if (c + 1 < size && less(k1[c + 1], k2[c + 1], ids[c + 1], k1[c], k2[c], ids[c])) c++;
                    if (!less(k1[c], k2[c], ids[c], a, b, id)) break;
                    ids[i] = ids[c]; k1[i] = k1[c]; k2[i] = k2[c];
                    i = c;
                }
                ids[i] = id; k1[i] = a; k2[i] = b;
            }
            return top;
        }

        private static boolean less(double a1, double a2, int ai, double b1, double b2, int bi) {
            if (a1 != b1) return a1 < b1;
            if (a2 != b2) return a2 < b2;
            return ai < bi;
        }
    }

    private int add(double[] v, int state, int par, int link) {
        if (count == stateOf.length) {
            int cap = count * 2;
            vals = Arrays.copyOf(vals, cap * DIMS);
            stateOf = Arrays.copyOf(stateOf, cap);
            parent = Arrays.copyOf(parent, cap);
            via = Arrays.copyOf(via, cap);
            dead = Arrays.copyOf(dead, cap);
            nextInFront = Arrays.copyOf(nextInFront, cap);
            ws.vals = vals;
            ws.stateOf = stateOf;
            ws.parent = parent;
            ws.via = via;
            ws.dead = dead;
            ws.nextInFront = nextInFront;
        }
        System.arraycopy(v, 0, vals, count * DIMS, DIMS);
        stateOf[count] = state;
        parent[count] = par;
        via[count] = link;
        dead[count] = false;
        nextInFront[count] = -1;
        return count++;
    }

    private boolean allowed(int w) {
        if (w == q.target()) return true;
        if (w == q.source()) return false; // never back through the head-end
        if (!g.isCore(w)) return false;
        return q.blockedNodes() == null || !q.blockedNodes()[w];
    }

    private int advance(int stage, int node) {
        if (stages == 1) return 0;
        int[] wp = q.waypoints();
        while (stage < wp.length && wp[stage] == node) stage++;
        return stage;
    }

    private double cost(int d, int l) { return costs[d][l]; }

    private void useCoreBounds(int d) {
        double[][] byStage = new double[stages][];
        double[] tail = new double[stages];
        for (int st = stages - 1; st >= 0; st--) {
            byStage[st] = q.bounds().toTarget(d, st == stages - 1 ? q.target() : q.waypoints()[st]);
            // The legs after this stage: from this stage's waypoint to the next target, and on.
            if (st < stages - 1) tail[st] = byStage[st + 1][q.waypoints()[st]] + tail[st + 1];
        }
        stageBound[d] = byStage;
        stageTail[d] = tail;
        sourceBound[d] = sourceBound(d);
    }

    /** The look-ahead bound of one dimension at a state. */
    private double bound(int d, int state) {
        int v = stages == 1 ? state : state % n, st = stages == 1 ? 0 : state / n;
        if (v < nc) return stageBound[d][st][v] + stageTail[d][st];
        if (v == q.target()) return st == stages - 1 ? 0 : Double.POSITIVE_INFINITY;
        return state == startState ? sourceBound[d] : Double.POSITIVE_INFINITY;
    }

    /** The source's bound from the shared core bounds: its best first link to a core or the target. */
    private double sourceBound(int d) {
        int s = q.source();
        if (s < nc) return stageBound[d][startState / n][s] + stageTail[d][startState / n];
        double best = Double.POSITIVE_INFINITY;
        for (int i = g.outStart(s), end = g.outEnd(s); i < end; i++) {
            int l = g.outLink(i);
            if (costs[O1][l] == Double.POSITIVE_INFINITY) continue;
            int w = g.dst(l);
            int st = advance(startState / n, w);
            double rest = w == q.target() ? (st == stages - 1 ? 0 : Double.POSITIVE_INFINITY)
                    : w < nc ? stageBound[d][st][w] + stageTail[d][st] : Double.POSITIVE_INFINITY;
            best = Math.min(best, cost(d, l) + rest);
        }
        return best;
    }

    /** Per-link costs of one dimension: the objective's weights or a budget's costs. */
    static double[] linkCosts(Network g, Weights w, int dim) {
        return dim == O1 ? w.w1 : w.budgetCost(g, budgetKind(dim));
    }

    /**
     * Whether a dimension's link costs are the class's own rather than its objective's: only a
     * loss budget judged as residual loss after FEC. (The derived latency bound follows the
     * objective's.)
     */
    static boolean classCosts(Weights w, int dim) {
        return dim == LOSS && w.cls.fec() != null;
    }

    /** The dimension of the objective's primary value, whose bound every search uses. */
    static final int OBJECTIVE = O1;

    /**
     * Whether a dimension's bound follows from the objective's bound (see {@link #latencyFromObjective}):
     * the latency budget of latency-objective weights.
     */
    static boolean derivesFromObjective(Weights w, int dim) {
        return dim == LAT && w.objective == Objective.LATENCY;
    }

    /**
     * The latency bound of latency-objective weights from their objective bound, without a
     * reverse search of its own: {@code w1} is each admitted link's latency rounded to the
     * 2^-20 grid, so off by at most 2^-21, over the same links, and a shortest path over the
     * cores has fewer than {@code nc} links. So the objective distance minus {@code nc}
     * half-steps of the grid (about 0.1 us at 200 cores) never exceeds the latency distance.
     * A bound that is lower by that much prunes a hair less; the answer does not change.
     */
    static double[] latencyFromObjective(double[] objectiveBound, int nc) {
        double margin = nc / 2097152.0; // nc * 2^-21
        double[] b = new double[objectiveBound.length];
        for (int v = 0; v < b.length; v++) b[v] = Math.max(0, objectiveBound[v] - margin); // +inf stays +inf
        return b;
    }

    /**
     * Each core's distance to {@code target} in one dimension over the links the weights admit,
     * through cores not in {@code blockedCores} (edges are never transit). A lower bound for
     * every search towards that target in the same tenant view.
     *
     * <p>A Dijkstra of its own rather than a {@link TreeSearch}: it follows links backwards and
     * keeps one value, and through the tree search's steps (a second value, predecessors and
     * depths, all unneeded here) it ran measurably slower (docs/pce.md, "Structure").
     */
    static double[] coreBound(Network g, Weights w, int dim, int target, boolean[] blockedCores, CoreHeap heap) {
        int nc = g.coreCount();
        double[] cost = linkCosts(g, w, dim);
        double[] dist = new double[nc];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        heap.reset(dist, new double[nc]);
        if (target < nc) {
            dist[target] = 0;
            heap.insertOrDecrease(target);
        } else {
            for (int i = g.outStart(target), end = g.outEnd(target); i < end; i++) {
                int in = g.reverse(g.outLink(i));
                int u = g.src(in);
                if (u >= nc || blockedCores[u] || w.w1[in] == Double.POSITIVE_INFINITY) continue;
                if (cost[in] < dist[u]) {
                    dist[u] = cost[in];
                    heap.insertOrDecrease(u);
                }
            }
        }
        while (!heap.isEmpty()) {
            int v = heap.pollMin();
            double dv = dist[v];
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int out = g.outLink(i);
                int u = g.dst(out);
                if (u >= nc) break; // out-links are ordered by destination: only edges follow
                if (blockedCores[u] || heap.isSettled(u)) continue;
                int in = g.reverse(out);
                if (w.w1[in] == Double.POSITIVE_INFINITY) continue;
                double c = dv + cost[in];
                if (c < dist[u]) {
                    dist[u] = c;
                    heap.insertOrDecrease(u);
                }
            }
        }
        return dist;
    }

    private boolean withinBudget(double[] v, int state) {
        if (bound(O1, state) == Double.POSITIVE_INFINITY) return false;
        for (int d : active) if (v[d] + bound(d, state) > budget[d]) return false;
        return true;
    }

    private boolean dominatedAt(double[] x, int state, int parentOfX, int linkOfX) {
        for (int id = frontHead[state]; id >= 0; id = nextInFront[id]) if (dominates(id, x, parentOfX, linkOfX)) return true;
        return false;
    }

    /**
     * Whether label a dominates a candidate b (not yet stored; it would extend {@code parentOfB}
     * by {@code linkOfB}): no worse anywhere, and strictly better in the objective or, on an equal
     * objective, earlier in link order. The order tie-break keeps the total order (objective, then
     * link sequence) intact, which makes the answer canonical.
     */
    private boolean dominates(int a, double[] b, int parentOfB, int linkOfB) {
        int o = a * DIMS;
        if (vals[o + O1] > b[O1] || (vals[o + O1] == b[O1] && vals[o + O2] > b[O2])) return false;
        for (int d : active) if (vals[o + d] > b[d]) return false;
        if (vals[o + O1] < b[O1] || vals[o + O2] < b[O2]) return true;
        return java.util.Arrays.compare(trace(a), withLink(trace(parentOfB), linkOfB)) < 0;
    }

    private boolean dominates(int a, int b) {
        int o = a * DIMS, p = b * DIMS;
        if (vals[o + O1] > vals[p + O1] || (vals[o + O1] == vals[p + O1] && vals[o + O2] > vals[p + O2])) return false;
        for (int d : active) if (vals[o + d] > vals[p + d]) return false;
        if (vals[o + O1] < vals[p + O1] || vals[o + O2] < vals[p + O2]) return true;
        return compareSeq(a, b) < 0;
    }

    private static int[] withLink(int[] path, int l) {
        int[] out = java.util.Arrays.copyOf(path, path.length + 1);
        out[path.length] = l;
        return out;
    }

    private int[] trace(int id) {
        int len = 0;
        for (int x = id; parent[x] >= 0; x = parent[x]) len++;
        int[] links = new int[len];
        for (int x = id; parent[x] >= 0; x = parent[x]) links[--len] = via[x];
        return links;
    }
}
