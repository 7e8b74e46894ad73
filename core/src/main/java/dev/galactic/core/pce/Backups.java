package dev.galactic.core.pce;

import java.util.Arrays;

/**
 * Finds a backup for a primary: node-disjoint if possible, else link-disjoint; meeting the
 * class if possible, else best effort. The cheap way first: the demand's other composed
 * candidates (other uplinks, other core segments) are checked for disjointness; only when none
 * qualifies does an exact constrained search run with the primary's nodes or links removed.
 * The backup is a valid disjoint path, not necessarily the optimal disjoint one.
 *
 * <p>A route through waypoints cannot be node-disjoint from another through the same
 * waypoints, so those get link-disjoint backups only.
 */
final class Backups {

    private Backups() {}

    /** @param composed the demand's composed candidates under {@code cls}'s additive weights, or null */
    static BackupPath find(DemandSolver solver, Demand d, TrafficClass cls, Route primary, Composition composed) {
        Network g = solver.graph();
        int[] p = primary.links();
        if (p.length == 0) return null;
        Weights w = solver.weights(cls, cls.objective().additive(), 0);
        boolean viaWaypoints = d.view().waypoints().length > 0;
        Composition comp = composed != null ? composed : solver.compose(d, w);
        Route fromCandidates = firstDisjoint(solver, d, comp, p, cls, viaWaypoints);
        if (fromCandidates != null) {
            solver.count(Pce.Counter.BACKUP_FROM_CANDIDATES);
            return backup(g, cls, fromCandidates, viaWaypoints ? BackupPath.Disjointness.LINK : BackupPath.Disjointness.NODE, true, d);
        }
        if (!viaWaypoints) {
            Route direct = directCoreLink(g, d, w, cls, p);
            if (direct == null) direct = twoCoreLinks(g, d, w, cls, p);
            if (direct != null) solver.count(Pce.Counter.BACKUP_DIRECT_LINK);
            if (direct != null) return backup(g, cls, direct, BackupPath.Disjointness.NODE, true, d);
        } else {
            Route direct = directThroughWaypoints(g, d, w, cls, p);
            if (direct != null) {
                solver.count(Pce.Counter.BACKUP_DIRECT_LINK);
                return backup(g, cls, direct, BackupPath.Disjointness.LINK, true, d);
            }
        }
        TrafficClass relaxedCls = cls.relaxed();
        Weights relaxedW = solver.weights(relaxedCls, relaxedCls.objective(), 0);
        if (!viaWaypoints && !hasSpareEnds(g, d, w, p)) {
            // The class leaves no second first or last link, so only a best-effort backup can
            // exist: try the relaxed class's composed candidates before any exact search.
            Route relaxed = firstDisjoint(solver, d, solver.compose(d, relaxedW), p, relaxedCls, false);
            if (relaxed != null) {
                solver.count(Pce.Counter.BACKUP_FROM_CANDIDATES);
                return backup(g, cls, relaxed, BackupPath.Disjointness.NODE, false, d);
            }
        }
        solver.count(Pce.Counter.BACKUP_EXACT);
        d.deps().global = true;
        // The primary's inner nodes and links (both directions) are blocked in this thread's
        // scratch masks (a link mask is 52 KB at L) and unmarked again before returning.
        Scratch scratch = solver.scratch();
        boolean[] inner = scratch.nodeMask(g.nodeCount()), used = scratch.linkMask(g.linkCount());
        mark(g, p, inner, used, true);
        try {
            Weights rw = relaxedW;
            record Attempt(Weights w, boolean blockNodes, boolean meets) {}
            for (Attempt a : new Attempt[]{new Attempt(w, true, true), new Attempt(w, false, true),
                    new Attempt(rw, true, false), new Attempt(rw, false, false)}) {
                if (a.blockNodes() && viaWaypoints) continue;
                if (!hasSpareEnds(g, d, a.w(), p)) continue; // every path must reuse the primary's first or last link
                int[] links = solver.exact(solver.query(d, a.w(), a.blockNodes() ? inner : null, used));
                if (links != null) {
                    return backup(g, cls, new Route(links, Route.How.CONSTRAINED, null),
                            a.blockNodes() ? BackupPath.Disjointness.NODE : BackupPath.Disjointness.LINK, a.meets(), d);
                }
            }
            return null;
        } finally {
            mark(g, p, inner, used, false);
        }
    }

    /** Sets or clears a path's inner nodes and its links in both directions. */
    private static void mark(Network g, int[] path, boolean[] innerNodes, boolean[] links, boolean on) {
        for (int i = 0; i + 1 < path.length; i++) innerNodes[g.dst(path[i])] = on;
        for (int l : path) { links[l] = on; links[g.reverse(l)] = on; }
    }

