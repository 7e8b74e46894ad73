package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.List;

/**
 * A demand's candidates built from shared core trees: edge uplink, core segment, edge downlink
 * (or the direct edge-to-edge link). Since edge nodes are never transit, every tenant path has
 * this shape, so the best candidate is the tenant graph's optimum. With waypoints each leg
 * (site to first waypoint, waypoint to waypoint, last waypoint to site) is optimal on its own;
 * the legs are SRv6 segments and may share nodes.
 */
final class Composition {

    interface Trees { ShortestPathTree tree(Forest f, int source); }

    /**
     * The candidates of every composition made while one demand is solved, in one thread's
     * parallel arrays: a demand composes one to four times and every composition has about
     * nine candidates, which as objects were an eighth of a full compute's garbage. A
     * composition is a range of slots; {@link #reset} starts the next demand (and makes the
     * old compositions unusable, which {@link Composition#slot} checks). One per thread.
     */
    static final class Arena {
        private double[] v1 = new double[64];
        private double[] v2 = new double[64];
        /** The links before the tree segment: null for a direct composition, whose prefix is {@code up} alone. */
        private int[][] prefix = new int[64][];
        private int[] up = new int[64];
        /** The core segment's tree (null: the candidate is the direct edge-to-edge link) and its target. */
        private ShortestPathTree[] tree = new ShortestPathTree[64];
        private int[] target = new int[64];
        private int[] down = new int[64];
        /** Per composition, its slots in candidate order. */
        private int[] sorted = new int[64];
        private int size;
        private int epoch;

        /** Starts a demand: earlier compositions are dropped. */
        void reset() {
            size = 0;
            epoch++;
        }

        private void add(double a, double b, int[] pre, int first, ShortestPathTree t, int tgt, int last) {
            if (size == v1.length) grow();
            v1[size] = a;
            v2[size] = b;
            prefix[size] = pre;
            up[size] = first;
            tree[size] = t;
            target[size] = tgt;
            down[size] = last;
            size++;
        }

        private void grow() {
            int cap = size * 2;
            v1 = java.util.Arrays.copyOf(v1, cap);
            v2 = java.util.Arrays.copyOf(v2, cap);
            prefix = java.util.Arrays.copyOf(prefix, cap);
            up = java.util.Arrays.copyOf(up, cap);
            tree = java.util.Arrays.copyOf(tree, cap);
            target = java.util.Arrays.copyOf(target, cap);
            down = java.util.Arrays.copyOf(down, cap);
            sorted = java.util.Arrays.copyOf(sorted, cap);
        }

        /** Closes the slots from {@code start} as one composition, its candidates sorted. */
        private Composition close(int start) {
            for (int i = start; i < size; i++) sorted[i] = i;
            // Insertion sort: a demand has a handful of candidates, where it beats the general sort.
            for (int i = start + 1; i < size; i++) {
                int x = sorted[i];
                int j = i - 1;
                while (j >= start && compare(sorted[j], x) > 0) {
                    sorted[j + 1] = sorted[j];
                    j--;
                }
                sorted[j + 1] = x;
            }
            return new Composition(this, start, size - start);
        }

        /** By value, then by the order the candidates were made (slot order). */
        private int compare(int a, int b) {
            int c = Double.compare(v1[a], v1[b]);
            if (c == 0) c = Double.compare(v2[a], v2[b]);
            return c != 0 ? c : Integer.compare(a, b);
        }
    }

    private final Arena arena;
    private final int epoch;
    private final int start;
    private final int size;

    private Composition(Arena arena, int start, int size) {
        this.arena = arena;
        this.epoch = arena.epoch;
        this.start = start;
        this.size = size;
    }

    static Composition of(Network g, Forest f, Trees trees, Demand d, Weights w, Arena arena) {
        int[] wp = d.view().waypoints();
        return wp.length == 0 ? direct(g, f, trees, d, w, arena) : viaWaypoints(g, f, trees, d, w, wp, arena);
    }

    private static Composition direct(Network g, Forest f, Trees trees, Demand d, Weights w, Arena arena) {
        Metric m = w.metric;
        int start = arena.size;
        int a = d.source(), b = d.target();
        // The target's usable last links, found once rather than once per uplink.
        int firstDown = g.outStart(b), endDown = g.outEnd(b);
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            if (w.w1[up] == Double.POSITIVE_INFINITY) continue;
            int ci = g.dst(up);
            if (ci == b) {
                arena.add(w.w1[up], w.w2[up], null, up, null, -1, -1);
                continue;
            }
            if (!g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            d.deps().touchCore(ci);
            ShortestPathTree t = trees.tree(f, ci);
            for (int j = firstDown; j < endDown; j++) {
                int down = g.reverse(g.outLink(j));
                int cj = g.src(down);
                if (!g.isCore(cj) || d.view().isBlockedCore(cj) || w.w1[down] == Double.POSITIVE_INFINITY) continue;
                d.deps().touchCore(cj);
                if (!t.reaches(cj)) continue;
                double v1 = m.extend(m.extend(w.w1[up], t.d1[cj]), w.w1[down]);
                double v2 = w.w2[up] + t.d2[cj] + w.w2[down];
                arena.add(v1, v2, null, up, t, cj, down);
            }
        }
        return arena.close(start);
    }

