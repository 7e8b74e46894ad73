package dev.galactic.core.pce;

import java.util.Arrays;

/**
 * One source's shortest-path tree over the core nodes of a network, with lexicographic
 * (primary, secondary) labels. Edge nodes are never transit, so core searches skip them.
 *
 * <p>The tree is canonical: the heap orders by (primary, secondary, node index) and a node's
 * predecessor is the first link, in settle order then CSR order, that reaches its final label.
 * Both depend only on the final labels, so recomputing one source after an unrelated change
 * gives bit-identical arrays; incremental recompute relies on that. Trees are searched by
 * {@link TreeSearch}, and so are the cores a repair recomputes.
 */
final class ShortestPathTree {

    final int source;
    final double[] d1;
    final double[] d2;
    final int[] pred;
    /**
     * Links from the source to each core (-1: unreached): every composed candidate asks for its
     * segment's length, and walking the predecessors for it was a twentieth of a full compute.
     */
    private final short[] hops;

    private ShortestPathTree(int source, double[] d1, double[] d2, int[] pred, short[] hops) {
        this.source = source;
        this.d1 = d1;
        this.d2 = d2;
        this.pred = pred;
        this.hops = hops;
    }

    /**
     * Fills in the depths still unknown (-1) in {@code h} by walking up each core's predecessors
     * to the first known ancestor (for the cores a repair recomputed; a search keeps depths as
     * it goes, since every lookup of a link's source is a likely cache miss).
     */
    private static short[] completeHops(Network g, int source, int[] pred, short[] h) {
        int nc = pred.length;
        h[source] = 0;
        int[] stack = new int[nc];
        for (int t = 0; t < nc; t++) {
            int n = 0, v = t;
            while (h[v] < 0 && pred[v] >= 0 && n < nc) {
                stack[n++] = v;
                v = g.src(pred[v]);
            }
            if (h[v] < 0) continue; // unreached (or a broken chain): stays -1
            for (int depth = h[v]; n > 0; ) h[stack[--n]] = (short) ++depth;
        }
        return h;
    }

    /**
     * @param blocked core nodes the tree may not touch (exclusions); null for none
     */
    static ShortestPathTree compute(Network g, Weights w, boolean[] blocked, int source, CoreHeap heap) {
        int nc = g.coreCount();
        double[] d1 = new double[nc], d2 = new double[nc];
        int[] pred = new int[nc];
        short[] hops = new short[nc];
        Arrays.fill(d1, Double.POSITIVE_INFINITY);
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        Arrays.fill(pred, -1);
        Arrays.fill(hops, (short) -1);
        hops[source] = 0;
        d1[source] = w.metric.empty();
        d2[source] = 0;
        TreeSearch.of(g, w, blocked, d1, d2, pred, hops, heap).from(source).run();
        return new ShortestPathTree(source, d1, d2, pred, hops);
    }

    /**
     * This tree with some cores removed, when every removed core is a leaf (no other node's path
     * crosses it); null otherwise. Removing leaves changes no other label or predecessor, so the
     * result equals a search that never saw them.
     */
    ShortestPathTree without(Network g, boolean[] removed) {
        if (removed[source]) return null;
        int nc = d1.length;
        for (int v = 0; v < nc; v++) {
            if (pred[v] >= 0 && removed[g.src(pred[v])]) return null;
        }
        double[] n1 = d1.clone(), n2 = d2.clone();
        int[] np = pred.clone();
        short[] nh = hops.clone();
        for (int v = 0; v < nc; v++) {
            if (removed[v]) {
                n1[v] = Double.POSITIVE_INFINITY;
                n2[v] = Double.POSITIVE_INFINITY;
                np[v] = -1;
                nh[v] = -1;
            }
        }
        return new ShortestPathTree(source, n1, n2, np, nh);
    }