    /**
     * The best of a composition's candidates that is disjoint from the primary (link-disjoint
     * only with {@code linkOnly}) and meets {@code cls}, or null. Candidates are checked in a
     * scratch buffer (the first is often the primary itself) and only the one taken becomes a
     * route; every candidate looked at is recorded as read, as before.
     */
    private static Route firstDisjoint(DemandSolver solver, Demand d, Composition comp, int[] primary, TrafficClass cls,
                                       boolean linkOnly) {
        Network g = solver.graph();
        for (int i = 0; i < comp.size(); i++) {
            int n = comp.length(g, i);
            int[] links = solver.scratch().pathBuffer(n);
            comp.write(g, i, links);
            d.deps().readPath(links, n);
            boolean ok = linkOnly ? linkDisjoint(g, links, n, primary) : disjoint(g, links, n, primary);
            if (ok && Feasibility.meets(g, links, n, cls, d.maxHops())) return new Route(Arrays.copyOf(links, n), Route.How.COMPOSED, null);
        }
        return null;
    }

    /**
     * Uplink, one direct core link, downlink: in a dense core the shared trees' segments often
     * cross the primary while the direct link between two other uplink cores does not.
     * The links read are recorded so a change to them recomputes this demand.
     */
    private static Route directCoreLink(Network g, Demand d, Weights w, TrafficClass cls, int[] primary) {
        int a = d.source(), b = d.target();
        Route best = null;
        double b1 = Double.POSITIVE_INFINITY, b2 = Double.POSITIVE_INFINITY;
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            int ci = g.dst(up);
            if (w.w1[up] == Double.POSITIVE_INFINITY || !g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            for (int j = g.outStart(b), endB = g.outEnd(b); j < endB; j++) {
                int down = g.reverse(g.outLink(j));
                int cj = g.src(down);
                if (cj == ci || !g.isCore(cj) || d.view().isBlockedCore(cj) || w.w1[down] == Double.POSITIVE_INFINITY) continue;
                int core = g.findLinkFrom(ci, cj);
                if (core < 0) continue;
                d.deps().readLink(core);
                if (w.w1[core] == Double.POSITIVE_INFINITY) continue;
                double v1 = w.w1[up] + w.w1[core] + w.w1[down], v2 = w.w2[up] + w.w2[core] + w.w2[down];
                if (v1 > b1 || (v1 == b1 && v2 >= b2)) continue;
                int[] links = {up, core, down};
                if (!disjoint(g, links, links.length, primary)) continue;
                Route r = new Route(links, Route.How.COMPOSED, null);
                if (!Feasibility.meets(g, r.links(), cls, d.maxHops())) continue;
                best = r;
                b1 = v1;
                b2 = v2;
            }
        }
        return best;
    }

