package dev.galactic.core.pce;

/**
 * Finds a backup for a primary: node-disjoint if possible, else link-disjoint; meeting the
 * class if possible, else best effort. The cheap way first: the demand's other composed
 * candidates (other uplinks, other core segments) are checked for disjointness; only when none
 * qualifies does an exact constrained search run with the primary's nodes or links removed.
 * The backup is a valid disjoint path, not necessarily the optimal disjoint one.
 */
final class Backups {

    private Backups() {}

    static BackupPath find(Pce pce, Pce.Demand d, TrafficClass cls, Route primary) {
        Network g = pce.graph();
        int[] p = primary.links();
        if (p.length == 0) return null;
        boolean[] inner = new boolean[g.nodeCount()];
        for (int i = 0; i + 1 < p.length; i++) inner[g.dst(p[i])] = true;
        boolean[] used = new boolean[g.linkCount()];
        for (int l : p) { used[l] = true; used[g.reverse(l)] = true; }
        Weights w = pce.weights(cls, cls.objective().additive(), 0);

        if (d.view().waypoints().length == 0) {
            Composition comp = pce.compose(d, w);
            for (Route r : comp.inOrder(g)) {
                if (disjoint(g, r.links(), inner, used) && Pce.meets(r.metrics(g, cls), cls, d.maxHops())) {
                    return backup(g, cls, r, BackupPath.Disjointness.NODE, true, d);
                }
            }
        }
        d.deps().global = true;
        TrafficClass relaxed = cls.relaxed();
        Weights rw = pce.weights(relaxed, relaxed.objective(), 0);
        record Attempt(Weights w, boolean blockNodes, boolean meets) {}
        for (Attempt a : new Attempt[]{new Attempt(w, true, true), new Attempt(w, false, true),
                new Attempt(rw, true, false), new Attempt(rw, false, false)}) {
            int[] links = ConstrainedSearch.find(d.query(g, a.w(), a.blockNodes() ? inner : null, used));
            if (links != null) {
                return backup(g, cls, new Route(links, Route.How.CONSTRAINED, null),
                        a.blockNodes() ? BackupPath.Disjointness.NODE : BackupPath.Disjointness.LINK, a.meets(), d);
            }
        }
        return null;
    }

    private static boolean disjoint(Network g, int[] links, boolean[] inner, boolean[] used) {
        for (int i = 0; i < links.length; i++) {
            if (used[links[i]]) return false;
            if (i + 1 < links.length && inner[g.dst(links[i])]) return false;
        }
        return true;
    }

    private static BackupPath backup(Network g, TrafficClass cls, Route r, BackupPath.Disjointness how, boolean meets,
                                     Pce.Demand d) {
        return new BackupPath(Explain.path(g, cls, r, d.maxHops()), how, meets);
    }
}
