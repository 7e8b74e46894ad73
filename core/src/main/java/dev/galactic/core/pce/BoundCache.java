package dev.galactic.core.pce;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact search's look-ahead bounds, by (weights, dimension, target, exclusions), each
 * computed once and shared by every search that can use it. A bound comes from the
 * unconstrained weights of the search's objective over every core: they admit every link that
 * is up and weigh it as every class of that objective does (the objective, latency, jitter,
 * raw loss and hops cost the same under every class), and removing cores only lengthens paths,
 * so their distances are lower bounds for every class and every tenant view, and one reverse
 * search per target and dimension serves them all (L: 1,473 -> 652 searches). A class that
 * filters links, or a view that excludes cores, gets a looser bound, which only lets its search
 * explore more; the answer does not depend on it. Only a loss budget judged after FEC has costs
 * of its class's own, and keeps bounds per weights and view.
 */
final class BoundCache {

    private Network g;
    private final TreeCache trees;
    private final Counters counters;

    /**
     * Valid for one network: a thread that needs a bound another is computing waits on its slot.
     * A slot's holder only ever waits for slots of core targets, and a derived bound's for its
     * objective bound's, so waits cannot go round in a circle.
     */
    private final Map<Key, Slot> bounds = new HashMap<>();

    /** No core blocked: the view of the shared bounds. */
    private final boolean[] noCores;

    private record Key(Weights.Key weights, int dim, int target, String exclusions) {}

    /** A bound, null until computed (lock: the slot). */
    private static final class Slot {
        double[] value;
    }

    BoundCache(Network g, TreeCache trees, Counters counters) {
        this.g = g;
        this.trees = trees;
        this.counters = counters;
        this.noCores = new boolean[g.coreCount()];
    }

    /**
     * Follows a change of one link to {@code next}. A bound is a distance under the weights; a
     * link that only got worse makes distances longer, so the bounds stay lower bounds (and an
     * exact search's answer does not depend on how tight they are). Only an improvement can make
     * one too high, and then they are all dropped.
     */
    void moveTo(Network next, boolean degradation) {
        g = next;
        if (!degradation) bounds.clear();
    }

    /** The bounds an exact search under {@code w} in {@code view} reads. */
    ConstrainedSearch.Bounds forSearch(Weights w, TenantView view) {
        String exclusions = view.exclusionKey();
        boolean[] blockedCores = view.blockedCores();
        Weights open = w.metric == Metric.CONCAVE ? w : trees.weights(TrafficClass.unconstrained(w.objective), w.objective, 0);
        return (dim, target) -> ConstrainedSearch.classCosts(w, dim)
                ? bound(new Key(w.key, dim, target, exclusions), w, blockedCores)
                : bound(new Key(open.key, dim, target, ""), open, noCores);
    }

    private double[] bound(Key key, Weights w, boolean[] blockedCores) {
        Slot slot;
        synchronized (bounds) { slot = bounds.computeIfAbsent(key, k -> new Slot()); }
        synchronized (slot) {
            if (slot.value == null) slot.value = compute(key, w, blockedCores);
            return slot.value;
        }
    }

    private double[] compute(Key key, Weights w, boolean[] blockedCores) {
        double[] b;
        int nc = g.coreCount();
        Pce.Counter how = null;
        if (key.target() < nc && ConstrainedSearch.derivesFromObjective(w, key.dim())) {
            double[] objective = bound(new Key(key.weights(), ConstrainedSearch.OBJECTIVE, key.target(), key.exclusions()), w, blockedCores);
            b = ConstrainedSearch.latencyFromObjective(objective, nc);
            how = Pce.Counter.BOUNDS_DERIVED;
        } else if (key.target() < nc) {
            b = ConstrainedSearch.coreBound(g, w, key.dim(), key.target(), blockedCores, CoreHeap.of(g));
            how = Pce.Counter.BOUND_SEARCHES;
        } else {
            // An edge target is reached through one of its cores, whose bounds every tenant
            // view with these exclusions shares: the last link plus that core's bound.
            b = new double[nc];
            Arrays.fill(b, Double.POSITIVE_INFINITY);
            double[] cost = ConstrainedSearch.linkCosts(g, w, key.dim());
            int t = key.target();
            for (int i = g.outStart(t), end = g.outEnd(t); i < end; i++) {
                int in = g.reverse(g.outLink(i));
                int cj = g.src(in);
                if (cj >= nc || blockedCores[cj] || w.w1[in] == Double.POSITIVE_INFINITY) continue;
                double[] viaCore = bound(new Key(key.weights(), key.dim(), cj, key.exclusions()), w, blockedCores);
                double last = cost[in];
                for (int v = 0; v < nc; v++) b[v] = Math.min(b[v], viaCore[v] + last);
            }
        }
        if (how != null) counters.count(how);
        return b;
    }
}