    /** A first leg (uplink then tree path to the first waypoint) or a last leg (tree path from the last waypoint then downlink). */
    private record Leg(double v1, double v2, int link, ShortestPathTree tree, int target, int order) {}

    private static Composition viaWaypoints(Network g, Forest f, Trees trees, Demand d, Weights w, int[] wp,
                                            Arena arena) {
        Metric m = w.metric;
        int a = d.source(), b = d.target();
        for (int x : wp) d.deps().touchCore(x);
        List<Leg> firsts = new ArrayList<>();
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            int ci = g.dst(up);
            if (w.w1[up] == Double.POSITIVE_INFINITY || !g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            d.deps().touchCore(ci);
            ShortestPathTree t = trees.tree(f, ci);
            if (!t.reaches(wp[0])) continue;
            double v1 = m.extend(w.w1[up], t.d1[wp[0]]);
            firsts.add(new Leg(v1, w.w2[up] + t.d2[wp[0]], up, t, wp[0], firsts.size()));
        }
        int[] middle = new int[0];
        double m1 = m.empty(), m2 = 0;
        for (int i = 0; i + 1 < wp.length; i++) {
            ShortestPathTree t = trees.tree(f, wp[i]);
            if (!t.reaches(wp[i + 1])) return arena.close(arena.size);
            m1 = m.extend(m1, t.d1[wp[i + 1]]);
            m2 += t.d2[wp[i + 1]];
            int[] seg = t.pathTo(g, wp[i + 1]);
            int[] joined = java.util.Arrays.copyOf(middle, middle.length + seg.length);
            System.arraycopy(seg, 0, joined, middle.length, seg.length);
            middle = joined;
        }
        ShortestPathTree last = trees.tree(f, wp[wp.length - 1]);
        List<Leg> lasts = new ArrayList<>();
        for (int j = g.outStart(b), end = g.outEnd(b); j < end; j++) {
            int down = g.reverse(g.outLink(j));
            int cj = g.src(down);
            if (w.w1[down] == Double.POSITIVE_INFINITY || !g.isCore(cj) || d.view().isBlockedCore(cj)) continue;
            d.deps().touchCore(cj);
            if (!last.reaches(cj)) continue;
            double v1 = m.extend(last.d1[cj], w.w1[down]);
            lasts.add(new Leg(v1, last.d2[cj] + w.w2[down], down, last, cj, lasts.size()));
        }
        if (firsts.isEmpty() || lasts.isEmpty()) return arena.close(arena.size);
        java.util.Comparator<Leg> order = (x, y) -> {
            int c = Double.compare(x.v1(), y.v1());
            if (c == 0) c = Double.compare(x.v2(), y.v2());
            return c != 0 ? c : Integer.compare(x.order(), y.order());
        };
        firsts.sort(order);
        lasts.sort(order);
        // Legs are independent, so the best route joins the best first leg and the best last leg;
        // the other pairs are alternatives for backups.
        int start = arena.size;
        for (Leg fl : firsts) {
            for (Leg ll : lasts) {
                double v1 = m.extend(m.extend(fl.v1(), m1), ll.v1());
                int[] head = fl.tree().pathTo(g, fl.target());
                int[] prefix = new int[1 + head.length + middle.length];
                prefix[0] = fl.link();
                System.arraycopy(head, 0, prefix, 1, head.length);
                System.arraycopy(middle, 0, prefix, 1 + head.length, middle.length);
                arena.add(v1, fl.v2() + m2 + ll.v2(), prefix, fl.link(), ll.tree(), ll.target(), ll.link());
            }
        }
        return arena.close(start);
    }

    /** The arena slot of the i-th best candidate; only while the demand that composed it is being solved. */
    private int slot(int i) {
        if (arena.epoch != epoch) throw new IllegalStateException("composition used after its demand was solved");
        return arena.sorted[start + i];
    }

    boolean isEmpty() { return size == 0; }

    /** Primary value of the best candidate (for concave weights: minus the width). */
    double bestPrimary() { return arena.v1[slot(0)]; }

    Route best(Network g) {
        return size == 0 ? null : candidate(g, 0);
    }

    Route runnerUp(Network g) {
        return size > 1 ? candidate(g, 1) : null;
    }

    /** How many candidates there are. */
    int size() { return size; }

    /** The i-th best candidate's route, built on demand. */
    Route candidate(Network g, int i) {
        int[] links = new int[length(g, i)];
        write(g, i, links);
        return new Route(links, Route.How.COMPOSED, null);
    }

    /** The number of links of the i-th best candidate. */
    int length(Network g, int i) {
        int c = slot(i);
        int prefixLength = arena.prefix[c] == null ? 1 : arena.prefix[c].length;
        ShortestPathTree t = arena.tree[c];
        return t == null ? prefixLength : prefixLength + t.pathLength(arena.target[c]) + 1;
    }

    /** Writes the i-th best candidate's links into the first {@link #length} slots of {@code out}. */
    void write(Network g, int i, int[] out) {
        int c = slot(i);
        int[] prefix = arena.prefix[c];
        int prefixLength = prefix == null ? 1 : prefix.length;
        if (prefix == null) out[0] = arena.up[c]; else System.arraycopy(prefix, 0, out, 0, prefixLength);
        ShortestPathTree t = arena.tree[c];
        if (t == null) return;
        int end = prefixLength + t.pathLength(arena.target[c]);
        t.writePath(g, arena.target[c], out, end);
        out[end] = arena.down[c];
    }
}
