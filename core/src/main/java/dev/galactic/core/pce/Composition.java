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

    interface Trees { ShortestPathTree tree(Pce.Forest f, int source); }

    /** One candidate: value and the parts that build its path. */
    private record Candidate(double v1, double v2, int[] prefix, ShortestPathTree tree, int target, int down, int order) {}

    private final List<Candidate> candidates;
    private Composition(List<Candidate> candidates) {
        this.candidates = candidates;
    }

    static Composition of(Network g, Pce.Forest f, Trees trees, Pce.Demand d, Weights w) {
        int[] wp = d.view().waypoints();
        return wp.length == 0 ? direct(g, f, trees, d, w) : viaWaypoints(g, f, trees, d, w, wp);
    }

    private static Composition direct(Network g, Pce.Forest f, Trees trees, Pce.Demand d, Weights w) {
        boolean bottleneck = w.bottleneck();
        List<Candidate> out = new ArrayList<>();
        int a = d.source(), b = d.target();
        // The target's usable last links, found once rather than once per uplink.
        int[] downs = new int[g.outEnd(b) - g.outStart(b)];
        int nd = 0;
        for (int j = g.outStart(b), endB = g.outEnd(b); j < endB; j++) {
            int down = g.reverse(g.outLink(j));
            int cj = g.src(down);
            if (!g.isCore(cj) || d.view().isBlockedCore(cj) || w.w1[down] == Double.POSITIVE_INFINITY) continue;
            downs[nd++] = down;
        }
        int order = 0;
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            if (w.w1[up] == Double.POSITIVE_INFINITY) continue;
            int ci = g.dst(up);
            if (ci == b) {
                out.add(new Candidate(w.w1[up], w.w2[up], new int[]{up}, null, -1, -1, order++));
                continue;
            }
            if (!g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            d.deps().touchCore(ci);
            ShortestPathTree t = trees.tree(f, ci);
            int[] prefix = {up};
            for (int k = 0; k < nd; k++) {
                int down = downs[k];
                int cj = g.src(down);
                d.deps().touchCore(cj);
                if (!t.reaches(cj)) continue;
                double v1 = bottleneck ? Math.max(Math.max(w.w1[up], t.d1[cj]), w.w1[down]) : w.w1[up] + t.d1[cj] + w.w1[down];
                double v2 = w.w2[up] + t.d2[cj] + w.w2[down];
                out.add(new Candidate(v1, v2, prefix, t, cj, down, order++));
            }
        }
        sort(out);
        return new Composition(out);
    }

    /** Insertion sort: a demand has a handful of candidates, where it beats the general sort. */
    private static void sort(List<Candidate> list) {
        for (int i = 1; i < list.size(); i++) {
            Candidate x = list.get(i);
            int j = i - 1;
            while (j >= 0 && compare(list.get(j), x) > 0) {
                list.set(j + 1, list.get(j));
                j--;
            }
            list.set(j + 1, x);
        }
    }

    /** A first leg (uplink then tree path to the first waypoint) or a last leg (tree path from the last waypoint then downlink). */
    private record Leg(double v1, double v2, int link, ShortestPathTree tree, int target, int order) {}

    private static Composition viaWaypoints(Network g, Pce.Forest f, Trees trees, Pce.Demand d, Weights w, int[] wp) {
        boolean bottleneck = w.bottleneck();
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
            double v1 = bottleneck ? Math.max(w.w1[up], t.d1[wp[0]]) : w.w1[up] + t.d1[wp[0]];
            firsts.add(new Leg(v1, w.w2[up] + t.d2[wp[0]], up, t, wp[0], firsts.size()));
        }
        int[] middle = new int[0];
        double m1 = bottleneck ? Double.NEGATIVE_INFINITY : 0, m2 = 0;
        for (int i = 0; i + 1 < wp.length; i++) {
            ShortestPathTree t = trees.tree(f, wp[i]);
            if (!t.reaches(wp[i + 1])) return new Composition(List.of());
            m1 = bottleneck ? Math.max(m1, t.d1[wp[i + 1]]) : m1 + t.d1[wp[i + 1]];
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
            double v1 = bottleneck ? Math.max(last.d1[cj], w.w1[down]) : last.d1[cj] + w.w1[down];
            lasts.add(new Leg(v1, last.d2[cj] + w.w2[down], down, last, cj, lasts.size()));
        }
        if (firsts.isEmpty() || lasts.isEmpty()) return new Composition(List.of());
        java.util.Comparator<Leg> order = (x, y) -> {
            int c = Double.compare(x.v1(), y.v1());
            if (c == 0) c = Double.compare(x.v2(), y.v2());
            return c != 0 ? c : Integer.compare(x.order(), y.order());
        };
        firsts.sort(order);
        lasts.sort(order);
        // Legs are independent, so the best route joins the best first leg and the best last leg;
        // the other pairs are alternatives for backups.
        List<Candidate> out = new ArrayList<>(firsts.size() * lasts.size());
        int k = 0;
        for (Leg fl : firsts) {
            for (Leg ll : lasts) {
                double v1 = bottleneck ? Math.max(Math.max(fl.v1(), m1), ll.v1()) : fl.v1() + m1 + ll.v1();
                int[] head = fl.tree().pathTo(g, fl.target());
                int[] prefix = new int[1 + head.length + middle.length];
                prefix[0] = fl.link();
                System.arraycopy(head, 0, prefix, 1, head.length);
                System.arraycopy(middle, 0, prefix, 1 + head.length, middle.length);
                out.add(new Candidate(v1, fl.v2() + m2 + ll.v2(), prefix, ll.tree(), ll.target(), ll.link(), k++));
            }
        }
        sort(out);
        return new Composition(out);
    }

    private static int compare(Candidate a, Candidate b) {
        int c = Double.compare(a.v1(), b.v1());
        if (c == 0) c = Double.compare(a.v2(), b.v2());
        return c != 0 ? c : Integer.compare(a.order(), b.order());
    }

    boolean isEmpty() { return candidates.isEmpty(); }

    /** Primary value of the best candidate (for bottleneck weights: minus the width). */
    double bestPrimary() { return candidates.getFirst().v1(); }

    Route best(Network g) {
        return candidates.isEmpty() ? null : build(g, candidates.getFirst());
    }

    Route runnerUp(Network g) {
        return candidates.size() > 1 ? build(g, candidates.get(1)) : null;
    }

    /** How many candidates there are. */
    int size() { return candidates.size(); }

    /** The i-th best candidate's route, built on demand. */
    Route candidate(Network g, int i) {
        return build(g, candidates.get(i));
    }

    private static Route build(Network g, Candidate c) {
        if (c.tree() == null) return new Route(c.prefix(), Route.How.COMPOSED, null);
        int[] mid = c.tree().pathTo(g, c.target());
        int[] links = new int[c.prefix().length + mid.length + 1];
        System.arraycopy(c.prefix(), 0, links, 0, c.prefix().length);
        System.arraycopy(mid, 0, links, c.prefix().length, mid.length);
        links[links.length - 1] = c.down();
        return new Route(links, Route.How.COMPOSED, null);
    }
}