    /**
     * This tree with some cores removed: the leaf case as {@link #without}, otherwise, for
     * additive weights, a repair that recomputes only the cores whose path crossed a removed
     * one; null when neither applies (then search afresh).
     *
     * <p>Why the repair equals a fresh search: removing nodes only lengthens paths, so a core
     * whose tree path avoids the removed ones keeps its label, and (every link weighing more
     * than nothing) its canonical predecessor, the first link in settle order (label, then node
     * index) then CSR order that reaches the label. The other cores get their labels from a
     * Dijkstra seeded by the kept cores, and their predecessor by that same rule, applied
     * directly: among the links that reach the label, the one from the least (label, node)
     * source, then the lowest link index.
     */
    ShortestPathTree withoutCores(Network g, Weights w, boolean[] removed) {
        ShortestPathTree leaves = without(g, removed);
        if (leaves != null || removed[source] || w.metric != Metric.ADDITIVE || !w.strictlyPositive()) return leaves;
        return repair(g, w, removed, -1);
    }

    /**
     * This tree after link l got heavier (its weights in {@code w} are already the new ones):
     * when l is in the tree, only the subtree below it is recomputed, by the same argument as
     * {@link #withoutCores}; null when that does not apply (l got lighter or is not in the
     * tree, concave weights): then search afresh.
     */
    ShortestPathTree afterIncrease(Network g, Weights w, int l) {
        int u = g.src(l), v = g.dst(l);
        if (v >= d1.length || pred[v] != l || w.metric != Metric.ADDITIVE || !w.strictlyPositive()) return null;
        double c1 = d1[u] + w.w1[l], c2 = d2[u] + w.w2[l];
        if (c1 < d1[v] || (c1 == d1[v] && c2 < d2[v])) return null;
        return repair(g, w, null, v);
    }