    /**
     * Uplink, two core links through one more core, downlink: the next cheapest shape when no
     * direct core link qualifies. Every core link looked at is recorded as read.
     */
    private static Route twoCoreLinks(Network g, Demand d, Weights w, TrafficClass cls, int[] primary) {
        boolean[] inner = new boolean[g.coreCount()];
        for (int i = 0; i + 1 < primary.length; i++) if (g.dst(primary[i]) < inner.length) inner[g.dst(primary[i])] = true;
        int a = d.source(), b = d.target();
        Route best = null;
        double b1 = Double.POSITIVE_INFINITY, b2 = Double.POSITIVE_INFINITY;
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            int ci = g.dst(up);
            if (w.w1[up] == Double.POSITIVE_INFINITY || !g.isCore(ci) || inner[ci] || d.view().isBlockedCore(ci)) continue;
            for (int j = g.outStart(b), endB = g.outEnd(b); j < endB; j++) {
                int down = g.reverse(g.outLink(j));
                int cj = g.src(down);
                if (cj == ci || !g.isCore(cj) || inner[cj] || d.view().isBlockedCore(cj) || w.w1[down] == Double.POSITIVE_INFINITY) continue;
                for (int k = g.outStart(ci), endC = g.outEnd(ci); k < endC; k++) {
                    int first = g.outLink(k);
                    int x = g.dst(first);
                    if (x >= inner.length) break; // only edges follow
                    if (x == cj || inner[x] || d.view().isBlockedCore(x)) continue;
                    int second = g.findLinkFrom(x, cj);
                    if (second < 0) continue;
                    d.deps().readLink(first);
                    d.deps().readLink(second);
                    if (w.w1[first] == Double.POSITIVE_INFINITY || w.w1[second] == Double.POSITIVE_INFINITY) continue;
                    double v1 = w.w1[up] + w.w1[first] + w.w1[second] + w.w1[down];
                    double v2 = w.w2[up] + w.w2[first] + w.w2[second] + w.w2[down];
                    if (v1 > b1 || (v1 == b1 && v2 >= b2)) continue;
                    int[] links = {up, first, second, down};
                    if (!disjoint(g, links, links.length, primary)) continue;
                    Route r = new Route(links, Route.How.COMPOSED, null);
                    if (!Feasibility.meets(g, r.links(), cls, d.maxHops())) continue;
                    best = r;
                    b1 = v1;
                    b2 = v2;
                }
            }
        }
        return best;
    }

    /**
     * Uplink, then direct core links from its core to the first waypoint, from waypoint to
     * waypoint and from the last to a downlink's core, then the downlink: the composed legs of a
     * route through waypoints are tree paths that converge on the waypoints, so they often share
     * a link with the primary where these direct hops do not. The best such route (by the
     * weights) that is link-disjoint from the primary and meets the class, or null. Every core
     * link looked at is recorded as read.
     */
    private static Route directThroughWaypoints(Network g, Demand d, Weights w, TrafficClass cls, int[] primary) {
        int[] wp = d.view().waypoints();
        int a = d.source(), b = d.target();
        int[] middle = new int[wp.length - 1];
        for (int i = 0; i + 1 < wp.length; i++) {
            if (wp[i] == wp[i + 1]) return null;
            int l = g.findLinkFrom(wp[i], wp[i + 1]);
            if (l < 0) return null;
            d.deps().readLink(l);
            if (w.w1[l] == Double.POSITIVE_INFINITY) return null;
            middle[i] = l;
        }
        int first = wp[0], last = wp[wp.length - 1];
        Route best = null;
        double b1 = Double.POSITIVE_INFINITY, b2 = Double.POSITIVE_INFINITY;
        int[] links = new int[middle.length + 4];
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            int ci = g.dst(up);
            if (w.w1[up] == Double.POSITIVE_INFINITY || !g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            int toFirst = ci == first ? -1 : g.findLinkFrom(ci, first);
            if (ci != first) {
                if (toFirst < 0) continue;
                d.deps().readLink(toFirst);
                if (w.w1[toFirst] == Double.POSITIVE_INFINITY) continue;
            }
            for (int j = g.outStart(b), endB = g.outEnd(b); j < endB; j++) {
                int down = g.reverse(g.outLink(j));
                int cj = g.src(down);
                if (!g.isCore(cj) || d.view().isBlockedCore(cj) || w.w1[down] == Double.POSITIVE_INFINITY) continue;
                int fromLast = cj == last ? -1 : g.findLinkFrom(last, cj);
                if (cj != last) {
                    if (fromLast < 0) continue;
                    d.deps().readLink(fromLast);
                    if (w.w1[fromLast] == Double.POSITIVE_INFINITY) continue;
                }
                int n = 0;
                links[n++] = up;
                if (toFirst >= 0) links[n++] = toFirst;
                for (int l : middle) links[n++] = l;
                if (fromLast >= 0) links[n++] = fromLast;
                links[n++] = down;
                double v1 = 0, v2 = 0;
                for (int k = 0; k < n; k++) {
                    v1 += w.w1[links[k]];
                    v2 += w.w2[links[k]];
                }
                if (v1 > b1 || (v1 == b1 && v2 >= b2)) continue;
                if (!linkDisjoint(g, links, n, primary) || !Feasibility.meets(g, links, n, cls, d.maxHops())) continue;
                best = new Route(Arrays.copyOf(links, n), Route.How.COMPOSED, null);
                b1 = v1;
                b2 = v2;
            }
        }
        return best;
    }

    /** Whether the source has another usable first link and the target another usable last link. */
    private static boolean hasSpareEnds(Network g, Demand d, Weights w, int[] primary) {
        int first = primary[0], last = primary[primary.length - 1];
        boolean out = false, in = false;
        for (int i = g.outStart(d.source()), end = g.outEnd(d.source()); i < end && !out; i++) {
            int l = g.outLink(i);
            out = l != first && w.w1[l] != Double.POSITIVE_INFINITY && !d.view().isBlockedCore(g.dst(l));
        }
        for (int i = g.outStart(d.target()), end = g.outEnd(d.target()); i < end && !in; i++) {
            int l = g.reverse(g.outLink(i));
            in = l != last && w.w1[l] != Double.POSITIVE_INFINITY && !d.view().isBlockedCore(g.src(l));
        }
        return out && in;
    }

    /** Whether the first {@code n} links share no link (either direction) with the primary. */
    private static boolean linkDisjoint(Network g, int[] links, int n, int[] primary) {
        for (int i = 0; i < n; i++) {
            int l = links[i];
            for (int pl : primary) if (pl == l || pl == g.reverse(l)) return false;
        }
        return true;
    }

    /**
     * Whether the first {@code n} links share no link (either direction) and no intermediate
     * node with the primary; paths are short, so scans beat sets.
     */
    private static boolean disjoint(Network g, int[] links, int n, int[] primary) {
        for (int i = 0; i < n; i++) {
            int l = links[i];
            for (int pl : primary) if (pl == l || pl == g.reverse(l)) return false;
            if (i + 1 < n) {
                int v = g.dst(l);
                for (int j = 0; j + 1 < primary.length; j++) if (g.dst(primary[j]) == v) return false;
            }
        }
        return true;
    }

    private static BackupPath backup(Network g, TrafficClass cls, Route r, BackupPath.Disjointness how, boolean meets,
                                     Demand d) {
        d.deps().readPath(r.links());
        return new BackupPath(Explain.path(g, cls, r, d.maxHops()), how, meets);
    }
}
