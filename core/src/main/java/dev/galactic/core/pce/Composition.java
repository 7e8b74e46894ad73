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
    private final int[] fixedPath;
    private final double fixedPrimary;

    private Composition(List<Candidate> candidates, int[] fixedPath, double fixedPrimary) {
        this.candidates = candidates;
        this.fixedPath = fixedPath;
        this.fixedPrimary = fixedPrimary;
    }

    static Composition of(Network g, Pce.Forest f, Trees trees, Pce.Demand d, Weights w) {
        int[] wp = d.view().waypoints();
        return wp.length == 0 ? direct(g, f, trees, d, w) : viaWaypoints(g, f, trees, d, w, wp);
    }

    private static Composition direct(Network g, Pce.Forest f, Trees trees, Pce.Demand d, Weights w) {
        boolean bottleneck = w.bottleneck();
        List<Candidate> out = new ArrayList<>();
        int a = d.source(), b = d.target();
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
            for (int j = g.outStart(b), endB = g.outEnd(b); j < endB; j++) {
                int down = g.reverse(g.outLink(j));
                int cj = g.src(down);
                if (!g.isCore(cj) || d.view().isBlockedCore(cj) || w.w1[down] == Double.POSITIVE_INFINITY) continue;
                d.deps().touchCore(cj);
                if (!t.reaches(cj)) continue;
                double v1 = bottleneck ? Math.max(Math.max(w.w1[up], t.d1[cj]), w.w1[down]) : w.w1[up] + t.d1[cj] + w.w1[down];
                double v2 = w.w2[up] + t.d2[cj] + w.w2[down];
                out.add(new Candidate(v1, v2, new int[]{up}, t, cj, down, order++));
            }
        }
        out.sort(Composition::compare);
        return new Composition(out, null, 0);
    }

    private static Composition viaWaypoints(Network g, Pce.Forest f, Trees trees, Pce.Demand d, Weights w, int[] wp) {
        boolean bottleneck = w.bottleneck();
        int a = d.source(), b = d.target();
        for (int x : wp) d.deps().touchCore(x);
        // Leg 1: site to first waypoint, over the best uplink.
        int bestUp = -1;
        double b1 = Double.POSITIVE_INFINITY, b2 = Double.POSITIVE_INFINITY;
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            int ci = g.dst(up);
            if (w.w1[up] == Double.POSITIVE_INFINITY || !g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            d.deps().touchCore(ci);
            ShortestPathTree t = trees.tree(f, ci);
            if (!t.reaches(wp[0])) continue;
            double v1 = bottleneck ? Math.max(w.w1[up], t.d1[wp[0]]) : w.w1[up] + t.d1[wp[0]];
            double v2 = w.w2[up] + t.d2[wp[0]];
            if (v1 < b1 || (v1 == b1 && v2 < b2)) { b1 = v1; b2 = v2; bestUp = up; }
        }
        if (bestUp < 0) return new Composition(List.of(), null, 0);
        List<Integer> links = new ArrayList<>();
        links.add(bestUp);
        for (int l : trees.tree(f, g.dst(bestUp)).pathTo(g, wp[0])) links.add(l);
        double total1 = b1;
        for (int i = 0; i + 1 < wp.length; i++) {
            ShortestPathTree t = trees.tree(f, wp[i]);
            if (!t.reaches(wp[i + 1])) return new Composition(List.of(), null, 0);
            total1 = bottleneck ? Math.max(total1, t.d1[wp[i + 1]]) : total1 + t.d1[wp[i + 1]];
            for (int l : t.pathTo(g, wp[i + 1])) links.add(l);
        }
        // Last leg: last waypoint to the site, over the best downlink.
        ShortestPathTree last = trees.tree(f, wp[wp.length - 1]);
        int bestDown = -1;
        double c1 = Double.POSITIVE_INFINITY, c2 = Double.POSITIVE_INFINITY;
        for (int j = g.outStart(b), end = g.outEnd(b); j < end; j++) {
            int down = g.reverse(g.outLink(j));
            int cj = g.src(down);
            if (w.w1[down] == Double.POSITIVE_INFINITY || !g.isCore(cj) || d.view().isBlockedCore(cj)) continue;
            d.deps().touchCore(cj);
            if (!last.reaches(cj)) continue;
            double v1 = bottleneck ? Math.max(last.d1[cj], w.w1[down]) : last.d1[cj] + w.w1[down];
            double v2 = last.d2[cj] + w.w2[down];
            if (v1 < c1 || (v1 == c1 && v2 < c2)) { c1 = v1; c2 = v2; bestDown = down; }
        }
        if (bestDown < 0) return new Composition(List.of(), null, 0);
        for (int l : last.pathTo(g, g.src(bestDown))) links.add(l);
        links.add(bestDown);
        total1 = bottleneck ? Math.max(total1, c1) : total1 + c1;
        return new Composition(List.of(), links.stream().mapToInt(Integer::intValue).toArray(), total1);
    }

    private static int compare(Candidate a, Candidate b) {
        int c = Double.compare(a.v1(), b.v1());
        if (c == 0) c = Double.compare(a.v2(), b.v2());
        return c != 0 ? c : Integer.compare(a.order(), b.order());
    }

    boolean isEmpty() { return fixedPath == null && candidates.isEmpty(); }

    /** Primary value of the best candidate (for bottleneck weights: minus the width). */
    double bestPrimary() { return fixedPath != null ? fixedPrimary : candidates.getFirst().v1(); }

    Route best(Network g) {
        if (fixedPath != null) return new Route(fixedPath, Route.How.COMPOSED, null);
        return candidates.isEmpty() ? null : build(g, candidates.getFirst());
    }

    Route runnerUp(Network g) {
        return fixedPath == null && candidates.size() > 1 ? build(g, candidates.get(1)) : null;
    }

    /** How many candidates there are (waypoint routes have one). */
    int size() { return fixedPath != null ? 1 : candidates.size(); }

    /** The i-th best candidate's route, built on demand. */
    Route candidate(Network g, int i) {
        return fixedPath != null ? new Route(fixedPath, Route.How.COMPOSED, null) : build(g, candidates.get(i));
    }

    private static Route build(Network g, Candidate c) {
        if (c.tree() == null) return new Route(c.prefix(), Route.How.COMPOSED, null);
        int[] mid = c.tree().pathTo(g, c.target());
        int[] links = new int[mid.length + 2];
        links[0] = c.prefix()[0];
        System.arraycopy(mid, 0, links, 1, mid.length);
        links[links.length - 1] = c.down();
        return new Route(links, Route.How.COMPOSED, null);
    }
}