    /** Recomputes the removed cores' and {@code changedHead}'s subtrees (either may be absent). */
    private ShortestPathTree repair(Network g, Weights w, boolean[] removed, int changedHead) {
        int nc = d1.length;
        byte[] state = new byte[nc]; // 0 unknown, 1 kept, 2 to recompute (or removed)
        int[] dirty = new int[nc];
        int nd = 0;
        if (removed != null) for (int v = 0; v < nc; v++) if (removed[v]) state[v] = 2;
        if (changedHead >= 0) {
            state[changedHead] = 2;
            dirty[nd++] = changedHead;
        }
        state[source] = 1;
        for (int t = 0; t < nc; t++) {
            if (state[t] != 0) continue;
            int v = t;
            while (state[v] == 0 && pred[v] >= 0) v = g.src(pred[v]);
            byte result = state[v] == 0 ? 1 : state[v]; // an unreached core stays unreached: kept
            for (int x = t; state[x] == 0; x = pred[x] >= 0 ? g.src(pred[x]) : x) {
                state[x] = result;
                if (result == 2) dirty[nd++] = x;
                if (pred[x] < 0) break;
            }
        }
        double[] n1 = d1.clone(), n2 = d2.clone();
        int[] np = pred.clone();
        short[] nh = hops.clone();
        for (int v = 0; v < nc; v++) {
            if (state[v] == 2) {
                n1[v] = Double.POSITIVE_INFINITY;
                n2[v] = Double.POSITIVE_INFINITY;
                np[v] = -1;
                nh[v] = -1;
            }
        }
        double[] w1 = w.w1, w2 = w.w2;
        // Only the cores to recompute are open; the search's predecessors and depths for them
        // are replaced below, by the canonical rule and from the kept cores.
        boolean[] closed = new boolean[nc];
        for (int v = 0; v < nc; v++) closed[v] = state[v] != 2 || (removed != null && removed[v]);
        TreeSearch search = TreeSearch.of(g, w, closed, n1, n2, np, nh, CoreHeap.of(g));
        // Seed: the best link from a kept core into each core to recompute.
        for (int k = 0; k < nd; k++) {
            int v = dirty[k];
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int back = g.outLink(i);
                int u = g.dst(back);
                if (u >= nc) break; // only edges follow
                if (state[u] != 1 || n1[u] == Double.POSITIVE_INFINITY) continue;
                int in = g.reverse(back);
                if (w1[in] == Double.POSITIVE_INFINITY) continue;
                double c1 = n1[u] + w1[in], c2 = n2[u] + w2[in];
                if (c1 < n1[v] || (c1 == n1[v] && c2 < n2[v])) {
                    n1[v] = c1;
                    n2[v] = c2;
                }
            }
            if (n1[v] != Double.POSITIVE_INFINITY) search.from(v);
        }
        search.run();
        for (int k = 0; k < nd; k++) nh[dirty[k]] = -1;
        for (int k = 0; k < nd; k++) {
            int v = dirty[k];
            if ((removed != null && removed[v]) || n1[v] == Double.POSITIVE_INFINITY) {
                n1[v] = Double.POSITIVE_INFINITY;
                n2[v] = Double.POSITIVE_INFINITY;
                continue;
            }
            int best = -1;
            for (int i = g.outStart(v), end = g.outEnd(v); i < end; i++) {
                int back = g.outLink(i);
                int u = g.dst(back);
                if (u >= nc) break;
                if ((removed != null && removed[u]) || n1[u] == Double.POSITIVE_INFINITY) continue;
                int in = g.reverse(back);
                if (w1[in] == Double.POSITIVE_INFINITY || n1[u] + w1[in] != n1[v] || n2[u] + w2[in] != n2[v]) continue;
                if (best < 0 || settlesBefore(n1, n2, u, g.src(best)) || (u == g.src(best) && in < best)) best = in;
            }
            np[v] = best;
        }
        return new ShortestPathTree(source, n1, n2, np, completeHops(g, source, np, nh));
    }

    private static boolean settlesBefore(double[] n1, double[] n2, int a, int b) {
        if (n1[a] != n1[b]) return n1[a] < n1[b];
        if (n2[a] != n2[b]) return n2[a] < n2[b];
        return a < b;
    }

    boolean reaches(int t) { return d1[t] != Double.POSITIVE_INFINITY; }

    /** Links from the source to t, in order; empty when t is the source. */
    int[] pathTo(Network g, int t) {
        int[] links = new int[pathLength(t)];
        writePath(g, t, links, links.length);
        return links;
    }

    /** The number of links from the source to t (which it reaches). */
    int pathLength(int t) { return hops[t]; }

    /** Writes the links from the source to t into {@code out}, the last one just before {@code end}. */
    void writePath(Network g, int t, int[] out, int end) {
        for (int v = t; v != source; v = g.src(pred[v])) out[--end] = pred[v];
    }

    /**
     * Whether a change of link l to weights (n1, n2) can alter this tree: the link is in the
     * tree, or it could now reach its head with a label at least as good (ties included, since
     * a tie can change the canonical predecessor).
     */
    boolean affectedBy(Network g, int l, double n1, double n2, Metric metric, boolean[] blocked) {
        int u = g.src(l), v = g.dst(l);
        int nc = d1.length;
        if (u >= nc || v >= nc) return false;
        if (pred[v] == l) return true;
        if (blocked != null && (blocked[u] || blocked[v])) return false;
        if (v == source || d1[u] == Double.POSITIVE_INFINITY || n1 == Double.POSITIVE_INFINITY) return false;
        double c1 = metric.extend(d1[u], n1);
        double c2 = d2[u] + n2;
        return c1 < d1[v] || (c1 == d1[v] && c2 <= d2[v]);
    }

    /** Whether link l is in this tree. */
    boolean uses(Network g, int l) {
        int v = g.dst(l);
        return v < d1.length && g.src(l) < d1.length && pred[v] == l;
    }

    /** Targets whose label or path differs between two trees of the same source. */
    static boolean[] changedTargets(Network g, ShortestPathTree a, ShortestPathTree b) {
        int nc = a.d1.length;
        byte[] state = new byte[nc]; // 0 unknown, 1 same, 2 changed
        boolean[] changed = new boolean[nc];
        for (int t = 0; t < nc; t++) changed[t] = resolve(g, a, b, t, state);
        return changed;
    }

    private static boolean resolve(Network g, ShortestPathTree a, ShortestPathTree b, int t, byte[] state) {
        // Iterative walk up the tree: a target changes when its own label or predecessor
        // changed, or any ancestor's did.
        int v = t;
        int depth = 0;
        while (state[v] == 0) {
            boolean own = Double.compare(a.d1[v], b.d1[v]) != 0 || Double.compare(a.d2[v], b.d2[v]) != 0
                    || a.pred[v] != b.pred[v];
            if (own) { state[v] = 2; break; }
            if (v == a.source || a.pred[v] < 0) { state[v] = 1; break; }
            v = g.src(a.pred[v]);
            if (++depth > state.length) throw new IllegalStateException("cycle in shortest-path tree");
        }
        byte result = state[v];
        for (int x = t; x != v; x = g.src(a.pred[x])) state[x] = result;
        return result == 2;
    }
}
